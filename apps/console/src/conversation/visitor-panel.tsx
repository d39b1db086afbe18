import type { ConversationDetailResponse, ConversationSummary } from '@livechat/protocol';
import type { ReactNode } from 'react';
import { formatDateTime, useLocaleStore, useTranslate, visitorName } from '../i18n';
import { VisitorAvatar } from '../inbox/visitor-avatar';
import { useNow } from '../shell/use-now';
import { useDetailsStore } from '../stores/details-store';
import { useUiStore } from '../stores/ui-store';
import { openConversation } from './conversation-actions';
import { parseUserAgent } from './user-agent';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="details__row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/**
 * The page URL comes from the visitor's browser, so anyone can send any string: only http(s) ones
 * become links (a javascript: or data: URL is shown as text, never something an agent can click).
 */
function isWebUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

/** The visitor's local time, if their time zone is known and valid. */
function LocalTime({ timezone }: { timezone: string }) {
  const t = useTranslate();
  const locale = useLocaleStore((s) => s.locale);
  const now = useNow();
  try {
    const time = new Intl.DateTimeFormat(locale, {
      hour: '2-digit',
      minute: '2-digit',
      timeZone: timezone,
    }).format(now);
    return <span className="details__muted">{t('details.localTime', { time })}</span>;
  } catch {
    return null;
  }
}

function PastConversation({ conversation }: { conversation: ConversationSummary }) {
  const t = useTranslate();
  const locale = useLocaleStore((s) => s.locale);
  return (
    <li>
      <button type="button" className="past" onClick={() => openConversation(conversation.id)}>
        <span className="past__top">
          <span className="past__date">{formatDateTime(conversation.createdAt, locale)}</span>
          <span className={`status-pill status-pill--${conversation.status.toLowerCase()}`}>
            {t(`status.${conversation.status}`)}
          </span>
        </span>
        <span className="past__preview">{conversation.lastMessage?.text || t('list.noMessages')}</span>
      </button>
    </li>
  );
}

function Profile({ detail }: { detail: ConversationDetailResponse }) {
  const t = useTranslate();
  const { visitor, conversation, past } = detail;
  const unknown = t('details.unknown');
  const name = visitorName(visitor, t);
  const ua = parseUserAgent(visitor.userAgent);
  const browserText = [ua.browser, ua.os].filter(Boolean).join(' · ');
  const attributes = Object.entries(visitor.attributes);
  return (
    <>
      <div className="details__identity">
        <VisitorAvatar visitor={visitor} name={name} size="large" />
        <div>
          <p className="details__name">{name}</p>
          <p className="details__muted">
            {visitor.verified ? (
              <span className="badge badge--verified">✓ {t('details.verifiedYes')}</span>
            ) : (
              t('details.verifiedNo')
            )}
          </p>
        </div>
      </div>
      <dl className="details__list">
        <Row label={t('details.name')}>{visitor.name ?? unknown}</Row>
        <Row label={t('details.email')}>
          {visitor.email ? <a href={`mailto:${visitor.email}`}>{visitor.email}</a> : unknown}
        </Row>
        <Row label={t('details.verified')}>
          {visitor.verified ? t('details.verifiedYes') : t('details.verifiedNo')}
        </Row>
        <Row label={t('details.page')}>
          {visitor.url && isWebUrl(visitor.url) ? (
            <a
              href={visitor.url}
              target="_blank"
              rel="noreferrer noopener"
              className="details__url"
              title={visitor.url}
            >
              {visitor.title ?? visitor.url}
            </a>
          ) : (
            (visitor.url ?? unknown)
          )}
        </Row>
        <Row label={t('details.referrer')}>
          {visitor.referrer ? (
            <span className="details__url" title={visitor.referrer}>
              {visitor.referrer}
            </span>
          ) : (
            unknown
          )}
        </Row>
        <Row label={t('details.browser')}>{browserText || unknown}</Row>
        <Row label={t('details.locale')}>{visitor.locale ?? unknown}</Row>
        <Row label={t('details.timezone')}>
          {visitor.timezone ? (
            <>
              {visitor.timezone} <LocalTime timezone={visitor.timezone} />
            </>
          ) : (
            unknown
          )}
        </Row>
        <Row label={t('details.site')}>{conversation.siteName}</Row>
        <Row label={t('details.department')}>{conversation.department.name}</Row>
      </dl>
      {attributes.length > 0 && (
        <>
          <h3 className="details__section">{t('details.attributes')}</h3>
          <dl className="details__list">
            {attributes.map(([key, value]) => (
              <Row key={key} label={key}>
                {value}
              </Row>
            ))}
          </dl>
        </>
      )}
      <h3 className="details__section">{t('details.past')}</h3>
      {past.length === 0 ? (
        <p className="details__muted">{t('details.noPast')}</p>
      ) : (
        <ul className="details__past">
          {past.map((c) => (
            <PastConversation key={c.id} conversation={c} />
          ))}
        </ul>
      )}
    </>
  );
}

export function VisitorPanel({ conversationId }: { conversationId: string }) {
  const t = useTranslate();
  const entry = useDetailsStore((s) => s.byConversation[conversationId]);
  const open = useUiStore((s) => s.detailsOpen);
  return (
    <aside
      className={`details${open ? ' details--open' : ''}`}
      id="visitor-details"
      aria-label={t('details.label')}
    >
      <div className="details__drawer-header">
        <h2 className="details__drawer-title">{t('details.label')}</h2>
        <button
          type="button"
          className="button button--ghost button--small details__drawer-close"
          aria-label={t('details.hide')}
          onClick={() => useUiStore.getState().toggleDetails(false)}
        >
          ×
        </button>
      </div>
      {!entry || entry.status === 'loading' ? (
        <p className="details__muted" aria-busy="true">
          {t('details.loading')}
        </p>
      ) : entry.status === 'error' ? (
        <p className="details__muted">{t('details.error')}</p>
      ) : (
        <Profile detail={entry.detail} />
      )}
    </aside>
  );
}
