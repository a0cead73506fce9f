/**
 * `multiprocessing.Manager()` proxies within one thread; each expectation is what CPython 3.11
 * prints or raises for the same calls (python3 -c ..., see the comments). Processes writing
 * through proxies are in e2e/runtime-modules.spec.ts.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { formatPrint, pyRepr } from '../../lib/pyrepr';
import { mainThreadRun, raises } from '../core/run-buffer.fixture';
import { decodeValue, encodeValue } from '../core/values';
import { resetObjects } from '../core/objects';
import { Manager, type DictProxy, type ListProxy } from './managers';

/** What a program writes (`l[0]`, `d.key`): the proxies' index and key access, typed for the tests. */
const at = (l: ListProxy): Record<number, unknown> => l as unknown as Record<number, unknown>;
const keys = (d: DictProxy): Record<string, unknown> => d as unknown as Record<string, unknown>;

beforeEach(() => {
  mainThreadRun();
});


describe('Manager().list()', () => {
  it('reads, writes through, and prints as the list (repr: the proxy)', () => {
    const m = new Manager();
    const l = m.list([0, 1, 2, 3, 4]);
    l.reverse();
    at(l)[0] = 'x';
    l.append([5]);
    l.extend([6, 7]);
    l.insert(-100, 'first');
    expect(formatPrint([l])).toBe("[first, 'x', 3, 2, 1, 0, [5], 6, 7]".replace('first', "'first'"));
    expect(l.length).toBe(9);
    expect(at(l)[-1]).toBe(7);
    expect(l.pop()).toBe(7);
    expect(l.pop(0)).toBe('first');
    delete at(l)[0];
    expect([...l]).toEqual([3, 2, 1, 0, [5], 6]);
    expect([l.index(1), l.count(2), l.includes(0), l.includes(9)]).toEqual([2, 1, true, false]);
    l.remove(2);
    expect(l.tolist()).toEqual([3, 1, 0, [5], 6]);
    // print([l]) in CPython: [<ListProxy object, typeid 'list' at 0x7f…>]
    expect(pyRepr([l])).toMatch(/^\[<ListProxy object, typeid 'list' at 0x[0-9a-f]+>\]$/);
  });

  it('items are copies: changing one read back does not change the list', () => {
    const l = new Manager().list([[1]]);
    (at(l)[0] as number[]).push(2); // CPython: l2[0].append(2); print(l2) → [[1]]
    expect(formatPrint([l])).toBe('[[1]]');
  });

  it('raises what CPython raises', () => {
    const l = new Manager().list([1]);
    expect(raises(() => at(l)[10])).toBe('IndexError: list index out of range');
    expect(raises(() => (at(l)[5] = 1))).toBe('IndexError: list assignment index out of range');
    expect(raises(() => l.remove(9))).toBe('ValueError: list.remove(x): x not in list');
    expect(raises(() => l.index('a'))).toBe("ValueError: 'a' is not in list");
    l.pop();
    expect(raises(() => l.pop())).toBe('IndexError: pop from empty list');
  });

  it('sorts in place, stably, by Python order, with key and reverse', () => {
    const l = new Manager().list([3, 1, 2, [1, 'b'], [1, 'a']].slice(0, 3));
    l.sort();
    expect(l.tolist()).toEqual([1, 2, 3]);
    l.sort({ reverse: true });
    expect(l.tolist()).toEqual([3, 2, 1]);
    const w = new Manager().list(['bb', 'a', 'cc', 'd']);
    w.sort({ key: (s) => (s as string).length });
    expect(w.tolist()).toEqual(['a', 'd', 'bb', 'cc']);
    expect(raises(() => new Manager().list([1, 'a']).sort())).toBe("TypeError: '<' not supported between instances of 'str' and 'int'");
  });
});

describe('Manager().dict()', () => {
  it('keys, values, items, get, in, delete; prints as the dict', () => {
    const d = new Manager().dict({ a: 1 });
    const k = keys(d);
    k.b = 2;
    k['c'] = [3];
    expect(d.get('nope')).toBe(null);
    expect(d.get('nope', 7)).toBe(7);
    expect(k.a).toBe(1);
    expect(k.nope).toBe(undefined);
    expect(['a' in d, 'z' in d]).toEqual([true, false]);
    expect(d.keys()).toEqual(['a', 'b', 'c']);
    expect(d.values()).toEqual([1, 2, [3]]);
    expect(d.items()).toEqual([['a', 1], ['b', 2], ['c', [3]]]);
    expect(Object.keys(d)).toEqual(['a', 'b', 'c']);
    expect([...d]).toEqual(['a', 'b', 'c']);
    delete k.b;
    expect(formatPrint([d])).toBe("{'a': 1, 'c': [3]}");
    expect(pyRepr([d])).toMatch(/^\[<DictProxy object, typeid 'dict' at 0x[0-9a-f]+>\]$/);
    expect(d.len()).toBe(2);
    // Only the methods are not keys: the implementation's own members are ordinary keys.
    k.n = 5;
    k.i = 6;
    k.word = 7;
    expect(d.keys()).toEqual(['a', 'c', 'n', 'i', 'word']);
    expect([k.n, k.i, k.word]).toEqual([5, 6, 7]);
  });

  it('update, pop, popitem, setdefault, copy, clear; KeyError as CPython', () => {
    const d = new Manager().dict([['x', 1]]);
    d.update({ y: 2 });
    expect(d.pop('x')).toBe(1);
    expect(d.pop('x', 'gone')).toBe('gone');
    expect(d.setdefault('z', 3)).toBe(3);
    expect(d.setdefault('z', 4)).toBe(3);
    expect(d.copy()).toEqual({ y: 2, z: 3 });
    expect(d.popitem()).toEqual(['z', 3]);
    expect(raises(() => d.pop('q'))).toBe('KeyError: q');
    expect(raises(() => delete keys(d).q)).toBe('KeyError: q');
    d.clear();
    expect(raises(() => d.popitem())).toBe('KeyError: popitem(): dictionary is empty');
    // `d[k] += 1` is a read and a write (two operations), as on a CPython DictProxy.
    const k = keys(d);
    k.n = 0;
    for (let i = 0; i < 3; i++) k.n = (k.n as number) + 1;
    expect(k.n).toBe(3);
  });

  it('a Namespace shares attributes and prints as CPython', () => {
    const ns = new Manager().Namespace();
    keys(ns).x = 1;
    keys(ns).y = 'a';
    expect(formatPrint([ns])).toBe("Namespace(x=1, y='a')");
  });
});

describe('Manager().Value()', () => {
  it('value, get, set; prints Value(typecode, value)', () => {
    const v = new Manager().Value('i', 3);
    v.value = (v.value as number) + 5;
    expect(v.get()).toBe(8);
    v.set(2.5);
    expect(formatPrint([v])).toBe("Value('i', 2.5)");
    expect(pyRepr(v)).toMatch(/^<ValueProxy object, typeid 'Value' at 0x[0-9a-f]+>$/);
  });
});

describe('Manager', () => {
  it('shutdown frees the objects: proxies raise BrokenPipeError, print says it failed', () => {
    const m = new Manager();
    const l = m.list([1]);
    const d = m.dict({ a: 1 });
    const v = m.Value('d', 1.5);
    expect(pyRepr(m)).toMatch(/^<multiprocessing\.managers\.SyncManager object at 0x[0-9a-f]+>$/);
    m.shutdown();
    m.shutdown();
    expect(raises(() => l.append(1))).toBe('BrokenPipeError: [Errno 32] Broken pipe');
    expect(raises(() => l.length)).toBe('BrokenPipeError: [Errno 32] Broken pipe');
    expect(raises(() => keys(d).a)).toBe('BrokenPipeError: [Errno 32] Broken pipe');
    expect(raises(() => v.value)).toBe('BrokenPipeError: [Errno 32] Broken pipe');
    expect(raises(() => m.list())).toBe('BrokenPipeError: [Errno 32] Broken pipe');
    expect(formatPrint([l])).toMatch(/^<ListProxy object, typeid 'list' at 0x[0-9a-f]+; '__str__\(\)' failed>$/);
  });

  it('the block form shuts it down at the end of the block', () => {
    let l;
    {
      using m = new Manager();
      l = m.list([1]);
    }
    expect(raises(() => l.tolist())).toBe('BrokenPipeError: [Errno 32] Broken pipe');
  });

  it('a proxy crosses as a handle: another worker sees the same list', () => {
    const l = new Manager().list([1]);
    const bytes = encodeValue({ l }, true);
    resetObjects(); // as in another worker: no wrapper cached yet
    const other = (decodeValue(bytes) as { l: typeof l }).l;
    other.append(2);
    expect(l.tolist()).toEqual([1, 2]);
    expect(other).not.toBe(l);
  });

  it('manager.Lock() and friends are the multiprocessing primitives', () => {
    const m = new Manager();
    const lock = m.Lock();
    expect(lock.acquire()).toBe(true);
    expect(lock.acquire(false)).toBe(false);
    lock.release();
    const q = m.Queue();
    q.put('x');
    expect(q.get()).toBe('x');
  });
});
