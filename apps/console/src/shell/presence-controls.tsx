import type { PresenceStatus } from '@livechat/protocol';
import { useId } from 'react';
import { useTranslate } from '../i18n';
import { useNotificationSettings } from '../notifications/notification-settings';
import { effectiveStatus, usePresenceStore, type ChosenStatus } from '../stores/presence-store';
import { useSessionStore } from '../stores/session-store';
import { useUiStore } from '../stores/ui-store';

/** My status: a switch between online and away; "away (idle)" when it came by itself. */
export function StatusSwitch() {
  const t = useTranslate();
  const chosen = usePresenceStore((s) => s.chosen);
  const idle = usePresenceStore((s) => s.idle);
  const connected = useUiStore((s) => s.connection === 'online');
  const shown: PresenceStatus = connected ? effectiveStatus({ chosen, idle }) : 'offline';
  const id = useId();
  return (
    <div className="status-switch">
      <span className={`presence-dot presence-dot--${shown}`} aria-hidden="true" />
      <label htmlFor={id} className="visually-hidden">
        {t('presence.label')}
      </label>
      <select
        id={id}
        className="status-switch__select"
        value={chosen}
        onChange={(event) => {
          const value: ChosenStatus = event.target.value === 'away' ? 'away' : 'online';
          usePresenceStore.getState().choose(value);
        }}
      >
        <option value="online">{t('presence.online')}</option>
        <option value="away">{t('presence.away')}</option>
      </select>
      {idle && chosen === 'online' && <span className="status-switch__idle">{t('presence.idle')}</span>}
    </div>
  );
}

export function MuteToggle() {
  const t = useTranslate();
  const muted = useNotificationSettings((s) => s.muted);
  return (
    <button
      type="button"
      className="icon-button"
      aria-pressed={muted}
      aria-label={muted ? t('notify.unmute') : t('notify.mute')}
      title={muted ? t('notify.unmute') : t('notify.mute')}
      onClick={() => useNotificationSettings.getState().toggleMuted()}
    >
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path d="M4 9v6h4l5 4V5L8 9z" />
        {muted ? (
          <path d="M16 9l5 6M21 9l-5 6" />
        ) : (
          <path d="M16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12" />
        )}
      </svg>
    </button>
  );
}

export function HelpButton() {
  const t = useTranslate();
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={t('help.title')}
      title={`${t('help.title')} (?)`}
      aria-keyshortcuts="?"
      onClick={() => useUiStore.getState().openOverlay('help')}
    >
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <rect x="3" y="6" width="18" height="12" rx="2" />
        <path d="M7 10h.01M11 10h.01M15 10h.01M7 14h10" />
      </svg>
    </button>
  );
}

/** Colleagues with their status and how many chats they hold (GET /api/agents + presence frames). */
export function TeamList() {
  const t = useTranslate();
  const directory = usePresenceStore((s) => s.directory);
  const myId = useSessionStore((s) => s.agent?.id ?? null);
  const order: Record<PresenceStatus, number> = { online: 0, away: 1, offline: 2 };
  const colleagues = directory
    .filter((a) => a.id !== myId)
    .sort((a, b) => order[a.status] - order[b.status] || a.name.localeCompare(b.name));
  const online = colleagues.filter((a) => a.status !== 'offline').length;
  return (
    <section className="team" aria-labelledby="team-title">
      <h2 id="team-title" className="team__title">
        {t('team.title')}
        <span className="team__count">{t('team.online', { count: online })}</span>
      </h2>
      {colleagues.length === 0 ? (
        <p className="team__empty">{t('team.empty')}</p>
      ) : (
        <ul className="team__list">
          {colleagues.map((a) => (
            <li key={a.id} className={`team__member team__member--${a.status}`}>
              <span className={`presence-dot presence-dot--${a.status}`} aria-hidden="true" />
              <span className="team__name">{a.name}</span>
              <span className="visually-hidden">{t(`presence.${a.status}`)}</span>
              <span className="team__load" title={t('team.load', { active: a.activeChats, max: a.maxChats })}>
                <span className="visually-hidden">
                  {t('team.load', { active: a.activeChats, max: a.maxChats })}
                </span>
                <span aria-hidden="true">
                  {a.activeChats}/{a.maxChats}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
