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
      <span className="language-switcher__icon" aria-hidden="true">
        文A
      </span>
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
