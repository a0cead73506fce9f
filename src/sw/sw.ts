/**
 * The app's one service worker: offline precache (Workbox) and cross-origin isolation.
 *
 * - Every file of the build is precached at install (`self.__WB_MANIFEST`, filled in by
 *   vite-plugin-pwa): the page, its chunks, Monaco and its workers, the program worker. The app
 *   then loads and runs with no network at all.
 * - Everything it serves, from the precache or the network, gets COOP/COEP (and the page or
 *   worker CSP, `headers.ts`): a page served from the cache is cross-origin isolated like one
 *   from a server that sends the headers, and on a static host that cannot send them this is
 *   what isolates the page (`src/app/register-service-worker.ts` reloads once into it).
 * - Navigations go to the network first (a new build shows at once) and fall back to the
 *   precached index.html when the network fails or takes over 4 s.
 * - A new build's worker takes over as soon as it has precached that build (skipWaiting +
 *   clientsClaim) and drops the previous build's files.
 */
import { clientsClaim, type WorkboxPlugin } from 'workbox-core';
import {
  addPlugins,
  cleanupOutdatedCaches,
  precacheAndRoute,
  PrecacheFallbackPlugin,
  type PrecacheEntry,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute, setDefaultHandler } from 'workbox-routing';
import { NetworkOnly } from 'workbox-strategies';
import { withAppHeaders } from './headers';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | PrecacheEntry)[] };

const appHeaders: WorkboxPlugin = {
  // Not while precaching at install: nothing is served then.
  handlerWillRespond: async ({ request, response, event }) =>
    event.type === 'fetch' ? withAppHeaders(new URL(request.url), response, self.location.origin) : response,
};

self.skipWaiting();
clientsClaim();

// Before the precache's route, which would answer `/` from the cache.
registerRoute(
  new NavigationRoute(
    new NetworkOnly({
      networkTimeoutSeconds: 4,
      plugins: [new PrecacheFallbackPlugin({ fallbackURL: 'index.html' }), appHeaders],
    }),
  ),
);

addPlugins([appHeaders]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Anything else (a file added to the host after the build): the network, with the headers.
setDefaultHandler(new NetworkOnly({ plugins: [appHeaders] }));

self.addEventListener('message', (event) => {
  // A page loaded without the worker (a hard reload) asks it to take control, so that its
  // reload into isolation goes through the worker.
  if ((event.data as { type?: unknown } | null)?.type === 'claim') event.waitUntil(self.clients.claim());
});
