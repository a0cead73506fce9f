/*
 * Cross-origin isolation for static hosts that cannot set response headers.
 *
 * SharedArrayBuffer needs the page to be served with
 *   Cross-Origin-Opener-Policy: same-origin
 *   Cross-Origin-Embedder-Policy: require-corp
 * This worker re-serves every response of its scope with those headers (and
 * Cross-Origin-Resource-Policy, so same-origin subresources pass COEP). The page registers it
 * only when it is not isolated, then reloads once so the document itself comes through here.
 *
 * Kept dependency-free and tiny: it is fetched on every visit of a header-less host.
 */
/* eslint-env serviceworker */
'use strict';

self.addEventListener('install', () => {
  // Take over at once: the page is waiting for a controller to reload into.
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('message', (event) => {
  // The page can retire the worker (e.g. when the host starts sending real headers).
  if (event.data && event.data.type === 'coi-deregister') {
    self.registration.unregister().then(() => self.clients.matchAll()).then((clients) => {
      for (const client of clients) client.navigate(client.url);
    });
  }
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  // Chromium throws on this combination ("only-if-cached can be set only with same-origin").
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;

  event.respondWith(
    fetch(request).then((response) => {
      // Opaque responses (cross-origin no-cors) cannot be re-wrapped; leave them as they are.
      if (response.status === 0) return response;
      const headers = new Headers(response.headers);
      headers.set('Cross-Origin-Opener-Policy', 'same-origin');
      headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
      if (!headers.has('Cross-Origin-Resource-Policy')) {
        headers.set('Cross-Origin-Resource-Policy', 'same-origin');
      }
      return new Response(response.body, {
        status: response.status,
        statusText: response.statusText,
        headers,
      });
    }),
  );
});
