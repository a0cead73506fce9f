import { useEffect, useRef } from 'react';
import { colorForId } from '../deps';
import { useApp, useAppState, useT } from '../context';
import type { StepThread } from '../../protocol/step';

/** A key that is typed into something (the editor, the search box): not a step shortcut. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.closest('input, textarea, select, .monaco-editor') !== null;
}

/** How to find a step control again once the bar re-renders: its test hook and thread. */
function selectorFor(el: Element): string | null {
  const id = el.getAttribute('data-testid');
  if (id === null) return null;
  const thread = el.getAttribute('data-thread');
  return thread === null ? `[data-testid="${id}"]` : `[data-testid="${id}"][data-thread="${CSS.escape(thread)}"]`;
}

function where(t: ReturnType<typeof useT>, th: StepThread): string {
  return th.line > 0 ? `${t.stepLine(th.line)}: ${t.stepOp(th.op)}` : t.stepOp(th.op);
}

/**
 * Step mode's controls (docs/deterministic-runs.md, "Step mode"): while the run is stopped, one
 * button per thread that can move (its number key does the same), what each does next, who is
 * blocked on what, Back and Finish. The editor marks each movable thread's next line in its
 * lane's colour.
 */
export function StepBar() {
  const { controller } = useApp();
  const t = useT();
  const sched = useAppState((s) => s.sched);
  const pause = useAppState((s) => s.stepPause);
  const steps = useAppState((s) => s.steps.length);
  const running = useAppState((s) => s.runState === 'running');
  const barRef = useRef<HTMLElement>(null);
  // The control a keyboard user just pressed: the buttons go while the thread runs to its next
  // stop (and Back may disable itself), which drops the focus to the page; the next stop gives
  // it back to the same control, else to the first thread, so Enter can be pressed again.
  const refocus = useRef<string | null>(null);

  useEffect(() => {
    if (pause === null) return;
    const marks = new Map(pause.runnable.filter((r) => r.line > 0).map((r) => [r.choice, { line: r.line, color: colorForId(r.colorId) }]));
    controller.highlight(marks);
  }, [controller, pause]);

  useEffect(() => {
    const want = refocus.current;
    const bar = barRef.current;
    if (pause === null || want === null || bar === null) return;
    refocus.current = null;
    const active = document.activeElement;
    // Only focus that was lost: never take it from where the user has since put it.
    if (active !== null && active !== document.body) return;
    const enabled = (sel: string) => bar.querySelector<HTMLButtonElement>(`${sel}:not(:disabled)`);
    (enabled(want) ?? enabled('[data-testid="step-thread"]') ?? enabled('[data-testid="step-finish"]'))?.focus();
  }, [pause]);

  useEffect(() => {
    if (pause === null) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      const k = Number(e.key);
      const th = Number.isInteger(k) && k >= 1 ? pause.runnable[k - 1] : undefined;
      if (th === undefined) return;
      e.preventDefault();
      void controller.stepper.step(th.thread);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [controller, pause]);

  if (sched !== 'step') return null;
  return (
    <section
      className="step-bar"
      aria-label={t.stepControls}
      data-testid="step-bar"
      ref={barRef}
      onClickCapture={(e) => {
        const button = e.target instanceof Element ? e.target.closest('button') : null;
        refocus.current = button !== null && button === document.activeElement ? selectorFor(button) : null;
      }}
    >
      <span className="step-title">
        {t.stepTitle}
        {steps > 0 && ` · ${steps}`}
      </span>
      {pause === null ? (
        <span className="muted">{running ? t.stepRunning : t.stepIdle}</span>
      ) : (
        <>
          <span className="muted">{t.stepChoose}</span>
          {pause.runnable.map((th, k) => (
            <button
              key={th.choice}
              type="button"
              className="step-thread"
              data-testid="step-thread"
              data-thread={th.thread}
              style={{ ['--thread-color' as string]: colorForId(th.colorId) }}
              title={`${t.stepKey} ${k + 1}`}
              onClick={() => void controller.stepper.step(th.thread)}
            >
              {k < 9 && <kbd>{k + 1}</kbd>} <b>{th.thread}</b> <span>{where(t, th)}</span>
            </button>
          ))}
          {pause.blocked.map((th) => (
            <span key={th.tid} className="step-blocked" data-testid="step-blocked" data-thread={th.thread}>
              <b>{th.thread}</b> {t.stepBlocked} · {where(t, th)}
            </span>
          ))}
        </>
      )}
      <span className="step-actions">
        <button type="button" data-testid="step-back" disabled={steps === 0} onClick={() => void controller.stepper.back()}>
          ◀ {t.stepBack}
        </button>
        <button type="button" data-testid="step-finish" disabled={!running} onClick={() => void controller.stepper.finish()}>
          {t.stepFinish} ▶
        </button>
      </span>
    </section>
  );
}
