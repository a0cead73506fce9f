import { useEffect, useState } from 'react';
import { SPEEDS } from '../../state/store';
import { SCHED_NAMES } from '../../protocol/sched';
import { MAX_SPEED, isMaxSpeed } from '../../protocol/speed';
import type { RunState } from '../deps';
import { useApp, useAppState, useHasTrace, useT } from '../context';
import type { Messages } from '../i18n';
import { useNarrow } from '../phone-layout';

export function statusLabel(t: Messages, s: RunState): string {
  switch (s) {
    case 'idle':
      return t.statusIdle;
    case 'running':
      return t.statusRunning;
    case 'finished':
      return t.statusFinished;
    case 'error':
      return t.statusError;
    case 'stopped':
      return t.statusStopped;
    case 'deadlock':
      return t.statusDeadlock;
    case 'limit':
      return t.statusLimit;
  }
}

function Elapsed() {
  const t = useT();
  const startedAt = useAppState((s) => s.startedAt);
  const elapsedMs = useAppState((s) => s.elapsedMs);
  const runState = useAppState((s) => s.runState);
  // The clock is state, read in the timer: render stays pure.
  const [liveMs, setLiveMs] = useState(0);
  useEffect(() => {
    if (startedAt === null) return;
    const tick = () => setLiveMs(Math.max(0, performance.now() - startedAt));
    const id = setInterval(tick, 100);
    const first = setTimeout(tick, 0);
    return () => {
      clearInterval(id);
      clearTimeout(first);
    };
  }, [startedAt]);
  if (runState === 'idle') return null;
  const ms = startedAt !== null ? liveMs : elapsedMs;
  return <span className="elapsed">{t.elapsed(ms)}</span>;
}

/** The speed control's value for a speed: `max` for Infinity. */
function speedValue(v: number): string {
  return isMaxSpeed(v) ? 'max' : String(v);
}

/**
 * Explore: the outcome explorer (docs/diagnostics.md). It shows pressed while it works, and a
 * press then stops it (the results panel has a Stop button too); the label stays, so the
 * toolbar keeps its one row.
 */
function ExploreButton({ isolated }: { isolated: boolean }) {
  const { controller } = useApp();
  const t = useT();
  const exploring = useAppState((s) => s.explore?.running === true);
  return (
    <button
      type="button"
      className={`btn explore${exploring ? ' exploring' : ''}`}
      data-testid="explore"
      data-exploring={exploring ? 'true' : 'false'}
      aria-pressed={exploring}
      disabled={!isolated}
      title={exploring ? t.exploreStop : t.exploreHint}
      onClick={() => (exploring ? controller.explorer.stop() : void controller.explorer.explore())}
    >
      {t.explore}
    </button>
  );
}

/** Mode select and seed button (docs/deterministic-runs.md). */
function SchedControls() {
  const { controller } = useApp();
  const t = useT();
  const sched = useAppState((s) => s.sched);
  const seed = useAppState((s) => s.seed);
  const pinned = useAppState((s) => s.seedPinned);
  const parallel = sched === 'parallel';
  const modesHint = SCHED_NAMES.map((m) => t.schedModes[m].hint).join('\n');
  const seedHint = parallel ? t.seedParallelHint : pinned ? t.seedPinnedHint : t.seedFreeHint;
  return (
    <>
      <label className="speed" title={`${t.schedHint}:\n${modesHint}`}>
        <span className="ctl-label">{t.sched}</span>
        <select data-testid="sched" value={sched} onChange={(e) => controller.setSched(e.target.value)}>
          {SCHED_NAMES.map((m) => (
            <option key={m} value={m} title={t.schedModes[m].hint}>
              {t.schedModes[m].label}
            </option>
          ))}
        </select>
      </label>
      <span className="speed" title={seedHint}>
        <span className="seed-label">{t.seed}</span>
        {/* The text is the seed alone (or — without one); pinned shows as a pressed button. */}
        <button
          type="button"
          className={`btn seed${pinned && !parallel ? ' pinned' : ''}`}
          data-testid="seed"
          data-pinned={pinned ? 'true' : 'false'}
          aria-pressed={pinned}
          aria-label={`${t.seed}: ${parallel || seed === null ? '—' : seed}. ${seedHint}`}
          disabled={parallel}
          onClick={() => controller.toggleSeedPin()}
        >
          {parallel || seed === null ? '—' : seed}
        </button>
      </span>
    </>
  );
}

/**
 * Reset, Share, Export trace and the language. A narrow screen keeps Share in the toolbar and
 * puts the rest behind a "more" button (a popover: a tap outside or Escape closes it).
 */
function DocControls() {
  const { controller } = useApp();
  const t = useT();
  const lang = useAppState((s) => s.lang);
  const setLang = useAppState((s) => s.setLang);
  const dirty = useAppState((s) => s.dirty);
  const hasTrace = useHasTrace();
  const narrow = useNarrow();
  const reset = (
    <button type="button" className="btn" data-testid="reset" disabled={!dirty} title={t.resetHint} onClick={() => controller.resetToOriginal()}>
      <span aria-hidden="true">↺</span> {t.reset}
    </button>
  );
  const share = (
    <button type="button" className="btn" data-testid="share" onClick={() => controller.share()}>
      {t.share}
    </button>
  );
  const exportTrace = (
    <button
      type="button"
      className="btn"
      data-testid="export-trace"
      title={t.exportTraceHint}
      disabled={!hasTrace}
      onClick={() => void controller.exportTrace()}
    >
      <span aria-hidden="true">⤓</span> {t.exportTrace}
    </button>
  );
  const detectors = <DetectorsToggle />;
  const language = (
    <select className="lang" data-testid="lang" aria-label={t.language} value={lang} onChange={(e) => setLang(e.target.value === 'zh' ? 'zh' : 'en')}>
      <option value="zh">中文</option>
      <option value="en">English</option>
    </select>
  );
  if (!narrow) {
    return (
      <>
        {reset}
        {share}
        {exportTrace}
        {detectors}
        {language}
      </>
    );
  }
  return (
    <>
      {share}
      <button type="button" className="btn more" data-testid="more" popoverTarget="toolbar-more" aria-label={t.more} title={t.more}>
        ⋯
      </button>
      <div
        id="toolbar-more"
        className="toolbar-more"
        popover="auto"
        // A button's action done, the menu goes (the language select keeps it open to show the change).
        onClick={(e) => {
          if (e.target instanceof HTMLElement && e.target.closest('button')) e.currentTarget.hidePopover();
        }}
      >
        {reset}
        {exportTrace}
        {detectors}
        <label className="speed">
          <span>{t.language}</span>
          {language}
        </label>
      </div>
    </>
  );
}

/** The detectors on or off (docs/diagnostics.md): on by default, they cost little. */
function DetectorsToggle() {
  const t = useT();
  const on = useAppState((s) => s.detectors);
  const setOn = useAppState((s) => s.setDetectors);
  return (
    <label className="detectors" title={t.detectorsHint}>
      <input type="checkbox" data-testid="detectors" checked={on} onChange={(e) => setOn(e.target.checked)} />
      <span>{t.detectors}</span>
    </label>
  );
}

export function Toolbar({ isolated }: { isolated: boolean }) {
  const { controller } = useApp();
  const t = useT();
  const runState = useAppState((s) => s.runState);
  // Which run the state belongs to (e2e: a shared page's previous run may also have `finished`).
  const runId = useAppState((s) => s.runId);
  const speed = useAppState((s) => s.speed);
  useAppState((s) => s.scenarioId);
  const running = runState === 'running';
  const speeds: number[] = [...SPEEDS, MAX_SPEED];
  if (!speeds.includes(speed)) speeds.push(speed);
  speeds.sort((a, b) => a - b);

  return (
    // The page's banner landmark. Not role="toolbar": ARIA does not allow it on <header>, and a
    // toolbar's arrow-key contract would not fit a row of selects and buttons.
    <header className="toolbar">
      <h1 className="brand" title={t.tagline}>
        {t.appTitle}
      </h1>
      <div className="toolbar-group">
        <button
          type="button"
          className="btn primary"
          data-testid="run"
          disabled={running || !isolated}
          title={t.runHint}
          onClick={() => void controller.run()}
        >
          ▶ {t.run}
        </button>
        <button
          type="button"
          className="btn"
          data-testid="stop"
          disabled={!running}
          title={t.stop}
          onClick={() => controller.stop()}
        >
          ■ {t.stop}
        </button>
        <ExploreButton isolated={isolated} />
        <label className="speed" title={t.speedHint}>
          <span className="ctl-label">{t.speed}</span>
          <select
            data-testid="speed"
            value={speedValue(speed)}
            onChange={(e) => controller.setSpeed(e.target.value === 'max' ? MAX_SPEED : Number(e.target.value))}
          >
            {speeds.map((v) => (
              <option key={v} value={speedValue(v)}>
                {isMaxSpeed(v) ? t.speedMax : `${v}×`}
              </option>
            ))}
          </select>
        </label>
        <SchedControls />
        <span className="status" data-testid="run-status" data-state={runState} data-run={runId} role="status" aria-live="polite">
          <span className={`dot dot-${runState}`} aria-hidden="true" />
          {statusLabel(t, runState)}
        </span>
        <Elapsed />
      </div>
      <div className="toolbar-group toolbar-end">
        <DocControls />
      </div>
    </header>
  );
}
