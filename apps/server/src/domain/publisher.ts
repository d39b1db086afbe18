import type { VisitorConversation } from '@livechat/protocol';
import { topics, type Bus } from '../bus/bus.js';
import type { ConversationStore } from '../store/conversation-store.js';
import type { ConversationRow, StoredMessage } from '../store/rows.js';
import { fromSqlTime, fromSqlTimeOrNull } from '../store/sql-time.js';

/**
 * Publishes what a committed write changed, always after the commit: each new message to its
 * conversation, the conversation's summary to its department(s), its state to the visitor's tabs.
 */
export class Publisher {
  constructor(
    private readonly bus: Bus,
    private readonly store: ConversationStore,
  ) {}

  async committed(
    messages: StoredMessage[],
    conversationId: string,
    alsoDepartmentIds: string[] = [],
  ): Promise<void> {
    const topic = topics.conversation(conversationId);
    for (const message of messages) await this.bus.publish(topic, { kind: 'message', message });
    await this.conversationChanged(conversationId, alsoDepartmentIds);
  }

  async conversationChanged(conversationId: string, alsoDepartmentIds: string[] = []): Promise<void> {
    const summary = this.store.summary(conversationId);
    const row = this.store.get(conversationId);
    if (!summary || !row) return;
    const event = {
      kind: 'conversation' as const,
      summary,
      visitorView: this.visitorView(row, summary.assignee),
    };
    const departments = new Set([row.departmentId, ...alsoDepartmentIds]);
    for (const id of departments) await this.bus.publish(topics.department(id), event);
    await this.bus.publish(topics.visitor(row.visitorId), event);
  }

  visitorView(row: ConversationRow, agent: VisitorConversation['agent']): VisitorConversation {
    return {
      id: row.id,
      status: row.status,
      lastSeq: row.lastVisibleSeq,
      agent: row.status === 'ACTIVE' ? agent : null,
      queuePosition: this.store.queuePosition(row),
      agentReadSeq: row.agentReadSeq,
      visitorReadSeq: row.visitorReadSeq,
      rating: row.rating,
      createdAt: fromSqlTime(row.createdAt),
      closedAt: fromSqlTimeOrNull(row.closedAt),
    };
  }
}
