import { useId } from 'react';
import { LOCALE_NAMES, LOCALES, useLocaleStore, useTranslate, type Locale } from '../i18n';

const isLocale = (value: string): value is Locale => LOCALES.some((l) => l === value);

export function LanguageSwitcher() {
  const t = useTranslate();
  const locale = useLocaleStore((s) => s.locale);
  const id = useId();
  return (
    <div className="language-switcher">
      <label htmlFor={id} className="visually-hidden">
        {t('nav.language')}
      </label>
      <svg className="language-switcher__icon" viewBox="0 0 24 24" aria-hidden="true">
        <circle cx="12" cy="12" r="9" />
        <path d="M3 12h18M12 3c2.5 2.7 3.8 5.7 3.8 9s-1.3 6.3-3.8 9c-2.5-2.7-3.8-5.7-3.8-9S9.5 5.7 12 3z" />
      </svg>
      <select
        id={id}
        className="language-switcher__select"
        value={locale}
        onChange={(e) => {
          if (isLocale(e.target.value)) useLocaleStore.getState().setLocale(e.target.value);
        }}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
