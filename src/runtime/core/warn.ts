/**
 * Diagnostics' one way out (docs/diagnostics.md): a warning is a console line on the `warning`
 * stream, never stdout or stderr, written to the thread's trace ring like a print (so it is
 * never dropped and keeps its place in the run's order). The detectors decide what to say and
 * say each thing once; this only writes it.
 */
import { H } from '../../protocol/memory-layout';
import { writeWarning, type WarningInfo, type WarningKind } from '../../protocol/trace';
import { ctx, currentLine } from './context';
import { perThread } from './perthread';

/**
 * The detectors on in this run (memory-layout.ts `Detect` bits), read as the thread begins
 * (a live binding: hot paths test `detect & Detect.RACE` without a call).
 */
export let detect = 0;
perThread(() => (detect = 0));

/** Reads which detectors the run has on (worker.ts, as each thread begins). */
export function beginDetectors(i32: Int32Array): void {
  detect = Atomics.load(i32, H.DETECT);
}

/**
 * Writes one warning line. `line` defaults to the program line running now; `other` is the
 * earlier event it pairs with (a race's other access: its thread, line and time in µs).
 */
export function warn(kind: WarningKind, text: string, line?: number, other?: WarningInfo['other']): void {
  writeWarning(ctx().ring, kind, line ?? currentLine(true) ?? 0, text, other);
}
