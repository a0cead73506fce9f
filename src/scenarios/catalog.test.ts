// Runs under Node, where Vite's import.meta.glob does not exist: the folders are read with node:fs.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile } from '../compiler/compile';
import { RUNTIME_MODULES } from '../protocol/program';
import { setHost } from '../runtime/host';
import { virtualHost } from '../runtime/asyncio/asyncio.fixture';
import { asyncioModule, resetAsyncioForThread, setUnhandledReporter } from '../runtime/asyncio/index';
import { programRtHere } from '../runtime/program.fixture';
import { timeModule } from '../runtime/time';
import { scenarioIds, sections } from './sections';
import type { Bilingual, Scenario } from './types';

const here = dirname(fileURLToPath(import.meta.url));
type Meta = Omit<Scenario, 'source' | 'python'>;

const folders = readdirSync(here).filter((name) => statSync(join(here, name)).isDirectory());

function filled(text: Bilingual | undefined): boolean {
  return !!text && text.zh.trim().length > 0 && text.en.trim().length > 0;
}

describe('scenario catalog', () => {
  it('has exactly the 44 docs/scenarios.md ids, one folder each', () => {
    expect(scenarioIds).toHaveLength(44);
    expect(new Set(scenarioIds).size).toBe(44);
    expect([...folders].sort()).toEqual([...scenarioIds].sort());
  });

  it('lists the 11 seed sections once each', () => {
    expect(sections.map((s) => s.id)).toHaveLength(11);
    expect(new Set(sections.map((s) => s.id)).size).toBe(11);
    for (const s of sections) expect(filled(s.title)).toBe(true);
  });

  it.each(scenarioIds.map((id, i) => [id, i + 1] as const))('%s (#%i) is complete', async (id, number) => {
    const dir = join(here, id);
    for (const file of ['port.ts', 'original.py', 'meta.ts']) expect(existsSync(join(dir, file))).toBe(true);

    const { meta } = (await import(`./${id}/meta.ts`)) as { meta: Meta };
    expect(meta.id).toBe(id);
    expect(meta.number).toBe(number);
    expect(sections.some((s) => s.id === meta.section)).toBe(true);
    expect(filled(meta.title)).toBe(true);
    expect(filled(meta.notes)).toBe(true);
    expect(filled(meta.lookFor)).toBe(true);
    if (meta.differences) expect(filled(meta.differences)).toBe(true);
    expect(meta.speed).toBeGreaterThan(0);
    expect(typeof meta.loopsForever).toBe('boolean');

    const python = readFileSync(join(dir, 'original.py'), 'utf8');
    expect(python.trim().length).toBeGreaterThan(0);
    // The seed lost its indentation: a re-indented original has indented lines.
    expect(python).toMatch(/^ {4}\S/m);

    const port = readFileSync(join(dir, 'port.ts'), 'utf8');
    expect(port.trim().length).toBeGreaterThan(0);
    for (const m of port.matchAll(/^import .* from '([^']+)';$/gm)) expect(RUNTIME_MODULES).toContain(m[1]);
  });

  it('numbers the scenarios 1–44 without gaps or repeats', async () => {
    const numbers: number[] = [];
    for (const id of scenarioIds) {
      const { meta } = (await import(`./${id}/meta.ts`)) as { meta: Meta };
      numbers.push(meta.number);
    }
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 44 }, (_, i) => i + 1));
  });
});

describe('ports', () => {
  it.each(scenarioIds)('%s compiles with the playground compiler', (id) => {
    const result = compile(readFileSync(join(here, id, 'port.ts'), 'utf8'));
    expect(result.ok ? [] : result.errors).toEqual([]);
  });
});

/**
 * The asyncio scenarios whose output docs/scenarios.md fixes (plus two more the seed lists), run in this
 * one thread on the real asyncio runtime, on virtual time (the clock jumps to the next timer). The
 * expected lines are the trailing `# …` comment block of each original.py (the seed's output).
 */
describe('asyncio ports print the seed output', () => {
  function seedOutput(id: string): string[] {
    const lines = readFileSync(join(here, id, 'original.py'), 'utf8').trimEnd().split('\n');
    const out: string[] = [];
    for (let i = lines.length - 1; i >= 0 && lines[i]!.startsWith('# '); i--) out.unshift(lines[i]!.slice(2));
    return out;
  }

  function run(id: string): string[] {
    // Virtual time: the seed's timing (0.2 s between two timers in call-later) holds on any load.
    setHost(virtualHost());
    resetAsyncioForThread({ isMainThread: true, threadName: 'MainThread' });
    setUnhandledReporter(() => {});
    const compiled = compile(readFileSync(join(here, id, 'port.ts'), 'utf8'));
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    const out: string[] = [];
    const rt = programRtHere(out, { asyncio: asyncioModule, time: timeModule });
    new Function('__rt', compiled.js)(rt);
    return out;
  }

  it.each(['call-soon', 'call-later', 'call-at', 'asyncio-lock', 'asyncio-event', 'loop-stop'])('%s', (id) => {
    const expected = seedOutput(id);
    expect(expected.length).toBeGreaterThan(0);
    expect(run(id)).toEqual(expected);
  });
});
