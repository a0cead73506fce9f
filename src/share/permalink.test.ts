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
} from './permalink';
import { createAutosaver, linkDocKey, loadSaved, writeSaved, clearSaved, type StorageLike } from './autosave';

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
    const w: string[] = [];
    expect(parseOptions('?speed=abc&speed=1e9', w).speed).toBeUndefined();
    expect(w.length).toBe(2);
    expect(parseOptions('?speed=0.5').speed).toBe(0.5);
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
