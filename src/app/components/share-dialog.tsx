import { useEffect, useRef, useState } from 'react';
import { LONG_LINK_CHARS } from '../../share/permalink';
import { useAppState, useT } from '../context';

export function ShareDialog() {
  const t = useT();
  const url = useAppState((s) => s.shareUrl);
  const setShareUrl = useAppState((s) => s.setShareUrl);
  const ref = useRef<HTMLDialogElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const [copy, setCopy] = useState<'idle' | 'done' | 'failed'>('idle');

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (url !== null && !d.open) {
      setCopy('idle');
      d.showModal();
      inputRef.current?.select();
    } else if (url === null && d.open) {
      d.close();
    }
  }, [url]);

  const doCopy = async () => {
    if (url === null) return;
    try {
      await navigator.clipboard.writeText(url);
      setCopy('done');
    } catch {
      // Clipboard API refused (insecure context, permissions): fall back to the selection.
      inputRef.current?.select();
      const ok = document.execCommand?.('copy') ?? false;
      setCopy(ok ? 'done' : 'failed');
    }
  };

  return (
    <dialog
      ref={ref}
      className="share-dialog"
      data-testid="share-dialog"
      aria-labelledby="share-title"
      onClose={() => setShareUrl(null)}
    >
      <h2 id="share-title">{t.shareTitle}</h2>
      <p className="muted">{t.shareBody}</p>
      <textarea
        ref={inputRef}
        className="share-url"
        data-testid="share-url"
        readOnly
        rows={3}
        value={url ?? ''}
        onFocus={(e) => e.currentTarget.select()}
      />
      {url !== null && url.length > LONG_LINK_CHARS && (
        <p className="warn" data-testid="share-long">
          {t.longLink(url.length)}
        </p>
      )}
      {copy === 'failed' && <p className="warn">{t.copyFailed}</p>}
      <div className="dialog-buttons">
        <button type="button" className="btn primary" data-testid="share-copy" onClick={() => void doCopy()}>
          {copy === 'done' ? `✓ ${t.copied}` : t.copy}
        </button>
        <button type="button" className="btn" data-testid="share-close" onClick={() => setShareUrl(null)}>
          {t.close}
        </button>
      </div>
    </dialog>
  );
}
