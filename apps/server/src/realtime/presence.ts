import type { PresenceStatus } from '@livechat/protocol';
import { topics, type Bus } from '../bus/bus.js';
import type { PrismaClient } from '../generated/prisma-sqlite/client.js';

/** An agent's status on one process, and when it was set there (connect or `presence.set`). */
export type LocalPresence = { status: 'online' | 'away'; at: number };

/**
 * The agents connected to the other processes (redis-presence.ts), kept in memory so that every read
 * stays synchronous; null when this process is alone.
 */
export interface OtherProcesses {
  /** The agent's most recently set status among the other processes, if connected to any. */
  presenceOf(agentId: string): LocalPresence | undefined;
  agentIds(): Iterable<string>;
  /**
   * Starts sharing this process's agents (`local` is read whenever they are needed) and reporting the
   * agents whose presence changed elsewhere; `gone` when the process that had them is gone and cannot
   * announce it itself.
   */
  join(
    local: () => ReadonlyMap<string, LocalPresence>,
    changed: (agentIds: string[], gone: boolean) => Promise<void>,
  ): void;
  /** This process's entry for the agent changed: share it. */
  localChanged(agentId: string): void;
  /** At shutdown: this process's agents leave the shared view at once. */
  leave(): Promise<void>;
}

/**
 * Who is online: an agent is online (or away, by choice or idle) while at least one of their console
 * sockets is open, on this process or (with `others`) on any process. Their status is the one set
 * last, wherever: as within one process, a `presence.set` from any tab sets the agent's status.
 * Ephemeral by design (DESIGN.md semantics 5).
 */
export class Presence {
  private readonly agents = new Map<string, LocalPresence & { sockets: number }>();
  /** Each agent's status across all processes as of the last change handled, to see transitions. */
  private readonly known = new Map<string, 'online' | 'away'>();
  /** When each agent went offline everywhere; agents never seen by this process count from its start. */
  private readonly offlineSince = new Map<string, number>();
  private readonly startedAt = Date.now();
  private stopped = false;
  /** Called when an agent comes, goes or changes status (routing may have work to do). */
  onChange: (agentId: string) => void = () => undefined;

  constructor(
    private readonly bus: Bus,
    private readonly prisma: PrismaClient,
    private readonly others: OtherProcesses | null = null,
  ) {
    others?.join(
      () => this.agents,
      (agentIds, gone) => this.othersChanged(agentIds, gone),
    );
  }

  statusOf(agentId: string): PresenceStatus {
    const here = this.agents.get(agentId);
    const there = this.others?.presenceOf(agentId);
    const latest = here && there ? (there.at > here.at ? there : here) : (here ?? there);
    return latest?.status ?? 'offline';
  }

  /** Milliseconds since the agent was last connected anywhere (0 while connected). */
  offlineForMs(agentId: string, now = Date.now()): number {
    if (this.statusOf(agentId) !== 'offline') return 0;
    return now - (this.offlineSince.get(agentId) ?? this.startedAt);
  }

  onlineAgentIds(): string[] {
    const ids = new Set([...this.agents.keys(), ...(this.others?.agentIds() ?? [])]);
    return [...ids].filter((id) => this.statusOf(id) === 'online');
  }

  async connected(agentId: string): Promise<void> {
    const entry = this.agents.get(agentId);
    if (entry) {
      entry.sockets += 1;
      return;
    }
    this.agents.set(agentId, { sockets: 1, status: 'online', at: Date.now() });
    this.changedHere(agentId);
    await this.announce(agentId);
    this.onChange(agentId);
  }

  async disconnected(agentId: string): Promise<void> {
    const entry = this.agents.get(agentId);
    if (!entry) return;
    entry.sockets -= 1;
    if (entry.sockets > 0) return;
    this.agents.delete(agentId);
    this.changedHere(agentId);
    await this.announce(agentId);
    this.onChange(agentId);
  }

  async set(agentId: string, status: 'online' | 'away'): Promise<void> {
    const entry = this.agents.get(agentId);
    if (!entry) return;
    const before = this.statusOf(agentId);
    if (entry.status === status && before === status) return;
    // Also when only this process's entry is behind (another process set it since): it is the latest now.
    entry.status = status;
    entry.at = Date.now();
    this.changedHere(agentId);
    if (before === status) return;
    await this.announce(agentId);
    if (status === 'online') this.onChange(agentId);
  }

  /** At shutdown: sockets closing now must not touch the closing database. */
  stop(): void {
    this.stopped = true;
  }

  /** At shutdown, after the sockets were told to go: this process's agents leave the shared view. */
  async close(): Promise<void> {
    this.stop();
    await this.others?.leave();
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

  private changedHere(agentId: string): void {
    this.settle(agentId);
    this.others?.localChanged(agentId);
  }

  private async othersChanged(agentIds: string[], gone: boolean): Promise<void> {
    for (const id of agentIds) {
      if (!this.settle(id)) continue;
      this.onChange(id);
      // Otherwise the process where it changed has announced it to every console already.
      if (gone) await this.announce(id);
    }
  }

  /** Notes the agent's status across all processes; true if it changed since the last note. */
  private settle(agentId: string): boolean {
    const status = this.statusOf(agentId);
    if (status === (this.known.get(agentId) ?? 'offline')) return false;
    if (status === 'offline') {
      this.known.delete(agentId);
      this.offlineSince.set(agentId, Date.now());
    } else {
      this.known.set(agentId, status);
      this.offlineSince.delete(agentId);
    }
    return true;
  }
}
