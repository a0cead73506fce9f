/**
 * The runtime modules a program can import, registered by name once per worker. Builtins are
 * registered too, so `Thread(target=print)` or `time.sleep` can cross to another thread by name.
 */
import type { RuntimeModuleName } from '../protocol/program';
import { registerBuiltin } from './core/values';
import { exceptionClasses } from './errors';
import { print, registerModule } from './program';
import { threadingModule } from './threading';
import { timeModule } from './time';
import { queueModule } from './queue';
import { futuresModule } from './executors';
import { multiprocessingModule } from './multiprocessing';
import { asyncioModule } from './asyncio';
import { randomModule } from './random';
import { osModule } from './os';

/**
 * Every module a program can import, by the name it imports it by: exactly the names of
 * `RUNTIME_MODULES` (the compiler's list), which `satisfies` checks both ways. Their exports are
 * checked against what the editor shows (`typings/playground.d.ts`) by `typings/conformance.ts`.
 */
export const runtimeModules = {
  threading: threadingModule,
  time: timeModule,
  asyncio: asyncioModule,
  queue: queueModule,
  'concurrent.futures': futuresModule,
  multiprocessing: multiprocessingModule,
  random: randomModule,
  os: osModule,
} satisfies Record<RuntimeModuleName, object>;

let installed = false;

function registerAll(prefix: string, mod: object): void {
  for (const [k, v] of Object.entries(mod)) {
    if (typeof v === 'function') registerBuiltin(`${prefix}.${k}`, v);
  }
}

export function installModules(): void {
  if (installed) return;
  installed = true;
  for (const [name, mod] of Object.entries(runtimeModules)) {
    registerModule(name, mod);
    registerAll(name, mod);
  }
  registerBuiltin('print', print);
  registerAll('builtins', exceptionClasses);
}
