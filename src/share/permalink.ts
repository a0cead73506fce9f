/**
 * Permalinks (docs/urls-and-automation.md): `?<options>#code/<lz-string compressToEncodedURIComponent(source)>`
 * (the TypeScript Playground's convention) and `?<options>#example=<id>`.
 *
 * Decoding never throws: a link comes from anywhere (chat apps truncate, mail clients append
 * punctuation, people type), so every failure is a value the app can explain and recover from.
 */
import { compressToEncodedURIComponent } from 'lz-string';
import { lzDecodeURIComponent } from './lz-decode';
import { isSchedName, isSeed, type SchedName } from '../protocol/sched';
import { MAX_STEP_ALTS, choice, choiceAlt, choiceTid } from '../protocol/step';
import { MAX_SPEED, isMaxSpeed } from '../protocol/speed';

/** Longest `#code/` payload accepted; shared programs are a few kB, this leaves room for 100×. */
export const MAX_PAYLOAD_CHARS = 400_000;
/** Longest decoded program accepted (also bounds the decoder's work on hostile input). */
export const MAX_SOURCE_CHARS = 1_000_000;
/** Above this length a link may be cut by chat apps and mail clients: the Share dialog warns. */
export const LONG_LINK_CHARS = 2_000;

export const SPEED_MIN = 0.01;
export const SPEED_MAX = 1000;

export interface LinkOptions {
  /** The scenario the code came from (Python tab and notes). */
  example?: string;
  /** Program seconds per wall second; `Infinity` is `speed=max` (protocol/speed.ts). */
  speed?: number;
  /** The scheduling mode (docs/deterministic-runs.md); absent: the scenario's default. */
  sched?: SchedName;
  /** The run's seed, 0..2^32-1; a link's seed is pinned when it opens. */
  seed?: number;
  /** A step run's decisions (tids), `steps=`: the link opens paused after replaying them. */
  steps?: number[];
  /** Query options this version does not know, kept in order so links survive a round trip. */
  extra: [string, string][];
}

export type LinkTarget =
  | { kind: 'none' }
  | { kind: 'example'; id: string }
  | { kind: 'code'; source: string; payload: string };

/** Why a link cannot be opened; what each says, in each language, is the app's (`app/i18n.ts` `linkErrors`). */
export type LinkErrorCode =
  | 'empty'
  | 'garbage'
  | 'truncated'
  | 'too-large'
  | 'unknown-format'
  | 'bad-example';

/**
 * An option the link gives that could not be used, and was ignored (the rest of the link still
 * opens). `value`: what the link said, cut to 20 characters. The app words each in the learner's
 * language (`app/i18n.ts` `linkWarning`).
 */
export type LinkWarning =
  | { code: 'unreadable' }
  | { code: 'example' }
  | { code: 'speed'; value: string }
  | { code: 'sched'; value: string }
  | { code: 'seed'; value: string }
  | { code: 'steps'; value: string }
  /** Steps in a link that opens in another mode (`sched`). */
  | { code: 'steps-mode'; sched: SchedName };

export type ParsedLink =
  | { ok: true; target: LinkTarget; options: LinkOptions; warnings: LinkWarning[] }
  | { ok: false; error: LinkErrorCode; options: LinkOptions; warnings: LinkWarning[] };

const EXAMPLE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export function isValidExampleId(id: string): boolean {
  return EXAMPLE_ID.test(id);
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** Parses a query string (`?a=b&…`, with or without `?`) into known and kept options. */
export function parseOptions(search: string, warnings: LinkWarning[] = []): LinkOptions {
  const options: LinkOptions = { extra: [] };
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  } catch {
    warnings.push({ code: 'unreadable' });
    return options;
  }
  for (const [key, value] of params) {
    if (key === 'example') {
      if (isValidExampleId(value)) options.example = value;
      else warnings.push({ code: 'example' });
    } else if (key === 'speed') {
      const n = Number(value);
      if (value === 'max') options.speed = MAX_SPEED;
      else if (value.trim() !== '' && Number.isFinite(n) && n >= SPEED_MIN && n <= SPEED_MAX) {
        options.speed = n;
      } else {
        warnings.push({ code: 'speed', value: value.slice(0, 20) });
      }
    } else if (key === 'sched') {
      if (isSchedName(value)) options.sched = value;
      else warnings.push({ code: 'sched', value: value.slice(0, 20) });
    } else if (key === 'seed') {
      // Digits only: Number() would also take " 42", "0x2a", "4.2e1" and "".
      const n = /^[0-9]{1,10}$/.test(value) ? Number(value) : NaN;
      if (isSeed(n)) options.seed = n;
      else warnings.push({ code: 'seed', value: value.slice(0, 20) });
    } else if (key === 'steps') {
      const steps = decodeSteps(value);
      if (steps !== null) options.steps = steps;
      else warnings.push({ code: 'steps', value: value.slice(0, 20) });
    } else {
      options.extra.push([key, value]);
    }
  }
  if (options.steps !== undefined && options.sched !== undefined && options.sched !== 'step') {
    warnings.push({ code: 'steps-mode', sched: options.sched });
    delete options.steps;
  }
  return options;
}

/** Most steps a link may carry (a few thousand is a long lesson; this bounds hostile input). */
export const MAX_LINK_STEPS = 1_000_000;

/**
 * A step run's decisions as a link writes them: runs of the same decision joined by `.`, each
 * `<tid>` or `<tid>x<count>` (`[1, 1, 1, 2, 3, 3]` is `1x3.2.3x2`): short, and readable enough
 * to see who moved. A thread's k-th ready asyncio task (k ≥ 1) is `<tid>t<k>`.
 */
export function encodeSteps(choices: readonly number[]): string {
  const out: string[] = [];
  for (let k = 0; k < choices.length; ) {
    const c = choices[k] as number;
    let n = 1;
    while (choices[k + n] === c) n++;
    const alt = choiceAlt(c);
    const d = alt === 0 ? String(c) : `${choiceTid(c)}t${alt}`;
    out.push(n === 1 ? d : `${d}x${n}`);
    k += n;
  }
  return out.join('.');
}

/** The decisions `encodeSteps` wrote, or null when `s` is not such a list. */
export function decodeSteps(s: string): number[] | null {
  if (s === '') return [];
  const out: number[] = [];
  for (const run of s.split('.')) {
    const m = /^([1-9][0-9]{0,3})(?:t([1-9][0-9]?))?(?:x([1-9][0-9]{0,6}))?$/.exec(run);
    if (m === null) return null;
    const alt = m[2] === undefined ? 0 : Number(m[2]);
    if (alt >= MAX_STEP_ALTS) return null;
    const n = m[3] === undefined ? 1 : Number(m[3]);
    if (out.length + n > MAX_LINK_STEPS) return null;
    for (let k = 0; k < n; k++) out.push(choice(Number(m[1]), alt));
  }
  return out;
}

/** True when the text could be a program someone typed (no binary noise from a broken link). */
function looksLikeText(s: string): boolean {
  // U+FFFD appears when bytes were lost; C0 controls other than tab/newline/CR never occur in code.
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0xfffd || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d)) return false;
  }
  return true;
}

/** Decodes a `#code/` payload. */
export function decodeCode(
  payloadRaw: string,
): { ok: true; source: string; payload: string } | { ok: false; error: LinkErrorCode } {
  let payload = payloadRaw;
  if (payload.includes('%')) {
    const d = safeDecode(payload);
    if (d === null) return { ok: false, error: 'garbage' };
    payload = d;
  }
  // Mail clients and chat apps like to glue trailing punctuation or whitespace onto links.
  // A '+' that a form encoder turned into a space is restored first, so it is not stripped.
  payload = payload.replace(/ /g, '+').replace(/[\s.,;:!?)\]}>'"]+$/u, '');
  if (payload.length === 0) return { ok: false, error: 'empty' };
  if (payload.length > MAX_PAYLOAD_CHARS) return { ok: false, error: 'too-large' };
  const r = lzDecodeURIComponent(payload, MAX_SOURCE_CHARS);
  if (!r.ok) {
    switch (r.reason) {
      case 'empty':
        return { ok: false, error: 'empty' };
      case 'alphabet':
        return { ok: false, error: 'garbage' };
      case 'too-large':
        return { ok: false, error: 'too-large' };
      default:
        return { ok: false, error: 'truncated' };
    }
  }
  if (r.text.length === 0) return { ok: false, error: 'empty' };
  if (!looksLikeText(r.text)) return { ok: false, error: 'truncated' };
  // The encoder is deterministic, so a genuine link re-encodes to itself. A cut link usually
  // still decodes (to a shorter or noisier program); this catches it.
  if (compressToEncodedURIComponent(r.text) !== payload) {
    return { ok: false, error: 'truncated' };
  }
  return { ok: true, source: r.text, payload };
}

/** Parses `location.search` + `location.hash`. Never throws. */
export function parseLink(search: string, hash: string): ParsedLink {
  const warnings: LinkWarning[] = [];
  const options = parseOptions(search, warnings);
  const fail = (error: LinkErrorCode): ParsedLink => ({ ok: false, error, options, warnings });
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (h === '') return { ok: true, target: { kind: 'none' }, options, warnings };
  if (h.startsWith('code/')) {
    const r = decodeCode(h.slice('code/'.length));
    if (!r.ok) return fail(r.error);
    return { ok: true, target: { kind: 'code', source: r.source, payload: r.payload }, options, warnings };
  }
  if (h.startsWith('example=')) {
    const id = safeDecode(h.slice('example='.length).trim());
    if (id === null || !isValidExampleId(id)) return fail('bad-example');
    return { ok: true, target: { kind: 'example', id }, options, warnings };
  }
  return fail('unknown-format');
}

/** `?example=…&speed=…&sched=…&seed=…&<kept>` or '' when there is nothing to say. */
export function buildQuery(options: LinkOptions): string {
  const params = new URLSearchParams();
  if (options.example !== undefined) params.set('example', options.example);
  if (options.speed !== undefined && options.speed !== 1) {
    params.set('speed', isMaxSpeed(options.speed) ? 'max' : String(options.speed));
  }
  if (options.sched !== undefined) params.set('sched', options.sched);
  if (options.seed !== undefined) params.set('seed', String(options.seed));
  if (options.steps !== undefined && options.steps.length > 0) params.set('steps', encodeSteps(options.steps));
  for (const [k, v] of options.extra) params.append(k, v);
  const q = params.toString();
  return q === '' ? '' : `?${q}`;
}

export function encodeCodeHash(source: string): string {
  return `#code/${compressToEncodedURIComponent(source)}`;
}

/** A full permalink; `base` is origin + path, e.g. `https://host/playground/`. */
export function buildPermalink(base: string, source: string, options: LinkOptions): string {
  return `${base}${buildQuery(options)}${encodeCodeHash(source)}`;
}

/** A link to a built-in example as it ships (no code in it: short, and it follows fixes to the example). */
export function buildExampleLink(base: string, id: string, options: Omit<LinkOptions, 'example'>): string {
  return `${base}${buildQuery(options)}#example=${id}`;
}
