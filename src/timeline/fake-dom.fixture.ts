/**
 * Just enough of a DOM to mount the timeline view in Node: elements with styles, attributes and
 * listeners, a canvas whose 2D context is the recording stub, and a window whose animation
 * frames run when the test says so. It lets tests drive the view with pointer, wheel and key
 * events without a browser (none is available to unit tests here).
 */
import { stubCanvas } from './stub-canvas.fixture';
import type { StubCanvas } from './stub-canvas.fixture';

type Listener = (e: unknown) => void;

export class FakeElement {
  readonly style: Record<string, string> = {};
  readonly attributes = new Map<string, string>();
  readonly children: FakeElement[] = [];
  readonly listeners = new Map<string, Listener[]>();
  parent: FakeElement | null = null;
  textContent = '';
  tabIndex = -1;
  width = 0;
  height = 0;
  offsetLeft = 0;
  offsetTop = 0;
  offsetWidth = 120;
  offsetHeight = 48;
  focused = false;
  readonly captured = new Set<number>();
  stub: StubCanvas | null = null;

  constructor(
    readonly tagName: string,
    readonly ownerDocument: FakeDocument,
    private readonly size = { width: 0, height: 0 },
  ) {}

  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }

  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }

  append(...els: FakeElement[]): void {
    for (const el of els) {
      el.parent = this;
      this.children.push(el);
    }
  }

  remove(): void {
    if (!this.parent) return;
    const i = this.parent.children.indexOf(this);
    if (i >= 0) this.parent.children.splice(i, 1);
    this.parent = null;
  }

  addEventListener(type: string, fn: Listener): void {
    const a = this.listeners.get(type) ?? [];
    a.push(fn);
    this.listeners.set(type, a);
  }

  removeEventListener(type: string, fn: Listener): void {
    const a = this.listeners.get(type) ?? [];
    const i = a.indexOf(fn);
    if (i >= 0) a.splice(i, 1);
  }

  /** Calls the listeners of `type` with a plain event object (with `preventDefault`). */
  fire(type: string, init: Record<string, unknown> = {}): { defaultPrevented: boolean } {
    const ev = {
      defaultPrevented: false,
      preventDefault(): void {
        ev.defaultPrevented = true;
      },
      button: 0,
      pointerId: 1,
      pointerType: 'mouse',
      clientX: 0,
      clientY: 0,
      deltaX: 0,
      deltaY: 0,
      deltaMode: 0,
      ctrlKey: false,
      metaKey: false,
      shiftKey: false,
      ...init,
    };
    for (const fn of [...(this.listeners.get(type) ?? [])]) fn(ev);
    return ev;
  }

  getBoundingClientRect(): { left: number; top: number; width: number; height: number } {
    const root = this.parent ?? this;
    return { left: 0, top: 0, width: root.size.width, height: root.size.height };
  }

  focus(): void {
    this.focused = true;
  }

  getContext(): CanvasRenderingContext2D | null {
    this.stub ??= stubCanvas();
    return this.stub.ctx;
  }

  setPointerCapture(id: number): void {
    this.captured.add(id);
  }

  hasPointerCapture(id: number): boolean {
    return this.captured.has(id);
  }

  releasePointerCapture(id: number): void {
    this.captured.delete(id);
  }
}

export class FakeWindow {
  devicePixelRatio = 2;
  private frames = new Map<number, (t: number) => void>();
  private nextId = 1;
  now = 0;

  requestAnimationFrame(cb: (t: number) => void): number {
    const id = this.nextId++;
    this.frames.set(id, cb);
    return id;
  }

  cancelAnimationFrame(id: number): void {
    this.frames.delete(id);
  }

  /** Animation frames waiting to run. */
  get pending(): number {
    return this.frames.size;
  }

  /** Runs the frames requested so far, 16.7 ms apart. */
  flush(): void {
    const due = [...this.frames.values()];
    this.frames.clear();
    this.now += 1000 / 60;
    for (const cb of due) cb(this.now);
  }

  getComputedStyle(): { position: string } {
    return { position: 'static' };
  }

  matchMedia(): { matches: boolean; addEventListener(): void; removeEventListener(): void } {
    return { matches: false, addEventListener() {}, removeEventListener() {} };
  }
}

export class FakeDocument {
  readonly defaultView = new FakeWindow();

  createElement(tag: string): FakeElement {
    return new FakeElement(tag, this);
  }
}

/** A container of the given CSS size, in a fresh fake document. */
export function fakeContainer(width: number, height: number): { container: FakeElement; win: FakeWindow } {
  const doc = new FakeDocument();
  const container = new FakeElement('div', doc, { width, height });
  return { container, win: doc.defaultView };
}
