import { useState } from 'react';
import { LIMITS, type WidgetConfig } from '@livechat/protocol';
import { t, type Locale } from '../i18n';

interface PreChatFormProps {
  config: WidgetConfig;
  locale: Locale;
  name: string;
  email: string;
  onSubmit: (input: { name: string; email: string; departmentId: string | null }) => void;
}

/** Asked before a conversation starts, as the site configured it (WidgetConfig.preChat). */
export function PreChatForm({
  config,
  locale,
  name: initialName,
  email: initialEmail,
  onSubmit,
}: PreChatFormProps) {
  const { preChat } = config;
  const [name, setName] = useState(initialName);
  const [email, setEmail] = useState(initialEmail);
  const [departmentId, setDepartmentId] = useState(
    config.defaultDepartmentId ?? config.departments[0]?.id ?? '',
  );
  const label = (key: 'name' | 'email', required: boolean): string =>
    required ? t(locale, key) : `${t(locale, key)} (${t(locale, 'optional')})`;

  return (
    <form
      className="prechat"
      data-testid="prechat-form"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit({ name: name.trim(), email: email.trim(), departmentId: departmentId || null });
      }}
    >
      <p className="card-title">{t(locale, 'preChatTitle')}</p>
      <label>
        <span>{label('name', preChat.nameRequired)}</span>
        <input
          type="text"
          autoComplete="name"
          required={preChat.nameRequired}
          maxLength={LIMITS.name}
          value={name}
          onInput={(event) => setName(event.currentTarget.value)}
        />
      </label>
      <label>
        <span>{label('email', preChat.emailRequired)}</span>
        <input
          type="email"
          autoComplete="email"
          required={preChat.emailRequired}
          maxLength={LIMITS.email}
          value={email}
          onInput={(event) => setEmail(event.currentTarget.value)}
        />
      </label>
      {preChat.askDepartment && config.departments.length > 1 && (
        <label>
          <span>{t(locale, 'department')}</span>
          <select value={departmentId} onChange={(event) => setDepartmentId(event.currentTarget.value)}>
            {config.departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.online ? d.name : `${d.name} (${t(locale, 'offlineShort')})`}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="submit" className="primary">
        {t(locale, 'startChat')}
      </button>
    </form>
  );
}
