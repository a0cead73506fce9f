import { useRef } from 'react';

interface Props {
  /** 'vertical' separates columns (drag left/right); 'horizontal' separates rows. */
  orientation: 'vertical' | 'horizontal';
  label: string;
  /** Called with the pointer's offset in px since the drag began; returns nothing. */
  onDrag(deltaPx: number, phase: 'start' | 'move' | 'end'): void;
  /** Keyboard resizing: ±1 step. */
  onStep(dir: -1 | 1): void;
  onReset?(): void;
}

/** A pointer-drag splitter with keyboard support (arrows) and double-click to reset. */
export function Splitter({ orientation, label, onDrag, onStep, onReset }: Props) {
  const origin = useRef<number | null>(null);
  const pos = (e: React.PointerEvent) => (orientation === 'vertical' ? e.clientX : e.clientY);
  return (
    <div
      className={`splitter splitter-${orientation}`}
      role="separator"
      aria-orientation={orientation}
      aria-label={label}
      title={label}
      tabIndex={0}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.currentTarget.setPointerCapture(e.pointerId);
        origin.current = pos(e);
        document.body.classList.add('resizing');
        onDrag(0, 'start');
        e.preventDefault();
      }}
      onPointerMove={(e) => {
        if (origin.current === null) return;
        onDrag(pos(e) - origin.current, 'move');
      }}
      onPointerUp={(e) => {
        if (origin.current === null) return;
        onDrag(pos(e) - origin.current, 'end');
        origin.current = null;
        document.body.classList.remove('resizing');
      }}
      onPointerCancel={() => {
        origin.current = null;
        document.body.classList.remove('resizing');
      }}
      onDoubleClick={() => onReset?.()}
      onKeyDown={(e) => {
        const back = orientation === 'vertical' ? 'ArrowLeft' : 'ArrowUp';
        const fwd = orientation === 'vertical' ? 'ArrowRight' : 'ArrowDown';
        if (e.key === back) onStep(-1);
        else if (e.key === fwd) onStep(1);
        else return;
        e.preventDefault();
      }}
    />
  );
}
