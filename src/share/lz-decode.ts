/**
 * A bounded decoder for lz-string's `compressToEncodedURIComponent` format.
 *
 * Why not `LZString.decompressFromEncodedURIComponent`: the format is LZW, where one 6-bit input
 * character can expand to a dictionary entry as long as everything decoded so far. A hostile
 * permalink of a few kilobytes can therefore ask for gigabytes of output and freeze the tab. This
 * decoder stops as soon as the output passes a budget, and reports characters outside the URI
 * alphabet instead of silently reading them as zero bits.
 *
 * Format recap (the bit stream is read least-significant bit first, 6 bits per input char):
 * a code of `numBits` bits is 0 (a new 8-bit char follows), 1 (a new 16-bit char follows),
 * 2 (end of stream) or an index into the dictionary; entry 3+ are strings. `numBits` grows by
 * one each time the dictionary doubles (`enlargeIn` counts down to that moment).
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
const VALUE = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]));

export type LzDecodeResult =
  | { ok: true; text: string }
  | { ok: false; reason: 'empty' | 'alphabet' | 'truncated' | 'corrupt' | 'too-large' };

export function lzDecodeURIComponent(input: string, maxChars: number): LzDecodeResult {
  // Form encoders turn '+' into ' '; lz-string's own decoder undoes that too.
  const data = input.replace(/ /g, '+');
  if (data.length === 0) return { ok: false, reason: 'empty' };
  const values = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = VALUE.get(data[i]!);
    if (v === undefined) return { ok: false, reason: 'alphabet' };
    values[i] = v;
  }

  // Bit reader state: `pos` is the mask of the next bit inside the current 6-bit value.
  let index = 0;
  let cur = values[0]!;
  let pos = 32;
  let exhausted = false;
  const readBits = (n: number): number => {
    let bits = 0;
    for (let power = 1, i = 0; i < n; i++, power <<= 1) {
      if (exhausted) return -1;
      if (cur & pos) bits |= power;
      pos >>= 1;
      if (pos === 0) {
        pos = 32;
        index++;
        if (index >= values.length) exhausted = true;
        else cur = values[index]!;
      }
    }
    return bits;
  };

  const dict: string[] = ['', '', ''];
  let enlargeIn = 4;
  let numBits = 3;
  let total = 0;

  const first = readBits(2);
  let w: string;
  if (first === 0 || first === 1) {
    const code = readBits(first === 0 ? 8 : 16);
    if (code < 0) return { ok: false, reason: 'truncated' };
    w = String.fromCharCode(code);
  } else if (first === 2) {
    return { ok: true, text: '' };
  } else {
    return { ok: false, reason: exhausted ? 'truncated' : 'corrupt' };
  }
  dict.push(w);
  const out: string[] = [w];
  total = 1;

  for (;;) {
    let c = readBits(numBits);
    if (c < 0) return { ok: false, reason: 'truncated' };
    if (c === 0 || c === 1) {
      const code = readBits(c === 0 ? 8 : 16);
      if (code < 0) return { ok: false, reason: 'truncated' };
      dict.push(String.fromCharCode(code));
      c = dict.length - 1;
      enlargeIn--;
    } else if (c === 2) {
      return { ok: true, text: out.join('') };
    }
    if (enlargeIn === 0) {
      enlargeIn = 1 << numBits;
      numBits++;
    }
    let entry: string;
    if (c < dict.length && c >= 3) entry = dict[c]!;
    else if (c === dict.length) entry = w + w.charAt(0);
    else return { ok: false, reason: 'corrupt' };
    total += entry.length;
    if (total > maxChars) return { ok: false, reason: 'too-large' };
    out.push(entry);
    dict.push(w + entry.charAt(0));
    enlargeIn--;
    w = entry;
    if (enlargeIn === 0) {
      enlargeIn = 1 << numBits;
      numBits++;
    }
  }
}
