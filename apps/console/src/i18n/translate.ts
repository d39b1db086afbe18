import type { Locale } from './locale-store';
import { messagesEn, type MessageKey } from './messages-en';
import { messagesZhCn } from './messages-zh-cn';

export type MessageParams = Record<string, string | number>;

const catalogs: Record<Locale, Record<MessageKey, string>> = { en: messagesEn, 'zh-CN': messagesZhCn };

/** Looks a key up in the locale's catalog and fills `{name}` placeholders; unknown placeholders stay visible. */
export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const template = catalogs[locale][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export type Translate = (key: MessageKey, params?: MessageParams) => string;
