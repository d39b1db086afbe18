import type { VisitorConversation, WidgetConfig } from '@livechat/protocol';
import { t, type Locale } from '../i18n';

interface HeaderProps {
  config: WidgetConfig;
  conversation: VisitorConversation | null;
  locale: Locale;
  onClose: () => void;
}

/** The site's name, or the agent's once one has claimed the conversation. */
export function Header({ config, conversation, locale, onClose }: HeaderProps) {
  const agent = conversation?.status === 'ACTIVE' ? conversation.agent : null;
  const title = agent?.name ?? config.name;
  const subtitle = agent
    ? config.name
    : config.online || conversation
      ? t(locale, 'online')
      : t(locale, 'away');
  return (
    <header className="header">
      <div className="avatar" aria-hidden="true">
        {agent?.avatarUrl ? <img src={agent.avatarUrl} alt="" /> : initial(title)}
        {(agent || config.online) && <span className="presence" />}
      </div>
      <div className="heading">
        <h1 className="title">{title}</h1>
        <p className="subtitle">{subtitle}</p>
      </div>
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
