import type { ChatEvent } from '@livechat/protocol';

/*
 * The panel's two languages. Events arrive as a code plus parameters and are worded here, in the
 * visitor's language (DESIGN.md: system messages are rendered by each viewer).
 */

export type Locale = 'en' | 'zh-CN';

/**
 * setLocale() wins; then the browser's languages where we speak one (WidgetConfig.locale: "the
 * visitor's browser wins where supported"); then the site's default; then English.
 */
export function resolveLocale(
  override: string | null,
  browser: readonly string[],
  siteDefault: string,
): Locale {
  for (const tag of [override, ...browser, siteDefault]) {
    if (!tag) continue;
    if (/^zh\b/i.test(tag)) return 'zh-CN';
    if (/^en\b/i.test(tag)) return 'en';
  }
  return 'en';
}

const en = {
  online: 'We typically reply in a few minutes',
  away: 'We’re away right now. Leave a message and we’ll reply as soon as we can.',
  withAgent: 'You’re chatting with {name}',
  placeholder: 'Write a message…',
  close: 'Close chat',
  messages: 'Conversation',
  waiting: 'Waiting for an agent',
  queuePosition: 'You are number {n} in line',
  typing: '{name} is typing…',
  reconnecting: 'Reconnecting…',
  sending: 'Sending…',
  queued: 'Will send when back online',
  sent: 'Sent',
  seen: 'Seen',
  failed: 'Not sent',
  retry: 'Retry',
  earlier: 'Show earlier messages',
  newMessages: '({n}) New message',
  you: 'You',
  badConfig: 'The chat could not start. Please try again later.',
  started: 'Conversation started',
  claimed: '{agentName} joined the conversation',
  transferredAgent: 'You were transferred to {toAgentName}',
  transferredDepartment: 'You were transferred to {toDepartmentName}',
  transferred: 'You were transferred',
  closedByAgent: '{byAgentName} ended the conversation',
  closedByVisitor: 'You ended the conversation',
  closed: 'The conversation has ended',
  reopened: 'Conversation reopened',
  requeued: '{agentName} left. Waiting for another agent',
  requeuedAnon: 'Waiting for another agent',
};

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  online: '我们通常会在几分钟内回复',
  away: '我们暂时不在线。请留言，我们会尽快回复您。',
  withAgent: '{name} 正在为您服务',
  placeholder: '输入消息…',
  close: '关闭聊天',
  messages: '对话记录',
  waiting: '正在等待客服接入',
  queuePosition: '您目前排在第 {n} 位',
  typing: '{name} 正在输入…',
  reconnecting: '正在重新连接…',
  sending: '发送中…',
  queued: '恢复网络后将自动发送',
  sent: '已发送',
  seen: '已读',
  failed: '发送失败',
  retry: '重试',
  earlier: '查看更早的消息',
  newMessages: '（{n}）新消息',
  you: '我',
  badConfig: '聊天暂时无法启动，请稍后再试。',
  started: '对话已开始',
  claimed: '{agentName} 已加入对话',
  transferredAgent: '已为您转接给 {toAgentName}',
  transferredDepartment: '已为您转接至 {toDepartmentName}',
  transferred: '已为您转接',
  closedByAgent: '{byAgentName} 结束了对话',
  closedByVisitor: '您结束了对话',
  closed: '对话已结束',
  reopened: '对话已重新开启',
  requeued: '{agentName} 已离开，正在为您等待其他客服',
  requeuedAnon: '正在为您等待其他客服',
};

const dictionaries: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zh };

export function t(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  return dictionaries[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** One line for a lifecycle event, from its code and parameters. */
export function eventText(locale: Locale, event: ChatEvent): string {
  const p = event.params;
  switch (event.code) {
    case 'started':
      return t(locale, 'started');
    case 'claimed':
    case 'assigned':
      return t(locale, 'claimed', { agentName: p.agentName ?? '' });
    case 'transferred':
      if (p.toAgentName) return t(locale, 'transferredAgent', p);
      if (p.toDepartmentName) return t(locale, 'transferredDepartment', p);
      return t(locale, 'transferred');
    case 'closed':
      if (p.byAgentName) return t(locale, 'closedByAgent', p);
      if (p.by === 'visitor') return t(locale, 'closedByVisitor');
      return t(locale, 'closed');
    case 'reopened':
      return t(locale, 'reopened');
    case 'requeued':
      return p.agentName ? t(locale, 'requeued', p) : t(locale, 'requeuedAnon');
  }
}

export function formatTime(locale: Locale, at: number): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(at);
}
