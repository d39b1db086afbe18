import * as z from 'zod/mini';
import {
  ChatMessage,
  ConversationSummary,
  Id,
  PresenceStatus,
  Seq,
  VisitorConversation,
} from '@livechat/protocol';
import type { BusEvent } from './bus.js';

/**
 * A Bus event as it crosses processes (Redis): parsed like any input from outside this process.
 */
const StoredMessageSchema = z.object({
  ...z.omit(ChatMessage, { prevSeq: true }).shape,
  prevVisibleSeq: Seq,
});

export const BusEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('message'), message: StoredMessageSchema }),
  z.object({
    kind: z.literal('conversation'),
    summary: ConversationSummary,
    visitorView: z.nullable(VisitorConversation),
  }),
  z.object({
    kind: z.literal('typing'),
    conversationId: Id,
    from: z.enum(['visitor', 'agent']),
    agentId: z.nullable(Id),
    name: z.string(),
    isTyping: z.boolean(),
    preview: z.optional(z.string()),
  }),
  z.object({
    kind: z.literal('read'),
    conversationId: Id,
    reader: z.enum(['visitor', 'agent']),
    agentId: z.nullable(Id),
    seq: Seq,
  }),
  z.object({ kind: z.literal('presence'), agentId: Id, status: PresenceStatus, activeChats: z.number() }),
  z.object({
    kind: z.literal('agent.revoked'),
    agentId: Id,
    sessionId: z.optional(z.string()),
    reason: z.string(),
  }),
  z.object({ kind: z.literal('agent.changed'), agentId: Id }),
  z.object({ kind: z.literal('visitor.revoked'), visitorId: Id, reason: z.string() }),
]);

/**
 * An event as the Redis Bus carries it: the event's own fields plus `at`, when it was published (ms
 * since the epoch, for the Bus lag metric). Unknown fields are dropped by the schema.
 */
export function parseBusEnvelope(payload: string): { event: BusEvent; at: number | null } | null {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return null;
  }
  const parsed = BusEventSchema.safeParse(json);
  if (!parsed.success) return null;
  const at: unknown = typeof json === 'object' && json !== null ? Reflect.get(json, 'at') : undefined;
  return { event: parsed.data, at: typeof at === 'number' ? at : null };
}

/** `event` as JSON with its publication time `at` (see parseBusEnvelope). */
export function busEnvelope(event: BusEvent, at: number): string {
  // Appended to the object's JSON rather than spread into a copy: this runs for every publish.
  const json = JSON.stringify(event);
  return `${json.slice(0, -1)},"at":${at}}`;
}
