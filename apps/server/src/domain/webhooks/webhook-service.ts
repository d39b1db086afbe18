import { WebhookEventName, type WebhookPayload } from '@livechat/protocol';
import type { FastifyBaseLogger } from 'fastify';
import * as z from 'zod/mini';
import type { PrismaClient } from '../../generated/prisma-sqlite/client.js';
import type { ConversationStore } from '../../store/conversation-store.js';
import { takeLease } from '../../store/leases.js';
import { messageFor, type StoredMessage } from '../../store/rows.js';
import { newId } from '../../store/ids.js';
import type { SqlTransaction } from '../../store/sql.js';
import { toSqlTime } from '../../store/sql-time.js';
import { signatureOf } from './signature.js';
import { webhookEventsOf } from './webhook-events.js';

export const WEBHOOK_LEASE = 'webhooks';
const EventList = z.array(WebhookEventName);

export type WebhookServiceOptions = {
  holder: string;
  /** How often due deliveries are looked for (besides right after an event). */
  intervalMs?: number;
  /** Delay before the 2nd attempt; each later one doubles it (60 s: about 2 hours over 8 attempts). */
  baseDelayMs?: number;
  maxAttempts?: number;
  timeoutMs?: number;
};

type ActiveHook = { id: string; url: string; secret: string; events: WebhookEventName[] };

export function eventsOfHook(hook: { events: string }): WebhookEventName[] {
  const parsed = EventList.safeParse(JSON.parse(hook.events));
  return parsed.success ? parsed.data : [];
}

/** The delay before attempt `attempts + 1`, after `attempts` failed ones: base, 2 base, 4 base... */
export function backoffMs(attempts: number, baseDelayMs: number): number {
  return baseDelayMs * 2 ** Math.max(0, attempts - 1);
}

/**
 * Outgoing webhooks. One WebhookDelivery row per event per matching active webhook, written in the
 * same transaction as the messages that mean the event (`beforeCommit`, the store's hook): an event
 * is stored exactly when its message is, whatever crashes when. A worker, run by one process at a
 * time under the `webhooks` lease, POSTs due deliveries, signed, and retries failures with
 * exponential backoff until maxAttempts, then marks them FAILED: at least once per event.
 * The active webhooks are kept in memory (read at start, every interval and after an admin change),
 * because the hook runs inside the store's transaction, where Prisma must not be called.
 */
export class WebhookService {
  private hooks: ActiveHook[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  readonly baseDelayMs: number;
  readonly maxAttempts: number;
  private readonly intervalMs: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly store: ConversationStore,
    private readonly log: FastifyBaseLogger,
    private readonly opts: WebhookServiceOptions,
  ) {
    this.intervalMs = opts.intervalMs ?? 5_000;
    this.baseDelayMs = opts.baseDelayMs ?? 60_000;
    this.maxAttempts = opts.maxAttempts ?? 8;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  /** Reads the active webhooks again: after an admin change here (others within `intervalMs`). */
  async refresh(): Promise<void> {
    const rows = await this.prisma.webhook.findMany({ where: { active: true } });
    this.hooks = rows.map((w) => ({ id: w.id, url: w.url, secret: w.secret, events: eventsOfHook(w) }));
  }

  /**
   * The store's beforeCommit hook: the deliveries of what a write job wrote, in its transaction.
   * Raw SQL on the job's transaction, in the store's dialect (store/sql.ts).
   */
  readonly beforeCommit = async (tx: SqlTransaction, messages: StoredMessage[]): Promise<void> => {
    if (this.hooks.length === 0) return;
    for (const conversationId of new Set(messages.map((m) => m.conversationId))) {
      const batch = messages.filter((m) => m.conversationId === conversationId);
      const events = webhookEventsOf(batch);
      const wanted = events.flatMap((e) =>
        this.hooks.filter((h) => h.events.includes(e.event)).map((hook) => ({ e, hook })),
      );
      if (wanted.length === 0) continue;
      const conversation = await this.store.summaryIn(tx, conversationId);
      const now = toSqlTime(Date.now());
      for (const { e, hook } of wanted) {
        const id = newId();
        const payload: WebhookPayload = {
          id,
          event: e.event,
          createdAt: Date.now(),
          conversation,
          message: e.message ? messageFor(e.message, 'agent') : null,
        };
        await tx.run(
          `INSERT INTO "WebhookDelivery" (id, webhookId, event, payload, status, attempts, nextAttemptAt, createdAt)
           VALUES (?, ?, ?, ?, 'PENDING', 0, ?, ?)`,
          [id, hook.id, e.event, JSON.stringify(payload), now, now],
        );
      }
    }
  };

  /** Publisher listener, after the commit: the worker runs soon if the batch meant any event. */
  readonly onCommitted = (messages: StoredMessage[]): void => {
    if (this.hooks.length > 0 && webhookEventsOf(messages).length > 0) this.kick();
  };

  /** A `webhook.test` delivery for one webhook, due now. */
  async enqueueTest(webhookId: string): Promise<string> {
    const id = newId();
    const payload: WebhookPayload = {
      id,
      event: 'webhook.test',
      createdAt: Date.now(),
      conversation: null,
      message: null,
    };
    await this.prisma.webhookDelivery.create({
      data: { id, webhookId, event: 'webhook.test', payload: JSON.stringify(payload) },
    });
    this.kick();
    return id;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.refresh();
    this.timer = setInterval(() => {
      this.refresh()
        .catch((err: unknown) => this.log.warn({ err }, 'webhook list refresh failed'))
        .finally(() => this.kick());
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Runs the worker soon (coalesced: one run at a time, one more if kicked meanwhile). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.runDue()
      .catch((err: unknown) => this.log.error({ err }, 'webhook worker failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Waits until no delivery run is in flight (tests). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  /** One pass: takes the lease, sends every due delivery (in parallel, bounded), records the outcomes. */
  async runDue(): Promise<void> {
    // Held long enough for a batch whose requests all time out.
    if (!(await takeLease(this.store, WEBHOOK_LEASE, this.opts.holder, this.timeoutMs * 3))) return;
    for (let round = 0; round < 10; round += 1) {
      const due = await this.prisma.webhookDelivery.findMany({
        where: { status: 'PENDING', nextAttemptAt: { lte: new Date() } },
        include: { webhook: true },
        orderBy: { nextAttemptAt: 'asc' },
        take: 20,
      });
      if (due.length === 0) return;
      await Promise.all(due.map((d) => this.attempt(d)));
      if (this.stopped) return;
    }
  }

  private async attempt(d: {
    id: string;
    event: string;
    payload: string;
    attempts: number;
    webhook: { url: string; secret: string; active: boolean };
  }): Promise<void> {
    let statusCode: number | null = null;
    let error: string | null = null;
    if (!d.webhook.active) {
      await this.prisma.webhookDelivery.update({
        where: { id: d.id },
        data: { status: 'FAILED', lastError: 'The webhook is disabled' },
      });
      return;
    }
    try {
      const res = await fetch(d.webhook.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'livechat-webhooks/1',
          'x-event': d.event,
          'x-delivery': d.id,
          'x-signature': signatureOf(d.payload, d.webhook.secret),
        },
        body: d.payload,
      });
      statusCode = res.status;
      await res.body?.cancel();
      if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
    } catch (err) {
      error = err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 500) : 'request failed';
    }
    const attempts = d.attempts + 1;
    if (error === null) {
      await this.prisma.webhookDelivery.update({
        where: { id: d.id },
        data: {
          status: 'DELIVERED',
          attempts,
          lastStatusCode: statusCode,
          lastError: null,
          deliveredAt: new Date(),
        },
      });
      return;
    }
    const failed = attempts >= this.maxAttempts;
    await this.prisma.webhookDelivery.update({
      where: { id: d.id },
      data: {
        status: failed ? 'FAILED' : 'PENDING',
        attempts,
        lastStatusCode: statusCode,
        lastError: error,
        ...(failed ? {} : { nextAttemptAt: new Date(Date.now() + backoffMs(attempts, this.baseDelayMs)) }),
      },
    });
  }
}
