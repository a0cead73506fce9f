import { describe, expect, it } from 'vitest';
import { pyRepr, pyStr } from './pyrepr';
import { PyRange, range } from './range';

describe('range', () => {
  it.each([
    [[5], [0, 1, 2, 3, 4]],
    [[0], []],
    [[-3], []],
    [[2, 5], [2, 3, 4]],
    [[5, 2], []],
    [[0, 10, 3], [0, 3, 6, 9]],
    [[10, 0, -3], [10, 7, 4, 1]],
    [[10, 0, 3], []],
    [[-5, 5, 5], [-5, 0]],
    [[0, 1, 100], [0]],
  ] as [number[], number[]][])('range(%j)', (args, expected) => {
    const r = (range as (...a: number[]) => PyRange)(...args);
    expect([...r]).toEqual(expected);
    expect(r.length).toBe(expected.length);
    expect(r.toArray()).toEqual(expected);
    for (const v of expected) expect(r.includes(v)).toBe(true);
  });

  it('is iterable many times (executor.map, spread, for...of)', () => {
    const r = range(3);
    expect([...r]).toEqual([0, 1, 2]);
    expect(Array.from(r)).toEqual([0, 1, 2]);
    const seen: number[] = [];
    for (const i of r) for (const j of r) seen.push(i * 3 + j);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('rejects step 0 and non-integers', () => {
    expect(() => range(0, 5, 0)).toThrow(new RangeError('range() arg 3 must not be zero'));
    expect(() => range(1.5)).toThrow(TypeError);
    expect(() => range(1, 'a' as unknown as number)).toThrow(/'str' object cannot be interpreted as an integer/);
  });

  it('answers membership, index, count and at', () => {
    const r = range(1, 20, 4); // 1 5 9 13 17
    expect(r.includes(9)).toBe(true);
    expect(r.includes(10)).toBe(false);
    expect(r.includes(21)).toBe(false);
    expect(r.includes(-3)).toBe(false);
    expect(r.includes('5')).toBe(false);
    expect(r.index(13)).toBe(3);
    expect(() => r.index(2)).toThrow('2 is not in range');
    expect(r.count(5)).toBe(1);
    expect(r.at(0)).toBe(1);
    expect(r.at(-1)).toBe(17);
    expect(() => r.at(5)).toThrow(RangeError);
    expect(range(10, 0, -2).includes(4)).toBe(true);
    expect(range(10, 0, -2).includes(0)).toBe(false);
  });

  it('prints as Python', () => {
    expect(range(10).__repr__()).toBe('range(0, 10)');
    expect(pyStr(range(1, 10, 2))).toBe('range(1, 10, 2)');
    expect(pyRepr([range(3)])).toBe('[range(0, 3)]');
    expect(String(range(2, 4))).toBe('range(2, 4)');
  });

  it('accepts bigint and boolean as Python accepts int-likes', () => {
    expect([...range(3n as unknown as number)]).toEqual([0, 1, 2]);
    expect([...range(true as unknown as number)]).toEqual([0]);
  });
});
