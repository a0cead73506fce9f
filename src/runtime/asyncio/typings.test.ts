/**
 * What the editor shows (src/runtime/typings/playground.d.ts) declares every name the asyncio
 * module exports: a name the runtime has but the typings lack is a red squiggle on working code.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { asyncioModule } from './index';

it("declares every public name of the asyncio module in the typings' asyncio section", () => {
  const dts = readFileSync(fileURLToPath(new URL('../typings/playground.d.ts', import.meta.url)), 'utf8');
  const start = dts.indexOf("declare module 'asyncio' {");
  expect(start).toBeGreaterThan(0);
  const section = dts.slice(start, dts.indexOf('\n}\n', start));
  const undeclared = Object.keys(asyncioModule).filter(
    (name) => !name.startsWith('_') && !new RegExp(`\\b(?:function|class|interface|const|type|import) ${name}\\b`).test(section),
  );
  expect(undeclared).toEqual([]);
});
