import { describe, expect, it } from 'vitest';
import { getScenario } from '../scenarios/index';
import type { ChallengeRun } from '../scenarios/types';
import { gaugeMaxima, switchesIn } from './challenge';

const run = (o: Partial<ChallengeRun>): ChallengeRun => ({ state: 'finished', stdout: [], source: '', steps: 0, switches: 0, gaugeMax: {}, ...o });
const check = (id: string, r: ChallengeRun) => getScenario(id)?.challenge?.check(r) ?? null;

describe('challenges', () => {
  it('counts the switches among the learner’s decisions', () => {
    expect(switchesIn([])).toBe(0);
    expect(switchesIn([1, 1, 2, 2, 1, 3])).toBe(3);
  });

  it('takes the highest gauge value per object name', () => {
    const max = gaugeMaxima([
      { k: 'obj', seq: 1, t: 0, obj: 8, type: 'Semaphore', name: 'Semaphore#1', tid: 1 },
      { k: 'gauge', seq: 2, t: 0, obj: 8, value: 2 },
      { k: 'gauge', seq: 3, t: 0, obj: 8, value: 3 },
      { k: 'gauge', seq: 4, t: 0, obj: 8, value: 1 },
    ]);
    expect(max).toEqual({ 'Semaphore#1': 3 });
  });

  it('race: met by a total below 2000000, with the switches it took in step mode', () => {
    expect(check('race', run({ stdout: ['2000000'] }))).toBeNull();
    expect(check('race', run({ stdout: ['1999999'], steps: 9, switches: 3 }))?.en).toBe('1 update lost; you switched threads 3 times.');
    expect(check('race', run({ state: 'stopped', stdout: [] }))).toBeNull();
  });

  it('lock and semaphore: impossible goals, each with its reason', () => {
    expect(check('lock', run({ stdout: ['2000000'] }))).toBeNull();
    expect(getScenario('lock')?.challenge?.impossible?.en).toContain('cannot be broken');
    expect(check('semaphore', run({ gaugeMax: { 'Semaphore#1': 3 } }))).toBeNull();
    expect(getScenario('semaphore')?.challenge?.impossible?.zh).toContain('三个许可');
  });

  it('deadlock: met only without the sleeps; condition: met by a lost notify (a deadlock)', () => {
    expect(check('deadlock', run({ state: 'deadlock', source: 'time.sleep(0.5);' }))).toBeNull();
    expect(check('deadlock', run({ state: 'deadlock', source: 'lock_a.hold();', steps: 12 }))?.en).toContain('in 12 steps');
    expect(check('condition', run({ state: 'deadlock' }))).not.toBeNull();
    expect(check('condition', run({ state: 'stopped' }))).toBeNull();
  });

  it('bounded-buffer: met when the consumers took other items than the producers put', () => {
    const put = ['producer 1 puts 10', 'producer 2 puts 20', 'producer 1 puts 11'];
    const inOrder = [...put, 'consumer 1 takes 10', 'consumer 2 takes 20', 'consumer 1 takes 11', 'total taken: 41'];
    expect(check('bounded-buffer', run({ stdout: inOrder }))).toBeNull();
    // Taken in another order than put: still every item once.
    expect(check('bounded-buffer', run({ stdout: [...put, 'consumer 2 takes 11', 'consumer 1 takes 20', 'consumer 1 takes 10'] }))).toBeNull();
    // Both producers wrote slot 0: 10 was overwritten, 20 taken twice, a slot nobody filled read as 0.
    const lost = [...put, 'consumer 1 takes 20', 'consumer 2 takes 20', 'consumer 1 takes 0'];
    expect(check('bounded-buffer', run({ stdout: lost }))?.en).toBe('The buffer was corrupted: put but never taken: 10, 11; taken instead: 20, 0.');
    // Fewer taken than put (an edited consumer) is not a lost item.
    expect(check('bounded-buffer', run({ stdout: [...put, 'consumer 1 takes 10'] }))).toBeNull();
    expect(check('bounded-buffer', run({ state: 'stopped', stdout: lost }))).toBeNull();
  });
});
