import type { PresenceStatus } from '@livechat/protocol';
import { topics, type Bus } from '../bus/bus.js';
import type { PrismaClient } from '../generated/prisma-sqlite/client.js';

/**
 * Who is online: an agent is online (or away, by choice or idle) while at least one of their console
 * sockets is open. Kept in this process; ephemeral by design (DESIGN.md semantics 5).
 */
export class Presence {
  private readonly agents = new Map<string, { sockets: number; status: 'online' | 'away' }>();
  private stopped = false;

  constructor(
    private readonly bus: Bus,
    private readonly prisma: PrismaClient,
  ) {}

  statusOf(agentId: string): PresenceStatus {
    return this.agents.get(agentId)?.status ?? 'offline';
  }

  onlineAgentIds(): string[] {
    return [...this.agents.entries()].filter(([, a]) => a.status === 'online').map(([id]) => id);
  }

  async connected(agentId: string): Promise<void> {
    const entry = this.agents.get(agentId);
    if (entry) entry.sockets += 1;
    else this.agents.set(agentId, { sockets: 1, status: 'online' });
    if (!entry) await this.announce(agentId);
  }

  async disconnected(agentId: string): Promise<void> {
    const entry = this.agents.get(agentId);
    if (!entry) return;
    entry.sockets -= 1;
    if (entry.sockets > 0) return;
    this.agents.delete(agentId);
    await this.announce(agentId);
  }

  async set(agentId: string, status: 'online' | 'away'): Promise<void> {
    const entry = this.agents.get(agentId);
    if (!entry || entry.status === status) return;
    entry.status = status;
    await this.announce(agentId);
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
