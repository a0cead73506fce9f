/**
 * The speed factor (program seconds per wall second) and `speed=max` (docs/deterministic-runs.md).
 * `max` is `Infinity` everywhere on the page (store, link options, `load()`); what a run makes of
 * it depends on its mode, because only a deterministic run has a clock of its own to race.
 */
import type { SchedName } from './sched';

/** `speed=max`: in a deterministic mode, virtual time is not paced against the wall clock. */
export const MAX_SPEED = Infinity;

/**
 * What `max` means in `parallel` mode, where program time is wall time × speed and an infinite
 * factor would make every sleep zero and every clock infinite: the speed control's highest
 * number.
 */
export const PARALLEL_MAX_SPEED = 50;

export function isMaxSpeed(speed: number): boolean {
  return speed === MAX_SPEED;
}

/**
 * The factor a run's buffer gets (HF.SPEED): `max` stays Infinity in the deterministic modes, so
 * the runtime's scheduler can tell "no pacing" apart from any finite factor; in `parallel` it is
 * PARALLEL_MAX_SPEED. Anything not a positive number is 1. A `step` run is never paced: the
 * learner sets its pace, and a `sleep(1)` should not keep them waiting a second for each step.
 */
export function runSpeed(speed: number, mode: SchedName): number {
  if (mode === 'step') return MAX_SPEED;
  if (isMaxSpeed(speed)) return mode === 'parallel' ? PARALLEL_MAX_SPEED : MAX_SPEED;
  return speed > 0 && Number.isFinite(speed) ? speed : 1;
}
