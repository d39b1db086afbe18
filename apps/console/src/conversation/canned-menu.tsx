import type { CannedResponseItem } from '@livechat/protocol';
import { useTranslate } from '../i18n';

/** The `/` suggestions above the composer: a listbox the textarea drives (aria-activedescendant). */
export function CannedMenu({
  id,
  items,
  active,
  status,
  onPick,
  onHover,
}: {
  id: string;
  items: CannedResponseItem[];
  active: number;
  status: 'idle' | 'loading' | 'ready' | 'error';
  onPick: (item: CannedResponseItem) => void;
  onHover: (index: number) => void;
}) {
  const t = useTranslate();
  return (
    <div className="canned" data-testid="canned-menu">
      <div className="canned__header">
        <span>{t('canned.title')}</span>
        <span className="canned__hint">{t('canned.hint')}</span>
      </div>
      {items.length === 0 ? (
        <p className="canned__empty">
          {status === 'loading'
            ? t('canned.loading')
            : status === 'error'
              ? t('canned.error')
              : t('canned.empty')}
        </p>
      ) : (
        <ul className="canned__list" role="listbox" id={id} aria-label={t('canned.title')}>
          {items.map((item, index) => (
            <li
              key={item.id}
              id={`${id}-${index}`}
              role="option"
              aria-selected={index === active}
              className={`canned__item${index === active ? ' canned__item--active' : ''}`}
              onMouseDown={(event) => {
                event.preventDefault(); // keep the textarea's focus and caret
                onPick(item);
              }}
              onMouseEnter={() => onHover(index)}
            >
              <span className="canned__shortcut">/{item.shortcut.replace(/^\//, '')}</span>
              <span className="canned__text">
                <span className="canned__title">{item.title}</span>
                <span className="canned__body">{item.body}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
