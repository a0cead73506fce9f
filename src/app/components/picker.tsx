import { useEffect, useMemo, useRef, useState } from 'react';
import { sections, scenarios, type Scenario } from '../deps';
import { useApp, useAppState, useT } from '../context';
import { useNarrow } from '../phone-layout';

function matches(s: Scenario, q: string): boolean {
  if (q === '') return true;
  const hay = `${s.number} ${s.id} ${s.title.zh} ${s.title.en}`.toLowerCase();
  return q
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

/** The scenario list, grouped by the tutorial's sections, with a search box. */
export function Picker() {
  const { controller } = useApp();
  const t = useT();
  const lang = useAppState((s) => s.lang);
  const current = useAppState((s) => s.scenarioId);
  const setPhoneTab = useAppState((s) => s.setPhoneTab);
  const narrow = useNarrow();
  // On a narrow screen the list is a tab of its own: an example picked there is shown at once.
  const open = (id: string) => {
    controller.selectScenario(id);
    if (narrow) setPhoneTab('code');
  };
  const [query, setQuery] = useState('');
  const listRef = useRef<HTMLDivElement>(null);

  // Keep the open scenario in view (deep links to #41, the short list on a phone). Only the
  // list scrolls: scrollIntoView would also scroll the page.
  useEffect(() => {
    const list = listRef.current;
    const item = list?.querySelector<HTMLElement>('.picker-item.selected');
    if (!list || !item) return;
    const top = item.offsetTop; // the list is the offsetParent (position: relative)
    if (top < list.scrollTop || top + item.offsetHeight > list.scrollTop + list.clientHeight) {
      list.scrollTop = Math.max(0, top - list.clientHeight / 3);
    }
  }, [current]);

  const groups = useMemo(() => {
    const bySection = new Map<string, Scenario[]>();
    for (const s of scenarios) {
      if (!matches(s, query.trim())) continue;
      const list = bySection.get(s.section) ?? [];
      list.push(s);
      bySection.set(s.section, list);
    }
    return sections
      .map((sec) => ({ sec, items: (bySection.get(sec.id) ?? []).sort((a, b) => a.number - b.number) }))
      .filter((g) => g.items.length > 0);
  }, [query]);

  return (
    <nav className="picker" data-testid="example-picker" aria-label={t.examples}>
      <div className="picker-head">
        <h2>{t.examples}</h2>
        <input
          type="search"
          className="picker-search"
          data-testid="example-search"
          placeholder={t.search}
          aria-label={t.search}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            // Enter opens the first match: fast keyboard navigation for teachers in class.
            if (e.key === 'Enter') {
              const first = groups[0]?.items[0];
              if (first) open(first.id);
            }
          }}
        />
      </div>
      <div className="picker-list" ref={listRef}>
        {groups.length === 0 && <p className="muted picker-empty">{t.noMatch}</p>}
        {groups.map(({ sec, items }) => (
          <section key={sec.id} className="picker-group" aria-label={sec.title[lang]}>
            <h3>{sec.title[lang]}</h3>
            <ul>
              {items.map((s) => (
                <li key={s.id}>
                  <a
                    href={`#example=${s.id}`}
                    className={`picker-item${s.id === current ? ' selected' : ''}`}
                    data-testid="example-item"
                    data-id={s.id}
                    aria-current={s.id === current ? 'page' : undefined}
                    onClick={(e) => {
                      if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                      e.preventDefault();
                      open(s.id);
                    }}
                  >
                    <span className="num">{s.number}</span>
                    <span className="title">{s.title[lang]}</span>
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </nav>
  );
}
