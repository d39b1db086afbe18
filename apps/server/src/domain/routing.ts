import type { FastifyBaseLogger } from 'fastify';
import type { PrismaClient } from '../generated/prisma-sqlite/client.js';
import type { Presence } from '../realtime/presence.js';
import type { ConversationStore, LifecycleResult } from '../store/conversation-store.js';
import { DomainError } from './domain-error.js';
import { nextTurn } from './next-turn.js';
import type { Publisher } from './publisher.js';

type RoutingMode = 'ROUND_ROBIN' | 'LEAST_BUSY';
/** Chats of a timed-out agent requeued at once. */
const REQUEUE_CHUNK = 50;
type Candidate = {
  id: string;
  name: string;
  activeChats: number;
  maxChats: number;
  lastAssignedAt: Date | null;
};

/**
 * Drops the full, then orders: ROUND_ROBIN by least recently assigned, LEAST_BUSY by fewest chats
 * (then least recently assigned). In place: `fill` updates the winner and ranks again.
 */
function rank(candidates: Candidate[], mode: RoutingMode): void {
  for (let i = candidates.length - 1; i >= 0; i--) {
    const a = candidates[i];
    if (a && a.activeChats >= a.maxChats) candidates.splice(i, 1);
  }
  const never = 0;
  candidates.sort((a, b) => {
    const byRecency = (a.lastAssignedAt?.getTime() ?? never) - (b.lastAssignedAt?.getTime() ?? never);
    return mode === 'LEAST_BUSY' ? a.activeChats - b.activeChats || byRecency : byRecency;
  });
}

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
      // Logged by `serial`.
      this.pass().catch(() => undefined);
    });
  }

  /**
   * Runs `work` after the pass under way in this process, if any: a pass ranks its candidates as it
   * hands chats out (`fill`), so two at once in one process would each hand out from a stale view.
   * (Across processes passes may overlap; the store's guarded updates keep capacities.)
   */
  private serial(work: () => Promise<void>): Promise<void> {
    const run = this.pending.then(work);
    this.pending = run.catch((err: unknown) => this.deps.log.error({ err }, 'routing pass failed'));
    return run;
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
  periodic(): Promise<void> {
    return this.serial(async () => {
      if (this.stopped) return;
      await this.closeIdle();
      await this.runPass();
    });
  }

  /** One pass, after any under way: requeue chats of agents gone too long, then fill free capacity. */
  pass(): Promise<void> {
    return this.serial(() => this.runPass());
  }

  private async runPass(): Promise<void> {
    if (this.stopped) return;
    await this.requeueAbandoned();
    const departments = await this.deps.prisma.department.findMany({
      where: { routing: { not: 'MANUAL' } },
      select: { id: true, routing: true },
    });
    for (const d of departments)
      await this.fill(d.id, d.routing === 'LEAST_BUSY' ? 'LEAST_BUSY' : 'ROUND_ROBIN');
  }

  /**
   * Hands the department's oldest waiting chats to its agents. The candidates are read once per pass
   * and kept in order as chats are handed out; the store's guarded update has the last word, so an
   * agent found full (a claim meanwhile, another process) is dropped from this pass, and so is one
   * who went offline meanwhile (presence is in memory).
   */
  private async fill(departmentId: string, mode: RoutingMode): Promise<void> {
    const queued = await this.deps.prisma.conversation.findMany({
      where: { departmentId, status: 'QUEUED' },
      orderBy: { queuedAt: 'asc' },
      select: { id: true },
      take: 100,
    });
    if (queued.length === 0) return;
    const candidates = await this.candidates(departmentId);
    // Strictly increasing times for this pass's assignments, so that two in one millisecond still
    // send the next chat to the next agent in round robin.
    let assignedAt = Date.now();
    for (const { id } of queued) {
      rank(candidates, mode);
      if (candidates.length === 0) return;
      await nextTurn();
      for (const agent of [...candidates]) {
        const gone = this.deps.presence.statusOf(agent.id) !== 'online';
        const result = gone ? 'full' : await this.tryAssign(id, agent);
        if (result === 'full') {
          candidates.splice(candidates.indexOf(agent), 1);
          continue;
        }
        if (result === 'assigned') {
          agent.activeChats += 1;
          agent.lastAssignedAt = new Date((assignedAt = Math.max(assignedAt + 1, Date.now())));
        }
        break;
      }
    }
  }

  /** Online members with free capacity (unordered; `rank` orders them). */
  private async candidates(departmentId: string): Promise<Candidate[]> {
    const online = new Set(this.deps.presence.onlineAgentIds());
    const members = await this.deps.prisma.agent.findMany({
      where: { active: true, departments: { some: { departmentId } } },
      select: { id: true, name: true, activeChats: true, maxChats: true, lastAssignedAt: true },
    });
    return members.filter((a) => online.has(a.id));
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
        // One order for every process: two requeuing the same agent lock rows in the same order.
        orderBy: { id: 'asc' },
        select: { id: true, assignee: { select: { id: true, name: true } } },
      });
      // A chunk at a time: its requeues land in one store batch (unless the batch is full) and one
      // queue-places update, and sockets get their turn between chunks (an agent may hold hundreds).
      for (let i = 0; i < chats.length; i += REQUEUE_CHUNK) {
        await nextTurn();
        await Promise.all(
          chats.slice(i, i + REQUEUE_CHUNK).map(async (c) => {
            if (!c.assignee) return;
            try {
              await this.published(await this.deps.store.requeue(c.id, c.assignee));
            } catch (err) {
              if (!(err instanceof DomainError)) throw err;
            }
          }),
        );
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
