/**
 * Diagnostics' one way out (docs/diagnostics.md): a warning is a console line on the `warning`
 * stream, never stdout or stderr, written to the thread's trace ring like a print (so it is
 * never dropped and keeps its place in the run's order). The detectors decide what to say and
 * say each thing once; this only writes it.
 */
import { writeWarning, type WarningInfo, type WarningKind } from '../../protocol/trace';
import { ctx, currentLine } from './context';

/**
 * Writes one warning line. `line` defaults to the program line running now; `other` is the
 * earlier event it pairs with (a race's other access: its thread, line and time in µs).
 */
export function warn(kind: WarningKind, text: string, line?: number, other?: WarningInfo['other']): void {
  writeWarning(ctx().ring, kind, line ?? currentLine(true) ?? 0, text, other);
}
