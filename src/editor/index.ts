/**
 * Entry to the editor feature that stays in the initial bundle: only types and a loader.
 * Monaco (several MB) arrives in its own chunk after the first paint; until then the app shows
 * a plain text area, so the picker and Run work without it (docs/quality-bars.md).
 */
export type { CodeEditor, EditorFactory, LineWarning } from './types';
import type { EditorFactory } from './types';

let loading: Promise<EditorFactory> | null = null;

/** Loads Monaco once; later calls share the same promise. */
export function loadEditorFactory(): Promise<EditorFactory> {
  loading ??= import('./monaco-editor').then((m) => m.factory);
  // A failed load (offline with a stale cache, chunk 404) may be retried by a later call.
  loading.catch(() => {
    loading = null;
  });
  return loading;
}
