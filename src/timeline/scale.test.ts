import { describe, expect, it } from 'vitest';
import { formatDuration, formatTick, groupDigits, MIN_SPAN_US, niceStep, TimeScale } from './scale';

describe('TimeScale', () => {
  const s = new TimeScale(0, 1_000_000, 100, 1100); // 1 s over 1000 px

  it('maps time to pixels and back', () => {
    expect(s.k).toBeCloseTo(0.001);
    expect(s.tToX(0)).toBe(100);
    expect(s.tToX(500_000)).toBe(600);
    expect(s.xToT(600)).toBe(500_000);
    expect(s.xToT(s.tToX(123_456))).toBeCloseTo(123_456, 6);
  });

  it('zooms around a time, keeping it at the same pixel', () => {
    const t = 250_000;
    const z = s.zoomAround(t, 4);
    expect(z.span).toBeCloseTo(250_000);
    expect(z.tToX(t)).toBeCloseTo(s.tToX(t), 9);
    const back = z.zoomAround(t, 0.25);
    expect(back.t0).toBeCloseTo(0, 6);
    expect(back.t1).toBeCloseTo(1_000_000, 6);
  });

  it('never zooms below the minimum span and ignores bad factors', () => {
    const z = s.zoomAround(10, 1e12);
    expect(z.span).toBe(MIN_SPAN_US);
    expect(s.zoomAround(10, 0)).toBe(s);
    expect(s.zoomAround(10, NaN)).toBe(s);
    expect(s.zoomAround(10, Infinity)).toBe(s);
  });

  it('pans by pixels (positive shows earlier time)', () => {
    const p = s.panBy(100);
    expect(p.t0).toBeCloseTo(-100_000);
    expect(p.t1).toBeCloseTo(900_000);
    expect(p.panBy(-100).t0).toBeCloseTo(0);
  });

  it('clamps into a domain, shifting before shrinking', () => {
    expect(s.clamp(0, 2_000_000)).toBe(s);
    const left = s.panBy(300).clamp(0, 2_000_000);
    expect(left.t0).toBe(0);
    expect(left.span).toBeCloseTo(1_000_000);
    const right = s.panBy(-5000).clamp(0, 2_000_000);
    expect(right.t1).toBeCloseTo(2_000_000);
    const wide = s.zoomAround(500_000, 0.1).clamp(0, 2_000_000);
    expect(wide.t0).toBe(0);
    expect(wide.t1).toBe(2_000_000);
  });

  it('keeps the domain when the range changes', () => {
    const r = s.withRange(0, 500);
    expect(r.t0).toBe(0);
    expect(r.t1).toBe(1_000_000);
    expect(r.tToX(1_000_000)).toBe(500);
  });

  it('makes nice ticks in program seconds', () => {
    const ticks = s.ticks(1, 80); // 80 px = 80 ms → 100 ms step
    expect(ticks.map((t) => t.label)).toEqual([
      '0 s', '0.1 s', '0.2 s', '0.3 s', '0.4 s', '0.5 s', '0.6 s', '0.7 s', '0.8 s', '0.9 s', '1 s',
    ]);
    expect(ticks[5]?.x).toBeCloseTo(600);
    expect(ticks.filter((t) => t.major).map((t) => t.label)).toEqual(['0 s', '0.5 s', '1 s']);
  });

  it('labels ticks in program time at any speed', () => {
    // At speed 10, one wall second is ten program seconds.
    const ticks = s.ticks(10, 80);
    expect(ticks[0]?.label).toBe('0 s');
    expect(ticks[1]?.label).toBe('1 s');
    expect(ticks[1]?.t).toBeCloseTo(100_000);
  });

  it('switches to ms and µs when zoomed in', () => {
    const ms = new TimeScale(100_000, 200_000, 0, 500).ticks(1, 80); // 100 ms over 500 px
    expect(ms[0]?.label).toBe('100 ms');
    expect(ms[1]?.label).toBe('120 ms');
    const us = new TimeScale(0, 100, 0, 1000).ticks(1, 80);
    expect(us[1]?.label).toBe('10 µs');
    const halves = new TimeScale(0, 3_000_000, 0, 600).ticks(1, 80);
    expect(halves.map((t) => t.label)).toContain('0.5 s');
  });

  it('returns no ticks for a degenerate scale', () => {
    expect(new TimeScale(0, 0, 0, 100).ticks(1)).toEqual([]);
    expect(s.ticks(0)).toEqual([]);
  });
});

describe('nice numbers and labels', () => {
  it('picks 1/2/5 steps', () => {
    expect(niceStep(0.07)).toBeCloseTo(0.1);
    expect(niceStep(0.13)).toBeCloseTo(0.2);
    expect(niceStep(0.3)).toBeCloseTo(0.5);
    expect(niceStep(0.5)).toBeCloseTo(0.5);
    expect(niceStep(7)).toBeCloseTo(10);
  });

  it('formats ticks without float noise', () => {
    expect(formatTick(0.30000000000000004, 0.1)).toBe('0.3 s');
    expect(formatTick(0.12, 0.02)).toBe('120 ms');
    expect(formatTick(0.0015, 0.0005)).toBe('1.5 ms');
    expect(formatTick(2, 1)).toBe('2 s');
    expect(formatTick(-1e-18, 0.1)).toBe('0 s');
  });

  it('formats durations with 3 significant digits', () => {
    expect(formatDuration(1.2345)).toBe('1.23 s');
    expect(formatDuration(0.12)).toBe('120 ms');
    expect(formatDuration(0.000035)).toBe('35 µs');
    expect(formatDuration(1500)).toBe('1500 s');
    expect(formatDuration(Infinity)).toBe('∞');
  });

  it('groups digits by thousands', () => {
    expect(groupDigits(2_000_000)).toBe('2,000,000');
    expect(groupDigits(999)).toBe('999');
    expect(groupDigits(1500.4)).toBe('1,500');
  });
});
