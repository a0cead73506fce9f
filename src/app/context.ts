import { createContext, useContext, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import type { AppState, AppStore } from '../state/store';
import type { Controller } from './controller';
import { messages, type Messages } from './i18n';

export interface AppContextValue {
  store: AppStore;
  controller: Controller;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const v = useContext(AppContext);
  if (!v) throw new Error('AppContext missing');
  return v;
}

export function useAppState<T>(selector: (s: AppState) => T): T {
  return useStore(useApp().store, selector);
}

/** Whether the current run has trace events; re-renders when that changes (the trace is not store state). */
export function useHasTrace(): boolean {
  const trace = useAppState((s) => s.trace);
  return useSyncExternalStore(trace.subscribe, () => trace.events.length > 0);
}

export function useT(): Messages {
  return messages[useAppState((s) => s.lang)];
}
