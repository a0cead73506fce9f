/**
 * Monaco, configured for playground programs. This module is the lazy chunk: it pulls in
 * monaco-editor, its workers and the runtime typings, all bundled (no CDN: offline must work).
 */
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TsWorker from 'monaco-editor/languages/features/typescript/ts.worker?worker';
import playgroundTypings from '../runtime/typings/playground.d.ts?raw';
import type { CodeEditor, CodeEditorOptions, CompileError, EditorFactory, LineHighlights } from './types';

// Monaco asks this global for its workers; Vite bundles them as same-origin module workers,
// which cross-origin isolation (COEP) allows.
globalThis.MonacoEnvironment = {
  getWorker(_id: string, label: string): Worker {
    if (label === 'typescript' || label === 'javascript') return new TsWorker();
    return new EditorWorker();
  },
};

const ts = monaco.typescript;
ts.typescriptDefaults.setCompilerOptions({
  target: ts.ScriptTarget.ESNext,
  module: ts.ModuleKind.ESNext,
  // Only the language's own library: the DOM's `Lock` and `Event` would collide with the
  // runtime's (ARCHITECTURE.md). `esnext.disposable` gives `using` / `Symbol.dispose`.
  lib: ['es2022', 'esnext.disposable'],
  strict: true,
  noEmit: true,
  allowNonTsExtensions: true,
  moduleResolution: ts.ModuleResolutionKind.NodeJs,
});
ts.typescriptDefaults.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false });
ts.typescriptDefaults.addExtraLib(playgroundTypings, 'file:///node_modules/@types/playground/index.d.ts');
// Models are created before the TS worker starts; sync them all when it does.
ts.typescriptDefaults.setEagerModelSync(true);

const MARKER_OWNER = 'playground-compiler';
const WARNING_OWNER = 'playground-warnings';

/**
 * Monaco's `vs` and `vs-dark` with what fails WCAG AA contrast (4.5:1 for text) raised until it
 * passes: vs-dark's comments (#608b4e, 4.2:1) and regular expressions (#b46695, 4.2:1), and in both
 * the number of a last empty line, which Monaco dims to 40% of the line-number colour (1.8:1).
 */
const LIGHT_THEME = 'cp-light';
const DARK_THEME = 'cp-dark';
monaco.editor.defineTheme(LIGHT_THEME, {
  base: 'vs',
  inherit: true,
  rules: [],
  colors: { 'editorLineNumber.dimmedForeground': '#237893' },
});
monaco.editor.defineTheme(DARK_THEME, {
  base: 'vs-dark',
  inherit: true,
  rules: [
    { token: 'comment', foreground: '6a9955' },
    { token: 'regexp', foreground: 'd16969' },
  ],
  colors: { 'editorLineNumber.dimmedForeground': '#858585' },
});
const themeFor = (dark: boolean): string => (dark ? DARK_THEME : LIGHT_THEME);

/** One CSS class per highlight colour, created on demand (colours come from the timeline). */
const colorClasses = new Map<string, string>();
let styleEl: HTMLStyleElement | null = null;
function classForColor(color: string): string {
  let cls = colorClasses.get(color);
  if (cls) return cls;
  cls = `cp-hl-${colorClasses.size}`;
  // Only colour syntax reaches the stylesheet; anything else falls back to a neutral tint.
  const safe = /^(#[0-9a-fA-F]{3,8}|(rgb|rgba|hsl|hsla|oklch)\([0-9.,%\s/a-z-]+\))$/.test(color) ? color : '#888';
  styleEl ??= document.head.appendChild(document.createElement('style'));
  // A frame, not a fill: a tint behind the line would take the syntax colours below 4.5:1.
  styleEl.textContent += `.${cls}{box-shadow:inset 0 0 0 2px ${safe}}` +
    `.${cls}-gutter{border-left:4px solid ${safe}}\n`;
  colorClasses.set(color, cls);
  return cls;
}

function create(container: HTMLElement, opts: CodeEditorOptions): CodeEditor {
  // TypeScript models need a file URI with a .ts name so imports resolve against the typings.
  const uri = opts.language === 'typescript' ? monaco.Uri.parse('file:///program.ts') : undefined;
  // A remount (React StrictMode, pane switch) may find the previous model still registered.
  if (uri) monaco.editor.getModel(uri)?.dispose();
  const model = monaco.editor.createModel(opts.value, opts.language, uri);
  const editor = monaco.editor.create(container, {
    model,
    theme: themeFor(opts.dark),
    readOnly: opts.readOnly ?? false,
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 13,
    scrollBeyondLastLine: false,
    tabSize: 2,
    ariaLabel: opts.ariaLabel,
    fixedOverflowWidgets: true,
    renderLineHighlight: opts.readOnly ? 'none' : 'line',
    // Unused names stay at full strength: Monaco fades them to 47% (67% dark), far below 4.5:1.
    // TypeScript's hint (the dots under the name, and its hover) still says they are unused.
    showUnused: false,
  });
  // Set by setValue so a programmatic change is not reported back as an edit.
  let applying = false;
  const sub = model.onDidChangeContent(() => {
    if (!applying) opts.onChange?.(model.getValue());
  });
  if (opts.onRun) {
    const run = opts.onRun;
    editor.addAction({
      id: 'playground.run',
      label: 'Run program',
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter],
      run: () => run(),
    });
  }
  const highlights = editor.createDecorationsCollection();

  return {
    getValue: () => model.getValue(),
    setValue(value) {
      if (value === model.getValue()) return;
      applying = true;
      try {
        model.setValue(value);
      } finally {
        applying = false;
      }
    },
    replaceAll(value) {
      if (value === model.getValue()) return;
      applying = true;
      try {
        editor.pushUndoStop();
        editor.executeEdits('playground.reset', [{ range: model.getFullModelRange(), text: value }]);
        editor.pushUndoStop();
      } finally {
        applying = false;
      }
    },
    setCompileMarkers(errors: readonly CompileError[]) {
      monaco.editor.setModelMarkers(
        model,
        MARKER_OWNER,
        errors.map((e) => {
          const line = Math.min(Math.max(1, e.line), model.getLineCount());
          const col = Math.max(1, e.column);
          return {
            severity: monaco.MarkerSeverity.Error,
            message: e.message,
            startLineNumber: line,
            startColumn: col,
            endLineNumber: line,
            // Mark at least the word at the error, or the rest of the line.
            endColumn: Math.max(col + 1, model.getWordAtPosition({ lineNumber: line, column: col })?.endColumn ?? model.getLineMaxColumn(line)),
          };
        }),
      );
    },
    setWarningMarkers(warnings) {
      const max = model.getLineCount();
      monaco.editor.setModelMarkers(
        model,
        WARNING_OWNER,
        warnings
          .filter((w) => w.line >= 1 && w.line <= max)
          .map((w) => ({
            severity: monaco.MarkerSeverity.Warning,
            message: w.message,
            startLineNumber: w.line,
            // The line's code, not its indentation.
            startColumn: model.getLineFirstNonWhitespaceColumn(w.line) || 1,
            endLineNumber: w.line,
            endColumn: model.getLineMaxColumn(w.line),
          })),
      );
    },
    highlightLines(lines: LineHighlights) {
      const decos: monaco.editor.IModelDeltaDecoration[] = [];
      const max = model.getLineCount();
      for (const { line, color } of lines.values()) {
        if (line < 1 || line > max) continue;
        const cls = classForColor(color);
        decos.push({
          range: new monaco.Range(line, 1, line, 1),
          options: { isWholeLine: true, className: cls, linesDecorationsClassName: `${cls}-gutter` },
        });
      }
      highlights.set(decos);
    },
    revealLine(line) {
      editor.revealLineInCenterIfOutsideViewport(line);
    },
    setDark(dark) {
      monaco.editor.setTheme(themeFor(dark));
    },
    setAriaLabel(label) {
      editor.updateOptions({ ariaLabel: label });
    },
    layout: () => editor.layout(),
    focus: () => editor.focus(),
    dispose() {
      sub.dispose();
      highlights.clear();
      editor.dispose();
      model.dispose();
    },
  };
}

export const factory: EditorFactory = { create };
