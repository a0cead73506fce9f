// Runs under Node, where Vite's import.meta.glob does not exist: the folders are read with node:fs.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scenarioIds, sections } from './sections';
import type { Bilingual, Scenario } from './types';

const here = dirname(fileURLToPath(import.meta.url));
type Meta = Omit<Scenario, 'source' | 'python'>;

const folders = readdirSync(here).filter((name) => statSync(join(here, name)).isDirectory());
const modules = ['threading', 'time', 'queue', 'multiprocessing', 'concurrent.futures', 'asyncio'];

function filled(text: Bilingual | undefined): boolean {
  return !!text && text.zh.trim().length > 0 && text.en.trim().length > 0;
}

describe('scenario catalog', () => {
  it('has exactly the 42 DESIGN §6 ids, one folder each', () => {
    expect(scenarioIds).toHaveLength(42);
    expect(new Set(scenarioIds).size).toBe(42);
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
    for (const m of port.matchAll(/^import .* from '([^']+)';$/gm)) expect(modules).toContain(m[1]);
  });

  it('numbers the scenarios 1–42 without gaps or repeats', async () => {
    const numbers: number[] = [];
    for (const id of scenarioIds) {
      const { meta } = (await import(`./${id}/meta.ts`)) as { meta: Meta };
      numbers.push(meta.number);
    }
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 42 }, (_, i) => i + 1));
  });
});
