import { useEffect, useState } from 'react';
import { SPEEDS } from '../../state/store';
import type { RunState } from '../deps';
import { useApp, useAppState, useHasTrace, useT } from '../context';
import type { Messages } from '../i18n';

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

export function Toolbar({ isolated }: { isolated: boolean }) {
  const { controller } = useApp();
  const t = useT();
  const runState = useAppState((s) => s.runState);
  const speed = useAppState((s) => s.speed);
  const lang = useAppState((s) => s.lang);
  const setLang = useAppState((s) => s.setLang);
  const dirty = useAppState((s) => s.dirty);
  const hasTrace = useHasTrace();
  useAppState((s) => s.scenarioId);
  const running = runState === 'running';
  const speeds: number[] = [...SPEEDS];
  if (!speeds.includes(speed)) speeds.push(speed);
  speeds.sort((a, b) => a - b);

  return (
    <header className="toolbar" role="toolbar" aria-label={t.appTitle}>
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
        <label className="speed" title={t.speedHint}>
          <span>{t.speed}</span>
          <select
            data-testid="speed"
            value={String(speed)}
            onChange={(e) => controller.setSpeed(Number(e.target.value))}
          >
            {speeds.map((v) => (
              <option key={v} value={String(v)}>
                {v}×
              </option>
            ))}
          </select>
        </label>
        <span className="status" data-testid="run-status" data-state={runState} role="status" aria-live="polite">
          <span className={`dot dot-${runState}`} aria-hidden="true" />
          {statusLabel(t, runState)}
        </span>
        <Elapsed />
      </div>
      <div className="toolbar-group toolbar-end">
        <button type="button" className="btn" data-testid="reset" disabled={!dirty} title={t.resetHint} onClick={() => controller.resetToOriginal()}>
          ↺ {t.reset}
        </button>
        <button type="button" className="btn" data-testid="share" onClick={() => controller.share()}>
          {t.share}
        </button>
        <button
          type="button"
          className="btn"
          data-testid="export-trace"
          title={t.exportTraceHint}
          disabled={!hasTrace}
          onClick={() => void controller.exportTrace()}
        >
          ⤓ {t.exportTrace}
        </button>
        <select
          className="lang"
          data-testid="lang"
          aria-label={t.language}
          value={lang}
          onChange={(e) => setLang(e.target.value === 'zh' ? 'zh' : 'en')}
        >
          <option value="zh">中文</option>
          <option value="en">English</option>
        </select>
      </div>
    </header>
  );
}
