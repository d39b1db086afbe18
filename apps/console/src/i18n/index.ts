export { useLocaleStore, detectLocale, LOCALES, LOCALE_NAMES, type Locale } from './locale-store';
export { translate, type Translate, type MessageParams } from './translate';
export type { MessageKey } from './messages-en';
export { renderEvent } from './render-event';
export { useTranslate } from './use-translate';
export * from './format';
