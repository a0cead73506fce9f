/**
 * Gives a shared-memory object the name the program declared it under (`g` for
 * `const g = shared({num: 0})`, `v` for `const v = mp.Value('i', 0)`), read from the creating
 * line of the source, so that the step controls (and warnings about it) can say `read g.num`.
 * One stack read per creation; an object created any other way keeps its display name.
 */
import { addName } from '../../protocol/names';
import { ctx, currentLine } from './context';

const DECLARATION = /(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]*)?=\s*(?:new\s+)?(?:[\w$]+\.)*(?:shared|Value|Array|RawValue|RawArray)\s*[(<]/;

let linesOf: { source: string; lines: string[] } | null = null;

function sourceLine(source: string, line: number): string {
  if (linesOf?.source !== source) linesOf = { source, lines: source.split('\n') };
  return linesOf.lines[line - 1] ?? '';
}

/** Names the object at `addr` after the declaration on the line creating it, if there is one. */
export function nameFromDeclaration(addr: number): void {
  const c = ctx();
  const line = currentLine(true);
  if (line === undefined) return;
  const m = DECLARATION.exec(sourceLine(c.source, line));
  if (m?.[1] !== undefined) addName(c.i32, addr, m[1]);
}
