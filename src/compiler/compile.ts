/**
 * TypeScript program → body of `new Function('__rt', body)` (contract: ARCHITECTURE.md,
 * "Program → compiled body"; docs/program-model.md; what `__rt` holds, which modules and
 * globals exist: `src/protocol/program.ts`).
 *
 * Sucrase strips types (keeping lines), acorn parses the result, and a list of text edits
 * rewrites it in place. Nothing ever adds or removes a line break, so the runtime's stack frames
 * and the editor's markers can use the program's own line numbers as they are.
 */
import { transform } from 'sucrase';
import { parse } from 'acorn';
import type * as acorn from 'acorn';
import { Splice, type Piece } from './splice';
import {
  GLOBAL_NAMES,
  RUNTIME_MODULES,
  type CompileError,
  type CompileResult,
  type ProgramRt,
  type RT_PARAM,
  type RuntimeModuleName,
} from '../protocol/program';

/**
 * `__rt.<member>` for each member of the program ↔ runtime contract: a member renamed in
 * `ProgramRt` fails to compile here, where the compiler emits it.
 */
const RT: { readonly [K in keyof ProgramRt]: `${typeof RT_PARAM}.${K}` } = {
  globals: '__rt.globals',
  isMain: '__rt.isMain',
  module: '__rt.module',
  scope: '__rt.scope',
  binding: '__rt.binding',
  async: '__rt.async',
  await: '__rt.await',
  asyncgen: '__rt.asyncgen',
  agyield: '__rt.agyield',
  aiter: '__rt.aiter',
  aexc: '__rt.aexc',
  adispose: '__rt.adispose',
  dispose: '__rt.dispose',
  pointBudget: '__rt.pointBudget',
  point: '__rt.point',
};

const isRuntimeModule = (name: string): name is RuntimeModuleName => (RUNTIME_MODULES as readonly string[]).includes(name);

const AWAIT_OUTSIDE = "SyntaxError: 'await' outside async function";

/**
 * A scheduling point (docs/deterministic-runs.md, "Scheduling points"): a countdown, not a call.
 * `__pc` holds how many points may still pass before `__rt.point()` must be called (the prelude
 * sets it from `__rt.pointBudget()`); only when it runs out does the program call the scheduler,
 * which returns the next budget. Statement form for loop bodies and function bodies, expression
 * form for expression-bodied arrows.
 */
export const POINT = `if (--__pc < 0) __pc = ${RT.point}();`;
export const POINT_EXPR = `--__pc < 0 && (__pc = ${RT.point}())`;

type Node = acorn.AnyNode;
type FunctionNode = acorn.FunctionDeclaration | acorn.FunctionExpression | acorn.ArrowFunctionExpression | acorn.AnonymousFunctionDeclaration;

/** What the innermost enclosing function allows; `top` is the module's own top level. */
interface FnCtx {
  readonly kind: 'top' | 'sync' | 'async' | 'asyncgen';
  readonly arrow: boolean;
  /** The method (or class element) whose `super` this code sees. */
  readonly home: Home | null;
  /** An async function lies between here and `home`: `super` would land in a plain generator. */
  readonly lowered: boolean;
  /** Set by the walk when an async arrow's body reads the enclosing `arguments`. */
  usesArguments: boolean;
  readonly parent: FnCtx | null;
}

/**
 * A method whose lowered parts use `super`: the method itself declares `const __superN = (k) =>
 * super[k];` (an arrow keeps the method's `super`), and the generator reads through it.
 */
interface Home {
  readonly name: string;
  /** Class field initializers and static blocks have no body to hold the helper. */
  readonly canHelp: boolean;
  used: boolean;
}

class CompileFailure extends Error {
  constructor(readonly errors: CompileError[]) {
    super(errors[0]?.message ?? 'compile error');
  }
}

export function compile(source: string): CompileResult {
  let js: string;
  try {
    js = transform(source, {
      transforms: ['typescript'],
      keepUnusedImports: true,
      disableESTransforms: true,
    }).code;
  } catch (e) {
    return { ok: false, errors: [syntaxErrorAt(source, source, e)] };
  }
  let program: acorn.Program;
  const comments: acorn.Comment[] = [];
  try {
    program = parse(js, {
      ecmaVersion: 'latest',
      sourceType: 'module',
      locations: true,
      preserveParens: true,
      onComment: comments,
    });
  } catch (e) {
    return { ok: false, errors: [syntaxErrorAt(source, js, e)] };
  }
  try {
    return new Lowering(source, js, program, comments).run();
  } catch (e) {
    if (e instanceof CompileFailure) return { ok: false, errors: e.errors };
    // A compiler bug must not take the page down: say so where the user looks for errors.
    const detail = e instanceof Error ? e.message : String(e);
    return { ok: false, errors: [{ line: 1, column: 1, message: `InternalError: the compiler failed (${detail})` }] };
  }
}

/** Turns a sucrase or acorn exception into an error at the program's own line and column. */
function syntaxErrorAt(source: string, text: string, e: unknown): CompileError {
  const err = e as { message?: unknown; pos?: unknown };
  let message = typeof err.message === 'string' ? err.message : String(e);
  message = message.replace(/\s*\(\d+:\d+\)\s*$/, '');
  const pos = typeof err.pos === 'number' ? err.pos : 0;
  // acorn words these three ways (`await x`, `await using`, `for await` in a sync function).
  if (
    /^Cannot use keyword 'await' outside an async function|^Await using cannot appear outside of async function/.test(message) ||
    (message === 'Unexpected token' && text.startsWith('await', pos))
  ) {
    return withPos(AWAIT_OUTSIDE);
  }
  if (!/^[A-Za-z]*Error: /.test(message)) message = `SyntaxError: ${message}`;
  return withPos(message);

  function withPos(msg: string): CompileError {
    return { ...sourcePosition(source, text, pos), message: msg };
  }
}

/**
 * Sucrase keeps lines but not columns (it drops type annotations), so a column in its output is
 * mapped back by aligning the output line with the source line as a subsequence.
 */
function sourcePosition(source: string, text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  const col = pos - lineStart;
  if (text === source) return { line, column: col + 1 };
  const outLine = lineText(text, line);
  const srcLine = lineText(source, line);
  if (outLine === srcLine) return { line, column: col + 1 };
  let i = 0;
  let j = 0;
  while (j < col && i < srcLine.length) {
    if (srcLine[i] === outLine[j]) j++;
    i++;
  }
  if (j < col) return { line, column: Math.min(col, srcLine.length) + 1 };
  // Skip what sucrase dropped right before the target token (e.g. `: number ` before `=`).
  const target = outLine[col];
  if (target !== undefined) {
    while (i < srcLine.length && srcLine[i] !== target) i++;
    if (i >= srcLine.length) return { line, column: col + 1 };
  }
  return { line, column: i + 1 };
}

function lineText(text: string, line: number): string {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return '';
    start = nl + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

/** Calls `f` with each child node of `node` and the property it sits under. */
function eachChild(node: Node, f: (child: Node, key: string) => void): void {
  const rec = node as unknown as Record<string, unknown>;
  for (const k in rec) {
    if (k === 'loc' || k === 'type' || k === 'start' || k === 'end' || k === 'range') continue;
    const v = rec[k];
    if (Array.isArray(v)) {
      for (const item of v) if (isNode(item)) f(item, k);
    } else if (isNode(v)) {
      f(v, k);
    }
  }
}

/** Binding names of a declaration pattern, in source order. */
function patternNames(p: acorn.Pattern | null | undefined, out: string[]): string[] {
  if (!p) return out;
  switch (p.type) {
    case 'Identifier':
      out.push(p.name);
      break;
    case 'ObjectPattern':
      for (const prop of p.properties) {
        if (prop.type === 'RestElement') patternNames(prop.argument, out);
        else patternNames(prop.value, out);
      }
      break;
    case 'ArrayPattern':
      for (const el of p.elements) patternNames(el, out);
      break;
    case 'AssignmentPattern':
      patternNames(p.left, out);
      break;
    case 'RestElement':
      patternNames(p.argument, out);
      break;
    default:
      break;
  }
  return out;
}

function keyName(key: acorn.Expression | acorn.PrivateIdentifier, computed: boolean): string | null {
  if (computed) return null;
  if (key.type === 'Identifier') return key.name;
  if (key.type === 'PrivateIdentifier') return `#${key.name}`;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) {
    return String(key.value);
  }
  return null;
}

function identifierSafe(name: string): string {
  const s = name.replace(/[^A-Za-z0-9_$]/g, '_');
  return s === '' ? 'lambda' : s;
}

class Lowering {
  private readonly sp: Splice;
  private readonly errors: CompileError[] = [];
  private temp = 0;

  constructor(
    private readonly source: string,
    private readonly js: string,
    private readonly program: acorn.Program,
    private readonly comments: readonly acorn.Comment[],
  ) {
    this.sp = new Splice(js);
  }

  run(): CompileResult {
    const { sp, program } = this;
    const names = this.topLevelNames();
    const declared = new Set([...names.bindings, ...names.imports]);
    const globals = GLOBAL_NAMES.filter((g) => !declared.has(g));
    let prelude = `"use strict";let __pc = ${RT.pointBudget}();`;
    if (globals.length > 0) prelude += `const {${globals.join(', ')}} = ${RT.globals};`;
    if (names.lets.length > 0) prelude += `let ${names.lets.join(', ')};`;
    prelude += `${RT.scope}(() => ({${names.bindings.join(', ')}}));`;
    sp.open(0, prelude);

    const top: FnCtx = { kind: 'top', arrow: false, home: null, lowered: false, usesArguments: false, parent: null };
    // Before topLevel(), whose wrappers open at the same positions: the guard must come first.
    const closed = new Set<Node>();
    this.guardAsi(program.body, closed);
    for (const stmt of program.body) if (this.topLevel(stmt, top)) closed.add(stmt);
    this.walkBlockBody(program.body, program, top);

    if (this.errors.length > 0) {
      throw new CompileFailure(this.errors.sort((a, b) => a.line - b.line || a.column - b.column));
    }
    return { ok: true, js: `${sp.toString()}\n//# sourceURL=program.ts`, bindings: names.bindings };
  }

  /**
   * The ASI guard (issue 13 §1). Many rewrites start a statement with `(` or `[` (`await E` →
   * `(yield* __rt.await(E))`, `(x = init)`, a class member whose `async *` is removed so that
   * it begins with its computed key, ...). In code written without semicolons the line before
   * then continues into it as a call or an index: `print(x)` + `(yield* …)` is `print(x)(…)`.
   * Rather than make every rewrite (and every later one) check its surroundings, each member of
   * a statement list after the first opens with a `;` of its own, registered before anything
   * else opens there, so no inserted text can attach to the line before. That `;` only ever
   * ends a statement (or class member) that the source had already ended, by ASI or because it
   * ends with `}`: at worst it is an empty statement, legal in every list it is put in (Program,
   * block, switch case, class body). It is never put before a list's first member, which may
   * open a directive prologue and follows `{`, `:`, the prelude's `;` or the text a rewrite
   * opens a body with (which ends in `{` or `;` too); nor before a statement that is not a list
   * member (the body of an `if`, a loop or a label, which follows a token that cannot continue
   * into it). Inserted text holds no newline, so lines stay put.
   * Restricted productions (`return`, `throw`, `break`, `continue`, postfix `++`/`--`, `yield`)
   * end where ASI ended them in the source; the one rewrite that could undo that, a bare `yield`
   * becoming the operand `(yield …)` (`const r = yield` + newline + `-x` would turn into a
   * subtraction), only ever ends a statement, so the next list member's guard ends it again.
   * The guard is left out (decided when the text is rendered, once every edit is known) when
   * the previous member ends with its own `;` and no edit removed it (`export {a};` is removed
   * whole), or is in `closed`: rewritten into text that ends the statement (the top level's
   * `if (__rt.isMain) {…}` wrappers, imports).
   */
  private guardAsi(list: readonly Node[], closed: ReadonlySet<Node> = new Set()): void {
    const { sp, js } = this;
    for (let i = 1; i < list.length; i++) {
      const prev = list[i - 1];
      const at = list[i]?.start;
      if (!prev || at === undefined) continue;
      const semi = prev.end - 1;
      sp.open(at, () => (closed.has(prev) || (js[semi] === ';' && sp.emits(semi, at)) ? '' : ';'));
    }
  }

  private error(pos: number, message: string): void {
    this.errors.push({ ...sourcePosition(this.source, this.js, pos), message });
  }

  private topLevelNames(): { bindings: string[]; lets: string[]; imports: string[] } {
    const bindings: string[] = [];
    const lets: string[] = [];
    const functions = new Set<string>();
    const imports: string[] = [];
    const seen = new Set<string>();
    const add = (name: string, isLet: boolean): void => {
      if (!seen.has(name)) {
        seen.add(name);
        bindings.push(name);
      }
      if (isLet) lets.push(name);
    };
    for (const raw of this.program.body) {
      let stmt: Node = raw;
      if ((stmt.type === 'ExportNamedDeclaration' || stmt.type === 'ExportDefaultDeclaration') && stmt.declaration) {
        stmt = stmt.declaration;
      }
      switch (stmt.type) {
        case 'ImportDeclaration':
          for (const s of stmt.specifiers) imports.push(s.local.name);
          break;
        case 'VariableDeclaration':
          for (const d of stmt.declarations) for (const n of patternNames(d.id, [])) add(n, true);
          break;
        case 'FunctionDeclaration':
          if (stmt.id) {
            functions.add(stmt.id.name);
            add(stmt.id.name, false);
          }
          break;
        case 'ClassDeclaration':
          if (stmt.id) add(stmt.id.name, true);
          break;
        default:
          break;
      }
    }
    // A `var` that repeats a function's name (legal in a module) must not become a second `let`.
    const letSet = new Set(lets.filter((n) => !functions.has(n)));
    return { bindings, lets: [...letSet], imports };
  }

  // ---------------------------------------------------------------- top level

  /**
   * Rewrites one top-level statement; true when the text it leaves surely ends the statement
   * (with `;`, or a `}` that closes a block or a declaration), so the next one needs no ASI
   * guard.
   */
  private topLevel(stmt: acorn.Statement | acorn.ModuleDeclaration, ctx: FnCtx): boolean {
    const { sp } = this;
    switch (stmt.type) {
      case 'ImportDeclaration':
        this.importDecl(stmt);
        return true;
      case 'ExportNamedDeclaration':
        if (stmt.declaration) {
          sp.remove(stmt.start, stmt.declaration.start);
          return this.topLevel(stmt.declaration, ctx);
        }
        sp.remove(stmt.start, stmt.end);
        return false;
      case 'ExportAllDeclaration':
        sp.remove(stmt.start, stmt.end);
        return false;
      case 'ExportDefaultDeclaration': {
        const decl = stmt.declaration;
        sp.remove(stmt.start, decl.start);
        if ((decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') && decl.id) {
          return this.topLevel(decl as acorn.FunctionDeclaration | acorn.ClassDeclaration, ctx);
        } else {
          sp.open(stmt.start, `if (${RT.isMain}) {`);
          sp.close(stmt.end, ';}');
          sp.open(decl.start, '(');
          sp.close(decl.end, ')');
        }
        return true;
      }
      case 'VariableDeclaration':
        return this.topLevelVar(stmt);
      case 'FunctionDeclaration':
        // Lowered or not, it stays a declaration and ends with its body's `}`.
        return true;
      case 'ClassDeclaration':
        sp.open(stmt.start, `${stmt.id.name} = `);
        sp.close(stmt.end, ';');
        return true;
      default:
        sp.open(stmt.start, `if (${RT.isMain}) {`);
        sp.close(stmt.end, '}');
        return true;
    }
  }

  private importDecl(node: acorn.ImportDeclaration): void {
    const mod = String(node.source.value);
    if (!isRuntimeModule(mod)) {
      this.error(node.start, `ModuleNotFoundError: No module named '${mod}'`);
      return;
    }
    const call = `${RT.module}(${JSON.stringify(mod)})`;
    const wholes: string[] = [];
    const named: string[] = [];
    for (const s of node.specifiers) {
      if (s.type === 'ImportSpecifier') {
        const imported = s.imported.type === 'Identifier' ? s.imported.name : JSON.stringify(String(s.imported.value));
        named.push(imported === s.local.name ? imported : `${imported}: ${s.local.name}`);
      } else {
        wholes.push(s.local.name);
      }
    }
    // `import m, * as ns, {A}` binds the module object once and the rest from it.
    const [first, ...others] = wholes;
    let text: string;
    if (first === undefined) {
      text = named.length > 0 ? `const {${named.join(', ')}} = ${call};` : `${call};`;
    } else {
      const parts = [`${first} = ${call}`, ...others.map((o) => `${o} = ${first}`)];
      if (named.length > 0) parts.push(`{${named.join(', ')}} = ${first}`);
      text = `const ${parts.join(', ')};`;
    }
    this.sp.replace(node.start, node.end, text);
  }

  /**
   * `const x = a, [y, z] = b;` → `if (__rt.isMain) {(x = a); ([y, z] = b);} else {x = …}`: the
   * main thread computes the values; other threads take the main thread's copies. True when the
   * result ends the statement (the `if`/`else` form; see topLevel).
   */
  private topLevelVar(node: acorn.VariableDeclaration): boolean {
    const { sp, js } = this;
    if (node.kind === 'await using') {
      this.error(node.start, AWAIT_OUTSIDE);
      return false;
    }
    if (node.kind === 'using') {
      this.topLevelUsing(node);
      return false;
    }
    const first = node.declarations[0];
    const last = node.declarations[node.declarations.length - 1];
    if (!first || !last) return false;
    if (node.declarations.every(definesFunction)) {
      // `const f = () => …` is a module-level function like a declaration: every thread
      // defines its own (a copy from the main thread would have to name itself).
      sp.remove(node.start, first.start);
      node.declarations.forEach((d, i) => {
        sp.open(d.start, '(');
        sp.close(d.end, ')');
        if (node.declarations[i + 1]) {
          const comma = this.skipTrivia(d.end);
          if (js[comma] === ',') sp.replace(comma, comma + 1, ';');
        }
      });
      return false;
    }
    const names: string[] = [];
    for (const d of node.declarations) patternNames(d.id, names);
    const restore = names.map((n) => `${n} = ${RT.binding}(${JSON.stringify(n)});`).join(' ');
    sp.replace(node.start, first.start, `if (${RT.isMain}) {`);
    // Registered before the declarators' closes, so at a shared end position it lands after them.
    sp.close(node.end, node.end > last.end ? '' : ';', `} else {${restore}}`);
    node.declarations.forEach((d, i) => {
      if (d.init) {
        sp.open(d.start, '(');
        sp.close(d.end, ')');
      } else {
        sp.remove(d.start, d.end);
      }
      if (node.declarations[i + 1]) {
        const comma = this.skipTrivia(d.end);
        if (js[comma] === ',') sp.replace(comma, comma + 1, ';');
      }
    });
    return true;
  }

  /**
   * Top-level `using x = E;` keeps its disposal at the end of the main thread's top level; `x`
   * itself is a module binding like any other (threads get the main thread's object).
   */
  private topLevelUsing(node: acorn.VariableDeclaration): void {
    const { sp } = this;
    for (const d of node.declarations) {
      if (d.id.type !== 'Identifier') continue;
      const name = d.id.name;
      const temp = `__using${++this.temp}`;
      sp.replace(d.id.start, d.id.end, temp);
      if (d.init) {
        sp.open(d.init.start, `${RT.isMain} ? (${name} = `);
        sp.close(d.init.end, `) : (${name} = ${RT.binding}(${JSON.stringify(name)}), null)`);
      }
    }
  }

  // ---------------------------------------------------------------- walk

  private walk(node: Node, parent: Node | null, key: string, ctx: FnCtx): void {
    switch (node.type) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        this.fn(node, parent, ctx);
        return;
      case 'AwaitExpression':
        if (ctx.kind === 'async' || ctx.kind === 'asyncgen') {
          this.sp.replace(node.start, node.start + 5, `(yield* ${RT.await}(`);
          this.sp.close(node.end, '))');
        } else {
          this.error(node.start, AWAIT_OUTSIDE);
        }
        break;
      case 'YieldExpression':
        if (ctx.kind === 'asyncgen') {
          if (node.delegate) {
            this.error(
              node.start,
              "SyntaxError: 'yield*' is not supported in an async generator (write: for await (const v of it) yield v)",
            );
          } else if (node.argument) {
            this.sp.replace(node.start, node.start + 5, `(yield ${RT.agyield}(`);
            this.sp.close(node.end, '))');
          } else {
            // A bare `yield` may have ended its statement by ASI (`yield` + newline + `[a]`),
            // which the parenthesized form would not: the ASI guard puts the `;` back.
            this.sp.replace(node.start, node.start + 5, `(yield ${RT.agyield}(undefined))`);
          }
        }
        break;
      case 'ForOfStatement':
        if (node.await) {
          if (ctx.kind === 'async' || ctx.kind === 'asyncgen') this.forAwait(node);
          else this.error(node.start, AWAIT_OUTSIDE);
        }
        if (node.left.type === 'VariableDeclaration' && node.left.kind === 'await using') {
          this.error(node.left.start, "SyntaxError: 'await using' in a for-of head is not supported");
        }
        if (!node.await) this.rangeLoop(node);
        this.loopPoint(node.body);
        break;
      case 'ForStatement':
        if (node.init && node.init.type === 'VariableDeclaration' && node.init.kind === 'await using') {
          this.error(node.init.start, "SyntaxError: 'await using' in a for head is not supported");
        }
        this.loopPoint(node.body);
        break;
      case 'ForInStatement':
      case 'WhileStatement':
      case 'DoWhileStatement':
        this.loopPoint(node.body);
        break;
      case 'BlockStatement':
        this.walkBlockBody(node.body, node, ctx);
        return;
      case 'StaticBlock':
        this.walkBlockBody(node.body, node, this.classBodyCtx(ctx));
        return;
      case 'PropertyDefinition':
        // Field initializers have their own `this` and `super`, whatever encloses the class.
        if (node.computed) this.walk(node.key, node, 'key', ctx);
        if (node.value) this.walk(node.value, node, 'value', this.classBodyCtx(ctx));
        return;
      case 'ClassBody':
        this.guardAsi(node.body);
        break;
      case 'SwitchCase':
        this.guardAsi(node.consequent);
        for (const s of node.consequent) {
          if (s.type === 'VariableDeclaration' && s.kind === 'await using') {
            this.error(s.start, "SyntaxError: 'await using' directly in a switch case is not supported; wrap it in { }");
          }
        }
        break;
      case 'MemberExpression':
        if (node.object.type === 'Super' && ctx.lowered) {
          this.superMember(node, parent, key, ctx);
          if (node.computed) this.walk(node.property, node, 'property', ctx);
          return;
        }
        break;
      case 'Super':
        if (ctx.lowered) this.error(node.start, "SyntaxError: 'super' call is not supported inside an async function");
        break;
      case 'MetaProperty':
        if (node.meta.name === 'import') this.error(node.start, 'SyntaxError: import.meta is not available in a program');
        break;
      case 'Identifier':
        if (node.name === 'arguments' && parent && this.isReference(node, parent, key)) {
          for (let c: FnCtx | null = ctx; c && c.arrow; c = c.parent) c.usesArguments = true;
        }
        return;
      case 'ImportDeclaration':
        return;
      case 'ParenthesizedExpression':
        // Parentheses change neither a function's inferred name nor what `super.m` is called on.
        this.walk(node.expression, parent, key, ctx);
        return;
      default:
        break;
    }
    this.children(node, ctx);
  }

  /** `super.x` → `__superN("x")`, `super.m(a)` → `__superN("m").call(this, a)`. */
  private superMember(node: acorn.MemberExpression, parent: Node | null, key: string, ctx: FnCtx): void {
    const { sp } = this;
    const home = ctx.home;
    if (!home || !home.canHelp) {
      this.error(node.start, "SyntaxError: 'super' is not supported in an async function outside a method");
      return;
    }
    const written =
      parent !== null &&
      ((parent.type === 'AssignmentExpression' && key === 'left') ||
        parent.type === 'UpdateExpression' ||
        ((parent.type === 'ForOfStatement' || parent.type === 'ForInStatement' || parent.type === 'AssignmentPattern') &&
          key === 'left') ||
        parent.type === 'ArrayPattern' ||
        parent.type === 'RestElement');
    if (written) {
      this.error(node.start, "SyntaxError: assigning to a 'super' property is not supported inside an async function");
      return;
    }
    home.used = true;
    const call = parent !== null && parent.type === 'CallExpression' && key === 'callee' && !parent.optional ? parent : null;
    if (node.computed) {
      const bracket = this.skipTrivia(node.object.end);
      sp.replace(node.start, bracket + 1, `${home.name}(`);
      sp.replace(node.end - 1, node.end, call ? ').call' : ')');
    } else {
      const name = node.property.type === 'Identifier' ? node.property.name : '';
      sp.replace(node.start, node.end, `${home.name}(${JSON.stringify(name)})${call ? '.call' : ''}`);
    }
    if (call) {
      const paren = this.skipTrivia(call.callee.end);
      sp.close(paren + 1, call.arguments.length > 0 ? 'this, ' : 'this');
    }
  }

  /**
   * A scheduling point at the start of each iteration: the first statement of the body, after
   * what a lowering (range loop, `for await`) opened the body with. A body that is not a block
   * becomes one, on the same line: `while (c) x++;` → `while (c) {POINT x++;}`. Loop bodies
   * cannot be declarations in strict code, so the braces change no scope.
   */
  private loopPoint(body: acorn.Statement): void {
    if (body.type === 'BlockStatement') {
      this.sp.open(body.start + 1, POINT);
    } else {
      this.sp.open(body.start, `{${POINT} `);
      this.sp.close(body.end, '}');
    }
  }

  /**
   * A scheduling point on entry to a function that is not lowered (async functions get theirs in
   * lowerAsync): first in its body but after a directive prologue, which must stay first
   * (`'use strict'` without a `;` gets one, as ASI would have given it before an `if`); an
   * expression body becomes `(POINT_EXPR, body)`. It reads no `this`, `arguments` or `super`
   * and declares nothing, so it changes neither what the body sees nor what is hoisted.
   */
  private entryPoint(node: FunctionNode): void {
    const { sp, js } = this;
    const body = node.body;
    if (body.type !== 'BlockStatement') {
      sp.open(body.start, `(${POINT_EXPR}, `);
      sp.close(body.end, ')');
      return;
    }
    let prologue: acorn.Statement | null = null;
    for (const s of body.body) {
      if (s.type !== 'ExpressionStatement' || typeof (s as { directive?: unknown }).directive !== 'string') break;
      prologue = s;
    }
    if (prologue) sp.close(prologue.end, js[prologue.end - 1] === ';' ? POINT : `;${POINT}`);
    else sp.open(body.start + 1, POINT);
  }

  private classBodyCtx(ctx: FnCtx): FnCtx {
    const home: Home = { name: '', canHelp: false, used: false };
    return { kind: 'sync', arrow: false, home, lowered: false, usesArguments: false, parent: ctx };
  }

  private children(node: Node, ctx: FnCtx): void {
    eachChild(node, (child, k) => this.walk(child, node, k, ctx));
  }

  /**
   * `for (const i of range(a, b, c)) body` becomes a counting loop over the range's numbers:
   * `for (let r = range(a, b, c), i' = r.start, n = r.length, s = r.step; n > 0; n--, i' += s)
   * { const i = i'; body }`. range() still checks its arguments and Python's values are the
   * same; what goes is an iterator object and a `next()` call per iteration, the biggest cost
   * of a tight loop before the JIT has caught up (the seed's `lock` and `race` loop 2,000,000
   * times). Only when `range` is surely the builtin: the program never names it otherwise.
   */
  private rangeLoop(node: acorn.ForOfStatement): void {
    const left = node.left;
    const right = node.right;
    if (left.type !== 'VariableDeclaration' || (left.kind !== 'const' && left.kind !== 'let')) return;
    const decl = left.declarations[0];
    if (left.declarations.length !== 1 || !decl || decl.id.type !== 'Identifier') return;
    if (right.type !== 'CallExpression' || right.optional || right.callee.type !== 'Identifier' || right.callee.name !== 'range') return;
    if (right.arguments.some((a) => a.type === 'SpreadElement') || !this.rangeIsBuiltin()) return;
    const n = ++this.temp;
    const [r, i, left_, step] = [`__range${n}`, `__i${n}`, `__left${n}`, `__step${n}`];
    this.sp.replace(left.start, right.start, `let ${r} = `);
    this.sp.close(right.end, `, ${i} = ${r}.start, ${left_} = ${r}.length, ${step} = ${r}.step; ${left_} > 0; ${left_}--, ${i} += ${step}`);
    this.sp.open(node.body.start, `{${left.kind} ${decl.id.name} = ${i}; `);
    this.sp.close(node.body.end, '}');
  }

  private rangeBuiltin: boolean | null = null;

  /** True when every `range` in the program is a call's callee or a property name (never declared or passed around). */
  private rangeIsBuiltin(): boolean {
    if (this.rangeBuiltin !== null) return this.rangeBuiltin;
    let ok = true;
    const visit = (node: Node, parent: Node | null, key: string): void => {
      if (!ok) return;
      if (node.type === 'Identifier' && node.name === 'range') {
        const callee = parent?.type === 'CallExpression' && key === 'callee';
        const prop =
          (parent?.type === 'MemberExpression' && key === 'property' && !parent.computed) ||
          ((parent?.type === 'Property' || parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition') &&
            key === 'key' &&
            !parent.computed &&
            !(parent.type === 'Property' && parent.shorthand));
        if (!callee && !prop) ok = false;
        return;
      }
      eachChild(node, (child, k) => visit(child, node, k));
    };
    visit(this.program, null, '');
    return (this.rangeBuiltin = ok);
  }

  private isReference(id: acorn.Identifier, parent: Node, key: string): boolean {
    if ((parent.type === 'MemberExpression') && key === 'property' && !parent.computed) return false;
    if ((parent.type === 'Property' || parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') && key === 'key' && !parent.computed) {
      return parent.type === 'Property' && parent.shorthand;
    }
    return id.name === 'arguments';
  }

  /**
   * Walks a statement list. `await using` (in an async body) and `using` wrap the rest of the
   * list in try/finally. Sync `using` is lowered too although Chromium runs it natively: V8's
   * native disposal is ~3x slower than try/finally, and `using _ = lock.hold()` sits in the
   * hottest loops of the seed (`lock`: two million acquisitions).
   */
  private walkBlockBody(body: ReadonlyArray<acorn.Statement | acorn.ModuleDeclaration>, block: Node, ctx: FnCtx): void {
    const { sp, js } = this;
    const isAsync = ctx.kind === 'async' || ctx.kind === 'asyncgen';
    if (block.type === 'BlockStatement' || block.type === 'StaticBlock') {
      // (The Program's guard is registered by run(), before the top-level rewrites.)
      this.guardAsi(body);
      for (const s of body) {
        if (s.type !== 'VariableDeclaration') continue;
        if (s.kind === 'await using' && !isAsync) {
          this.error(s.start, AWAIT_OUTSIDE);
          continue;
        }
        if (s.kind !== 'using' && !(s.kind === 'await using' && block.type === 'BlockStatement')) continue;
        const first = s.declarations[0];
        if (!first) continue;
        // `await using` hands the exception leaving the block to the disposal (`__rt.aexc`), as
        // Python's `__aexit__(type, exc, tb)` gets it: asyncio.timeout() and TaskGroup need it.
        const dispose =
          s.kind === 'using'
            ? (n: string) => `} finally {${RT.dispose}(${n});}`
            : (n: string) => {
                const e = `__exc${++this.temp}`;
                return `} catch (${e}) {throw ${RT.aexc}(${n}, ${e});} finally {(yield* ${RT.await}(${RT.adispose}(${n})));}`;
              };
        sp.replace(s.start, first.start, 'const ');
        s.declarations.forEach((d, i) => {
          const next = s.declarations[i + 1];
          if (next) {
            const comma = this.skipTrivia(d.end);
            if (js[comma] === ',') sp.replace(comma, comma + 1, ';try {const ');
          }
        });
        // The finallies are registered before the `try {` so that, when nothing follows the
        // declaration in the block, `try {` still comes first at the shared position.
        for (const d of s.declarations) {
          const name = d.id.type === 'Identifier' ? d.id.name : 'undefined';
          sp.close(block.end - 1, dispose(name));
        }
        sp.close(s.end, js[s.end - 1] === ';' ? 'try {' : ';try {');
      }
    }
    for (const s of body) this.walk(s, block, 'body', ctx);
  }

  // ---------------------------------------------------------------- functions

  private fn(node: FunctionNode, parent: Node | null, ctx: FnCtx): void {
    const isArrow = node.type === 'ArrowFunctionExpression';
    const isMethod =
      parent !== null &&
      ((parent.type === 'MethodDefinition' && parent.value === node) ||
        (parent.type === 'Property' && parent.value === node && (parent.method || parent.kind !== 'init')));
    let home: Home | null = null;
    if (isArrow) home = ctx.home;
    else if (isMethod) home = { name: `__super${++this.temp}`, canHelp: true, used: false };
    const inner: FnCtx = {
      kind: node.async ? (node.generator ? 'asyncgen' : 'async') : 'sync',
      arrow: isArrow,
      home,
      lowered: node.async || (isArrow && ctx.lowered),
      usesArguments: false,
      parent: ctx,
    };
    const superHelper: Piece = () => (home?.used ? `const ${home.name} = (k) => super[k];` : '');
    if (node.async) this.lowerAsync(node, parent, isMethod, inner, superHelper);
    else {
      if (isMethod && node.body.type === 'BlockStatement') {
        this.sp.replace(node.body.start, node.body.start + 1, '{', superHelper);
      }
      this.entryPoint(node);
    }
    for (const p of node.params) this.walk(p, node, 'params', inner);
    if (node.body.type === 'BlockStatement') this.walkBlockBody(node.body.body, node.body, inner);
    else this.walk(node.body, node, 'body', inner);
  }

  private lowerAsync(node: FunctionNode, parent: Node | null, isMethod: boolean, inner: FnCtx, superHelper: Piece): void {
    const { sp, js } = this;
    if (isMethod && parent && (parent.type === 'MethodDefinition' || parent.type === 'Property')) {
      // The modifiers sit between the member's start and its key: `static async *name()`.
      let p = parent.start;
      const stop = parent.computed ? parent.key.start - 1 : parent.key.start;
      while (p < stop) {
        p = this.skipTrivia(p);
        if (p >= stop) break;
        const word = /^[A-Za-z_$][\w$]*/.exec(js.slice(p, Math.min(stop, p + 16)));
        if (word) {
          if (word[0] === 'async') sp.remove(p, p + 5);
          p += word[0].length;
        } else {
          if (js[p] === '*') sp.remove(p, p + 1);
          p++;
        }
      }
    } else {
      sp.remove(node.start, node.start + 5);
      if (node.type !== 'ArrowFunctionExpression' && node.generator) {
        const kw = this.skipTrivia(node.start + 5);
        const star = this.skipTrivia(kw + 'function'.length);
        if (js[star] === '*') sp.remove(star, star + 1);
      }
    }

    const name = this.functionName(node, parent);
    const self = node.type !== 'ArrowFunctionExpression' && node.id ? node.id.name : 'undefined';
    const helper = node.generator ? RT.asyncgen : RT.async;
    const gen = `function* __co_${identifierSafe(name === '<lambda>' ? 'lambda' : name)}() {`;
    const args: Piece =
      node.type === 'ArrowFunctionExpression' ? () => (inner.usesArguments ? 'arguments' : '[]') : 'arguments';
    const tail = `, ${self}, ${JSON.stringify(name)}`;
    if (node.body.type === 'BlockStatement') {
      // Anchored on the braces themselves so that an empty body still nests correctly.
      // The scheduling point is the call's (creating the coroutine), as for any function.
      sp.replace(node.body.start, node.body.start + 1, '{', superHelper, POINT, `return ${helper}(this, `, args, `, ${gen}`);
      sp.remove(node.body.end - 1, node.body.end);
      sp.close(node.body.end, `}${tail});}`);
    } else {
      sp.open(node.body.start, `(${POINT_EXPR}, ${helper}(this, `, args, `, ${gen}return `);
      sp.close(node.body.end, `;}${tail}))`);
    }
  }

  /** Python-ish `__name__` of a function: its own name, else the name it is bound to. */
  private functionName(node: FunctionNode, parent: Node | null): string {
    if (node.type !== 'ArrowFunctionExpression' && node.id) return node.id.name;
    if (!parent) return '<lambda>';
    switch (parent.type) {
      case 'VariableDeclarator':
        return parent.id.type === 'Identifier' ? parent.id.name : '<lambda>';
      case 'AssignmentExpression':
        if (parent.left.type === 'Identifier') return parent.left.name;
        if (parent.left.type === 'MemberExpression') {
          return keyName(parent.left.property, parent.left.computed) ?? '<lambda>';
        }
        return '<lambda>';
      case 'AssignmentPattern':
        return parent.left.type === 'Identifier' ? parent.left.name : '<lambda>';
      case 'Property':
      case 'MethodDefinition':
      case 'PropertyDefinition':
        return keyName(parent.key, parent.computed) ?? '<lambda>';
      default:
        return '<lambda>';
    }
  }

  /**
   * `for await (P of E) S` → `for (const __aiN = __rt.aiter(E);;) {const __rN = (yield*
   * __rt.await(__aiN.next())); if (__rN.done) break; P = __rN.value; S}`, in place. Like Python's
   * `async for`, leaving the loop early does not close the iterator.
   */
  private forAwait(node: acorn.ForOfStatement): void {
    const { sp } = this;
    const n = ++this.temp;
    const ai = `__ai${n}`;
    const r = `__r${n}`;
    const awaitKw = this.skipTrivia(node.start + 3);
    sp.remove(awaitKw, awaitKw + 5);
    const paren = this.skipTrivia(awaitKw + 5);
    sp.replace(paren, paren + 1, `(const ${ai} = ${RT.aiter}(`);
    const moved = sp.move(node.left.start, node.left.end);
    // The pattern is flattened onto one line where it lands; a `//` comment would eat the rest.
    for (const c of this.comments) {
      if (c.start >= node.left.start && c.end <= node.left.end) sp.remove(c.start, c.end);
    }
    const of = this.skipTrivia(node.left.end);
    sp.remove(of, of + 2);
    const close = this.skipTrivia(node.right.end);
    sp.replace(close, close + 1, ');;) ');
    const head = `{const ${r} = (yield* ${RT.await}(${ai}.next())); if (${r}.done) break; `;
    if (node.left.type === 'VariableDeclaration') sp.open(node.body.start, head, moved, ` = ${r}.value; `);
    else sp.open(node.body.start, head, '(', moved, ` = ${r}.value); `);
    sp.close(node.body.end, '}');
  }

  private skipTrivia(pos: number): number {
    const js = this.js;
    while (pos < js.length) {
      const c = js.charCodeAt(pos);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029) {
        pos++;
      } else if (c === 47 && js.charCodeAt(pos + 1) === 42) {
        const end = js.indexOf('*/', pos + 2);
        pos = end < 0 ? js.length : end + 2;
      } else if (c === 47 && js.charCodeAt(pos + 1) === 47) {
        const end = js.indexOf('\n', pos + 2);
        pos = end < 0 ? js.length : end;
      } else {
        break;
      }
    }
    return pos;
  }
}

/** `x = () => …`, `x = function …`, `x = class …`: a definition every thread can evaluate. */
function definesFunction(d: acorn.VariableDeclarator): boolean {
  const t = d.init?.type;
  return d.id.type === 'Identifier' && (t === 'ArrowFunctionExpression' || t === 'FunctionExpression' || t === 'ClassExpression');
}
