;; The runtime's hot paths as WebAssembly over the run's shared memory. V8 calls JS's Atomics
;; builtins out of line (10-17 ns each here); wasm atomics compile to single instructions, so an
;; uncontended lock + shared increment + unlock drops from ~55 ns to ~17 ns. Addresses are the
;; byte addresses of protocol/memory-layout.ts. Rebuild the bytes with `node scripts/build-wasm.mjs`.
(module
  (import "env" "mem" (memory 1 65536 shared))

  ;; Lock fast path: state 0 -> 1, then record the owner (the word after the state).
  ;; Returns 1 when taken, 0 when the lock is held (the caller takes the slow path).
  (func (export "take") (param $state i32) (param $tid i32) (result i32)
    (if (result i32)
      (i32.eqz (i32.atomic.rmw.cmpxchg (local.get $state) (i32.const 0) (i32.const 1)))
      (then (i32.store offset=4 (local.get $state) (local.get $tid)) (i32.const 1))
      (else (i32.const 0))))

  ;; Unlock: clear the owner, then decrement the state; returns the previous state
  ;; (1: nobody waits; 2: the caller must wake a waiter; 0: it was not locked).
  (func (export "give") (param $state i32) (result i32)
    (i32.store offset=4 (local.get $state) (i32.const 0))
    (i32.atomic.rmw.sub (local.get $state) (i32.const 1)))

  ;; A shared Float64 field. The atomic load first is a barrier for the compiler: the field is
  ;; read from memory every time, so unlocked increments race for real.
  (func (export "getF") (param $addr i32) (result f64)
    (drop (i32.atomic.load (i32.const 0)))
    (f64.load (local.get $addr)))

  (func (export "setF") (param $addr i32) (param $v f64)
    (f64.store (local.get $addr) (local.get $v))))
