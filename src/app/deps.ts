/**
 * Everything the shell takes from the parts other people own, in one place, so a change in
 * their exports is a change here only.
 */
import { loadChromeTrace as importChromeTrace } from '../timeline';

export { sections, scenarios, getScenario } from '../scenarios/index';
export type { Scenario } from '../scenarios/types';
export type { RunListener, RunResult, ConsoleLine, RunState, RunOptions } from '../supervisor/types';
export { toResultLine } from '../supervisor/types';
export type { ExploreReport } from '../supervisor/explorer';
export { isolationStatus, type Isolation } from '../supervisor/isolation';
export { colorForId } from '../timeline';
export type { TimelineHandle } from '../timeline';

type SupervisorModule = typeof import('../supervisor/supervisor');
export type SupervisorInstance = InstanceType<SupervisorModule['Supervisor']>;

let supervisorModule: Promise<SupervisorModule> | null = null;
/** The supervisor (and the compiler it pulls in) is its own chunk, fetched right after boot. */
export function loadSupervisor(): Promise<SupervisorModule> {
  supervisorModule ??= import('../supervisor/supervisor');
  supervisorModule.catch(() => {
    supervisorModule = null;
  });
  return supervisorModule;
}

type ChromeTraceModule = Awaited<ReturnType<typeof importChromeTrace>>;
let chromeTrace: ChromeTraceModule | null = null;
let chromeTraceLoading: Promise<ChromeTraceModule> | null = null;
export function loadChromeTrace(): Promise<ChromeTraceModule> {
  chromeTraceLoading ??= importChromeTrace().then((m) => (chromeTrace = m));
  chromeTraceLoading.catch(() => {
    chromeTraceLoading = null;
  });
  return chromeTraceLoading;
}
/** Synchronous access for `window.__playground.trace()`; null until the chunk has arrived. */
export function chromeTraceNow(): ChromeTraceModule | null {
  return chromeTrace;
}
