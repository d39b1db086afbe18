import { sendFrame } from '../realtime/outbound';

/** The protocol asks for at most one typing frame every 2 s while typing, and one `false` at the end. */
const TYPING_INTERVAL_MS = 2000;
let lastSent: { conversationId: string; at: number } | null = null;

export function reportTyping(conversationId: string, hasText: boolean, now = Date.now()): void {
  if (!hasText) {
    stopTyping(conversationId);
    return;
  }
  if (lastSent?.conversationId === conversationId && now - lastSent.at < TYPING_INTERVAL_MS) return;
  if (sendFrame({ type: 'typing', conversationId, isTyping: true })) lastSent = { conversationId, at: now };
}

export function stopTyping(conversationId: string): void {
  if (lastSent?.conversationId !== conversationId) return;
  lastSent = null;
  sendFrame({ type: 'typing', conversationId, isTyping: false });
}
