import type { PresenceStatus } from '@livechat/protocol';
import { topics, type Bus } from '../bus/bus.js';
import type { PrismaClient } from '../generated/prisma-sqlite/client.js';

/**
 * Who is online: an agent is online (or away, by choice or idle) while at least one of their console
 * sockets is open. Kept in this process; ephemeral by design (DESIGN.md semantics 5).
 */
export class Presence {
  private readonly agents = new Map<string, { sockets: number; status: 'online' | 'away' }>();
  /** When each agent's last socket closed; agents never seen by this process count from its start. */
  private readonly offlineSince = new Map<string, number>();
  private readonly startedAt = Date.now();
  private stopped = false;
  /** Called when an agent comes, goes or changes status (routing may have work to do). */
  onChange: (agentId: string) => void = () => undefined;

  constructor(
    private readonly bus: Bus,
    private readonly prisma: PrismaClient,
  ) {}

  statusOf(agentId: string): PresenceStatus {
    return this.agents.get(agentId)?.status ?? 'offline';
  }

  /** Milliseconds since the agent was last connected (0 while connected). */
  offlineForMs(agentId: string, now = Date.now()): number {
    if (this.agents.has(agentId)) return 0;
    return now - (this.offlineSince.get(agentId) ?? this.startedAt);
  }

  onlineAgentIds(): string[] {
    return [...this.agents.entries()].filter(([, a]) => a.status === 'online').map(([id]) => id);
  }

  async connected(agentId: string): Promise<void> {
    const entry = this.agents.get(agentId);
    if (entry) entry.sockets += 1;
    else this.agents.set(agentId, { sockets: 1, status: 'online' });
    this.offlineSince.delete(agentId);
    if (!entry) {
      await this.announce(agentId);
      this.onChange(agentId);
    }
  }

  async disconnected(agentId: string): Promise<void> {
    const entry = this.agents.get(agentId);
    if (!entry) return;
    entry.sockets -= 1;
    if (entry.sockets > 0) return;
    this.agents.delete(agentId);
    this.offlineSince.set(agentId, Date.now());
    await this.announce(agentId);
    this.onChange(agentId);
  }

  async set(agentId: string, status: 'online' | 'away'): Promise<void> {
    const entry = this.agents.get(agentId);
    if (!entry || entry.status === status) return;
    entry.status = status;
    await this.announce(agentId);
    if (status === 'online') this.onChange(agentId);
  }

  /** At shutdown: sockets closing now must not touch the closing database. */
  stop(): void {
    this.stopped = true;
  }

  /** Tells every console; also used when an agent's load changes (claim, close). */
  async announce(agentId: string): Promise<void> {
    if (this.stopped) return;
    const agent = await this.prisma.agent.findUnique({
      where: { id: agentId },
      select: { activeChats: true },
    });
    if (!agent) return;
    await this.bus.publish(topics.agents, {
      kind: 'presence',
      agentId,
      status: this.statusOf(agentId),
      activeChats: agent.activeChats,
    });
  }
}
