/**
 * The runtime modules a program can import, registered by name once per worker. Builtins are
 * registered too, so `Thread(target=print)` or `time.sleep` can cross to another thread by name.
 */
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

let installed = false;

function registerAll(prefix: string, mod: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(mod)) {
    if (typeof v === 'function') registerBuiltin(`${prefix}.${k}`, v);
  }
}

export function installModules(): void {
  if (installed) return;
  installed = true;
  const mods: Record<string, Record<string, unknown>> = {
    threading: threadingModule,
    time: timeModule,
    asyncio: asyncioModule as unknown as Record<string, unknown>,
    queue: queueModule,
    'concurrent.futures': futuresModule,
    multiprocessing: multiprocessingModule,
    random: randomModule,
    os: osModule,
  };
  for (const [name, mod] of Object.entries(mods)) {
    registerModule(name, mod);
    registerAll(name, mod);
  }
  registerBuiltin('print', print);
  registerAll('builtins', exceptionClasses);
}
