import { useApp, useAppState, useT } from '../context';
import type { RunState } from '../deps';
import { statusLabel } from './toolbar';

/** Lines of an outcome's output shown before the rest is folded away. */
const SHOWN_LINES = 12;

/**
 * The outcome explorer's results (docs/diagnostics.md, "Outcome explorer"): every distinct
 * outcome found (what the program printed and how it ended), how many schedules gave it, and a
 * link that replays one of them in step mode; whether every schedule was tried.
 */
export function ExplorePanel() {
  const { store, controller } = useApp();
  const t = useT();
  const e = useAppState((s) => s.explore);
  if (e === null) return null;
  const summary = e.running
    ? t.exploreRunning(e.runs)
    : e.error !== undefined
      ? t.exploreFailed(e.error)
      : e.complete
        ? t.exploreComplete(e.runs)
        : t.exploreStopped(e.runs, e.bound);
  return (
    <section
      className="explore-panel"
      data-testid="explore-results"
      data-running={e.running ? 'true' : 'false'}
      data-complete={e.complete ? 'true' : 'false'}
      aria-label={t.exploreTitle}
    >
      <header className="explore-head">
        <h2>{t.exploreTitle}</h2>
        <span className="muted" data-testid="explore-summary" role="status" aria-live="polite">
          {summary}
        </span>
        {e.running ? (
          <button type="button" className="btn small" data-testid="explore-stop" onClick={() => controller.explorer.stop()}>
            ■ {t.exploreStop}
          </button>
        ) : (
          <button type="button" className="btn small" aria-label={t.close} title={t.close} onClick={() => store.getState().setExplore(null)}>
            ✕
          </button>
        )}
      </header>
      <ol className="explore-outcomes">
        {e.outcomes.map((o) => (
          <li key={`${o.state}\u0000${o.stdout.join('\n')}`} className="explore-outcome" data-testid="explore-outcome" data-state={o.state} data-count={o.count}>
            <span className={`explore-state dot-${o.state}`}>{statusLabel(t, o.state as RunState)}</span>
            <span className="explore-count">{t.exploreCount(o.count)}</span>
            <span className="muted">{t.explorePreemptions(o.preemptions)}</span>
            <a className="btn small" data-testid="explore-replay" href={o.link} title={t.exploreReplayHint}>
              ▶ {t.exploreReplay}
            </a>
            <pre className="explore-stdout" data-testid="explore-stdout">
              {o.stdout.length === 0 ? t.exploreNoOutput : o.stdout.slice(0, SHOWN_LINES).join('\n') + (o.stdout.length > SHOWN_LINES ? '\n…' : '')}
            </pre>
            {o.message !== undefined && <p className="explore-message muted">{o.message}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}
