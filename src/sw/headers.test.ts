import { describe, expect, it } from 'vitest';
import { cspFor, PAGE_CSP, WORKER_CSP, withAppHeaders } from './headers';

const ORIGIN = 'https://example.test';
const at = (path: string) => new URL(path, ORIGIN);

describe('cspFor', () => {
  it('gives bundled scripts the worker policy, the root service worker none, the rest the page policy', () => {
    expect(cspFor('/assets/worker-abc.js')).toBe(WORKER_CSP);
    expect(cspFor('/app/assets/ts.worker-x.js')).toBe(WORKER_CSP);
    expect(cspFor('/sw.js')).toBeUndefined();
    expect(cspFor('/')).toBe(PAGE_CSP);
    expect(cspFor('/index.html')).toBe(PAGE_CSP);
    expect(cspFor('/assets/index-x.css')).toBe(PAGE_CSP);
  });
});

describe('withAppHeaders', () => {
  it('adds COOP/COEP/CORP and the CSP a header-less host did not send, keeping status and body', async () => {
    const r = withAppHeaders(at('/assets/worker-abc.js'), new Response('code', { status: 200, headers: { 'Content-Type': 'text/javascript' } }), ORIGIN);
    expect(r.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(r.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(r.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(r.headers.get('content-security-policy')).toBe(WORKER_CSP);
    expect(r.headers.get('content-type')).toBe('text/javascript');
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('code');
  });

  it("keeps the host's own CSP and CORP, and overrides a weaker COEP", () => {
    const r = withAppHeaders(
      at('/'),
      new Response('<p>', {
        headers: { 'Content-Security-Policy': "default-src 'none'", 'Cross-Origin-Resource-Policy': 'cross-origin', 'Cross-Origin-Embedder-Policy': 'unsafe-none' },
      }),
      ORIGIN,
    );
    expect(r.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(r.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(r.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
  });

  it('adds no CSP to another origin, and re-wraps a body-less status without a body', () => {
    const other = withAppHeaders(new URL('https://cdn.test/assets/x.js'), new Response('x'), ORIGIN);
    expect(other.headers.get('content-security-policy')).toBeNull();
    expect(other.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    const empty = withAppHeaders(at('/x'), new Response(null, { status: 204 }), ORIGIN);
    expect(empty.status).toBe(204);
    expect(empty.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  });
});
