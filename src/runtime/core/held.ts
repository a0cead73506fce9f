import { perThread } from './perthread';

/**
 * How many Lock/RLock holds the calling thread has now (a hint, per worker). shared() fields
 * read through a wasm atomic barrier so an unsynchronized `g.x += 1` loop really reads memory
 * each time (shared.ts); under a lock the lock's own atomic calls already are that barrier, so
 * the fields read and write plain memory, two wasm calls fewer per locked increment.
 *
 * Only a hint: a Lock released by another thread than its holder leaves the holder's count up,
 * which costs the barrier, never correctness (the accesses are the same loads and stores).
 */
export const held = { n: 0 };
perThread(() => (held.n = 0));
