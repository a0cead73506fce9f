import type { CompileError } from '../protocol/program';

export type { CompileError };

/** A line a warning names, and the warning's text. */
export interface LineWarning {
  line: number;
  message: string;
}

/** Per thread: the line it is on and its lane colour (from the timeline's scrubber). */
export type LineHighlights = Map<number, { line: number; color: string }>;

export interface CodeEditorOptions {
  value: string;
  dark: boolean;
  language: 'typescript' | 'python';
  readOnly?: boolean;
  /** Accessible name of the editing area. */
  ariaLabel: string;
  onChange?(value: string): void;
  /** Ctrl/Cmd+Enter. */
  onRun?(): void;
}

/** What the app needs from an editor; Monaco is one implementation, loaded lazily. */
export interface CodeEditor {
  getValue(): string;
  /** Replaces the whole text (a new document: undo history starts over). */
  setValue(value: string): void;
  /** Replaces the whole text as one undoable edit. */
  replaceAll(value: string): void;
  setCompileMarkers(errors: readonly CompileError[]): void;
  /** Underlines each warned line (docs/diagnostics.md) with its message on hover; [] clears. */
  setWarningMarkers(warnings: readonly LineWarning[]): void;
  highlightLines(lines: LineHighlights): void;
  revealLine(line: number): void;
  setDark(dark: boolean): void;
  /** The editing area's accessible name (the page's language changed). */
  setAriaLabel(label: string): void;
  layout(): void;
  focus(): void;
  dispose(): void;
}

/** Makes editors; `loadEditorFactory()` (index.ts) resolves to Monaco's once its chunk has loaded. */
export interface EditorFactory {
  create(container: HTMLElement, opts: CodeEditorOptions): CodeEditor;
}
