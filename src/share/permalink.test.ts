import { describe, expect, it } from 'vitest';
import { compressToEncodedURIComponent } from 'lz-string';
import { lzDecodeURIComponent } from './lz-decode';
import {
  buildPermalink,
  buildQuery,
  decodeCode,
  encodeCodeHash,
  parseLink,
  parseOptions,
  MAX_SOURCE_CHARS,
  buildExampleLink,
  decodeSteps,
  encodeSteps,
  type LinkWarning,
} from './permalink';
import { createAutosaver, linkDocKey, loadSaved, writeSaved, clearSaved, type StorageLike } from './autosave';
import { choice } from '../protocol/step';

const SAMPLE = `import { Thread } from 'threading';
import { sleep } from 'time';

function worker(n: number) {
  print('Thread', n, 'says 你好 🧵');
  sleep(0.1);
}

for (const i of range(3)) new Thread({ target: worker, args: [i] }).start();
`;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('lzDecodeURIComponent', () => {
  it('decodes what lz-string encodes, for many random texts', () => {
    const r = rng(42);
    const alphabet = 'abc def\n\t{}()=>;\'"`你好🧵é$+-%#';
    const chars = [...alphabet];
    for (let n = 0; n < 300; n++) {
      const len = Math.floor(r() * 400);
      let s = '';
      for (let i = 0; i < len; i++) s += chars[Math.floor(r() * chars.length)];
      if (r() < 0.2) s = s.repeat(20);
      const enc = compressToEncodedURIComponent(s);
      const dec = lzDecodeURIComponent(enc, 1e7);
      expect(dec).toEqual(s === '' ? { ok: true, text: '' } : { ok: true, text: s });
    }
  });

  it('stops at the output budget instead of expanding a hostile payload', () => {
    const enc = compressToEncodedURIComponent('a'.repeat(200_000));
    expect(enc.length).toBeLessThan(2000);
    expect(lzDecodeURIComponent(enc, 1000)).toEqual({ ok: false, reason: 'too-large' });
  });

  it('rejects characters outside the alphabet', () => {
    expect(lzDecodeURIComponent('abc*def', 1e6)).toEqual({ ok: false, reason: 'alphabet' });
  });
});

describe('parseLink', () => {
  it('round-trips code and options, keeping unknown options', () => {
    const url = new URL(
      buildPermalink('https://example.org/pg/', SAMPLE, {
        example: 'thread-target',
        speed: 10,
        extra: [['theme', 'dark'], ['x', '1 2']],
      }),
    );
    const p = parseLink(url.search, url.hash);
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.target).toMatchObject({ kind: 'code', source: SAMPLE });
    expect(p.options).toEqual({
      example: 'thread-target',
      speed: 10,
      extra: [['theme', 'dark'], ['x', '1 2']],
    });
    expect(buildQuery(p.options)).toBe(url.search);
  });

  it('opens #example=<id> with query options', () => {
    const p = parseLink('?speed=10', '#example=lock');
    expect(p).toMatchObject({ ok: true, target: { kind: 'example', id: 'lock' }, options: { speed: 10 } });
  });

  it('treats no hash as no target', () => {
    expect(parseLink('', '')).toMatchObject({ ok: true, target: { kind: 'none' } });
    expect(parseLink('', '#')).toMatchObject({ ok: true, target: { kind: 'none' } });
  });

  it('explains garbage, truncation, emptiness, unknown formats and bad ids without throwing', () => {
    const hash = encodeCodeHash(SAMPLE);
    expect(parseLink('', '#code/')).toMatchObject({ ok: false, error: 'empty' });
    expect(parseLink('', '#code/<img src=x>')).toMatchObject({ ok: false, error: 'garbage' });
    expect(parseLink('', '#code/%E0%A4%A')).toMatchObject({ ok: false, error: 'garbage' });
    for (const cut of [10, 40, hash.length - 3]) {
      const p = parseLink('', hash.slice(0, cut));
      expect(p.ok).toBe(false);
    }
    expect(parseLink('', '#hello')).toMatchObject({ ok: false, error: 'unknown-format' });
    expect(parseLink('', '#example=../../etc')).toMatchObject({ ok: false, error: 'bad-example' });
    expect(parseLink('', '#example=<script>')).toMatchObject({ ok: false, error: 'bad-example' });
    expect(parseLink('', '#code/zzzz')).toMatchObject({ ok: false, error: 'truncated' });
  });

  it('survives random garbage', () => {
    const r = rng(7);
    const chars = [...'ABCxyz019+-$%#/=?&<> \u0000é你'];
    for (let n = 0; n < 500; n++) {
      let s = '';
      const len = Math.floor(r() * 60);
      for (let i = 0; i < len; i++) s += chars[Math.floor(r() * chars.length)];
      expect(() => parseLink(s, '#code/' + s)).not.toThrow();
      expect(() => parseLink('?' + s, '#example=' + s)).not.toThrow();
    }
  });

  it('refuses oversized programs', () => {
    const enc = compressToEncodedURIComponent('x'.repeat(MAX_SOURCE_CHARS + 10));
    expect(decodeCode(enc)).toEqual({ ok: false, error: 'too-large' });
  });

  it('tolerates trailing punctuation and spaces for plus signs', () => {
    const payload = encodeCodeHash(SAMPLE).slice('#code/'.length);
    expect(decodeCode(payload + ').')).toMatchObject({ ok: true, source: SAMPLE });
    expect(decodeCode(payload.replace(/\+/g, ' '))).toMatchObject({ ok: true, source: SAMPLE });
  });

  it('ignores out-of-range speeds with a warning', () => {
    const w: LinkWarning[] = [];
    expect(parseOptions('?speed=abc&speed=1e9', w).speed).toBeUndefined();
    expect(w).toEqual([
      { code: 'speed', value: 'abc' },
      { code: 'speed', value: '1e9' },
    ]);
    expect(parseOptions('?speed=0.5').speed).toBe(0.5);
  });

  it('reads speed=max as Infinity and writes it back as max', () => {
    const w: LinkWarning[] = [];
    const o = parseOptions('?speed=max', w);
    expect(o.speed).toBe(Infinity);
    expect(w).toEqual([]);
    expect(buildQuery(o)).toBe('?speed=max');
    // Only the word: JavaScript's own spellings of infinity are not speeds.
    for (const bad of ['Infinity', 'MAX', 'max ', '1e400']) {
      const w2: LinkWarning[] = [];
      expect(parseOptions(`?speed=${encodeURIComponent(bad)}`, w2).speed, bad).toBeUndefined();
      expect(w2, bad).toHaveLength(1);
    }
  });
});

describe('sched and seed', () => {
  it('reads every mode and seeds at both ends of the range, also with #example=<id>', () => {
    for (const mode of ['parallel', 'seeded', 'gil', 'step'] as const) {
      const w: LinkWarning[] = [];
      expect(parseOptions(`?sched=${mode}`, w).sched).toBe(mode);
      expect(w).toEqual([]);
    }
    expect(parseOptions('?seed=0').seed).toBe(0);
    expect(parseOptions('?seed=4294967295').seed).toBe(4294967295);
    expect(parseOptions('?seed=007').seed).toBe(7);
    const p = parseLink('?sched=seeded&seed=42&speed=10', '#example=race');
    expect(p).toMatchObject({
      ok: true,
      target: { kind: 'example', id: 'race' },
      options: { sched: 'seeded', seed: 42, speed: 10, extra: [] },
      warnings: [],
    });
  });

  it('ignores an unknown mode with a warning that names the modes, and keeps the rest of the link', () => {
    for (const bad of ['random', 'Seeded', '', 'gil2', '__proto__', 'parallel ']) {
      const p = parseLink(`?sched=${encodeURIComponent(bad)}&seed=5&speed=2`, '#example=race');
      expect(p.ok, bad).toBe(true);
      expect(p.options.sched, bad).toBeUndefined();
      expect(p.options).toMatchObject({ seed: 5, speed: 2 });
      expect(p.warnings, bad).toEqual([{ code: 'sched', value: bad }]);
    }
  });

  it('ignores a seed outside 0..2^32-1 or not a plain whole number, with a warning', () => {
    for (const bad of ['-1', '4294967296', '99999999999', '1.5', '4.2e1', '0x2a', '+42', ' 42', '', 'abc']) {
      const w: LinkWarning[] = [];
      const o = parseOptions(`?sched=seeded&seed=${encodeURIComponent(bad)}`, w);
      expect(o.seed, bad).toBeUndefined();
      expect(o.sched).toBe('seeded');
      expect(w, bad).toEqual([{ code: 'seed', value: bad }]);
    }
  });

  it('round-trips mode, seed and speed=max through a permalink and an example link', () => {
    const options = { example: 'race', speed: Infinity, sched: 'gil' as const, seed: 4294967295, extra: [['k', 'v']] as [string, string][] };
    const url = new URL(buildPermalink('https://h/pg/', SAMPLE, options));
    expect(url.search).toBe('?example=race&speed=max&sched=gil&seed=4294967295&k=v');
    const p = parseLink(url.search, url.hash);
    expect(p).toMatchObject({ ok: true, target: { kind: 'code', source: SAMPLE }, warnings: [] });
    expect(p.options).toEqual(options);
    const ex = new URL(`https://h/pg/${buildQuery({ ...options, example: undefined, speed: 10, seed: 0 })}#example=race`);
    expect(ex.search).toBe('?speed=10&sched=gil&seed=0&k=v');
    expect(parseLink(ex.search, ex.hash)).toMatchObject({
      ok: true,
      target: { kind: 'example', id: 'race' },
      options: { speed: 10, sched: 'gil', seed: 0 },
    });
  });
});

class MemStorage implements StorageLike {
  m = new Map<string, string>();
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.m.set(k, v);
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
}

describe('autosave', () => {
  it('debounces, flushes and clears', () => {
    const s = new MemStorage();
    const pending: (() => void)[] = [];
    const a = createAutosaver(s, 100, {
      set: ((fn: () => void) => {
        pending.push(fn);
        return pending.length as unknown as ReturnType<typeof setTimeout>;
      }) as unknown as typeof setTimeout,
      clear: (() => {}) as typeof clearTimeout,
    });
    a.schedule('ex:lock', 'one');
    a.schedule('ex:lock', 'two');
    expect(loadSaved(s, 'ex:lock')).toBeNull();
    a.flush();
    expect(loadSaved(s, 'ex:lock')).toBe('two');
    a.schedule('ex:lock', 'three');
    a.schedule('ex:race', 'other'); // switching documents flushes the first
    expect(loadSaved(s, 'ex:lock')).toBe('three');
    a.cancel();
    expect(loadSaved(s, 'ex:race')).toBeNull();
    clearSaved(s, 'ex:lock');
    expect(loadSaved(s, 'ex:lock')).toBeNull();
  });

  it('survives a corrupt record and a throwing storage', () => {
    const s = new MemStorage();
    s.setItem('cp:autosave:ex:x', '{not json');
    expect(loadSaved(s, 'ex:x')).toBeNull();
    const broken: StorageLike = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    expect(writeSaved(broken, 'ex:x', 'a')).toBe(false);
    expect(loadSaved(broken, 'ex:x')).toBeNull();
    expect(() => clearSaved(broken, 'ex:x')).not.toThrow();
  });

  it('keys links by payload', () => {
    expect(linkDocKey('abc')).not.toBe(linkDocKey('abd'));
    expect(linkDocKey('abc')).toBe(linkDocKey('abc'));
  });
});

describe('steps in links', () => {
  it('writes runs of the same thread compactly and reads them back', () => {
    expect(encodeSteps([1, 1, 1, 2, 3, 3])).toBe('1x3.2.3x2');
    expect(encodeSteps([])).toBe('');
    for (const steps of [[1], [2, 1, 2, 1], [7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 12]]) expect(decodeSteps(encodeSteps(steps))).toEqual(steps);
  });

  it("writes a thread's k-th ready asyncio task as <tid>t<k>, and reads it back", () => {
    const steps = [1, choice(1, 2), choice(1, 2), 1, choice(3, 15)];
    expect(encodeSteps(steps)).toBe('1.1t2x2.1.3t15');
    expect(decodeSteps('1.1t2x2.1.3t15')).toEqual(steps);
  });

  it('refuses what is not a list of steps, and bounds what it expands', () => {
    for (const bad of ['x', '1.', '.1', '0', '1x0', '1x', '1,2', '-1', '1x2x3', 'a.b', '1x9999999.1x9999999', '1t0', '1t16', 't1', '1tx2', '1x2t1', '12345']) {
      expect(decodeSteps(bad), bad).toBeNull();
    }
  });

  it('a link carries steps in step mode; bad steps and steps for another mode are ignored with a message', () => {
    const good = parseLink('?sched=step&steps=1x2.2', '#example=race');
    expect(good.options.steps).toEqual([1, 1, 2]);
    expect(good.warnings).toEqual([]);
    const bad = parseLink('?sched=step&steps=1..2', '#example=race');
    expect(bad.options.steps).toBeUndefined();
    expect(bad.warnings).toEqual([{ code: 'steps', value: '1..2' }]);
    const other = parseLink('?sched=gil&steps=1x2', '#example=race');
    expect(other.options.steps).toBeUndefined();
    expect(other.warnings).toEqual([{ code: 'steps-mode', sched: 'gil' }]);
    expect(buildQuery({ sched: 'step', steps: [1, 1, 2], extra: [] })).toBe('?sched=step&steps=1x2.2');
  });

  it('an example link names the example instead of carrying its code', () => {
    expect(buildExampleLink('https://h/p/', 'race', { sched: 'step', steps: [1], extra: [] })).toBe('https://h/p/?sched=step&steps=1#example=race');
  });
});
