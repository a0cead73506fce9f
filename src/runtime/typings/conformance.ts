/**
 * Type test: the runtime conforms to the typings the editor shows (`playground.d.ts`). It has no
 * code; `npm run typecheck` compiles it with the typings (`tsconfig.typings.json`) and every
 * check below is a type argument that must be `never`, so a drift fails with the names at fault
 * in the message, e.g. `Type '"queue.Queue#put_nowait"' does not satisfy the constraint 'never'`.
 *
 * What it checks, for every module of `RUNTIME_MODULES` and for the globals:
 * - every name the typings export exists at run time, and every public name the runtime exports
 *   is declared (or listed in `RuntimeOnly` with the reason);
 * - a declared class is a class (or a function that `new` works with) at run time, with every
 *   declared static and instance member;
 * - every call the typings allow, the runtime accepts: the declared parameters of each function,
 *   constructor and method are assignable to the runtime's (of an overloaded declaration, the
 *   last signature, which is the widest here).
 * Return types are not compared: the runtime's are `unknown` or untyped coroutines where the
 * typings are precise (`Coroutine<T>`), because the compiler, not the type system, turns `await`
 * into the runtime's protocol.
 */
import type { ExceptionName, RuntimeModuleName } from '../../protocol/program';
import type { exceptionClasses } from '../errors';
import type { runtimeModules } from '../modules';
import type { print } from '../program';
import type { shared } from '../shared';

/** What the typings declare, by module name. */
type Declared = {
  threading: typeof import('threading');
  multiprocessing: typeof import('multiprocessing');
  'concurrent.futures': typeof import('concurrent.futures');
  queue: typeof import('queue');
  asyncio: typeof import('asyncio');
  time: typeof import('time');
  random: typeof import('random');
  os: typeof import('os');
};
type Runtime = typeof runtimeModules;

/**
 * Public runtime exports the typings do not declare as values, each with its reason. A name added
 * to a module's exports must be declared in `playground.d.ts` or added here.
 */
type RuntimeOnly =
  // Declared as interfaces: a program uses them as types and never constructs them.
  | 'multiprocessing.AsyncResult'
  | 'asyncio.AbstractEventLoop'
  | 'asyncio.Handle'
  | 'asyncio.TimerHandle'
  // CPython's deprecated camelCase aliases, kept for programs ported as they were; not offered.
  | 'threading.currentThread'
  | 'threading.activeCount'
  // Present for ported programs, not offered to new ones.
  | 'threading.get_native_id'
  | 'multiprocessing.BrokenBarrierError';

/** Passes only when `T` is `never`; otherwise the error message lists `T`. */
type None<T extends never> = T;
type Public<K> = K extends `__${string}__` ? K : K extends `_${string}` ? never : K;
type Exports<M> = Exclude<keyof M, 'default'> & string;
type Ctor = abstract new (...args: never) => unknown;
type Fn = (...args: never) => unknown;
/** What `new C(...)` gives: a class's instance, or what a constructor function returns. */
type Instance<C> = C extends abstract new (...args: never) => infer I ? I : C extends (...args: never) => infer I ? I : C extends { prototype: infer P } ? P : never;
/**
 * A parameter list as compared here: its length and optionality, and its primitive types; object
 * types are erased, because the typings' classes (`Lock`, `Future`, …) are other types than the
 * runtime's classes of the same name.
 */
type Loose<P> = { [I in keyof P]: Erase<P[I]> };
type Erase<T> = T extends object ? unknown : T;
type Params<F> = F extends (...args: infer P) => unknown ? Loose<P> : never;
type CtorParams<C> = C extends abstract new (...args: infer P) => unknown ? Loose<P> : C extends (...args: infer P) => unknown ? Loose<P> : never;
/** Members every object has in the typings' world, or that the compiler, not the runtime, provides. */
type NotMembers = 'constructor' | ThenableOnlyInTypings;
/**
 * asyncio's `Future` and `Task` are `PromiseLike` in the typings so that TypeScript types `await f`;
 * the compiler turns `await` into the runtime's own protocol, and the runtime has no `then`.
 */
type ThenableOnlyInTypings = 'then';
type PerModule<F extends { [M in RuntimeModuleName]: string }> = F[RuntimeModuleName];

/** The typings and the runtime have the same modules (both are written against `RUNTIME_MODULES`). */
export type SameModules = None<Exclude<keyof Declared, RuntimeModuleName> | Exclude<RuntimeModuleName, keyof Declared>>;

/** Declared names the runtime lacks. */
export type Unimplemented = None<PerModule<{ [M in RuntimeModuleName]: `${M}.${Exclude<Exports<Declared[M]>, keyof Runtime[M]>}` }>>;

/** Public runtime names the typings do not offer. */
export type Undeclared = None<
  Exclude<PerModule<{ [M in RuntimeModuleName]: `${M}.${Exclude<Public<Exports<Runtime[M]>>, keyof Declared[M]>}` }>, RuntimeOnly>
>;
/** A name listed as runtime-only that the runtime no longer has, or that is now declared. */
export type StaleRuntimeOnly = None<
  Exclude<RuntimeOnly, PerModule<{ [M in RuntimeModuleName]: `${M}.${Exclude<Public<Exports<Runtime[M]>>, keyof Declared[M]>}` }>>
>;

/** Where the runtime's `R` does not accept the calls the declared `D` allows, or lacks members. */
type CallMisfits<R, D> = [D] extends [Fn] ? ([R] extends [Fn] ? (Params<D> extends Params<R> ? never : '(…)') : ' is not a function') : never;
type Named<K> = string extends K ? never : K;
type MethodMisfits<R, D> = {
  [K in Named<Exclude<keyof D & string, NotMembers>>]: K extends keyof R ? `#${K}${CallMisfits<R[K], D[K]>}` : `#${K} missing`;
}[Named<Exclude<keyof D & string, NotMembers>>];
type ClassMisfits<R, D> = [R] extends [Ctor | Fn | { prototype: object }]
  ?
      | ([D] extends [new (...args: never) => unknown] ? (CtorParams<D> extends CtorParams<R> ? never : ' new(…)') : never)
      | { [K in Exclude<keyof D & string, 'prototype'>]: K extends keyof R ? never : `.${K} missing` }[Exclude<keyof D & string, 'prototype'>]
      | MethodMisfits<Instance<R>, Instance<D>>
  : ' is not a class';
type Misfits<R, D> = [D] extends [Ctor] ? ClassMisfits<R, D> : CallMisfits<R, D>;
type ModuleMisfits<R, D> = { [K in Exports<D> & keyof R]: `${K}${Misfits<R[K], D[K]>}` }[Exports<D> & keyof R];

/** Every declared function, class and member, against the runtime's. */
export type Modules = None<PerModule<{ [M in RuntimeModuleName]: `${M}.${ModuleMisfits<Runtime[M], Declared[M]>}` }>>;

/** Types a module declares as interfaces and the runtime implements as classes (see `RuntimeOnly`). */
export type Interfaces = None<
  | `multiprocessing.AsyncResult${MethodMisfits<Instance<Runtime['multiprocessing']['AsyncResult']>, import('multiprocessing').AsyncResult<unknown>>}`
  | `asyncio.AbstractEventLoop${MethodMisfits<Instance<Runtime['asyncio']['AbstractEventLoop']>, import('asyncio').AbstractEventLoop>}`
  | `asyncio.Handle${MethodMisfits<Instance<Runtime['asyncio']['Handle']>, import('asyncio').Handle>}`
  | `asyncio.TimerHandle${MethodMisfits<Instance<Runtime['asyncio']['TimerHandle']>, import('asyncio').TimerHandle>}`
>;

/** The globals: Python's exception classes (the same set both ways, each a conforming class), `print`, `shared`. */
type Exceptions = typeof __exceptions;
export type Globals = None<
  | Exclude<keyof Exceptions, ExceptionName>
  | Exclude<ExceptionName, keyof Exceptions>
  | { [K in ExceptionName & keyof Exceptions]: `${K}${Misfits<(typeof exceptionClasses)[K], Exceptions[K]>}` }[ExceptionName & keyof Exceptions]
  | `print${CallMisfits<typeof print, typeof globalThis.print>}`
  | `shared${CallMisfits<typeof shared, typeof globalThis.shared>}`
>;

/**
 * The typings reference `lib esnext.disposable` (for `using`), under which every `Generator` is
 * also `Disposable`. The runtime compiles against ES2023, where it is not, and its hand-made
 * generators (`FutureIter`, `OpCoroutine`) have no `[Symbol.dispose]`: no program disposes them.
 * Declared here, for this check only, so that the runtime's sources compile beside the typings.
 */
declare module '../asyncio/core' {
  interface FutureIter {
    [Symbol.dispose](): void;
  }
}
declare module '../asyncio/coroutine' {
  interface OpCoroutine {
    [Symbol.dispose](): void;
  }
}
