/**
 * A tiny edit list over one source string (the idea of magic-string, sized for the compiler).
 *
 * The compiler's contract is that line N of the input stays line N of the output, so every edit
 * here is built to keep newlines: removed text still emits its newlines, inserted text must not
 * contain any, and moved text is flattened onto one line.
 *
 * Ordering at one position: closing inserts come before opening ones; among openings the earlier
 * registered comes first, among closings the earlier registered comes last. The compiler always
 * registers an outer construct's edits before walking into its children, so wrappers nest.
 */

/** A reference to a moved range, rendered (with its own edits) where the insert that holds it sits. */
export interface MoveRef {
  readonly move: number;
}

/** Lazy pieces let an insert depend on facts learned later in the walk. */
export type Piece = string | MoveRef | (() => string);

interface Insert {
  readonly pos: number;
  readonly close: boolean;
  readonly seq: number;
  readonly pieces: readonly Piece[];
}

export class Splice {
  private readonly inserts: Insert[] = [];
  private readonly removed: Uint8Array;
  /** 0 = main flow, k = inside move k. */
  private readonly owner: Int32Array;
  private readonly moves: Array<{ start: number; end: number }> = [{ start: 0, end: 0 }];
  private seq = 0;

  constructor(private readonly src: string) {
    this.removed = new Uint8Array(src.length);
    this.owner = new Int32Array(src.length);
  }

  /** Inserts before the character at `pos` (it travels with that character if it is moved). */
  open(pos: number, ...pieces: Piece[]): void {
    this.inserts.push({ pos, close: false, seq: this.seq++, pieces });
  }

  /** Inserts after the character at `pos - 1` (it travels with that character if it is moved). */
  close(pos: number, ...pieces: Piece[]): void {
    this.inserts.push({ pos, close: true, seq: this.seq++, pieces });
  }

  remove(start: number, end: number): void {
    this.removed.fill(1, start, end);
  }

  /** Replaces [start, end) with text that opens at start. */
  replace(start: number, end: number, ...pieces: Piece[]): void {
    this.remove(start, end);
    this.open(start, ...pieces);
  }

  /** Takes [start, end) out of its place; the returned ref renders it wherever it is inserted. */
  move(start: number, end: number): MoveRef {
    const id = this.moves.length;
    this.moves.push({ start, end });
    this.owner.fill(id, start, end);
    return { move: id };
  }

  /**
   * True when the character at `pos` is emitted, in the same flow (main text or one moved range)
   * as an insert at `at`. Only meaningful once every edit is registered, i.e. from a lazy piece.
   */
  emits(pos: number, at: number): boolean {
    return this.removed[pos] === 0 && this.owner[pos] === this.owner[at];
  }

  toString(): string {
    const sorted = [...this.inserts].sort(
      (a, b) =>
        a.pos - b.pos ||
        (a.close === b.close ? (a.close ? b.seq - a.seq : a.seq - b.seq) : a.close ? -1 : 1),
    );
    const byPos = new Map<number, Insert[]>();
    for (const ins of sorted) {
      let list = byPos.get(ins.pos);
      if (!list) byPos.set(ins.pos, (list = []));
      list.push(ins);
    }
    return this.render(0, 0, this.src.length, byPos);
  }

  private ownerOf(ins: Insert): number {
    const at = ins.close ? ins.pos - 1 : ins.pos;
    return at >= 0 && at < this.src.length ? (this.owner[at] ?? 0) : 0;
  }

  private render(ctx: number, from: number, to: number, byPos: Map<number, Insert[]>): string {
    const out: string[] = [];
    const src = this.src;
    const flatten = ctx !== 0;
    let run = from;
    const flush = (i: number): void => {
      if (i > run) out.push(src.slice(run, i));
    };
    for (let i = from; i <= to; i++) {
      const here = byPos.get(i);
      if (here) {
        flush(i);
        run = i;
        for (const ins of here) {
          if (this.ownerOf(ins) !== ctx) continue;
          for (const p of ins.pieces) {
            if (typeof p === 'string') out.push(p);
            else if (typeof p === 'function') out.push(p());
            else {
              const m = this.moves[p.move];
              if (m) out.push(this.render(p.move, m.start, m.end, byPos));
            }
          }
        }
      }
      if (i === to) break;
      const kept = this.owner[i] === ctx && this.removed[i] === 0;
      const c = src.charCodeAt(i);
      if (!kept) {
        flush(i);
        run = i + 1;
        // Removed or moved-away text still owes its line breaks to the main flow.
        if (!flatten && (c === 10 || c === 0x2028 || c === 0x2029)) out.push(src[i] ?? '');
        else if (!flatten && c === 13 && src.charCodeAt(i + 1) !== 10) out.push('\r');
      } else if (flatten && (c === 10 || c === 13 || c === 0x2028 || c === 0x2029)) {
        flush(i);
        run = i + 1;
        out.push(' ');
      }
    }
    flush(to);
    return out.join('');
  }
}
