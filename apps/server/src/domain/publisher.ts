import type { ConversationSummary, VisitorConversation } from '@livechat/protocol';
import { topics, type Bus } from '../bus/bus.js';
import type { ConversationStore } from '../store/conversation-store.js';
import type { ConversationRow, StoredMessage } from '../store/rows.js';
import { fromSqlTime, fromSqlTimeOrNull } from '../store/sql-time.js';
import { SummaryCache } from './summary-cache.js';

/**
 * Publishes what a committed write changed, always after the commit: each new message to its
 * conversation, the conversation's summary to its department(s), its state to the visitor's tabs.
 */
/** Told of every committed batch once its messages are published (webhooks hear of events this way). */
export type CommitListener = (messages: StoredMessage[], conversationId: string) => void;

export class Publisher {
  private readonly listeners: CommitListener[] = [];
  private readonly movedDepartments = new Set<string>();
  private queueFlushScheduled = false;
  /** Per conversation, the summary publish in flight: the next waits, so lists never go back in time. */
  private readonly changing = new Map<string, Promise<void>>();
  private readonly summaries = new SummaryCache();

  constructor(
    private readonly bus: Bus,
    private readonly store: ConversationStore,
    private readonly onError: (err: unknown) => void,
  ) {}

  /**
   * After a commit: its messages, then the conversation's summary to its department and
   * `alsoDepartmentIds` (the one it left). `row` is the conversation as the write left it: a plain
   * message's summary is then made from it rather than read (summary-cache.ts).
   */
  async committed(
    messages: StoredMessage[],
    conversationId: string,
    opts: { alsoDepartmentIds?: string[]; row?: ConversationRow } = {},
  ): Promise<void> {
    const topic = topics.conversation(conversationId);
    for (const message of messages) await this.bus.publish(topic, { kind: 'message', message });
    for (const listener of this.listeners) listener(messages, conversationId);
    // The visitor's tabs need the conversation's state only when it changed (a new chat, a claim, a
    // close...), not for every message: the messages themselves carry the rest. The departments'
    // summary of a plain message is made from `row` when the names are known (summary-cache.ts), so
    // the hot path then reads no summary at all.
    const lifecycle = messages.some((m) => m.kind === 'EVENT' || m.seq === 1);
    const last = messages.at(-1);
    const known = !lifecycle && opts.row && last ? this.summaries.after(opts.row, last) : null;
    await this.conversationChanged(conversationId, opts.alsoDepartmentIds, { toVisitor: lifecycle, known });
    if (lifecycle) await this.queueMoved(conversationId);
  }

  /** Listeners must not throw and must not block: they run after every commit on the hot path. */
  onCommitted(listener: CommitListener): void {
    this.listeners.push(listener);
  }

  /**
   * Publishes the conversation's current summary to its department(s), and its visitor view to the
   * visitor's tabs. Reads are asynchronous (PostgreSQL), so two changes of one conversation publish
   * one after the other: a summary read earlier is never published after one read later.
   */
  conversationChanged(
    conversationId: string,
    alsoDepartmentIds: string[] = [],
    opts: { toVisitor: boolean; known?: ConversationSummary | null } = { toVisitor: true },
  ): Promise<void> {
    const previous = this.changing.get(conversationId) ?? Promise.resolve();
    const next = previous.then(() => this.publishChange(conversationId, alsoDepartmentIds, opts));
    const settled = next.catch(() => undefined);
    this.changing.set(conversationId, settled);
    void settled.then(() => {
      if (this.changing.get(conversationId) === settled) this.changing.delete(conversationId);
    });
    return next;
  }

  private async publishChange(
    conversationId: string,
    alsoDepartmentIds: string[],
    opts: { toVisitor: boolean; known?: ConversationSummary | null },
  ): Promise<void> {
    let summary = opts.known ?? null;
    if (!summary) {
      summary = await this.store.summary(conversationId);
      if (!summary) return;
      this.summaries.remember(summary);
    }
    const departments = new Set([summary.department.id, ...alsoDepartmentIds]);
    for (const id of departments) {
      await this.bus.publish(topics.department(id), { kind: 'conversation', summary, visitorView: null });
    }
    if (!opts.toVisitor) return;
    // Only the visitor's own tabs need their view (with the queue position: a count query).
    const row = await this.store.get(conversationId);
    if (!row) return;
    await this.bus.publish(topics.visitor(row.visitorId), {
      kind: 'conversation',
      summary,
      visitorView: await this.visitorView(row, summary.assignee),
    });
  }

  private async expectedWait(departmentId: string, position: number): Promise<number | null> {
    const typical = await this.store.typicalWaitMs(departmentId);
    return typical === null ? null : typical * position;
  }

  /**
   * After a chat entered or left its queue, the visitors still waiting in that department see their
   * new place in line. Coalesced per department per event-loop turn: a burst of claims or requeues
   * (an agent leaving with many chats) sends each waiting visitor one update, not one per change.
   * Bounded to the first 100 waiting; their places come from the order, not a count per visitor.
   */
  private async queueMoved(conversationId: string): Promise<void> {
    const row = await this.store.get(conversationId);
    if (!row) return;
    this.movedDepartments.add(row.departmentId);
    if (this.queueFlushScheduled) return;
    this.queueFlushScheduled = true;
    setImmediate(() => {
      this.queueFlushScheduled = false;
      this.flushQueueMoves().catch((err: unknown) => this.onError(err));
    });
  }

  private async flushQueueMoves(): Promise<void> {
    const departments = [...this.movedDepartments];
    this.movedDepartments.clear();
    for (const departmentId of departments) {
      const waiting = await this.store.queued(departmentId, 100);
      for (const [index, row] of waiting.entries()) {
        const summary = await this.store.summary(row.id);
        if (!summary) continue;
        await this.bus.publish(topics.visitor(row.visitorId), {
          kind: 'conversation',
          summary,
          visitorView: await this.visitorView(row, summary.assignee, index + 1),
        });
      }
    }
  }

  /** `knownPosition` saves the count query when the caller walked the queue in order. */
  async visitorView(
    row: ConversationRow,
    agent: VisitorConversation['agent'],
    knownPosition?: number,
  ): Promise<VisitorConversation> {
    const position =
      row.status === 'QUEUED' ? (knownPosition ?? (await this.store.queuePosition(row))) : null;
    return {
      id: row.id,
      status: row.status,
      lastSeq: row.lastVisibleSeq,
      agent: row.status === 'ACTIVE' ? agent : null,
      queuePosition: position,
      expectedWaitMs: position === null ? null : await this.expectedWait(row.departmentId, position),
      agentReadSeq: row.agentReadSeq,
      visitorReadSeq: row.visitorReadSeq,
      rating: row.rating,
      createdAt: fromSqlTime(row.createdAt),
      closedAt: fromSqlTimeOrNull(row.closedAt),
    };
  }
}
