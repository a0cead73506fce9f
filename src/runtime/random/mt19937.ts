/**
 * MT19937, the Mersenne Twister CPython's `random` uses (Modules/_randommodule.c), with CPython's
 * seeding (`init_by_array` over the seed's 32-bit words), so `seed(42)` followed by `random()`,
 * `randint`, `shuffle`… gives the very numbers CPython gives. Matsumoto & Nishimura 1998; the
 * constants and steps below are the reference implementation's.
 */

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;

export class MT19937 {
  readonly mt = new Uint32Array(N);
  index = N + 1;

  /** `init_genrand(s)`. */
  private initGenrand(s: number): void {
    const mt = this.mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ?? 0;
      mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
    }
    this.index = N;
  }

  /** `init_by_array(key)`: CPython's seeding from the seed's 32-bit words (least significant first). */
  seedWords(key: ArrayLike<number>): void {
    const mt = this.mt;
    this.initGenrand(19650218);
    const len = Math.max(1, key.length);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, len); k > 0; k--) {
      const prev = mt[i - 1] ?? 0;
      mt[i] = ((mt[i] ?? 0) ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + ((key[j] ?? 0) >>> 0) + j;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1] ?? 0;
        i = 1;
      }
      if (j >= len) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1] ?? 0;
      mt[i] = ((mt[i] ?? 0) ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1] ?? 0;
        i = 1;
      }
    }
    mt[0] = UPPER;
    this.index = N;
  }

  /** `genrand_uint32()`: the next 32 random bits. */
  next(): number {
    const mt = this.mt;
    if (this.index >= N) {
      if (this.index > N) this.initGenrand(5489);
      let kk = 0;
      for (; kk < N - M; kk++) {
        const y = ((mt[kk] ?? 0) & UPPER) | ((mt[kk + 1] ?? 0) & LOWER);
        mt[kk] = (mt[kk + M] ?? 0) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      for (; kk < N - 1; kk++) {
        const y = ((mt[kk] ?? 0) & UPPER) | ((mt[kk + 1] ?? 0) & LOWER);
        mt[kk] = (mt[kk + (M - N)] ?? 0) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      const y = ((mt[N - 1] ?? 0) & UPPER) | ((mt[0] ?? 0) & LOWER);
      mt[N - 1] = (mt[M - 1] ?? 0) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      this.index = 0;
    }
    let y = mt[this.index++] ?? 0;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `random()`: 53 random bits as a float in [0, 1), as CPython's `random_random`. */
  random(): number {
    const a = this.next() >>> 5;
    const b = this.next() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** `getrandbits(k)` for 0 <= k <= 53 (a JS number stays exact): words filled low to high. */
  bits(k: number): number {
    if (k <= 0) return 0;
    if (k <= 32) return this.next() >>> (32 - k);
    const lo = this.next();
    const hi = this.next() >>> (64 - k);
    return hi * 4294967296 + lo;
  }
}

/** The 32-bit words of |n| for `init_by_array`, least significant first (CPython's `random_seed`). */
export function seedKey(n: bigint): number[] {
  let v = n < 0n ? -n : n;
  if (v === 0n) return [0];
  const words: number[] = [];
  while (v > 0n) {
    words.push(Number(v & 0xffffffffn));
    v >>= 32n;
  }
  return words;
}
