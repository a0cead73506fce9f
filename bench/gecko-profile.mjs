/**
 * Summarizes a Gecko profile (what Firefox writes with MOZ_PROFILER_SHUTDOWN): for the worker
 * threads that ran `fn` (a program function, e.g. the lock benchmark's `run1`), the share of their
 * samples by innermost JS function (where the time goes inside the runtime) and by JS function
 * anywhere on the stack, and the native leaf's library (libc there is mostly futex waits and the
 * engine's global Atomics.wait/notify mutex; symbolicate with `gdb -batch -ex 'info symbol 0x…'`
 * on the library, offsets are printed).
 */
import { readFileSync } from 'node:fs';

function* threadsOf(profile) {
  for (const t of profile.threads ?? []) yield t;
  for (const sub of profile.processes ?? []) yield* threadsOf(sub);
}

function* libsOf(profile) {
  for (const l of profile.libs ?? []) yield l;
  for (const sub of profile.processes ?? []) yield* libsOf(sub);
}

export function summarizeGeckoProfile(path, fn = 'run1', top = 15) {
  const profile = JSON.parse(readFileSync(path, 'utf8'));
  const libs = [...libsOf(profile)];
  const libOf = (addr) => {
    const l = libs.find((x) => x.start <= addr && addr < x.end);
    return l ? `${l.name}+0x${(addr - l.start + (l.offset ?? 0)).toString(16)}` : '?';
  };
  const innermost = new Map();
  const anywhere = new Map();
  const nativeLeaf = new Map();
  let samples = 0;
  let threads = 0;
  const bump = (m, k) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const t of threadsOf(profile)) {
    if (t.name !== 'DOM Worker') continue;
    const str = t.stringTable;
    const loc = t.frameTable.schema.location;
    const { prefix, frame } = t.stackTable.schema;
    const si = t.samples.schema.stack;
    const stacks = t.samples.data.map((row) => {
      const frames = [];
      for (let s = row[si]; s !== null && s !== undefined; s = t.stackTable.data[s][prefix]) {
        frames.push(str[t.frameTable.data[t.stackTable.data[s][frame]][loc]]);
      }
      return frames;
    });
    const mine = stacks.filter((f) => f.some((x) => x.startsWith(`${fn} `)));
    if (mine.length === 0) continue;
    threads++;
    for (const frames of mine) {
      samples++;
      const js = frames.filter((f) => f.includes('http') || f.startsWith('wasm-function')).map((f) => f.replace(/ \(.*$/, ''));
      bump(innermost, js[0] ?? '?');
      for (const f of new Set(js)) bump(anywhere, f);
      const leaf = frames[0] ?? '';
      bump(nativeLeaf, leaf.startsWith('0x') ? libOf(parseInt(leaf, 16)).replace(/\+0x[0-9a-f]+$/, '') : 'JS or labelled frame');
    }
  }
  const pct = (m) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `${((100 * v) / samples).toFixed(1).padStart(5)} %  ${k}`);
  return { threads, samples, innermostJs: pct(innermost), onStackJs: pct(anywhere), nativeLeafLibrary: pct(nativeLeaf) };
}
