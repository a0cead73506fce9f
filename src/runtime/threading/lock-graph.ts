/**
 * The lock-order detector's run-wide graph (docs/diagnostics.md "Lock order"): an edge A → B for
 * "a thread acquired B while holding A", with the threads that made it. Every thread of every
 * process adds to the same graph, so it lives in the run's heap; the detector's per-thread half
 * (what each thread holds) is lock-order.ts.
 *
 * Root record (Int32 words, address in H.LOCK_GRAPH, made by the first edge):
 *   0 SPIN     writers' spin lock (0 free, 1 taken): adding an edge and searching for the cycle
 *              it closes is one critical section, so two threads closing the same cycle at once
 *              report it once
 *   1 REPORTS  cycles reported so far (at most MAX_REPORTS a run)
 *   4..        BUCKETS heads of node chains, by lock address
 * Node (16 bytes): [next in bucket, lock address, first out-edge, 0]
 * Edge (64 bytes): [next out-edge of the same node, to (lock address), makers, 0, then MAKERS
 *                   × (tid, line of the acquisition, line of the held lock's acquisition or 0,
 *                   µs since the run started)]
 *
 * Nothing is ever removed, and a writer fills a record before it publishes it with an atomic
 * store (a chain head, an edge's maker count): a reader (edgeKnown) needs no lock.
 */
import { alloc, free } from '../../protocol/heap';
import { H } from '../../protocol/memory-layout';

const SPIN = 0;
const REPORTS = 1;
const BUCKET0 = 4;
const BUCKETS = 256;
const ROOT_BYTES = (BUCKET0 + BUCKETS) * 4;

const N_NEXT = 0;
const N_ADDR = 1;
const N_EDGES = 2;
const NODE_BYTES = 16;

const E_NEXT = 0;
const E_TO = 1;
const E_MAKERS = 2;
const E_MAKER0 = 4;
/** Threads remembered per edge: enough to find distinct threads for short cycles. */
const MAKERS = 3;
const MAKER_WORDS = 4;
const EDGE_BYTES = (E_MAKER0 + MAKERS * MAKER_WORDS) * 4;

/** The longest cycle searched for (locks), and how many edges one search may visit. */
const MAX_CYCLE = 8;
const SEARCH_STEPS = 20_000;
/** Cycles reported per run: a program taking many locks in every order is one lesson, not fifty. */
export const MAX_REPORTS = 20;

/** One thread's making of an edge: who, where (program lines; 0: unknown) and when (µs). */
export interface EdgeMaker {
  tid: number;
  line: number;
  holdLine: number;
  t: number;
}

/** An edge of a reported cycle: `by` acquired `to` while holding `from`. */
export interface CycleEdge {
  from: number;
  to: number;
  by: EdgeMaker;
}

function bucketOf(addr: number): number {
  return BUCKET0 + (Math.imul(addr >>> 3, 0x9e3779b1) >>> 24);
}

/** The node record of lock `addr`, 0 when the lock has no out-edge yet. */
function findNode(i32: Int32Array, r: number, addr: number): number {
  for (let n = Atomics.load(i32, r + bucketOf(addr)); n !== 0; n = Atomics.load(i32, (n >> 2) + N_NEXT)) {
    if (i32[(n >> 2) + N_ADDR] === addr) return n;
  }
  return 0;
}

function findEdge(i32: Int32Array, node: number, to: number): number {
  if (node === 0) return 0;
  for (let e = Atomics.load(i32, (node >> 2) + N_EDGES); e !== 0; e = Atomics.load(i32, (e >> 2) + E_NEXT)) {
    if (i32[(e >> 2) + E_TO] === to) return e;
  }
  return 0;
}

function makerOf(i32: Int32Array, edge: number, k: number): EdgeMaker {
  const m = (edge >> 2) + E_MAKER0 + k * MAKER_WORDS;
  return { tid: i32[m] ?? 0, line: i32[m + 1] ?? 0, holdLine: i32[m + 2] ?? 0, t: (i32[m + 3] ?? 0) >>> 0 };
}

/** Whether thread `tid`'s "acquired `to` while holding `from`" is in the graph already (no lock taken). */
export function edgeKnown(i32: Int32Array, from: number, to: number, tid: number): boolean {
  const r = Atomics.load(i32, H.LOCK_GRAPH);
  if (r === 0) return false;
  const e = findEdge(i32, findNode(i32, r >> 2, from), to);
  if (e === 0) return false;
  const n = Atomics.load(i32, (e >> 2) + E_MAKERS);
  // An edge that remembers MAKERS threads already gives every cycle through it enough choice.
  if (n >= MAKERS) return true;
  for (let k = 0; k < n; k++) if (i32[(e >> 2) + E_MAKER0 + k * MAKER_WORDS] === tid) return true;
  return false;
}

/** The root record's Int32 index, made by the first caller (the others free theirs). */
function rootIndex(i32: Int32Array): number {
  const r = Atomics.load(i32, H.LOCK_GRAPH);
  if (r !== 0) return r >> 2;
  const mine = alloc(i32, ROOT_BYTES);
  const won = Atomics.compareExchange(i32, H.LOCK_GRAPH, 0, mine);
  if (won === 0) return mine >> 2;
  free(i32, mine);
  return won >> 2;
}

/**
 * Records that `maker.tid` acquired `to` while holding `from`, and returns the lock-order cycle
 * this closes, if any: edges in cycle order, the new one last, each with a thread that made it,
 * all threads distinct (one thread cannot deadlock with itself: it needs another thread in the
 * opposite order). A cycle is returned once per run: when the last edge or thread it needed
 * arrives. Throws HeapFullError (the graph is unchanged) when the heap has no room.
 */
export function addEdge(i32: Int32Array, from: number, to: number, maker: EdgeMaker): CycleEdge[] | null {
  const r = rootIndex(i32);
  while (Atomics.compareExchange(i32, r + SPIN, 0, 1) !== 0) {
    // Held for one edge insertion and a bounded search: spinning beats a futex here.
  }
  try {
    const before = record(i32, r, from, to, maker);
    if (before === null || (i32[r + REPORTS] ?? 0) >= MAX_REPORTS) return null;
    const cycle = findCycle(i32, r, from, to, maker, before);
    if (cycle !== null) i32[r + REPORTS] = (i32[r + REPORTS] ?? 0) + 1;
    return cycle;
  } finally {
    Atomics.store(i32, r + SPIN, 0);
  }
}

/**
 * Adds the edge or its maker under the spin lock. Returns the edge's makers before this one
 * (none for a new edge), or null when there was nothing to add.
 */
function record(i32: Int32Array, r: number, from: number, to: number, maker: EdgeMaker): EdgeMaker[] | null {
  const known = findNode(i32, r, from);
  let edge = findEdge(i32, known, to);
  let k = 0;
  if (edge !== 0) {
    k = i32[(edge >> 2) + E_MAKERS] ?? 0;
    if (k >= MAKERS) return null;
    for (let j = 0; j < k; j++) if (i32[(edge >> 2) + E_MAKER0 + j * MAKER_WORDS] === maker.tid) return null;
  }
  // Both records are allocated before anything is published: a full heap changes nothing.
  const node = known !== 0 ? known : alloc(i32, NODE_BYTES);
  if (edge === 0) {
    try {
      edge = alloc(i32, EDGE_BYTES);
    } catch (e) {
      if (known === 0) free(i32, node);
      throw e;
    }
    i32[(edge >> 2) + E_TO] = to;
  }
  const m = (edge >> 2) + E_MAKER0 + k * MAKER_WORDS;
  i32[m] = maker.tid;
  i32[m + 1] = maker.line;
  i32[m + 2] = maker.holdLine;
  i32[m + 3] = maker.t | 0;
  Atomics.store(i32, (edge >> 2) + E_MAKERS, k + 1);
  if (k > 0) return makersOf(i32, edge).slice(0, k);
  i32[(edge >> 2) + E_NEXT] = i32[(node >> 2) + N_EDGES] ?? 0;
  Atomics.store(i32, (node >> 2) + N_EDGES, edge);
  if (known === 0) {
    i32[(node >> 2) + N_ADDR] = from;
    i32[(node >> 2) + N_NEXT] = i32[r + bucketOf(from)] ?? 0;
    Atomics.store(i32, r + bucketOf(from), node);
  }
  return [];
}

/**
 * A cycle through the new edge `from → to` that this maker made possible: a path back from `to`
 * to `from` such that every edge of the cycle can be given a thread that made it, all distinct,
 * which was not possible with the new edge's `before` makers. Shortest first (iterative
 * deepening over simple paths), within SEARCH_STEPS edge visits.
 */
function findCycle(i32: Int32Array, r: number, from: number, to: number, maker: EdgeMaker, before: EdgeMaker[]): CycleEdge[] | null {
  let steps = SEARCH_STEPS;
  const path: number[] = [];
  const onPath = new Set<number>([from, to]);
  const closes = (): CycleEdge[] | null => {
    const makers = path.map((e) => makersOf(i32, e));
    // Already a cycle of distinct threads before this maker: reported then (or past the limit).
    if (before.length > 0 && assignThreads([...makers, before]) !== null) return null;
    const chosen = assignThreads([...makers, [maker]]);
    if (chosen === null) return null;
    const cycle: CycleEdge[] = [];
    let at = to;
    for (const [i, e] of path.entries()) {
      const next = i32[(e >> 2) + E_TO] ?? 0;
      cycle.push({ from: at, to: next, by: chosen[i] ?? maker });
      at = next;
    }
    cycle.push({ from, to, by: maker });
    return cycle;
  };
  const search = (at: number, left: number): CycleEdge[] | null => {
    const node = findNode(i32, r, at);
    for (let e = node === 0 ? 0 : (i32[(node >> 2) + N_EDGES] ?? 0); e !== 0; e = i32[(e >> 2) + E_NEXT] ?? 0) {
      if (--steps < 0) return null;
      const next = i32[(e >> 2) + E_TO] ?? 0;
      path.push(e);
      if (next === from) {
        const cycle = closes();
        if (cycle !== null) return cycle;
      } else if (left > 1 && !onPath.has(next)) {
        onPath.add(next);
        const found = search(next, left - 1);
        onPath.delete(next);
        if (found !== null) return found;
      }
      path.pop();
    }
    return null;
  };
  for (let len = 1; len < MAX_CYCLE && steps > 0; len++) {
    const found = search(to, len);
    if (found !== null) return found;
  }
  return null;
}

function makersOf(i32: Int32Array, edge: number): EdgeMaker[] {
  const n = Math.min(Atomics.load(i32, (edge >> 2) + E_MAKERS), MAKERS);
  return Array.from({ length: n }, (_, k) => makerOf(i32, edge, k));
}

/**
 * One maker per edge, all of distinct threads (a bipartite matching by Kuhn's augmenting paths:
 * a cycle has few edges, an edge few makers), or null when there is no such choice.
 */
export function assignThreads(options: readonly (readonly EdgeMaker[])[]): EdgeMaker[] | null {
  const edgeOf = new Map<number, number>();
  const chosen: EdgeMaker[] = [];
  const place = (i: number, seen: Set<number>): boolean => {
    for (const m of options[i] ?? []) {
      if (seen.has(m.tid)) continue;
      seen.add(m.tid);
      const j = edgeOf.get(m.tid);
      if (j === undefined || place(j, seen)) {
        edgeOf.set(m.tid, i);
        chosen[i] = m;
        return true;
      }
    }
    return false;
  };
  for (let i = 0; i < options.length; i++) if (!place(i, new Set())) return null;
  return chosen;
}
