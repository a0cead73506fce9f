/**
 * Registers the app's service worker (`sw.js`, built from src/sw/sw.ts): the offline precache
 * and, on hosts that cannot send COOP/COEP, cross-origin isolation. Production build only: the
 * dev server has no sw.js (and sends the headers itself).
 *
 * - Isolated page (the host sent the headers): register once the page is quiet (`afterLoad`: in
 *   the app, `page-quiet.ts`: loaded and settled, no run going on, idle time), so that the
 *   precache's download and Chrome's compiling of every cached script (seconds of CPU) compete
 *   with neither the first load nor a run. The next visit works offline.
 * - Not isolated: register now, wait until the worker controls the page, and reload once so the
 *   page comes back through it with COOP/COEP. Loop guard: at most one such reload per tab
 *   session, and none when the worker already controls the page (then the headers it adds are
 *   not what is missing). If the page is still not isolated, the app stays up and says why Run
 *   is disabled.
 * A new build needs nothing here: the worker fetches pages network-first and a new worker takes
 * over by itself (src/sw/sw.ts).
 */
const RELOADED_KEY = 'cp:coi-reloaded';

export type IsolationOutcome = 'isolated' | 'reloading' | 'unavailable';

/**
 * `afterLoad`: what an isolated page waits for, once loaded, before it registers (by default
 * nothing more).
 */
export async function startServiceWorker(afterLoad: () => Promise<void> = async () => {}): Promise<IsolationOutcome> {
  const isolated = globalThis.crossOriginIsolated === true;
  if (!import.meta.env.PROD || !window.isSecureContext || !('serviceWorker' in navigator)) {
    return isolated ? 'isolated' : 'unavailable';
  }
  const sw = navigator.serviceWorker;
  const register = () => sw.register(new URL('sw.js', document.baseURI), { scope: new URL('./', document.baseURI).pathname });
  if (isolated) {
    clearFlag();
    const later = () => void afterLoad().then(register).catch(() => undefined);
    if (document.readyState === 'complete') later();
    else window.addEventListener('load', later, { once: true });
    return 'isolated';
  }
  let alreadyReloaded = false;
  try {
    alreadyReloaded = sessionStorage.getItem(RELOADED_KEY) === '1';
  } catch {
    // No session storage means no loop guard: never reload in that case.
    alreadyReloaded = true;
  }
  try {
    const reg = await register();
    if (alreadyReloaded || sw.controller) return 'unavailable';
    // A first install takes control once it has precached the build (seconds: Monaco is most
    // of the download); a worker already active (the page was loaded past it, e.g. by a hard
    // reload) takes control when asked. An install that fails leaves the page as it is.
    const controlled = await new Promise<boolean>((resolve) => {
      sw.addEventListener('controllerchange', () => resolve(true), { once: true });
      const installing = reg.installing ?? reg.waiting;
      installing?.addEventListener('statechange', () => installing.state === 'redundant' && resolve(false));
      reg.active?.postMessage({ type: 'claim' });
    });
    if (!controlled) return 'unavailable';
    sessionStorage.setItem(RELOADED_KEY, '1');
    location.reload();
    return 'reloading';
  } catch {
    return 'unavailable';
  }
}

function clearFlag(): void {
  try {
    sessionStorage.removeItem(RELOADED_KEY);
  } catch {
    /* nothing to clear */
  }
}
