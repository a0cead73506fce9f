/**
 * Boot: create the store and controller, open what the URL says, render, then fetch the
 * runtime in the background. Monaco and the timeline load themselves after the first paint.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createAppStore } from '../state/store';
import { loadFpsBench, type FpsBenchOptions } from '../timeline';
import { App } from './app';
import { loadPanes } from './pane-sizes';
import { Controller } from './controller';
import { installAutomation } from './automation';
import { startServiceWorker } from './register-service-worker';
import { pageSignals, whenQuiet } from './page-quiet';
import { initialLang } from './i18n';
import './styles.css';

const prefersDark = window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
const store = createAppStore({
  lang: initialLang(),
  theme: prefersDark ? 'dark' : 'light',
  panes: loadPanes(),
});
// Offline precache, once the page is quiet; on static hosts without COOP/COEP the worker adds
// them (at once, and one reload).
void startServiceWorker(() => whenQuiet(pageSignals(store)));
const controller = new Controller(store);
controller.start();
installAutomation(controller);

const rootEl = document.getElementById('root');
if (!rootEl) throw new Error('#root missing from index.html');
createRoot(rootEl).render(
  <StrictMode>
    <App value={{ store, controller }} />
  </StrictMode>,
);

// After the first frame: the runtime chunk (supervisor + compiler) so Run starts at once.
requestAnimationFrame(() => setTimeout(() => controller.preload(), 0));

// `?bench-timeline`: bench/run.mjs drives the timeline's fps harness (bench/timeline-fps.md) on
// the production build. The harness is its own lazy chunk, fetched only with this flag.
if (new URLSearchParams(location.search).has('bench-timeline')) {
  Object.assign(window, {
    __timelineFpsBench: async (options?: FpsBenchOptions) => {
      const { runTimelineFpsBench } = await loadFpsBench();
      const host = document.createElement('div');
      // Fixed 1400×700 CSS px on top of the app, as bench/timeline-fps.md asks.
      host.style.cssText = 'position:fixed;left:0;top:0;width:1400px;height:700px;z-index:10000;background:#fff';
      document.body.appendChild(host);
      try {
        return await runTimelineFpsBench(host, options);
      } finally {
        host.remove();
      }
    },
  });
}
