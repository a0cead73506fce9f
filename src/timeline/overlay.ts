/**
 * The DOM the timeline puts into its container: the canvas, a tooltip over it, and a polite
 * live region that tells screen readers (who cannot see the canvas) what each thread was doing
 * at the scrubbed moment. Everything user-provided (printed text, names) goes in as
 * `textContent`, never as HTML.
 */
import type { Description } from './hit';
import type { Theme } from './theme';
import { LIGHT_THEME } from './theme';

/** An element with attributes and inline style. */
function element<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  attrs: Record<string, string>,
  style: Partial<CSSStyleDeclaration>,
): HTMLElementTagNameMap[K] {
  const el = doc.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  Object.assign(el.style, style);
  return el;
}

/** A focusable canvas that fills its container and takes touch gestures itself. */
export function createCanvas(doc: Document, ariaLabel: string): HTMLCanvasElement {
  const canvas = element(doc, 'canvas', { 'role': 'application', 'aria-label': ariaLabel }, {
    display: 'block',
    width: '100%',
    height: '100%',
    touchAction: 'none',
    cursor: 'default',
  });
  canvas.tabIndex = 0;
  return canvas;
}

/**
 * A visually hidden `aria-live="polite"` region, pinned to the host's corner: left at its static
 * place, after the canvas, it hung 1 px below a full-height host and made the page scroll.
 */
export function createAnnouncer(doc: Document): HTMLElement {
  return element(doc, 'div', { 'aria-live': 'polite' }, {
    position: 'absolute',
    top: '0',
    left: '0',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clipPath: 'inset(50%)',
    whiteSpace: 'nowrap',
  });
}

/** Distance from the pointer to the tooltip's corner, px. */
const TOOLTIP_OFFSET = 14;

/** The hover tooltip: a title with the row's colour, then lines of text. */
export class Tooltip {
  readonly el: HTMLElement;

  constructor(private readonly doc: Document) {
    this.el = element(doc, 'div', { role: 'tooltip' }, {
      position: 'absolute',
      pointerEvents: 'none',
      display: 'none',
      zIndex: '10',
      maxWidth: '360px',
      padding: '6px 8px',
      borderRadius: '4px',
      font: LIGHT_THEME.font,
      lineHeight: '1.35',
      whiteSpace: 'pre-wrap',
      boxShadow: '0 2px 8px rgba(0,0,0,0.25)',
    });
  }

  setTheme(theme: Theme): void {
    const s = this.el.style;
    s.background = theme.headerBackground;
    s.color = theme.text;
    s.border = `1px solid ${theme.border}`;
  }

  /** Shows `desc` next to canvas point (x, y), flipped to stay inside the canvas. */
  show(desc: Description, x: number, y: number, canvas: HTMLCanvasElement, width: number, height: number): void {
    this.el.textContent = '';
    const title = this.doc.createElement('div');
    title.style.fontWeight = '600';
    if (desc.color) title.style.borderLeft = `3px solid ${desc.color}`;
    title.style.paddingLeft = desc.color ? '5px' : '0';
    title.textContent = desc.title;
    this.el.append(title);
    for (const line of desc.lines) {
      const div = this.doc.createElement('div');
      div.textContent = line;
      this.el.append(div);
    }
    this.el.style.display = 'block';
    const tw = this.el.offsetWidth;
    const th = this.el.offsetHeight;
    const d = TOOLTIP_OFFSET;
    const left = x + d + tw > width ? Math.max(0, x - d - tw) : x + d;
    const top = y + d + th > height ? Math.max(0, y - d - th) : y + d;
    this.el.style.left = `${left + canvas.offsetLeft}px`;
    this.el.style.top = `${top + canvas.offsetTop}px`;
  }

  hide(): void {
    this.el.style.display = 'none';
  }
}
