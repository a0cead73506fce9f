/**
 * Registers `public/coi-serviceworker.js` when the host did not make the page cross-origin
 * isolated, and reloads once so the page comes back through it with COOP/COEP.
 *
 * Loop guard: the reload happens at most once per tab session. If the page is still not
 * isolated after it (a browser without service workers in this context, a host that strips
 * them, a private window), the app stays up and explains why Run is disabled.
 */
const RELOADED_KEY = 'cp:coi-reloaded';

export type CoiOutcome = 'isolated' | 'reloading' | 'unavailable';

export async function ensureCrossOriginIsolation(): Promise<CoiOutcome> {
  if (globalThis.crossOriginIsolated === true) {
    clearFlag();
    return 'isolated';
  }
  if (!window.isSecureContext || !('serviceWorker' in navigator)) return 'unavailable';
  let alreadyReloaded = false;
  try {
    alreadyReloaded = sessionStorage.getItem(RELOADED_KEY) === '1';
  } catch {
    // No session storage means no loop guard: never reload in that case.
    return 'unavailable';
  }
  try {
    const url = new URL('coi-serviceworker.js', document.baseURI);
    const reg = await navigator.serviceWorker.register(url, { scope: new URL('./', document.baseURI).pathname });
    if (alreadyReloaded) return 'unavailable';
    // Wait until the worker controls the page; then a reload goes through it.
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) => {
        const done = () => resolve();
        navigator.serviceWorker.addEventListener('controllerchange', done, { once: true });
        // An already active worker that does not control us yet (first visit): claim() will
        // fire controllerchange; a safety timeout keeps a broken browser from waiting forever.
        setTimeout(done, 3000);
        void reg;
      });
    }
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
