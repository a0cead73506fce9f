/**
 * A recording stand-in for `CanvasRenderingContext2D`, for running the renderer in Node (tests
 * and the micro-benchmark). It counts calls and keeps the arguments of `fillText`, which is
 * enough to check what a frame contains without a real canvas.
 */
export interface StubCanvas {
  ctx: CanvasRenderingContext2D;
  calls: Map<string, number>;
  texts: string[];
  /** The font in effect at each `fillText` (parallel to `texts`). */
  fonts: string[];
  /** fillStyle at each `fill`/`fillRect`, in order. */
  fills: string[];
  reset(): void;
}

export function stubCanvas(): StubCanvas {
  const calls = new Map<string, number>();
  const texts: string[] = [];
  const fonts: string[] = [];
  const fills: string[] = [];
  const props: Record<string, unknown> = { font: '10px sans-serif', fillStyle: '#000', strokeStyle: '#000' };
  const methods = new Map<string, (...args: unknown[]) => unknown>();
  const count = (name: string): void => {
    calls.set(name, (calls.get(name) ?? 0) + 1);
  };
  const handler: ProxyHandler<Record<string, unknown>> = {
    get(_target, key) {
      if (typeof key !== 'string') return undefined;
      if (key in props) return props[key];
      let fn = methods.get(key);
      if (!fn) {
        // One function per method name, made once: the stub should cost little next to the
        // renderer it measures.
        fn = (...args: unknown[]): unknown => {
          count(key);
          if (key === 'fillText') {
            texts.push(String(args[0]));
            fonts.push(String(props['font']));
          }
          if (key === 'fill' || key === 'fillRect') fills.push(String(props['fillStyle']));
          if (key === 'measureText') return { width: String(args[0]).length * 6 };
          return undefined;
        };
        methods.set(key, fn);
      }
      return fn;
    },
    set(_target, key, value: unknown) {
      if (typeof key === 'string') props[key] = value;
      return true;
    },
  };
  const ctx = new Proxy<Record<string, unknown>>({}, handler) as unknown as CanvasRenderingContext2D;
  return {
    ctx,
    calls,
    texts,
    fonts,
    fills,
    reset(): void {
      calls.clear();
      texts.length = 0;
      fonts.length = 0;
      fills.length = 0;
    },
  };
}
