import { describe, expect, it } from 'vitest';
import { messages } from './i18n';
import { parseLink, type LinkWarning } from '../share/permalink';
import { NOTES_EN } from '../supervisor/run-notes.fixture';

describe('i18n', () => {
  it('has every string in both languages, with the same kinds', () => {
    const en = messages.en as Record<string, unknown>;
    const zh = messages.zh as Record<string, unknown>;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const k of Object.keys(en)) {
      if (k === 'timelineLabels') continue; // English uses the timeline's own defaults
      expect(typeof zh[k], k).toBe(typeof en[k]);
      if (typeof en[k] === 'string') expect((zh[k] as string).length, k).toBeGreaterThan(0);
    }
  });

  it('explains every permalink error', () => {
    for (const hash of ['#code/', '#code/*', '#code/AAAA', '#x', '#example=<', '#code/' + 'x'.repeat(500_000)]) {
      const p = parseLink('', hash);
      expect(p.ok).toBe(false);
      if (p.ok) continue;
      expect(messages.en.linkErrors[p.error]).toBeTruthy();
      expect(messages.zh.linkErrors[p.error]).toBeTruthy();
    }
  });

  it('words the link warnings in English as they always read, and in Chinese', () => {
    const cases: [LinkWarning, string][] = [
      [{ code: 'unreadable' }, 'The link’s options could not be read.'],
      [{ code: 'example' }, 'Ignored an invalid example id in the link.'],
      [{ code: 'speed', value: 'abc' }, 'Ignored speed “abc”: it must be a number from 0.01 to 1000, or max.'],
      [{ code: 'sched', value: 'chaos' }, 'Ignored sched “chaos”: it must be one of parallel, seeded, gil, step; the default mode is used.'],
      [{ code: 'seed', value: '-1' }, 'Ignored seed “-1”: it must be a whole number from 0 to 4294967295; each Run draws a fresh seed.'],
      [{ code: 'steps', value: '1..2' }, 'Ignored steps “1..2”: they are not a list of steps; the run starts from the beginning.'],
      [{ code: 'steps-mode', sched: 'gil' }, 'Ignored steps: they replay a step-mode run, and this link opens in gil mode.'],
    ];
    for (const [w, text] of cases) {
      expect(messages.en.linkWarning(w)).toBe(text);
      const zh = messages.zh.linkWarning(w);
      expect(zh, w.code).toMatch(/[\u4e00-\u9fff]/);
      if ('value' in w) expect(zh).toContain(`“${w.value}”`);
    }
  });

  it('words every run note: English as run() reports it, Chinese keeping the names', () => {
    for (const [note, text] of NOTES_EN) {
      expect(messages.en.runNote(note)).toBe(text);
      const zh = messages.zh.runNote(note);
      expect(zh, note.code).toMatch(/[\u4e00-\u9fff]/);
      // Thread and object names, and Python's exception names, are the program's words.
      for (const name of text.match(/(?:Thread|Process|Lock|RLock|Event)[-#]\d+(?: \(\w+\))?|MainThread|MemoryError|Hog/g) ?? []) {
        expect(zh, `${note.code}: ${name}`).toContain(name);
      }
    }
    expect(messages.zh.runNote(NOTES_EN[2]![0])).toBe(
      '死锁：Thread-1 (task1) 在等待 Lock#2（由 Thread-2 (task2) 持有），后者又在等待 Lock#1（由 Thread-1 (task1) 持有）。',
    );
  });

  it('words the runtime’s own step verbs in Chinese; Python’s method names stay', () => {
    expect(messages.zh.stepOp('read g.n')).toBe('读取 g.n');
    expect(messages.zh.stepOp('write arr[2]')).toBe('写入 arr[2]');
    expect(messages.zh.stepOp('compute')).toBe('计算');
    expect(messages.zh.stepOp('resume')).toBe('继续');
    expect(messages.zh.stepOp('await sleep(1)')).toBe('await sleep(1)');
    expect(messages.zh.stepOp('acquire Lock#1')).toBe('acquire Lock#1');
    expect(messages.en.stepOp('read g.n')).toBe('read g.n');
  });
});
