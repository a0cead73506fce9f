import { PHONE_TABS, type PhoneTab } from '../../state/store';
import { useAppState, useT } from '../context';
import type { Messages } from '../i18n';
import { onTabListKey } from './tab-keys';

function label(t: Messages, tab: PhoneTab): string {
  switch (tab) {
    case 'examples':
      return t.examples;
    case 'code':
      return t.tabCode;
    case 'timeline':
      return t.timeline;
    case 'console':
      return t.console;
    case 'notes':
      return t.notes;
  }
}

/**
 * The narrow screen's tabs (app/phone-layout.ts): one pane at a time, each a thumb-sized tab.
 * Arrow keys move between tabs, as in any tab list.
 */
export function PhoneTabs() {
  const t = useT();
  const current = useAppState((s) => s.phoneTab);
  const setTab = useAppState((s) => s.setPhoneTab);
  return (
    <div className="phone-tabs" role="tablist" aria-label={t.panes} data-testid="phone-tabs" onKeyDown={(e) => onTabListKey(e, PHONE_TABS, current, setTab)}>
      {PHONE_TABS.map((tab) => (
        <button
          key={tab}
          type="button"
          role="tab"
          className="phone-tab"
          data-testid="phone-tab"
          data-tab={tab}
          aria-selected={tab === current}
          tabIndex={tab === current ? 0 : -1}
          onClick={() => setTab(tab)}
        >
          {label(t, tab)}
        </button>
      ))}
    </div>
  );
}
