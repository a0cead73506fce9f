/**
 * The `random` module against CPython 3.11: every expected number below was printed by
 * `python3` for the same seed and calls (seeded with integers, CPython's numbers are exact).
 */
import { describe, expect, it } from 'vitest';
import { range } from '../../lib/range';
import { captureInherited, restoreInherited } from '../core/inherit';
import { mainThreadRun, raises } from '../core/run-buffer.fixture';
import { Random, randomModule as random, seedRandom } from './index';


describe('random, seeded with an integer, gives CPython’s numbers', () => {
  it('random()', () => {
    random.seed(42);
    expect([random.random(), random.random(), random.random()]).toEqual([0.6394267984578837, 0.025010755222666936, 0.27502931836911926]);
    random.seed(2 ** 40 + 7);
    expect(random.random()).toBe(0.6137037779936511);
    random.seed(2n ** 40n + 7n);
    expect(random.random()).toBe(0.6137037779936511);
    random.seed(-3);
    expect(random.random()).toBe(0.23796462709189137);
    random.seed(0);
    expect(random.random()).toBe(0.8444218515250481);
  });

  it('randint, randrange, getrandbits', () => {
    random.seed(42);
    expect(Array.from({ length: 10 }, () => random.randint(1, 10))).toEqual([2, 1, 5, 4, 4, 3, 2, 9, 2, 10]);
    random.seed(0);
    expect([random.randrange(0, 100, 7), random.randrange(10), random.randrange(-5, 5), random.randrange(10, 0, -3)]).toEqual([91, 6, 1, 10]);
    random.seed(5);
    expect([random.getrandbits(40), random.getrandbits(7), random.getrandbits(0), random.getrandbits(53)]).toEqual([281848216645, 94, 0, 7162465096367036]);
    random.seed(9);
    expect([random.randrange(2 ** 40), random.randint(0, 2 ** 53 - 1)]).toEqual([585718914800, 3353287721439658]);
  });

  it('shuffle, choice, sample, choices, uniform', () => {
    random.seed(1);
    const x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    random.shuffle(x);
    expect(x).toEqual([6, 8, 9, 7, 5, 3, 0, 4, 1, 2]);
    random.seed(1);
    const r100 = range(100);
    expect([random.choice('hello'), random.choice([1, 2, 3]), random.choice(r100)]).toEqual(['e', 3, 97]);
    random.seed(3);
    const r1000 = range(1000);
    expect(random.sample(r100, 7)).toEqual([30, 75, 69, 16, 47, 77, 60]);
    expect(random.sample([1, 2, 3, 4], 2)).toEqual([1, 3]);
    expect(random.sample(r1000, 30)).toEqual([
      13, 930, 857, 480, 265, 564, 239, 196, 734, 481, 553, 856, 562, 487, 406, 654, 881, 154, 237, 650, 155, 888, 948, 535, 399, 759, 15, 687, 795, 65,
    ]);
    random.seed(4);
    expect(random.choices('abc', { k: 5 })).toEqual(['a', 'a', 'b', 'a', 'a']);
    expect(random.choices([1, 2, 3], [1, 0, 5], { k: 4 })).toEqual([3, 3, 3, 3]);
    expect(random.choices([1, 2, 3], null, { cum_weights: [1, 1, 6], k: 3 })).toEqual([3, 3, 3]);
    random.seed(5);
    expect([random.uniform(1, 2), random.uniform(10, -10)]).toEqual([1.622901694889702, -4.835739785214589]);
  });

  it('raises what CPython raises', () => {
    expect(raises(() => random.randrange(0))).toBe('ValueError: empty range for randrange()');
    expect(raises(() => random.randrange(1.5))).toBe('ValueError: non-integer arg 1 for randrange()');
    expect(raises(() => random.randint(5, 1))).toBe('ValueError: empty range for randrange() (5, 2, -3)');
    expect(raises(() => random.randrange(1, 10, 0))).toBe('ValueError: zero step for randrange()');
    expect(raises(() => random.choice([]))).toBe('IndexError: Cannot choose from an empty sequence');
    expect(raises(() => random.sample([1, 2], 3))).toBe('ValueError: Sample larger than population or is negative');
    expect(raises(() => random.sample(new Set([1, 2]) as never, 1))).toBe('TypeError: Population must be a sequence.  For dicts or sets, use sorted(d).');
    expect(raises(() => random.choices([1, 2], [1], { k: 2 }))).toBe('ValueError: The number of weights does not match the population');
    expect(raises(() => random.choices([], { k: 2 }))).toBe('IndexError: list index out of range');
  });

  it('Random instances have their own state', () => {
    const a = new Random(42);
    random.seed(1);
    const b = new Random(42);
    expect(a.random()).toBe(0.6394267984578837);
    expect(b.random()).toBe(0.6394267984578837);
  });

  it('unseeded, two generators differ (fresh entropy)', () => {
    expect(new Random().random()).not.toBe(new Random().random());
  });
});

describe('random state across threads', () => {
  it('a thread started by a seeded thread gets a reproducible stream of its own; a process reseeds', () => {
    mainThreadRun();
    random.seed(7);
    const first = captureInherited(false);
    const second = captureInherited(false);
    expect(captureInherited(true).random).toBeUndefined();
    const mine = random.random();
    random.seed(7);
    expect(random.random()).toBe(mine); // starting threads does not change the starter's stream
    restoreInherited(first);
    const t1 = [random.random(), random.random()];
    restoreInherited(second);
    const t2 = [random.random(), random.random()];
    restoreInherited(first);
    expect([random.random(), random.random()]).toEqual(t1);
    expect(t2).not.toEqual(t1);
    expect(t1[0]).not.toBe(mine);
  });

  it('an unseeded starter hands nothing over', () => {
    mainThreadRun();
    random.seed();
    expect(captureInherited(false).random).toBeUndefined();
  });

  it('seedRandom(runSeed, tid): a stream per run seed and thread', () => {
    seedRandom(123, 2);
    const a = random.random();
    seedRandom(123, 3);
    const b = random.random();
    seedRandom(123, 2);
    expect(random.random()).toBe(a);
    expect(b).not.toBe(a);
  });
});
