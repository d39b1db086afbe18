import { describe, expect, it } from 'vitest';
import { messagesEn } from './messages-en';
import { messagesZhCn } from './messages-zh-cn';
import { detectLocale } from './locale-store';
import { renderEvent } from './render-event';
import { translate, type Translate } from './translate';
import { formatDuration, visitorName } from './format';

const en: Translate = (key, params) => translate('en', key, params);
const zh: Translate = (key, params) => translate('zh-CN', key, params);

describe('i18n', () => {
  it('picks Chinese for any zh browser language and English otherwise', () => {
    expect(detectLocale(['zh-TW'])).toBe('zh-CN');
    expect(detectLocale(['zh-CN', 'en'])).toBe('zh-CN');
    expect(detectLocale(['en-GB', 'zh-CN'])).toBe('en');
    expect(detectLocale(['fr-FR', 'de'])).toBe('en');
  });

  it('fills placeholders', () => {
    expect(en('list.waiting', { duration: '3 min' })).toBe('waiting 3 min');
    expect(zh('pane.assignedTo', { name: '小王' })).toBe('由 小王 负责');
  });

  it('has a Chinese text for every English key, and translates each one', () => {
    const keys = Object.keys(messagesEn);
    expect(Object.keys(messagesZhCn).sort()).toEqual([...keys].sort());
    const untranslated = keys.filter(
      (key) => key in messagesZhCn && messagesZhCn[key as keyof typeof messagesEn] === '',
    );
    expect(untranslated).toEqual([]);
  });

  it('renders stored events in the viewer language', () => {
    const claimed = { code: 'claimed', params: { agentName: 'Colin' } } as const;
    expect(renderEvent(claimed, en)).toBe('Colin joined the conversation');
    expect(renderEvent(claimed, zh)).toBe('Colin 接入了会话');
    expect(
      renderEvent({ code: 'transferred', params: { byAgentName: 'A', toDepartmentName: 'Billing' } }, en),
    ).toBe('A transferred the conversation to Billing');
    expect(renderEvent({ code: 'closed', params: { by: 'visitor' } }, zh)).toBe('访客结束了会话');
  });

  it('formats wait times and anonymous visitors', () => {
    expect(formatDuration(30_000, en)).toBe('<1 min');
    expect(formatDuration(3 * 60_000 + 59_000, en)).toBe('3 min');
    expect(formatDuration(65 * 60_000, zh)).toBe('1 小时 5 分钟');
    expect(visitorName({ id: 'v-99991a2b', name: null, email: null, verified: false }, en)).toBe(
      'Visitor 1a2b',
    );
    expect(visitorName({ id: 'v-1', name: 'Ada', email: null, verified: false }, en)).toBe('Ada');
  });
});
