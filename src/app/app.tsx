import { useEffect, useRef, useState } from 'react';
import { DEFAULT_PANES, type PaneSizes } from '../state/store';
import { clamp, limit, panesAt, savePanes, splitValue, type Split } from './pane-sizes';
import { AppContext, useApp, useAppState, useT, type AppContextValue } from './context';
import { saveLang } from './i18n';
import { Toolbar } from './components/toolbar';
import { Picker } from './components/picker';
import { EditorPane } from './components/editor-pane';
import { ConsolePane } from './components/console-pane';
import { StepBar } from './components/step-bar';
import { ExplorePanel } from './components/explore-panel';
import { TimelinePane } from './components/timeline-pane';
import { ShareDialog } from './components/share-dialog';
import { Splitter } from './components/splitter';
import { PhoneTabs } from './components/phone-tabs';
import { useNarrow } from './phone-layout';

function IsolationBanner({ reason }: { reason?: string }) {
  const t = useT();
  return (
    <div className="banner error" role="alert" data-testid="isolation-banner">
      <strong>{t.isolationTitle}</strong> <span>{t.isolationBody}</span>
      {reason && (
        <details>
          <summary>{t.isolationReason}</summary>
          <code>{reason}</code>
        </details>
      )}
    </div>
  );
}

function NoticeBanner() {
  const t = useT();
  const notice = useAppState((s) => s.notice);
  const setNotice = useAppState((s) => s.setNotice);
  const lang = useAppState((s) => s.lang);
  if (!notice) return null;
  return (
    <div className={`banner ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
      <span>{notice.text(lang)}</span>
      <button type="button" className="btn small" onClick={() => setNotice(null)}>
        {t.dismiss}
      </button>
    </div>
  );
}

/**
 * The run-time limit as the user sees it (docs/quality-bars.md): the supervisor asks when the limit is
 * reached; Stop ends the run, Keep running doubles the limit, and with no answer the supervisor
 * ends the run as `limit` when the countdown shown here runs out.
 */
function LongRunBanner() {
  const prompt = useAppState((s) => s.timePrompt);
  if (prompt === null) return null;
  // Keyed by the question: each one starts its own countdown.
  return <LongRunPrompt key={prompt.endsAt} elapsedS={prompt.elapsedS} endsAt={prompt.endsAt} />;
}

function LongRunPrompt({ elapsedS, endsAt }: { elapsedS: number; endsAt: number }) {
  const { controller } = useApp();
  const t = useT();
  const [left, setLeft] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setLeft(Math.max(0, Math.ceil((endsAt - performance.now()) / 1000)));
    const first = setTimeout(tick, 0);
    const id = setInterval(tick, 500);
    return () => {
      clearTimeout(first);
      clearInterval(id);
    };
  }, [endsAt]);
  return (
    <div className="banner info" role="alert" data-testid="long-run-banner">
      <span>
        {t.longRun(Math.round(elapsedS))} {left !== null && t.longRunEnds(left)}
      </span>
      <button type="button" className="btn small" data-testid="long-run-stop" onClick={() => controller.stop()}>
        {t.stop}
      </button>
      <button type="button" className="btn small" data-testid="long-run-keep" onClick={() => controller.keepRunning()}>
        {t.keepRunning}
      </button>
    </div>
  );
}

function Layout() {
  const { store, controller } = useApp();
  const t = useT();
  const panes = useAppState((s) => s.panes);
  const setPanes = useAppState((s) => s.setPanes);
  const narrow = useNarrow();
  const phoneTab = useAppState((s) => s.phoneTab);
  const isolation = controller.isolation;
  const mainRef = useRef<HTMLElement>(null);
  const rightRef = useRef<HTMLDivElement>(null);
  // Pane sizes when the current drag began; the pointer's offset is applied to them.
  const dragStart = useRef<PaneSizes | null>(null);

  const onDrag = (which: Split, d: number, phase: 'start' | 'move' | 'end') => {
    if (phase === 'start' || dragStart.current === null) {
      dragStart.current = store.getState().panes;
      if (phase === 'start') return;
    }
    const p0 = dragStart.current;
    const mainW = mainRef.current?.clientWidth ?? 1200;
    const avail = Math.max(1, mainW - p0.left);
    if (which === 'left') setPanes({ left: clamp(p0.left + d, 140, Math.min(520, mainW - 400)) });
    else if (which === 'right') setPanes({ right: limit('right', (p0.right * avail - d) / avail) });
    else {
      const h = rightRef.current?.clientHeight ?? 600;
      setPanes({ timeline: limit('timeline', p0.timeline + d / h) });
    }
    if (phase === 'end') {
      dragStart.current = null;
      savePanes(store.getState().panes);
    }
  };
  const onSet = (which: Split, now: number) => {
    setPanes(panesAt(which, now));
    savePanes(store.getState().panes);
  };
  const reset = () => {
    setPanes(DEFAULT_PANES);
    savePanes(DEFAULT_PANES);
  };

  return (
    <div
      className={narrow ? 'app narrow' : 'app'}
      data-phone-tab={narrow ? phoneTab : undefined}
      style={
        {
          '--left': `${panes.left}px`,
          '--right': String(panes.right),
          '--tl': String(panes.timeline),
        } as React.CSSProperties
      }
    >
      <Toolbar isolated={isolation.ok} />
      {!isolation.ok && <IsolationBanner reason={isolation.reason} />}
      <NoticeBanner />
      <LongRunBanner />
      <StepBar />
      <ExplorePanel />
      {/* The panes are the page's main landmark; on a narrow screen their tabs open it. */}
      <main className="main" ref={mainRef}>
        {narrow && <PhoneTabs />}
        <Picker />
        <Splitter
          orientation="vertical"
          label={t.resizePicker}
          value={splitValue('left', panes)}
          onDrag={(d, phase) => onDrag('left', d, phase)}
          onSet={(v) => onSet('left', v)}
          onReset={reset}
        />
        <EditorPane />
        <Splitter
          orientation="vertical"
          label={t.resizeEditor}
          value={splitValue('right', panes)}
          onDrag={(d, phase) => onDrag('right', d, phase)}
          onSet={(v) => onSet('right', v)}
          onReset={reset}
        />
        <div className="right" ref={rightRef}>
          <TimelinePane />
          <Splitter
            orientation="horizontal"
            label={t.resizeTimeline}
            value={splitValue('timeline', panes)}
            onDrag={(d, phase) => onDrag('timeline', d, phase)}
            onSet={(v) => onSet('timeline', v)}
            onReset={reset}
          />
          <ConsolePane />
        </div>
      </main>
      <ShareDialog />
    </div>
  );
}

/** Keeps <html> in step with the language and colour scheme. */
function DocumentSync() {
  const lang = useAppState((s) => s.lang);
  const theme = useAppState((s) => s.theme);
  const t = useT();
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t.appTitle;
    saveLang(lang);
  }, [lang, t]);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  // Ctrl/Cmd+Enter runs from anywhere; editors that handle it themselves prevent the default.
  const { store, controller } = useApp();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.defaultPrevented) {
        e.preventDefault();
        void controller.run();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [controller]);
  useEffect(() => {
    const mq = window.matchMedia?.('(prefers-color-scheme: dark)');
    if (!mq) return;
    const on = () => store.getState().setTheme(mq.matches ? 'dark' : 'light');
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, [store]);
  return null;
}

export function App({ value }: { value: AppContextValue }) {
  return (
    <AppContext.Provider value={value}>
      <DocumentSync />
      <Layout />
    </AppContext.Provider>
  );
}
