import { useCallback } from 'react';
import { useLocaleStore } from './locale-store';
import { translate, type Translate } from './translate';

/** The translate function of the current locale; components re-render when the language changes. */
export function useTranslate(): Translate {
  const locale = useLocaleStore((s) => s.locale);
  return useCallback<Translate>((key, params) => translate(locale, key, params), [locale]);
}
