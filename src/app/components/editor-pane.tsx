import { useCallback, useEffect, useRef, useState } from 'react';
import { loadEditorFactory, type CodeEditor, type EditorFactory, type LineWarning } from '../../editor';
import { getScenario, type ConsoleLine, type Scenario } from '../deps';
import { useApp, useAppState, useT } from '../context';
import { messages } from '../i18n';
import type { EditorTab, Lang } from '../../state/store';
import { onTabListKey } from './tab-keys';
import { useNarrow } from '../phone-layout';

const EDITOR_TABS: readonly EditorTab[] = ['ts', 'py'];

type LoadState = 'loading' | 'ready' | 'failed';

/** Starts loading Monaco once the first frame is on screen, so it never delays the picker. */
function afterFirstPaint(fn: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const raf = requestAnimationFrame(() => {
    timer = setTimeout(fn, 0);
  });
  return () => {
    cancelAnimationFrame(raf);
    if (timer !== undefined) clearTimeout(timer);
  };
}

function useEditorFactory(): { factory: EditorFactory | null; state: LoadState } {
  const [factory, setFactory] = useState<EditorFactory | null>(null);
  const [state, setState] = useState<LoadState>('loading');
  useEffect(() => {
    let live = true;
    const cancel = afterFirstPaint(() => {
      loadEditorFactory().then(
        (f) => {
          if (!live) return;
          setFactory(f);
          setState('ready');
        },
        (err: unknown) => {
          console.error('Monaco failed to load', err);
          if (live) setState('failed');
        },
      );
    });
    return () => {
      live = false;
      cancel();
    };
  }, []);
  return { factory, state };
}

/** Monaco's name says how to leave it by keyboard: in Monaco, Tab indents. */
function monacoLabel(lang: Lang): string {
  const m = messages[lang];
  return `${m.editorLabel}. ${m.editorTabHint}`;
}

function TsEditor({ factory, loadState, visible }: { factory: EditorFactory | null; loadState: LoadState; visible: boolean }) {
  const { store, controller } = useApp();
  const t = useT();
  const source = useAppState((s) => s.source);
  const [createFailed, setCreateFailed] = useState(false);
  const mounted = factory !== null && !createFailed;

  // A ref callback (with cleanup, React 19) rather than an effect: Monaco is created exactly
  // when its host element exists, and disposed with it.
  const attach = useCallback(
    (host: HTMLDivElement | null) => {
      if (!host || !factory) return;
      const s = store.getState();
      let ed: CodeEditor;
      try {
        ed = factory.create(host, {
          value: s.source,
          dark: s.theme === 'dark',
          language: 'typescript',
          ariaLabel: monacoLabel(s.lang),
          onChange: (v) => controller.edit(v),
          onRun: () => void controller.run(),
        });
      } catch (err) {
        console.error('Monaco failed to start', err);
        setCreateFailed(true);
        return;
      }
      controller.attachEditor(ed);
      ed.setCompileMarkers(s.compileErrors);
      let warned = -1;
      const showWarnings = () => {
        const buf = store.getState().console;
        if (buf.warnings === warned) return;
        warned = buf.warnings;
        ed.setWarningMarkers(warningMarkers(buf.toArray()));
      };
      showWarnings();
      // The text follows the store (scenario switches, load(), links); edits flow back through
      // onChange. Equal text is skipped so typing never round-trips into setValue.
      const unsub = store.subscribe((n, p) => {
        if (n.source !== p.source && n.source !== ed.getValue()) ed.setValue(n.source);
        if (n.theme !== p.theme) ed.setDark(n.theme === 'dark');
        if (n.compileErrors !== p.compileErrors) ed.setCompileMarkers(n.compileErrors);
        if (n.consoleVersion !== p.consoleVersion) showWarnings();
        if (n.lang !== p.lang) ed.setAriaLabel(monacoLabel(n.lang));
      });
      return () => {
        unsub();
        controller.detachEditor(ed);
        ed.dispose();
      };
    },
    [factory, store, controller],
  );

  return (
    <div className="editor-host" role="tabpanel" id="panel-ts" aria-labelledby="tab-ts" data-testid="editor" hidden={!visible} data-monaco={mounted ? 'ready' : createFailed ? 'failed' : loadState}>
      {!mounted && (
        <>
          <p className={`editor-note ${loadState === 'failed' || createFailed ? 'error' : 'muted'}`}>
            {loadState === 'failed' || createFailed ? t.editorFailed : t.editorLoading}
          </p>
          <textarea
            className="fallback-editor"
            aria-label={t.editorLabel}
            spellCheck={false}
            autoCapitalize="off"
            autoComplete="off"
            value={source}
            onChange={(e) => controller.edit(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void controller.run();
              }
            }}
          />
        </>
      )}
      {mounted && <div ref={attach} className="monaco-host" />}
    </div>
  );
}

function PythonView({ factory, visible }: { factory: EditorFactory | null; visible: boolean }) {
  const t = useT();
  const { store } = useApp();
  const scenarioId = useAppState((s) => s.scenarioId);
  const python = scenarioId ? (getScenario(scenarioId)?.python ?? '') : '';
  const hostRef = useRef<HTMLDivElement>(null);
  const edRef = useRef<CodeEditor | null>(null);
  // Monaco for Python only once the tab is first shown: most visits never open it.
  const [wanted, setWanted] = useState(false);
  if (visible && !wanted) setWanted(true);

  useEffect(() => {
    const host = hostRef.current;
    if (!factory || !host || !wanted) return;
    const s = store.getState();
    const ed = factory.create(host, {
      value: python,
      dark: s.theme === 'dark',
      language: 'python',
      readOnly: true,
      ariaLabel: t.tabPy,
    });
    edRef.current = ed;
    const unsub = store.subscribe((n, p) => {
      if (n.theme !== p.theme) ed.setDark(n.theme === 'dark');
      if (n.lang !== p.lang) ed.setAriaLabel(messages[n.lang].tabPy);
    });
    return () => {
      unsub();
      edRef.current = null;
      ed.dispose();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [factory, wanted]);

  useEffect(() => {
    edRef.current?.setValue(python);
  }, [python]);

  const useMonaco = factory !== null && wanted;
  return (
    <div className="editor-host python" role="tabpanel" id="panel-py" aria-labelledby="tab-py" hidden={!visible} data-testid="python-view">
      {python === '' ? (
        <p className="muted pad">{t.noPython}</p>
      ) : useMonaco ? null : (
        <pre className="python-pre">{python}</pre>
      )}
      <div ref={hostRef} className="monaco-host" hidden={!useMonaco || python === ''} />
    </div>
  );
}

/** The example's challenge: its goal, a ✓ with what the run did once met, and "I give up" for the impossible ones. */
function ChallengeNote({ scenario }: { scenario: Scenario }) {
  const t = useT();
  const { controller } = useApp();
  const lang = useAppState((s) => s.lang);
  const state = useAppState((s) => (s.challenge?.scenarioId === scenario.id ? s.challenge : null));
  const ch = scenario.challenge;
  if (!ch) return null;
  const met = state?.met ?? null;
  return (
    <div className="challenge" data-testid="challenge" data-met={met !== null ? 'true' : 'false'}>
      <h4>
        {t.challenge} {met !== null && <span className="ok" aria-label={t.challengeMet}>✓</span>}
      </h4>
      <p className="prewrap">{ch.goal[lang]}</p>
      {met !== null && <p className="ok" data-testid="challenge-met">{met[lang]}</p>}
      {ch.impossible && met === null && !state?.gaveUp && (
        <button type="button" className="btn" data-testid="challenge-give-up" onClick={() => controller.giveUpChallenge()}>
          {t.challengeGiveUp}
        </button>
      )}
      {ch.impossible && state?.gaveUp && (
        <p className="prewrap" data-testid="challenge-explain">
          {ch.impossible[lang]}
        </p>
      )}
    </div>
  );
}

function NotesPanel() {
  const t = useT();
  const lang = useAppState((s) => s.lang);
  const open = useAppState((s) => s.notesOpen);
  const setOpen = useAppState((s) => s.setNotesOpen);
  const scenarioId = useAppState((s) => s.scenarioId);
  // A narrow screen's Notes tab is the notes alone: always open, nothing to fold.
  const notesTab = useAppState((s) => s.phoneTab === 'notes');
  const tabbed = useNarrow() && notesTab;
  const sc = scenarioId ? getScenario(scenarioId) : undefined;
  if (!sc) return null;
  const shown = open || tabbed;
  return (
    <section className={`notes${shown ? ' open' : ''}`} aria-label={t.notes} data-testid="notes">
      {tabbed ? (
        <h2 className="notes-toggle">
          {sc.number}. {sc.title[lang]}
        </h2>
      ) : (
        <button type="button" className="notes-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
          <span aria-hidden="true">{open ? '▾' : '▸'}</span> {t.notes} · {sc.number}. {sc.title[lang]}
        </button>
      )}
      {shown && (
        // Focusable: the notes scroll, and a keyboard must be able to scroll them.
        <div className="notes-body" tabIndex={0}>
          {sc.loopsForever && <p className="warn">{t.loopsForever}</p>}
          {sc.challenge && <ChallengeNote scenario={sc} />}
          <h4>{t.lookFor}</h4>
          <p className="prewrap">{sc.lookFor[lang]}</p>
          {sc.differences && (
            <>
              <h4>{t.differences}</h4>
              <p className="prewrap">{sc.differences[lang]}</p>
            </>
          )}
          <h4>{t.modes}</h4>
          <p className="prewrap" data-testid="notes-modes">
            {sc.modes?.[lang] ?? t.modeNotes[sc.sched ?? 'parallel']}
          </p>
          <h4>{t.notes}</h4>
          <p className="prewrap">{sc.notes[lang]}</p>
          {lang === 'en' && (
            // The tutorial's own words, for readers checking the translation against them.
            <details className="original-notes">
              <summary>{t.originalNotes}</summary>
              <p className="prewrap" lang="zh-CN">
                {sc.notes.zh}
              </p>
            </details>
          )}
        </div>
      )}
    </section>
  );
}

export function EditorPane() {
  const t = useT();
  const tab = useAppState((s) => s.tab);
  const setTab = useAppState((s) => s.setTab);
  const { factory, state } = useEditorFactory();
  return (
    <div className="center">
      <div className="tabs" role="tablist" aria-label={t.tabCode} onKeyDown={(e) => onTabListKey(e, EDITOR_TABS, tab, setTab)}>
        {EDITOR_TABS.map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-controls={`panel-${id}`}
            aria-selected={tab === id}
            tabIndex={tab === id ? 0 : -1}
            className="tab"
            data-testid={`tab-${id}`}
            data-tab={id}
            onClick={() => setTab(id)}
          >
            {id === 'ts' ? t.tabTs : t.tabPy}
          </button>
        ))}
      </div>
      <div className="editor-area">
        <TsEditor factory={factory} loadState={state} visible={tab === 'ts'} />
        <PythonView factory={factory} visible={tab === 'py'} />
      </div>
      <NotesPanel />
    </div>
  );
}

/** Each line a warning names (its own, and a race's other access) with the warning's text. */
function warningMarkers(lines: readonly ConsoleLine[]): LineWarning[] {
  const out: LineWarning[] = [];
  for (const l of lines) {
    if (l.stream !== 'warning') continue;
    if (l.line) out.push({ line: l.line, message: l.text });
    const other = l.warning?.other?.line;
    if (other && other !== l.line) out.push({ line: other, message: l.text });
  }
  return out;
}
