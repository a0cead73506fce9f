import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { colorForId, type ConsoleLine } from '../deps';
import { useApp, useAppState, useT } from '../context';
import type { ConsoleBuffer } from '../../state/console-buffer';

/** Fixed row height: the list is virtualised (20,000 lines must scroll and append smoothly). */
const ROW = 18;
/** Up to this many lines the whole console is in the DOM (find-in-page, tests, copy). */
const RENDER_ALL = 500;
/** Beyond it, rows rendered past each edge of the viewport while scrolling. */
const OVERSCAN = 40;

/**
 * The line a key acts on: ↑/↓ the one above or below the selected line (from none: the last or
 * the first), Enter the selected one; null for other keys or when there is none.
 */
function lineForKey(buf: ConsoleBuffer, selectedSeq: number | null, key: string): ConsoleLine | null {
  const at = selectedSeq === null ? -1 : buf.indexOfSeq(selectedSeq);
  if (key === 'Enter') return at < 0 ? null : (buf.at(at) ?? null);
  if (key !== 'ArrowUp' && key !== 'ArrowDown') return null;
  const dir = key === 'ArrowDown' ? 1 : -1;
  const next = at < 0 ? (dir > 0 ? 0 : buf.length - 1) : Math.min(buf.length - 1, Math.max(0, at + dir));
  return buf.at(next) ?? null;
}

/**
 * Console output, one row per printed line. The line's text sits alone in its
 * `data-testid="console-line"` element (its textContent is exactly the printed line); the
 * coloured thread tag is a sibling. Text is rendered as text by React, never as HTML.
 */
export function ConsolePane() {
  const { store, controller } = useApp();
  const t = useT();
  const compileErrors = useAppState((s) => s.compileErrors);
  const selectedSeq = useAppState((s) => s.selectedSeq);
  const scrollRef = useRef<HTMLDivElement>(null);
  // Follow new output while the user is at the bottom; scrolling up pauses it.
  const [stick, setStick] = useState(true);
  const [viewport, setViewport] = useState({ top: 0, height: 400 });
  // Re-render at most once per frame however fast lines arrive.
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let raf = 0;
    const unsub = store.subscribe((s, p) => {
      if (s.consoleVersion === p.consoleVersion || raf) return;
      raf = requestAnimationFrame(() => {
        raf = 0;
        setVersion(s.consoleVersion);
      });
    });
    return () => {
      unsub();
      cancelAnimationFrame(raf);
    };
  }, [store]);

  const buf = store.getState().console;
  const dropped = buf.dropped;
  // The filter (docs/diagnostics.md): all lines, the program's output only, or warnings only.
  const [filter, setFilter] = useState<ConsoleFilter>('all');
  const shown = filter === 'all' ? null : filteredIndexes(buf, filter);
  const n = shown ? shown.length : buf.length;

  // Follow the output while the user is at the bottom. The target is computed from the row
  // count (no scrollHeight read, which would force a layout of the whole list per frame).
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || !stick) return;
    const target = Math.max(0, n * ROW - viewport.height);
    if (Math.abs(el.scrollTop - target) > 1) el.scrollTop = target;
  }, [version, n, viewport.height, stick]);

  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setViewport({ top: el.scrollTop, height: el.clientHeight }));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // A click on a print marker in the timeline: bring that line into view (if the filter shows it).
  useEffect(() => {
    if (selectedSeq === null) return;
    const c = store.getState().console;
    const all = c.indexOfSeq(selectedSeq);
    const i = filter === 'all' ? all : filteredIndexes(c, filter).indexOf(all);
    const el = scrollRef.current;
    if (i < 0 || !el) return;
    el.scrollTop = Math.max(0, i * ROW - el.clientHeight / 2);
  }, [selectedSeq, store, filter]);

  // While following, render the window at the bottom directly instead of waiting for the
  // scroll event to report the new position (one frame late, and a wasted render).
  const top = stick ? Math.max(0, n * ROW - viewport.height) : viewport.top;
  const all = n <= RENDER_ALL;
  const first = all ? 0 : Math.max(0, Math.floor(top / ROW) - OVERSCAN);
  const last = all ? n : Math.min(n, Math.ceil((top + viewport.height) / ROW) + OVERSCAN);
  const rows: ConsoleLine[] = [];
  for (let i = first; i < last; i++) {
    const l = buf.at(shown ? shown[i]! : i);
    if (l) rows.push(l);
  }

  return (
    <section className="console-pane" data-testid="console" aria-label={t.console}>
      <ConsoleHeader filter={filter} warnings={buf.warnings} dropped={dropped} onFilter={setFilter} />
      {/* Focusable so the keyboard can scroll it; ↑/↓ choose a line and Enter shows its moment on
          the timeline, as a click does. A log, but not read out as it grows (aria-live off): a
          program may print thousands of lines. */}
      <div
        className="console-scroll"
        ref={scrollRef}
        role="log"
        aria-live="off"
        aria-label={t.consoleKeys}
        tabIndex={0}
        onKeyDown={(e) => {
          const line = lineForKey(store.getState().console, selectedSeq, e.key);
          if (line === null) return;
          e.preventDefault();
          if (e.key === 'Enter') controller.jumpTo(line);
          else store.getState().selectSeq(line.seq);
        }}
        onScroll={(e) => {
          const el = e.currentTarget;
          const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW;
          if (atBottom !== stick) setStick(atBottom);
          setViewport({ top: el.scrollTop, height: el.clientHeight });
        }}
      >
        {n === 0 && compileErrors.length === 0 && <p className="muted pad">{t.consoleEmpty}</p>}
        <div className="console-spacer" style={{ height: n * ROW }}>
          <div className="console-rows" style={{ transform: `translateY(${first * ROW}px)` }}>
            {rows.map((l) => (
              <div
                key={l.seq}
                className={`console-row${l.stream === 'stdout' ? '' : ` ${l.stream}`}${l.seq === selectedSeq ? ' selected' : ''}`}
                style={{ height: ROW, ['--thread-color' as string]: colorForId(l.tid) }}
                title={l.stream === 'warning' ? l.text : t.jumpHint}
                onClick={() => controller.jumpTo(l)}
              >
                <span className="thread-tag" aria-hidden="true">
                  {l.thread}
                </span>
                <div className="console-line" data-testid="console-line" data-thread={l.thread} data-stream={l.stream}>
                  {/* A line the playground wrote (a deadlock, a limit) in the learner's language. */}
                  {l.note ? t.runNote(l.note) : l.text}
                </div>
              </div>
            ))}
          </div>
        </div>
      </div>
    </section>
  );
}

/** The pane's title row (with the filter), the run's message and the compile errors. */
function ConsoleHeader(props: { filter: ConsoleFilter; warnings: number; dropped: number; onFilter: (f: ConsoleFilter) => void }) {
  const { filter, warnings, dropped, onFilter } = props;
  const { controller } = useApp();
  const t = useT();
  const compileErrors = useAppState((s) => s.compileErrors);
  const runMessage = useAppState((s) => s.runMessage);
  const runNote = useAppState((s) => s.runNote);
  const runState = useAppState((s) => s.runState);
  const showMessage = runMessage && runState !== 'running' && runState !== 'idle' && runState !== 'finished';
  return (
    <>
        <div className="pane-title">
          <h2>{t.console}</h2>
          {dropped > 0 && (
            <span className="dropped" data-testid="console-dropped">
              {t.dropped(dropped)}
            </span>
          )}
          <ConsoleFilterButtons filter={filter} warnings={warnings} onChange={onFilter} />
        </div>
        {showMessage && (
          <div className={`run-message state-${runState}`} data-testid="run-message" role="alert">
            {runNote ? t.runNote(runNote) : runMessage}
          </div>
        )}
        {compileErrors.length > 0 && (
          <div className="compile-errors" data-testid="compile-errors" role="alert">
            <strong>{t.compileErrors}</strong>
            <ul>
              {compileErrors.map((e, i) => (
                <li key={i}>
                  <button type="button" className="link" onClick={() => controller.editor?.revealLine(e.line)}>
                    {e.line}:{e.column}
                  </button>{' '}
                  {e.message}
                </li>
              ))}
            </ul>
          </div>
        )}
    </>
  );
}

type ConsoleFilter = 'all' | 'output' | 'warnings';
const FILTERS: readonly ConsoleFilter[] = ['all', 'output', 'warnings'];

/** Indexes in `buf` of the lines `filter` keeps (a scan per render: filtering is rare and ≤ 20,000 lines). */
function filteredIndexes(buf: ConsoleBuffer, filter: Exclude<ConsoleFilter, 'all'>): number[] {
  const out: number[] = [];
  for (let i = 0; i < buf.length; i++) if ((buf.at(i)!.stream === 'warning') === (filter === 'warnings')) out.push(i);
  return out;
}

/** All · Output · Warnings (n): the warning count is what draws the eye after a run. */
function ConsoleFilterButtons({ filter, warnings, onChange }: { filter: ConsoleFilter; warnings: number; onChange: (f: ConsoleFilter) => void }) {
  const t = useT();
  return (
    <div className="console-filter" role="group" aria-label={t.consoleFilter}>
      {FILTERS.map((f) => (
        <button
          key={f}
          type="button"
          data-testid="console-filter"
          data-filter={f}
          aria-pressed={filter === f}
          className={f === 'warnings' && warnings > 0 ? 'has-warnings' : undefined}
          onClick={() => onChange(f)}
        >
          {f === 'warnings' ? t.consoleWarnings(warnings) : f === 'output' ? t.consoleOutput : t.consoleAll}
        </button>
      ))}
    </div>
  );
}
