import { afterEach, expect, it, vi } from 'vitest';
import { isolationStatus } from './isolation';

afterEach(() => vi.unstubAllGlobals());

it('needs both cross-origin isolation and SharedArrayBuffer, and says what to do when either is missing', () => {
  vi.stubGlobal('crossOriginIsolated', true);
  expect(isolationStatus()).toEqual({ ok: true });
  vi.stubGlobal('crossOriginIsolated', false);
  expect(isolationStatus().ok).toBe(false);
  expect(isolationStatus().reason).toContain('Cross-Origin-Embedder-Policy: require-corp');
  vi.stubGlobal('crossOriginIsolated', true);
  vi.stubGlobal('SharedArrayBuffer', undefined);
  expect(isolationStatus().ok).toBe(false);
});
