/**
 * The data-race detector (docs/diagnostics.md, "Data races"): happens-before with vector clocks,
 * FastTrack's epochs on the accessed memory (Flanagan & Freund, PLDI 2009).
 *
 * Each thread keeps its vector clock `vc` here, in its worker; `vc[me]` is its own clock, and
 * its epoch `me·2^32 + vc[me]` is one Float64. Every synchronization that orders two threads is
 * a release by one and an acquire by the other on a key: a lock, semaphore, event, barrier,
 * queue, future or pipe (its address), the start of a thread (`startKey`), the end of one
 * (`endKey`). A release joins the releaser's clock into the key's clock (a block in the heap, so
 * every thread and process sees it) and ticks the releaser's own clock (lazily: see
 * `tickPending`); an acquire joins the key's clock into the acquirer's. The deterministic
 * scheduler's token is not synchronization: a race found in a `gil` run could happen in any run.
 *
 * Each `shared()` field and `Value`/`Array` item has a shadow (SHADOW_F64 Float64 words next
 * to it, see `shadowWords`): the epoch of its last write and of its last read, and the line,
 * time and thread behind each. An access whose epoch is already there costs one compare
 * (FastTrack's same-epoch case, the common one in a loop); any other access checks that the
 * last write (and, for a write, the last read) happened before it. Only the last read is kept,
 * not a read clock: some races between several readers and a writer go unreported, none is
 * reported wrongly.
 *
 * Lines cost a stack read, so an access records its line only on the first LINED slow paths of
 * a location, and once that location has raced (then the next race there names both lines).
 * Each location is reported once. Beyond MAX_TIDS threads in a run the clocks would not fit:
 * the detector goes quiet for the rest of the run (H.RACE_OFF) rather than guess.
 */
import { H, Detect } from '../../protocol/memory-layout';
import { HeapFullError, alloc } from '../../protocol/heap';
import { programName, threadName } from '../../protocol/names';
import { ctx, currentLine, nowMicros } from './context';
import { perThread } from './perthread';
import { warn } from './warn';

/** Float64 words of shadow per location: last write epoch, last read epoch, [line W, line R], [t W, t R], [flags, slow count]. */
export const SHADOW_F64 = 5;
/** Threads a run's clocks hold (tids 1..MAX_TIDS-1); more, and the detector stops for the run. */
const MAX_TIDS = 512;
/** Slots of the run-wide key → clock table (open addressing; 2 Int32 words each). */
const TABLE_SLOTS = 1 << 14;
/** A clock block: [spin lock, last releaser's tid (mutexes), clocks for tids 0..MAX_TIDS-1]. */
const BLOCK_WORDS = 2 + MAX_TIDS;
/** Slow paths of a location that record their line before it has raced. */
const LINED = 256;
/** Races reported per run at most (each location once; this bounds a program with thousands). */
const MAX_REPORTS = 20;

const EPOCH = 4294967296;
const REPORTED = 1;
const WATCHED = 2;

/** The race detector is on in this thread (a live binding: accessors test it inline). */
export let racing = false;
/**
 * This thread's epoch now (compared with a shadow's epochs inline). A cell, not a module `let`:
 * epochs are doubles past 2^31, which a `let` holds boxed (a locked increment took ~10% longer).
 */
export const epochNow = new Float64Array(2);
/** epochNow[1]: this thread's own epoch, also while epochNow[0] is NaN (a tick pending). */
const OWN = 1;
let me = 0;
let vc = new Int32Array(0);
/** The run's heap as Int32 (the mutex paths below read it without a ctx() call). */
let heap: Int32Array = new Int32Array(0);
/** The last key looked up and its block's Int32 index: a loop on one lock hits it every time. */
let lastKey = 0;
let lastBlock = 0;
const blocks = new Map<number, number>();
/** Races this thread has reported (MAX_REPORTS at most). */
let reports = 0;

perThread(() => {
  reports = 0;
  releasedKey = 0;
  releasedBlock = 0;
  warm = WARM;
  tickPending = false;
  pendingKey = 0;
  pendingBlock = 0;
  racing = false;
  epochNow[0] = 0;
  epochNow[OWN] = 0;
  me = 0;
  heap = new Int32Array(0);
  lastKey = 0;
  lastBlock = 0;
  blocks.clear();
});

/** The key a thread's start is released on (by its starter) and acquired on (by the thread). */
export function startKey(tid: number): number {
  return -2 * tid;
}

/** The key a thread's end is released on (as it ends) and acquired on (by join). */
export function endKey(tid: number): number {
  return -2 * tid - 1;
}

/**
 * As a thread begins (worker.ts, after beginDetectors): the first thread makes the run's table;
 * every thread starts its clock from what its starter knew.
 */
export function beginRace(detect: number): void {
  const c = ctx();
  const i32 = c.i32;
  racing = false;
  if ((detect & Detect.RACE) === 0 || c.tid >= MAX_TIDS || Atomics.load(i32, H.RACE_OFF) !== 0) {
    if (c.tid >= MAX_TIDS) Atomics.store(i32, H.RACE_OFF, 1);
    return;
  }
  if (c.tid === 1 && Atomics.load(i32, H.RACE_TABLE) === 0) {
    const table = alloc(i32, TABLE_SLOTS * 8);
    i32.fill(0, table >> 2, (table >> 2) + TABLE_SLOTS * 2);
    Atomics.store(i32, H.RACE_TABLE, table);
  }
  me = c.tid;
  heap = i32;
  vc = new Int32Array(MAX_TIDS);
  vc[me] = 1;
  epochNow[0] = epochNow[OWN] = me * EPOCH + 1;
  racing = true;
  hbAcquire(startKey(me));
}

/** The Int32 index of `key`'s clock block, made on first use. */
function blockOf(key: number): number {
  if (key === lastKey) return lastBlock;
  let b = blocks.get(key);
  if (b === undefined) {
    b = findOrMake(key);
    blocks.set(key, b);
  }
  lastKey = key;
  lastBlock = b;
  return b;
}

function findOrMake(key: number): number {
  const i32 = ctx().i32;
  // Gone quiet, or the start or end of a thread past MAX_TIDS (which makes it go quiet as it
  // begins): no new clock blocks. A thread-per-task loop otherwise spent two blocks (4 KB) of the
  // run's heap on every thread it started and joined, long after the detector had gone quiet,
  // and died of MemoryError after ~6,000 threads (bench/README.md).
  if (key <= -2 * MAX_TIDS || Atomics.load(i32, H.RACE_OFF) !== 0) return goQuiet(i32);
  const table = (Atomics.load(i32, H.RACE_TABLE) >> 2) || 0;
  let i = Math.imul(key, 0x9e3779b1) >>> 18;
  for (let probes = 0; probes < TABLE_SLOTS; probes++, i = (i + 1) & (TABLE_SLOTS - 1)) {
    const at = table + 2 * i;
    let k = Atomics.load(i32, at);
    if (k === 0) {
      k = Atomics.compareExchange(i32, at, 0, key);
      if (k === 0) {
        let block = NO_BLOCK;
        try {
          block = alloc(i32, BLOCK_WORDS * 4) >> 2;
          i32.fill(0, block, block + BLOCK_WORDS);
        } catch (e) {
          // The program's own data comes first: a full heap quiets the detector, not the run.
          if (!(e instanceof HeapFullError)) throw e;
        }
        Atomics.store(i32, at + 1, block);
        return block === NO_BLOCK ? goQuiet(i32) : block;
      }
    }
    if (k !== key) continue;
    // Its maker may still be allocating the block.
    for (;;) {
      const block = Atomics.load(i32, at + 1);
      if (block === NO_BLOCK) return goQuiet(i32);
      if (block !== 0) return block;
    }
  }
  // A full table: the edges from here on could not be kept.
  return goQuiet(i32);
}

/** A key's table entry whose block could not be made (a full heap). */
const NO_BLOCK = -1;

/** The detector says nothing more in this run, in any thread, rather than guess; returns 0 (no block). */
function goQuiet(i32: Int32Array): number {
  Atomics.store(i32, H.RACE_OFF, 1);
  racing = false;
  return 0;
}

/** Threads that have existed so far: the clocks past it are all 0. */
function width(i32: Int32Array): number {
  return Math.min(MAX_TIDS, Atomics.load(i32, H.NEXT_TID));
}

/**
 * A release ticks the releaser's clock (FastTrack: what it does next is not ordered before the
 * next acquirer), but lazily: the tick is taken at this thread's next checked access or release,
 * and called off when the next thing it does is to take the same mutex back with nobody having
 * taken it between (mutexAcquired). In a loop of `acquire; g.n += 1; release` on one thread the
 * epoch then stays the same from one iteration to the next, and every access is one compare; a
 * tick at each release sent both accesses of every iteration down the slow path (raceAccess),
 * which doubled the `lock` scenario's time (bench/README.md).
 */
let tickPending = false;
/** The mutex whose release left the tick pending, and its block (0: not a mutex's release). */
let pendingKey = 0;
let pendingBlock = 0;
/**
 * The mutex this thread released last and its block, while its clock there needs no join at the
 * next release: nobody else has taken the mutex since, and this thread has learnt nothing (its
 * clock moved only in its own entry). 0 otherwise.
 */
let releasedKey = 0;
let releasedBlock = 0;
/**
 * Mutex releases this thread still makes without the shortcuts above. In a loop on one lock the
 * shortcuts are taken from the second iteration on, and the long ways (the calls to hbAcquire,
 * hbRelease and raceAccess at the lock and at the shared fields) would then first run when the
 * other thread takes the lock, long after the JIT compiled the loop with those call sites never
 * seen (V8 records no feedback in a function's first few calls): that hand-over deoptimized the
 * program's loop in each thread, then a slow recompile (Chrome --trace-deopt on the `lock`
 * benchmark). Taken WARM times first, they are ordinary calls in the compiled loop.
 */
const WARM = 64;
let warm = WARM;

function takeTick(): void {
  tickPending = false;
  pendingKey = 0;
  vc[me] = (vc[me] ?? 0) + 1;
  epochNow[0] = epochNow[OWN] = me * EPOCH + (vc[me] ?? 0);
}

/** After a release on `key` (block `b`) has published this thread's clock: the tick waits. */
function leaveTickPending(key: number, b: number): void {
  tickPending = true;
  pendingKey = key;
  pendingBlock = b;
  // No epoch is equal to NaN: this thread's next checked access takes the slow path, which
  // takes the tick (raceAccess).
  epochNow[0] = NaN;
}

/**
 * This thread learns what the releases on `key` knew (after the acquire succeeded: a lock
 * taken, a wait woken, a thread found ended).
 */
export function hbAcquire(key: number, exclusive = false): void {
  if (!racing) return;
  const i32 = ctx().i32;
  const b = blockOf(key);
  if (b === 0) return;
  // A mutex this thread released last holds nothing this thread does not know.
  if (exclusive && i32[b + 1] === me) {
    // ...and if that release left the tick pending, nobody saw anything between the two: as if
    // the lock had been kept, so the tick is not needed.
    if (pendingKey === key) callOffTick();
    return;
  }
  // Somebody else released `key` last: the next release of it joins this thread's whole clock.
  if (key === releasedKey) releasedKey = 0;
  const n = width(i32);
  if (!exclusive) spin(i32, b);
  for (let t = 1; t < n; t++) {
    const k = i32[b + 2 + t] ?? 0;
    if (k > (vc[t] ?? 0)) {
      vc[t] = k;
      // This thread's clock grew: every mutex's next release must join it.
      releasedKey = 0;
    }
  }
  if (!exclusive) Atomics.store(i32, b, 0);
}

function callOffTick(): void {
  tickPending = false;
  pendingKey = 0;
  epochNow[0] = epochNow[OWN] as number;
}

/**
 * A mutex taken by this thread (the caller holds it): hbAcquire(key, true), with the loop's case
 * (taken back right after this thread released it, nobody between) small enough to inline at
 * the lock.
 */
export function mutexAcquired(key: number): void {
  if (key === pendingKey && heap[pendingBlock + 1] === me) callOffTick();
  else hbAcquire(key, true);
}

/** A mutex released by its holder: hbRelease(key, true), with the loop's case inlined likewise. */
export function mutexReleased(key: number): void {
  if (key === releasedKey && !tickPending) {
    // Only this thread's own entry can have moved since it released the mutex last.
    const b = releasedBlock;
    const own = vc[me] ?? 0;
    if (heap[b + 2 + me] !== own) heap[b + 2 + me] = own;
    leaveTickPending(key, b);
  } else {
    hbRelease(key, true);
  }
}

/**
 * What this thread did so far happens before every later acquire on `key` (before the release).
 * `exclusive`: the caller holds the key's lock, so no other thread touches its clock now (a
 * mutex's holder; its next holder reads it only after the futex's own atomics).
 */
export function hbRelease(key: number, exclusive = false): void {
  if (!racing) return;
  // This release publishes a clock: an earlier release's tick is taken first, so that what this
  // thread does next is after both (only the last release's tick may be called off).
  if (tickPending) takeTick();
  const i32 = ctx().i32;
  const b = blockOf(key);
  if (b === 0) return;
  const n = width(i32);
  if (!exclusive) spin(i32, b);
  for (let t = 1; t < n; t++) {
    const k = vc[t] ?? 0;
    if (k > (i32[b + 2 + t] ?? 0)) i32[b + 2 + t] = k;
  }
  if (exclusive) {
    i32[b + 1] = me;
    if (warm > 0) {
      // A thread's first WARM releases arm no shortcut (see WARM).
      warm--;
      leaveTickPending(0, 0);
    } else {
      releasedKey = key;
      releasedBlock = b;
      leaveTickPending(key, b);
    }
  } else {
    i32[b + 1] = 0; // (a Lock released by another thread than its holder: no shortcut next time)
    if (key === releasedKey) releasedKey = 0;
    Atomics.store(i32, b, 0);
    leaveTickPending(0, 0);
  }
}

/** The block's spin lock: several releasers of a semaphore or queue may join into it at once. */
function spin(i32: Int32Array, b: number): void {
  while (Atomics.compareExchange(i32, b, 0, 1) !== 0);
}

/**
 * Float64 words of shadow for `n` locations (a record allocates them after its data; zeroed:
 * never accessed).
 */
export function shadowWords(n: number): number {
  return n * SHADOW_F64;
}

/**
 * A checked access to the location whose shadow is at Float64 index `sh` (for paths that are not
 * a tight loop's: `shared()` fields inline the same test).
 */
export function raceTouch(write: boolean, sh: number, addr: number, label: string): void {
  if (racing && ctx().f64[write ? sh : sh + 1] !== epochNow[0]) raceAccess(write, sh, addr, label);
}

/** Zeroes `n` locations' shadow at Float64 index `sh` (heap blocks are reused). */
export function clearShadow(sh: number, n: number): void {
  ctx().f64.fill(0, sh, sh + n * SHADOW_F64);
}

/**
 * An access whose epoch differs from the shadow's: checks it against the last write (and, for a
 * write, the last read) and records it. `sh` is the location's Float64 index; `addr` and
 * `label` name it (`g` + `num`, `v` + `value`, `arr` + `[3]`).
 */
export function raceAccess(write: boolean, sh: number, addr: number, label: string): void {
  if (tickPending) takeTick();
  const c = ctx();
  const f64 = c.f64;
  const i32 = c.i32;
  const meta = (sh + 2) * 2;
  const flags = (sh + 4) * 2;
  if ((i32[flags] ?? 0) & REPORTED) return;
  const w = f64[sh] ?? 0;
  let other = write ? conflict(f64[sh + 1] ?? 0) : 0;
  let otherKind: 'read' | 'write' = 'read';
  if (other === 0) {
    other = conflict(w);
    otherKind = 'write';
  }
  const seen = (i32[flags + 1] ?? 0) + 1;
  i32[flags + 1] = seen;
  let line = 0;
  if (seen <= LINED || ((i32[flags] ?? 0) & WATCHED) !== 0 || other !== 0) {
    line = currentLine(true) ?? 0;
    const k = write ? 0 : 1;
    i32[meta + k] = line;
    i32[meta + 2 + k] = nowMicros();
  }
  f64[write ? sh : sh + 1] = epochNow[0] as number;
  if (other === 0) return;
  const k = otherKind === 'write' ? 0 : 1;
  const otherLine = i32[meta + k] ?? 0;
  // The other side's line is not known (it ran past LINED): watch the place, name both next time.
  if (otherLine === 0 || line === 0) {
    i32[flags] = (i32[flags] ?? 0) | WATCHED;
    return;
  }
  i32[flags] = (i32[flags] ?? 0) | REPORTED;
  report(write, addr, label, line, other, otherKind, otherLine, (i32[meta + 2 + k] ?? 0) >>> 0);
}

/** The tid of the epoch `e` when it does not happen before this thread's clock; else 0. */
function conflict(e: number): number {
  if (e === 0) return 0;
  const t = Math.floor(e / EPOCH);
  if (t === me) return 0;
  return e - t * EPOCH > (vc[t] ?? 0) ? t : 0;
}


function report(write: boolean, addr: number, label: string, line: number, other: number, otherKind: 'read' | 'write', otherLine: number, otherT: number): void {
  const i32 = ctx().i32;
  if (Atomics.load(i32, H.RACE_OFF) !== 0 || reports >= MAX_REPORTS) return;
  reports++;
  const name = `${programName(i32, addr)}${label.startsWith('[') ? '' : '.'}${label}`;
  const text =
    `data race on ${name}: ${threadName(i32, me)} ${write ? 'writes' : 'reads'} at line ${line} ` +
    `while ${threadName(i32, other)} ${otherKind === 'write' ? 'wrote' : 'read'} it at line ${otherLine}, and no lock orders them`;
  warn('race', text, line, { tid: other, line: otherLine, t: otherT });
}
