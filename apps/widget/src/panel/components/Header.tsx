import type { VisitorConversation, WidgetConfig } from '@livechat/protocol';
import { t, type Locale } from '../i18n';

interface HeaderProps {
  config: WidgetConfig;
  conversation: VisitorConversation | null;
  locale: Locale;
  away: boolean;
  sound: boolean;
  onSound: (on: boolean) => void;
  onClose: () => void;
}

/** The site's name, or the agent's once one has claimed the conversation. */
export function Header({ config, conversation, locale, away, sound, onSound, onClose }: HeaderProps) {
  const agent = conversation?.status === 'ACTIVE' ? conversation.agent : null;
  const title = agent?.name ?? config.name;
  const subtitle = agent ? config.name : away ? t(locale, 'awayShort') : t(locale, 'online');
  return (
    <header className="header">
      <div className="avatar" aria-hidden="true">
        {agent?.avatarUrl ? (
          <img src={agent.avatarUrl} alt="" />
        ) : !agent && config.logoUrl ? (
          <img src={config.logoUrl} alt="" />
        ) : (
          initial(title)
        )}
        {(agent || !away) && <span className="presence" />}
      </div>
      <div className="heading">
        <h1 className="title">{title}</h1>
        <p className="subtitle">{subtitle}</p>
      </div>
      <button
        type="button"
        className="icon-button"
        aria-label={t(locale, 'sound')}
        aria-pressed={sound}
        onClick={() => onSound(!sound)}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M11 5L6 9H3v6h3l5 4z" />
          {sound ? (
            <path d="M15.5 8.5a5 5 0 0 1 0 7M18.5 5.5a9 9 0 0 1 0 13" />
          ) : (
            <path d="M16 9l5 6M21 9l-5 6" />
          )}
        </svg>
      </button>
      <button type="button" className="icon-button" aria-label={t(locale, 'close')} onClick={onClose}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M6 9l6 6 6-6" />
        </svg>
      </button>
    </header>
  );
}

function initial(name: string): string {
  return Array.from(name.trim())[0]?.toUpperCase() ?? '?';
}
