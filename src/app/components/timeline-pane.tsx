import { useEffect, useRef, useState } from 'react';
import { mountTimelinePane } from '../timeline-adapter';
import { useApp, useT } from '../context';

/** Hosts the canvas timeline, which arrives as a lazy chunk after the first paint. */
export function TimelinePane() {
  const { store, controller } = useApp();
  const t = useT();
  const hostRef = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    let live = true;
    let destroy: (() => void) | null = null;
    let unsubTheme: (() => void) | null = null;
    const raf = requestAnimationFrame(() => {
      mountTimelinePane(host, store, {
        onHighlightLines: (lines) => controller.highlight(lines),
        onSelectPrint: (seq) => store.getState().selectSeq(seq),
        labels: t.timelineLabels,
      }).then(
        (handle) => {
          if (!live) {
            handle.destroy();
            return;
          }
          controller.attachTimeline(handle);
          unsubTheme = store.subscribe((n, p) => {
            if (n.theme !== p.theme) handle.setTheme(n.theme);
            if (n.panes !== p.panes) handle.resize();
          });
          destroy = () => {
            controller.detachTimeline(handle);
            handle.destroy();
          };
          setState('ready');
        },
        (err: unknown) => {
          console.error('timeline failed to load', err);
          if (live) setState('failed');
        },
      );
    });
    return () => {
      live = false;
      cancelAnimationFrame(raf);
      unsubTheme?.();
      destroy?.();
    };
    // Labels are fixed at mount: a language switch remounts (the model lives in the store).
  }, [store, controller, t]);

  return (
    <section className="timeline-pane" aria-label={t.timeline}>
      <div className="pane-title">
        <h2>{t.timeline}</h2>
      </div>
      <div className="timeline-wrap" data-testid="timeline" data-ready={state}>
        {state !== 'ready' && (
          <p className={`pad overlay ${state === 'failed' ? 'error' : 'muted'}`}>
            {state === 'failed' ? t.timelineFailed : t.timelineLoading}
          </p>
        )}
        {/* The timeline owns this element's children; React never renders into it. */}
        <div className="timeline-host" ref={hostRef} />
      </div>
    </section>
  );
}
