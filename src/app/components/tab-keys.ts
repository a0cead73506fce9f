/**
 * The keys of an ARIA tab list: ←/→ move to the previous or next tab (wrapping), Home and End to
 * the first and last. Only the selected tab is in the Tab order; the arrows select and focus.
 */
export function onTabListKey<T extends string>(
  e: React.KeyboardEvent<HTMLElement>,
  tabs: readonly T[],
  current: T,
  select: (tab: T) => void,
): void {
  const k = tabs.indexOf(current);
  const next =
    e.key === 'ArrowRight' ? k + 1 : e.key === 'ArrowLeft' ? k - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : null;
  if (next === null) return;
  e.preventDefault();
  const tab = tabs[(next + tabs.length) % tabs.length] ?? current;
  select(tab);
  e.currentTarget.querySelector<HTMLElement>(`[data-tab="${tab}"]`)?.focus();
}
