/**
 * Python's `random` as programs import it (`import random from 'random'`,
 * `import {randint} from 'random'`). CPython's generator and algorithms (mt19937.ts): with an
 * integer seed, `random()`, `randint`, `randrange`, `choice`, `choices`, `shuffle`, `sample` and
 * `uniform` return what CPython 3.11 returns.
 *
 * State is per thread (each thread is a worker with its own module instance): unseeded, a thread
 * draws from fresh entropy (`crypto.getRandomValues`), as CPython's module does at import. Where
 * CPython's threads share one generator, here a thread started by a thread whose generator was
 * seeded gets its own stream derived from that seed and its start number (`[...key, SPLIT,
 * n]`): a seeded program draws the same numbers in each thread on every run, instead of the
 * interleaving-dependent share of one sequence. A child process reseeds from fresh entropy, as
 * CPython's `random` does after a fork (`os.register_at_fork(after_in_child=_gen().seed)`).
 *
 * Deterministic runs (issue 15, deterministic runs) plug in with `seedRandom(runSeed, tid)`: the thread's stream
 * becomes a function of the run's seed and its tid.
 *
 * Seeds: integers (numbers or bigints) seed exactly as CPython's; a float or a string seeds a
 * reproducible sequence that differs from CPython's (CPython hashes them with its own float hash
 * and SHA-512).
 */
import { IndexError, ValueError } from '../errors';
import { registerInherited } from '../core/inherit';
import { perThread } from '../core/perthread';
import { MT19937, seedKey } from './mt19937';

/** Marks the derived keys (threads, runs) apart from any key a user seed can give. */
const SPLIT = 0x5eed5eed;
const RUN = 0x52554e21;

/** A Python sequence: an array, a string, a typed array, or a `range(...)` (indexed with `at`). */
type Seq<T> = ArrayLike<T> | { readonly length: number; at(i: number): T | undefined };

function isSeq(x: unknown): boolean {
  if (typeof x === 'string') return true;
  if (x === null || typeof x !== 'object' || x instanceof Set || x instanceof Map) return false;
  return typeof (x as { length?: unknown }).length === 'number';
}

/** `seq[i]` for 0 <= i < len(seq). */
function item<T>(seq: Seq<T>, i: number): T {
  if (typeof seq === 'string' || Array.isArray(seq) || ArrayBuffer.isView(seq)) return (seq as ArrayLike<T>)[i] as T;
  const at = (seq as { at?: unknown }).at;
  return (typeof at === 'function' ? (at as (i: number) => T).call(seq, i) : (seq as ArrayLike<T>)[i]) as T;
}

function notSequence(): TypeError {
  return new TypeError('Population must be a sequence.  For dicts or sets, use sorted(d).');
}

function freshKey(): number[] {
  const words = new Uint32Array(624);
  crypto.getRandomValues(words);
  return Array.from(words);
}

function keyOf(a: unknown): number[] {
  if (typeof a === 'bigint') return seedKey(a);
  if (typeof a === 'number') {
    if (Number.isInteger(a)) return seedKey(BigInt(a));
    const f = new Float64Array([a]);
    return Array.from(new Uint32Array(f.buffer));
  }
  if (typeof a === 'boolean') return seedKey(a ? 1n : 0n);
  if (typeof a === 'string') {
    const bytes = new TextEncoder().encode(a);
    const words: number[] = [bytes.length];
    for (let i = 0; i < bytes.length; i += 4) {
      words.push(((bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8) | ((bytes[i + 2] ?? 0) << 16) | ((bytes[i + 3] ?? 0) << 24)) >>> 0);
    }
    return words;
  }
  throw new TypeError('The only supported seed types are: None, int, float, str, bytes, and bytearray.');
}

/** `operator.index(x)` as randrange uses it: integral numbers pass, others are refused by name. */
function integral(x: unknown, what: string): number {
  if (typeof x === 'bigint') return Number(x);
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (typeof x !== 'number' || Number.isNaN(x)) throw new TypeError(`'${typeof x === 'string' ? 'str' : typeof x}' object cannot be interpreted as an integer`);
  if (!Number.isInteger(x)) throw new ValueError(`non-integer ${what} for randrange()`);
  return x;
}

function bitLength(n: number): number {
  let k = 0;
  let v = n;
  while (v >= 4294967296) {
    v = Math.floor(v / 4294967296);
    k += 32;
  }
  return k + (v === 0 ? 0 : 32 - Math.clz32(v));
}

function pyType(x: unknown): string {
  if (x === null || x === undefined) return 'NoneType';
  if (typeof x === 'number') return Number.isInteger(x) ? 'int' : 'float';
  if (x instanceof Set) return 'set';
  if (x instanceof Map) return 'dict';
  return typeof x === 'object' ? 'object' : typeof x;
}

function isOptions(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return false;
  const p: unknown = Object.getPrototypeOf(x);
  return p === Object.prototype || p === null;
}

/** `random.Random(seed?)`: a generator of its own (the module's functions share the thread's). */
export class Random {
  /** @internal */ _mt = new MT19937();
  /** @internal The key of the last explicit seed (threads started from here derive theirs). */
  _key: number[] | null = null;
  /** @internal Threads started since that seed. */
  _children = 0;

  constructor(x?: unknown) {
    this.seed(x);
  }

  /** `seed(a=None)`: integers as CPython; `None` (or nothing) from fresh entropy. */
  seed(a?: unknown): void {
    if (a === undefined || a === null) {
      if (detKey !== null) {
        // A deterministic run: "fresh entropy" is the next key of the run's seed and the tid.
        this._seedKey([...detKey, ++detDraws]);
      } else {
        this._mt.seedWords(freshKey());
        this._key = null;
      }
    } else this._seedKey(keyOf(a));
    this._children = 0;
  }

  /** @internal */
  _seedKey(key: number[]): void {
    this._mt.seedWords(key);
    this._key = key;
    this._children = 0;
  }

  /** A float in [0.0, 1.0). */
  random(): number {
    return this._mt.random();
  }

  /** `getrandbits(k)`: an int with k random bits (k up to 53 here: a JS number stays exact). */
  getrandbits(k: number): number {
    const n = integral(k, 'arg 1');
    if (n < 0) throw new ValueError('number of bits must be non-negative');
    if (n > 53) throw new ValueError('getrandbits() above 53 bits is not supported (a JS number would lose bits)');
    return this._mt.bits(n);
  }

  /** CPython's `_randbelow_with_getrandbits(n)`: uniform in [0, n). */
  private below(n: number): number {
    if (n > 2 ** 53) throw new ValueError('range too large for randrange() (at most 2**53 values)');
    const k = bitLength(n);
    let r = this._mt.bits(k);
    while (r >= n) r = this._mt.bits(k);
    return r;
  }

  /** `randrange(stop)` / `randrange(start, stop, step = 1)`: a random element of `range(...)`. */
  randrange(start: number, stop?: number | null, step = 1): number {
    const istart = integral(start, 'arg 1');
    if (stop === undefined || stop === null) {
      if (step !== 1) throw new TypeError('Missing a non-None stop argument');
      if (istart > 0) return this.below(istart);
      throw new ValueError('empty range for randrange()');
    }
    const istop = integral(stop, 'stop');
    const width = istop - istart;
    const istep = integral(step, 'step');
    if (istep === 1) {
      if (width > 0) return istart + this.below(width);
      throw new ValueError(`empty range for randrange() (${istart}, ${istop}, ${width})`);
    }
    let n: number;
    if (istep > 0) n = Math.floor((width + istep - 1) / istep);
    else if (istep < 0) n = Math.floor((width + istep + 1) / istep);
    else throw new ValueError('zero step for randrange()');
    if (n <= 0) throw new ValueError('empty range for randrange()');
    return istart + istep * this.below(n);
  }

  /** `randint(a, b)`: an integer N with a <= N <= b. */
  randint(a: number, b: number): number {
    return this.randrange(a, integral(b, 'stop') + 1);
  }

  /** `uniform(a, b)`: a float between a and b. */
  uniform(a: number, b: number): number {
    return a + (b - a) * this.random();
  }

  /** `choice(seq)`: one element of a non-empty sequence (an array or a string). */
  choice<T>(seq: Seq<T>): T {
    if (!isSeq(seq)) throw new TypeError(`object of type '${pyType(seq)}' has no len()`);
    const n = seq.length;
    if (!n) throw new IndexError('Cannot choose from an empty sequence');
    return item(seq, this.below(n));
  }

  /**
   * `choices(population, weights=None, *, cum_weights=None, k=1)`: k elements chosen with
   * replacement; keyword arguments as a last options object: `choices(xs, [1, 2], {k: 5})`,
   * `choices(xs, {k: 5})`.
   */
  choices<T>(
    population: Seq<T>,
    weights?: readonly number[] | null | { cum_weights?: readonly number[] | null; k?: number },
    options: { cum_weights?: readonly number[] | null; k?: number } = {},
  ): T[] {
    let w: readonly number[] | null | undefined = weights as readonly number[] | null | undefined;
    let o = options;
    if (isOptions(weights)) {
      o = weights;
      w = null;
    }
    if (!isSeq(population)) throw new TypeError(`object of type '${pyType(population)}' has no len()`);
    const k = o.k ?? 1;
    const n = population.length;
    const at = (i: number): T => {
      if (i >= n) throw new IndexError('list index out of range');
      return item(population, i);
    };
    let cum = o.cum_weights ?? null;
    const out: T[] = [];
    if (cum === null) {
      if (w === null || w === undefined) {
        for (let i = 0; i < k; i++) out.push(at(Math.floor(this.random() * n)));
        return out;
      }
      let sum = 0;
      cum = Array.from(w, (x) => (sum += x));
    } else if (w !== null && w !== undefined) throw new TypeError('Cannot specify both weights and cumulative weights');
    if (cum.length !== n) throw new ValueError('The number of weights does not match the population');
    const total = (cum[n - 1] ?? 0) + 0.0;
    if (total <= 0) throw new ValueError('Total of weights must be greater than zero');
    if (!Number.isFinite(total)) throw new ValueError('Total of weights must be finite');
    for (let i = 0; i < k; i++) {
      // bisect_right(cum, random() * total, 0, n - 1)
      const x = this.random() * total;
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (x < (cum[mid] ?? 0)) hi = mid;
        else lo = mid + 1;
      }
      out.push(at(lo));
    }
    return out;
  }

  /** `shuffle(x)`: shuffles the array in place (CPython's Fisher-Yates, same swaps). */
  shuffle(x: unknown[]): void {
    if (!Array.isArray(x)) throw new TypeError(`'${typeof x === 'string' ? 'str' : 'tuple'}' object does not support item assignment`);
    for (let i = x.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      const t = x[i];
      x[i] = x[j];
      x[j] = t;
    }
  }

  /** `sample(population, k)`: k distinct elements (CPython's pool or set selection, same draws). */
  sample<T>(population: Seq<T>, k: number): T[] {
    if (!isSeq(population)) throw notSequence();
    const n = population.length;
    const kk = integral(k, 'arg 2');
    if (!(kk >= 0 && kk <= n)) throw new ValueError('Sample larger than population or is negative');
    const result: T[] = new Array<T>(kk);
    let setsize = 21;
    if (kk > 5) setsize += 4 ** Math.ceil(Math.log(kk * 3) / Math.log(4));
    if (n <= setsize) {
      const pool: T[] = [];
      for (let i = 0; i < n; i++) pool.push(item(population, i));
      for (let i = 0; i < kk; i++) {
        const j = this.below(n - i);
        result[i] = pool[j] as T;
        pool[j] = pool[n - i - 1] as T;
      }
    } else {
      const selected = new Set<number>();
      for (let i = 0; i < kk; i++) {
        let j = this.below(n);
        while (selected.has(j)) j = this.below(n);
        selected.add(j);
        result[i] = item(population, j);
      }
    }
    return result;
  }

  __repr__(): string {
    return '<random.Random object>';
  }
}

/** This thread's generator: what the module functions use (made on first use). */
let current: Random | null = null;

function gen(): Random {
  return (current ??= new Random());
}

/**
 * Deterministic runs: the thread's stream as a function of the run's seed and its tid (call it
 * when the thread starts, before program code runs).
 */
export function seedRandom(runSeed: number, tid: number): void {
  detKey = [runSeed >>> 0, RUN, tid >>> 0];
  detDraws = 0;
  current = null;
}

/** Deterministic runs: the key unseeded generators derive from (seedRandom), else null. */
let detKey: number[] | null = null;
let detDraws = 0;
perThread(() => {
  detKey = null;
  detDraws = 0;
});

registerInherited('random', {
  label: 'random',
  capture(process) {
    // CPython reseeds a forked child from fresh entropy; threads share the generator there.
    if (process || current === null || current._key === null) return null;
    return [...current._key, SPLIT, ++current._children];
  },
  restore(key) {
    current = null;
    if (Array.isArray(key)) gen()._seedKey(key as number[]);
  },
});

export const randomModule = {
  Random,
  seed: (a?: unknown): void => gen().seed(a),
  random: (): number => gen().random(),
  getrandbits: (k: number): number => gen().getrandbits(k),
  randrange: (start: number, stop?: number | null, step?: number): number => gen().randrange(start, stop, step),
  randint: (a: number, b: number): number => gen().randint(a, b),
  uniform: (a: number, b: number): number => gen().uniform(a, b),
  choice: <T>(seq: Seq<T>): T => gen().choice(seq),
  choices: <T>(population: Seq<T>, weights?: Parameters<Random['choices']>[1], options?: { cum_weights?: readonly number[] | null; k?: number }): T[] =>
    gen().choices(population, weights, options),
  shuffle: (x: unknown[]): void => gen().shuffle(x),
  sample: <T>(population: Seq<T>, k: number): T[] => gen().sample(population, k),
};
