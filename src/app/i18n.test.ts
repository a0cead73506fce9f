import { describe, expect, it } from 'vitest';
import { messages } from './i18n';
import { parseLink } from '../share/permalink';

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
});
