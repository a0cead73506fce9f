import { useEffect, useRef, useState } from 'react';
import { DEFAULT_PANES, type PaneSizes } from '../state/store';
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

const PANES_KEY = 'cp:panes';

export function loadPanes(): PaneSizes {
  try {
    const raw = localStorage.getItem(PANES_KEY);
    if (!raw) return DEFAULT_PANES;
    const p = JSON.parse(raw) as Partial<PaneSizes>;
    const num = (v: unknown, lo: number, hi: number, d: number) =>
      typeof v === 'number' && Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : d;
    return {
      left: num(p.left, 140, 520, DEFAULT_PANES.left),
      right: num(p.right, 0.2, 0.75, DEFAULT_PANES.right),
      timeline: num(p.timeline, 0.15, 0.85, DEFAULT_PANES.timeline),
    };
  } catch {
    return DEFAULT_PANES;
  }
}

function savePanes(p: PaneSizes): void {
  try {
    localStorage.setItem(PANES_KEY, JSON.stringify(p));
  } catch {
    /* best effort */
  }
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

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
  const mainRef = useRef<HTMLDivElement>(null);
  const rightRef = useRef<HTMLDivElement>(null);
  // Pane sizes when the current drag began; the pointer's offset is applied to them.
  const dragStart = useRef<PaneSizes | null>(null);

  const onDrag = (which: 'left' | 'right' | 'timeline', d: number, phase: 'start' | 'move' | 'end') => {
    if (phase === 'start' || dragStart.current === null) {
      dragStart.current = store.getState().panes;
      if (phase === 'start') return;
    }
    const p0 = dragStart.current;
    const mainW = mainRef.current?.clientWidth ?? 1200;
    const avail = Math.max(1, mainW - p0.left);
    if (which === 'left') setPanes({ left: clamp(p0.left + d, 140, Math.min(520, mainW - 400)) });
    else if (which === 'right') setPanes({ right: clamp((p0.right * avail - d) / avail, 0.2, 0.75) });
    else {
      const h = rightRef.current?.clientHeight ?? 600;
      setPanes({ timeline: clamp(p0.timeline + d / h, 0.15, 0.85) });
    }
    if (phase === 'end') {
      dragStart.current = null;
      savePanes(store.getState().panes);
    }
  };
  const onStep = (which: 'left' | 'right' | 'timeline', dir: -1 | 1) => {
    const p = store.getState().panes;
    if (which === 'left') setPanes({ left: clamp(p.left + dir * 20, 140, 520) });
    else if (which === 'right') setPanes({ right: clamp(p.right - dir * 0.03, 0.2, 0.75) });
    else setPanes({ timeline: clamp(p.timeline + dir * 0.05, 0.15, 0.85) });
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
      {narrow && <PhoneTabs />}
      <div className="main" ref={mainRef}>
        <Picker />
        <Splitter
          orientation="vertical"
          label={t.resizeHint}
          onDrag={(d, phase) => onDrag('left', d, phase)}
          onStep={(dir) => onStep('left', dir)}
          onReset={reset}
        />
        <EditorPane />
        <Splitter
          orientation="vertical"
          label={t.resizeHint}
          onDrag={(d, phase) => onDrag('right', d, phase)}
          onStep={(dir) => onStep('right', dir)}
          onReset={reset}
        />
        <div className="right" ref={rightRef}>
          <TimelinePane />
          <Splitter
            orientation="horizontal"
            label={t.resizeHint}
            onDrag={(d, phase) => onDrag('timeline', d, phase)}
            onStep={(dir) => onStep('timeline', dir)}
            onReset={reset}
          />
          <ConsolePane />
        </div>
      </div>
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
