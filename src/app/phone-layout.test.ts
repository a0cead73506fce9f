import { describe, expect, it } from 'vitest';
import { tabForRun } from './phone-layout';
import { PHONE_TABS } from '../state/store';

describe('tabForRun', () => {
  it('shows the console on Run, the code for a step run, and leaves a learner on the timeline or console', () => {
    const plain = Object.fromEntries(PHONE_TABS.map((t) => [t, tabForRun(t, false)]));
    expect(plain).toEqual({ examples: 'console', code: 'console', timeline: 'timeline', console: 'console', notes: 'console' });
    const step = Object.fromEntries(PHONE_TABS.map((t) => [t, tabForRun(t, true)]));
    expect(step).toEqual({ examples: 'code', code: 'code', timeline: 'timeline', console: 'console', notes: 'code' });
  });
});
