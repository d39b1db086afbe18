import { useEffect, useId, useRef } from 'react';
import { useTranslate, type MessageKey } from '../i18n';
import { useUiStore } from '../stores/ui-store';

const SHORTCUTS: { keys: string[]; label: MessageKey }[] = [
  { keys: ['j', '↓'], label: 'help.next' },
  { keys: ['k', '↑'], label: 'help.previous' },
  { keys: ['c'], label: 'help.claim' },
  { keys: ['n'], label: 'help.claimNext' },
  { keys: ['r'], label: 'help.reply' },
  { keys: ['Enter'], label: 'help.send' },
  { keys: ['Ctrl/⌘', 'Enter'], label: 'help.send' },
  { keys: ['Shift', 'Enter'], label: 'help.newline' },
  { keys: ['/'], label: 'help.canned' },
  { keys: ['t'], label: 'help.transfer' },
  { keys: ['1–4'], label: 'help.views' },
  { keys: ['?'], label: 'help.open' },
  { keys: ['Esc'], label: 'help.close' },
];

export function ShortcutsHelp() {
  const t = useTranslate();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) {
      if (typeof el.showModal === 'function') el.showModal();
      else el.setAttribute('open', '');
    }
  }, []);
  const dismiss = () => useUiStore.getState().openOverlay(null);
  return (
    <dialog
      ref={dialog}
      className="dialog dialog--help"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        dismiss();
      }}
    >
      <div className="dialog__body">
        <h2 id={titleId} className="dialog__title">
          {t('help.title')}
        </h2>
        <dl className="shortcuts">
          {SHORTCUTS.map((s, index) => (
            <div className="shortcuts__row" key={index}>
              <dt>
                {s.keys.map((k) => (
                  <kbd key={k}>{k}</kbd>
                ))}
              </dt>
              <dd>{t(s.label)}</dd>
            </div>
          ))}
        </dl>
        <div className="dialog__actions">
          <button type="button" className="button button--primary" onClick={dismiss} autoFocus>
            {t('dialog.done')}
          </button>
        </div>
      </div>
    </dialog>
  );
}
