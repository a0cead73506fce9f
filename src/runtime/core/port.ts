/**
 * The worker's line to the page for events while its thread runs (a comlink proxy of the
 * supervisor's handler, set at bootstrap). The end of a thread is the resolution of the
 * worker's `run` call itself (runtime/worker.ts).
 */
export type { WorkerMessage } from '../../protocol/messages';
import type { WorkerMessage } from '../../protocol/messages';

let poster: ((m: WorkerMessage) => void) | null = null;

export function setPoster(p: (m: WorkerMessage) => void): void {
  poster = p;
}

export function post(m: WorkerMessage): void {
  if (!poster) throw new Error('no page to post to');
  poster(m);
}
