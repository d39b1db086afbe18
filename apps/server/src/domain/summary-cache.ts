import type { ConversationSummary } from '@livechat/protocol';
import { previewOf, type ConversationRow, type StoredMessage } from '../store/rows.js';
import { fromSqlTime, fromSqlTimeOrNull } from '../store/sql-time.js';

/** What a summary shows from tables other than Conversation. */
type Names = Pick<ConversationSummary, 'siteName' | 'department' | 'visitor' | 'assignee'>;

/**
 * The summary a plain message publishes, without reading it back: the conversation's row as the
 * message's job left it, and the names (site, department, visitor, assignee) from the last summary
 * read of that conversation. The summary read was a 5-table join per message, the largest read on
 * the hot path (issue 7, docs/performance.md).
 *
 * The row is fresh (read, locked, in the job), so status, assignee and seqs are exact. The names may
 * lag a rename made on another process by up to `ttlMs`: after that the next message reads the
 * summary again. A row whose department, visitor or assignee is not the one the names were read for
 * is read again at once, and so is every lifecycle change (the publisher reads those).
 */
export class SummaryCache {
  private readonly names = new Map<string, { names: Names; at: number }>();

  constructor(
    private readonly ttlMs = 30_000,
    /** Conversations remembered at most; the least recently read go first. */
    private readonly max = 20_000,
  ) {}

  remember(summary: ConversationSummary, now = Date.now()): void {
    const { siteName, department, visitor, assignee } = summary;
    this.names.delete(summary.id);
    this.names.set(summary.id, { names: { siteName, department, visitor, assignee }, at: now });
    if (this.names.size > this.max) {
      const oldest = this.names.keys().next();
      if (!oldest.done) this.names.delete(oldest.value);
    }
  }

  /** The summary after `last`, or null when the names are unknown, too old, or of other people. */
  after(row: ConversationRow, last: StoredMessage, now = Date.now()): ConversationSummary | null {
    const held = this.names.get(row.id);
    if (!held || now - held.at > this.ttlMs) return null;
    const { names } = held;
    if (
      names.department.id !== row.departmentId ||
      names.visitor.id !== row.visitorId ||
      (names.assignee?.id ?? null) !== row.assigneeId
    ) {
      return null;
    }
    return {
      id: row.id,
      siteId: row.siteId,
      siteName: names.siteName,
      department: names.department,
      status: row.status,
      visitor: names.visitor,
      assignee: names.assignee,
      createdAt: fromSqlTime(row.createdAt),
      queuedAt: fromSqlTime(row.queuedAt),
      claimedAt: fromSqlTimeOrNull(row.claimedAt),
      closedAt: fromSqlTimeOrNull(row.closedAt),
      lastSeq: row.lastSeq,
      lastMessage: {
        text: previewOf(last),
        authorKind: last.authorKind,
        kind: last.kind,
        createdAt: last.createdAt,
      },
      visitorReadSeq: row.visitorReadSeq,
      rating: row.rating,
    };
  }
}
