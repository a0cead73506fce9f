/**
 * Boot: create the store and controller, open what the URL says, render, then fetch the
 * runtime in the background. Monaco and the timeline load themselves after the first paint.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createAppStore } from '../state/store';
import { App, loadPanes } from './App';
import { Controller } from './controller';
import { installAutomation } from './automation';
import { ensureCrossOriginIsolation } from './coi';
import { initialLang } from './i18n';
import './styles.css';

// Static hosts without COOP/COEP: a service worker adds them and the page reloads once.
void ensureCrossOriginIsolation();

const prefersDark = window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
const store = createAppStore({
  lang: initialLang(),
  theme: prefersDark ? 'dark' : 'light',
  panes: loadPanes(),
});
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
