import type { WebhookEventName } from '@livechat/protocol';
import type { StoredMessage } from '../../store/rows.js';

export type WebhookEvent = { event: WebhookEventName; message: StoredMessage | null };

/**
 * The webhook events a committed batch of messages means. Lifecycle changes are messages too
 * (DESIGN.md), so the batch is the whole truth: seq 1 starts a conversation; claimed/assigned events
 * claim it; transferred and closed events say so; visitor and agent texts and files are messages.
 * Notes and other internal events are never sent out.
 */
export function webhookEventsOf(messages: StoredMessage[]): WebhookEvent[] {
  const out: WebhookEvent[] = [];
  for (const m of messages) {
    if (m.seq === 1) out.push({ event: 'conversation.created', message: null });
    if (m.kind === 'EVENT') {
      switch (m.event?.code) {
        case 'claimed':
        case 'assigned':
          out.push({ event: 'conversation.claimed', message: null });
          break;
        case 'transferred':
          out.push({ event: 'conversation.transferred', message: null });
          break;
        case 'closed':
          out.push({ event: 'conversation.closed', message: null });
          break;
        default:
          break;
      }
    } else if (m.audience === 'ALL' && (m.kind === 'TEXT' || m.kind === 'FILE')) {
      out.push({ event: 'message.created', message: m });
    }
  }
  return out;
}
