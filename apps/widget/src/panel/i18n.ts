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
  expectedWait: 'Expected wait: about {n} min',
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
  preChatTitle: 'Tell us a little about you',
  name: 'Name',
  email: 'Email',
  department: 'Department',
  optional: 'optional',
  startChat: 'Start chat',
  awayEmail: 'Your email, so we can reply',
  offlineSent: 'Thanks! We got your message and will reply to {email}.',
  offlineFailed: 'Your message could not be sent. Please try again.',
  invalidEmail: 'Please enter a valid email address.',
  attach: 'Attach a file',
  dropHere: 'Drop files to send them',
  uploading: 'Uploading…',
  tooLarge: 'Too large (max {mb} MB)',
  quota: 'Upload limit reached',
  fileType: 'This type of file cannot be sent',
  uploadFailed: 'Upload failed',
  dismiss: 'Dismiss',
  download: 'Download {name}',
  emoji: 'Emoji',
  ratingTitle: 'How was this conversation?',
  ratingStar: '{n} of 5 stars',
  ratingComment: 'Anything to add? (optional)',
  ratingSend: 'Send rating',
  ratingThanks: 'Thanks for your feedback!',
  newChat: 'Start a new chat',
  sound: 'Sound for new replies',
  message: 'Message',
  send: 'Send',
  offlineShort: 'away',
  awayShort: 'We’re away right now',
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
  expectedWait: '预计等待约 {n} 分钟',
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
  preChatTitle: '开始前请先留下您的信息',
  name: '姓名',
  email: '邮箱',
  department: '部门',
  optional: '选填',
  startChat: '开始对话',
  awayEmail: '您的邮箱，方便我们回复您',
  offlineSent: '谢谢！我们已收到您的留言，将回复至 {email}。',
  offlineFailed: '留言发送失败，请重试。',
  invalidEmail: '请输入有效的邮箱地址。',
  attach: '添加附件',
  dropHere: '拖放文件即可发送',
  uploading: '上传中…',
  tooLarge: '文件过大（最大 {mb} MB）',
  quota: '已达上传上限',
  fileType: '不支持发送此类文件',
  uploadFailed: '上传失败',
  dismiss: '移除',
  download: '下载 {name}',
  emoji: '表情',
  ratingTitle: '您对本次服务满意吗？',
  ratingStar: '{n} 星（满分 5 星）',
  ratingComment: '还有什么想告诉我们的吗？（选填）',
  ratingSend: '提交评价',
  ratingThanks: '感谢您的评价！',
  newChat: '发起新对话',
  sound: '新回复提示音',
  message: '消息',
  send: '发送',
  offlineShort: '离线',
  awayShort: '我们暂时不在线',
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
    // Agents-only events: a visitor never receives them, and shows nothing if one slips through.
    case 'rated':
    case 'offline_form':
      return '';
  }
}

export function formatTime(locale: Locale, at: number): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(at);
}
