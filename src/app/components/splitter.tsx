import { useRef } from 'react';

/**
 * Where a splitter stands, as ARIA's window splitter reads it: the size of the pane before it
 * (left or above), in `unit`, between `min` and `max`; the arrow keys move it by `step`.
 */
export interface SplitValue {
  now: number;
  min: number;
  max: number;
  step: number;
  unit: 'px' | '%';
}

interface Props {
  /** 'vertical' separates columns (drag left/right); 'horizontal' separates rows. */
  orientation: 'vertical' | 'horizontal';
  /** What it resizes ("Resize the examples and the code"). */
  label: string;
  value: SplitValue;
  /** Called with the pointer's offset in px since the drag began; returns nothing. */
  onDrag(deltaPx: number, phase: 'start' | 'move' | 'end'): void;
  /** The keyboard asks for this value (the arrows, Home, End); the owner clamps and saves it. */
  onSet(now: number): void;
  onReset?(): void;
}

/**
 * A pointer-drag splitter that is a focusable ARIA window splitter (role `separator` with its
 * value): the arrows move it a step (left/up shrinks the pane before it), Home and End to its
 * limits, and a double click resets the layout.
 */
export function Splitter({ orientation, label, value, onDrag, onSet, onReset }: Props) {
  const origin = useRef<number | null>(null);
  const pos = (e: React.PointerEvent) => (orientation === 'vertical' ? e.clientX : e.clientY);
  const now = Math.round(value.now);
  return (
    <div
      className={`splitter splitter-${orientation}`}
      role="separator"
      aria-orientation={orientation}
      aria-label={label}
      aria-valuenow={now}
      aria-valuemin={value.min}
      aria-valuemax={value.max}
      aria-valuetext={`${now}${value.unit === 'px' ? ' px' : '%'}`}
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
        if (e.key === back) onSet(value.now - value.step);
        else if (e.key === fwd) onSet(value.now + value.step);
        else if (e.key === 'Home') onSet(value.min);
        else if (e.key === 'End') onSet(value.max);
        else return;
        e.preventDefault();
      }}
    />
  );
}
