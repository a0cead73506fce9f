import { describe, expect, it } from 'vitest';
import { englishNote } from './run-notes';
import { NOTES_EN } from './run-notes.fixture';

describe('englishNote', () => {
  it('words every note as run() reports it', () => {
    for (const [note, text] of NOTES_EN) expect(englishNote(note)).toBe(text);
  });
});
