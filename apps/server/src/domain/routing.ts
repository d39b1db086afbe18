import type { FastifyBaseLogger } from 'fastify';
import type { PrismaClient } from '../generated/prisma-sqlite/client.js';
import type { Presence } from '../realtime/presence.js';
import type { ConversationStore, LifecycleResult } from '../store/conversation-store.js';
import { DomainError } from './domain-error.js';
import type { Publisher } from './publisher.js';

/**
 * Routing by each department's mode. MANUAL departments wait for a claim. ROUND_ROBIN gives the
 * oldest waiting chat to the online member with free capacity assigned least recently; LEAST_BUSY to
 * the one holding the fewest chats. Assignment goes through the store's guarded updates, so it can
 * race claims and other processes safely. Also: chats whose agent has been offline longer than the
 * grace period go back to the queue, and (in the periodic pass) chats idle past AUTO_CLOSE_HOURS close.
 *
 * Written here rather than taken from a library: routing is the product's own rule, a few queries.
 */
export class Router {
  private pending: Promise<void> = Promise.resolve();
  private scheduled = false;
  private stopped = false;

  constructor(
    private readonly deps: {
      store: ConversationStore;
      prisma: PrismaClient;
      presence: Presence;
      publisher: Publisher;
      log: FastifyBaseLogger;
      agentGraceMs: number;
      /** Open chats with no message for this long are closed by the periodic pass; 0: never. */
      autoCloseMs: number;
    },
  ) {}

  /** Asks for a routing pass soon (coalesced: many kicks in one turn make one pass). */
  kick(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pending = this.pending
        .then(() => this.pass())
        .catch((err: unknown) => this.deps.log.error({ err }, 'routing pass failed'));
    });
  }

  /** At shutdown: the agents' sockets closing now must not requeue their chats from this process. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.pending;
  }

  /**
   * The periodic pass, run by one process at a time under the 'router' lease: what no event announces
   * (a grace period or an idle time running out), then the same pass as a kick.
   */
  async periodic(): Promise<void> {
    if (this.stopped) return;
    await this.closeIdle();
    await this.pass();
  }

  /** One pass: requeue chats of agents gone too long, then fill free capacity in automatic departments. */
  async pass(): Promise<void> {
    if (this.stopped) return;
    await this.requeueAbandoned();
    const departments = await this.deps.prisma.department.findMany({
      where: { routing: { not: 'MANUAL' } },
      select: { id: true, routing: true },
    });
    for (const d of departments)
      await this.fill(d.id, d.routing === 'LEAST_BUSY' ? 'LEAST_BUSY' : 'ROUND_ROBIN');
  }

  private async fill(departmentId: string, mode: 'ROUND_ROBIN' | 'LEAST_BUSY'): Promise<void> {
    const queued = await this.deps.prisma.conversation.findMany({
      where: { departmentId, status: 'QUEUED' },
      orderBy: { queuedAt: 'asc' },
      select: { id: true },
      take: 100,
    });
    for (const { id } of queued) {
      const candidates = await this.candidates(departmentId, mode);
      if (candidates.length === 0) return;
      for (const agent of candidates) {
        const result = await this.tryAssign(id, agent);
        if (result === 'assigned' || result === 'gone') break;
      }
    }
  }

  private async candidates(departmentId: string, mode: 'ROUND_ROBIN' | 'LEAST_BUSY') {
    const online = new Set(this.deps.presence.onlineAgentIds());
    const members = await this.deps.prisma.agent.findMany({
      where: { active: true, departments: { some: { departmentId } } },
      select: { id: true, name: true, activeChats: true, maxChats: true, lastAssignedAt: true },
    });
    const never = 0;
    return members
      .filter((a) => online.has(a.id) && a.activeChats < a.maxChats)
      .sort((a, b) => {
        const byRecency = (a.lastAssignedAt?.getTime() ?? never) - (b.lastAssignedAt?.getTime() ?? never);
        return mode === 'LEAST_BUSY' ? a.activeChats - b.activeChats || byRecency : byRecency;
      });
  }

  private async tryAssign(
    conversationId: string,
    agent: { id: string; name: string },
  ): Promise<'assigned' | 'gone' | 'full'> {
    try {
      await this.published(await this.deps.store.assign(conversationId, agent));
      return 'assigned';
    } catch (err) {
      if (err instanceof DomainError && err.code === 'capacity_reached') return 'full';
      if (err instanceof DomainError && err.code === 'already_claimed') return 'gone';
      throw err;
    }
  }

  /** Only the agents holding chats are looked at, and only the chats of those gone too long. */
  private async requeueAbandoned(): Promise<void> {
    const holders = await this.deps.prisma.conversation.groupBy({
      by: ['assigneeId'],
      where: { status: 'ACTIVE', assigneeId: { not: null } },
    });
    const now = Date.now();
    for (const { assigneeId } of holders) {
      if (!assigneeId || this.deps.presence.statusOf(assigneeId) !== 'offline') continue;
      if (this.deps.presence.offlineForMs(assigneeId, now) < this.deps.agentGraceMs) continue;
      const chats = await this.deps.prisma.conversation.findMany({
        where: { status: 'ACTIVE', assigneeId },
        select: { id: true, assignee: { select: { id: true, name: true } } },
      });
      for (const c of chats) {
        if (!c.assignee) continue;
        try {
          await this.published(await this.deps.store.requeue(c.id, c.assignee));
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
        }
      }
    }
  }

  /** Closes open chats with no message for autoCloseMs (oldest first, a bounded number per pass). */
  private async closeIdle(): Promise<void> {
    if (this.deps.autoCloseMs <= 0) return;
    const idle = await this.deps.prisma.conversation.findMany({
      where: {
        status: { in: ['QUEUED', 'ACTIVE'] },
        lastMessageAt: { lt: new Date(Date.now() - this.deps.autoCloseMs) },
      },
      orderBy: { lastMessageAt: 'asc' },
      select: { id: true },
      take: 200,
    });
    for (const { id } of idle) {
      try {
        await this.published(await this.deps.store.close(id, { by: 'system' }));
      } catch (err) {
        // Closed meanwhile by someone else: nothing to do.
        if (!(err instanceof DomainError)) throw err;
      }
    }
  }

  private async published(result: LifecycleResult): Promise<void> {
    await this.deps.publisher.committed(result.events, result.conversation.id);
    for (const id of new Set([result.conversation.assigneeId, result.previousAssigneeId])) {
      if (id) await this.deps.presence.announce(id);
    }
  }
}
