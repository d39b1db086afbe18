import {
  HEARTBEAT_MS,
  parseFrame,
  PROTOCOL_VERSION,
  LIMITS,
  VisitorClientFrame,
  type RatingSubmit,
  type VisitorHello,
  type VisitorMessageSend,
  type VisitorProfileUpdate,
} from '@livechat/protocol';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { hashToken } from '../auth/tokens.js';
import { topics, type BusEvent } from '../bus/bus.js';
import { DomainError } from '../domain/domain-error.js';
import { rateConversation } from '../store/ratings.js';
import { messageFor } from '../store/rows.js';
import { SocketSession } from './socket-session.js';
import { recheckVisitorSession, type VisitorSessionHolder } from './visitor-session-checks.js';

type VisitorIdentity = {
  id: string;
  /** The VisitorSession of its hello, re-checked on the heartbeat. */
  sessionId: string;
  siteId: string;
  name: string | null;
  defaultDepartmentId: string;
  departmentIds: ReadonlySet<string>;
};

/** A visitor must say hello within this time, or the socket is closed. */
const HELLO_TIMEOUT_MS = 10_000;

/** One visitor's panel (an iframe on the host page). Knows only that visitor's conversations. */
export class VisitorSocket extends SocketSession implements VisitorSessionHolder {
  private visitor: VisitorIdentity | null = null;
  private conversationId: string | null = null;
  /** Cleared and dropped at hello: an idle visitor keeps no timer. */
  private helloTimer: NodeJS.Timeout | null;

  constructor(
    socket: WebSocket,
    app: FastifyInstance,
    private readonly userAgent: string | null,
  ) {
    super(socket, app, 'visitor');
    this.helloTimer = setTimeout(() => {
      if (!this.visitor) this.close(4401, 'no hello');
    }, HELLO_TIMEOUT_MS);
  }

  protected async handleText(text: string): Promise<void> {
    const parsed = parseFrame(VisitorClientFrame, text);
    // Thrown, so that the error frame names the clientMsgId of a message that did not parse.
    if (!parsed.ok) throw new DomainError(parsed.code, parsed.message);
    const frame = parsed.frame;
    if (frame.type === 'hello') return this.hello(frame);
    const visitor = this.visitor;
    if (!visitor) return this.sendError('unauthorized', 'Send hello first');
    switch (frame.type) {
      case 'message.send':
        return this.sendMessage(visitor, frame);
      case 'replay':
        await this.ownConversation(visitor, frame.conversationId);
        await this.sendReplay(frame.conversationId, frame.afterSeq, false);
        return;
      case 'history':
        await this.ownConversation(visitor, frame.conversationId);
        return this.sendHistory(frame.conversationId, frame.beforeSeq);
      case 'typing':
        if (!this.conversationId) return;
        return this.app.bus.publish(topics.conversation(this.conversationId), {
          kind: 'typing',
          conversationId: this.conversationId,
          from: 'visitor',
          agentId: null,
          name: visitor.name ?? '',
          isTyping: frame.isTyping,
          ...(frame.preview === undefined ? {} : { preview: frame.preview }),
        });
      case 'read': {
        await this.ownConversation(visitor, frame.conversationId);
        const seq = await this.app.store.markRead(frame.conversationId, { visitor: true }, frame.seq);
        if (seq === null) return;
        return this.app.bus.publish(topics.conversation(frame.conversationId), {
          kind: 'read',
          conversationId: frame.conversationId,
          reader: 'visitor',
          agentId: null,
          seq,
        });
      }
      case 'ping':
        return this.send({ type: 'pong', serverTime: Date.now() });
      case 'profile.update':
        return this.updateProfile(visitor, frame);
      case 'rating.submit':
        return this.rate(visitor, frame);
    }
  }

  private async hello(frame: VisitorHello): Promise<void> {
    if (this.visitor) return this.sendError('bad_request', 'hello was sent already');
    if (frame.protocolVersion !== PROTOCOL_VERSION) {
      this.send({ type: 'reload', protocolVersion: PROTOCOL_VERSION });
      return this.close(4000, 'protocol version');
    }
    const session = await this.app.db.prisma.visitorSession.findUnique({
      where: { tokenHash: hashToken(frame.token) },
      include: { visitor: true },
    });
    if (!session || session.expiresAt.getTime() <= Date.now()) {
      this.sendError('unauthorized', 'Unknown or expired visitor session');
      return this.close(4401, 'unauthorized');
    }
    const v = session.visitor;
    if (v.blocked) {
      this.sendError('forbidden', 'This visitor is blocked');
      return this.close(4403, 'blocked');
    }
    const { ids: departmentIds, defaultDepartmentId } = await this.app.siteDepartments.of(v.siteId);
    if (!defaultDepartmentId)
      throw new DomainError('unavailable', 'This site has no department to route to', true);
    this.clearHelloTimer();
    this.visitor = {
      id: v.id,
      sessionId: session.id,
      siteId: v.siteId,
      name: v.name,
      defaultDepartmentId,
      departmentIds,
    };
    const ctx = frame.context;
    await this.app.db.prisma.visitor.update({
      where: { id: v.id },
      data: {
        lastSeenAt: new Date(),
        ...(this.userAgent ? { userAgent: this.userAgent.slice(0, 500) } : {}),
        ...(ctx?.url === undefined ? {} : { url: ctx.url }),
        ...(ctx?.title === undefined ? {} : { title: ctx.title }),
        ...(ctx?.referrer === undefined ? {} : { referrer: ctx.referrer }),
        ...(ctx?.locale === undefined ? {} : { locale: ctx.locale }),
        ...(ctx?.timezone === undefined ? {} : { timezone: ctx.timezone }),
      },
    });
    await this.subscribe(topics.visitor(v.id));
    const current = await this.app.store.latestOf(v.siteId, v.id);
    const summary = current ? await this.app.store.summary(current.id) : null;
    this.send({
      type: 'welcome',
      protocolVersion: PROTOCOL_VERSION,
      serverTime: Date.now(),
      heartbeatMs: HEARTBEAT_MS,
      visitorId: v.id,
      conversation:
        current && summary ? await this.app.publisher.visitorView(current, summary.assignee) : null,
    });
    if (current) {
      this.conversationId = current.id;
      await this.watch(current.id, frame.conversationId === current.id ? (frame.afterSeq ?? 0) : 0);
    }
  }

  private async sendMessage(visitor: VisitorIdentity, frame: VisitorMessageSend): Promise<void> {
    const departmentId =
      frame.departmentId && visitor.departmentIds.has(frame.departmentId)
        ? frame.departmentId
        : visitor.defaultDepartmentId;
    const result = await this.app.store.sendVisitorMessage({
      siteId: visitor.siteId,
      visitorId: visitor.id,
      visitorName: visitor.name,
      clientMsgId: frame.clientMsgId,
      text: frame.text,
      departmentId,
    });
    const conversationId = result.conversation.id;
    if (conversationId !== this.conversationId) {
      this.switchConversation(conversationId);
      await this.watch(conversationId, 0);
    }
    const { message } = result;
    this.send({
      type: 'ack',
      clientMsgId: frame.clientMsgId,
      conversationId,
      messageId: message.id,
      seq: message.seq,
      createdAt: message.createdAt,
    });
    if (!result.duplicate) {
      await this.app.publisher.committed([...result.events, message], conversationId, {
        row: result.conversation,
      });
    }
  }

  private async updateProfile(visitor: VisitorIdentity, frame: VisitorProfileUpdate): Promise<void> {
    const name = frame.name === undefined ? undefined : frame.name || null;
    const email = frame.email === undefined ? undefined : frame.email || null;
    const current = await this.app.db.prisma.visitor.findUniqueOrThrow({ where: { id: visitor.id } });
    const nextName = name === undefined ? current.name : name;
    const nextEmail = email === undefined ? current.email : email;
    const attributes = frame.attributes ? mergedAttributes(current.attributes, frame.attributes) : undefined;
    await this.app.db.prisma.visitor.update({
      where: { id: visitor.id },
      data: {
        name: nextName,
        email: nextEmail,
        searchText: `${nextName ?? ''} ${nextEmail ?? ''}`.toLowerCase(),
        ...(attributes === undefined ? {} : { attributes: JSON.stringify(attributes) }),
      },
    });
    visitor.name = nextName;
    if (this.conversationId) await this.app.publisher.conversationChanged(this.conversationId);
  }

  /** CSAT on the visitor's own closed conversation; every tab gets the state with the rating. */
  private async rate(visitor: VisitorIdentity, frame: RatingSubmit): Promise<void> {
    const event = await rateConversation(this.app.store, {
      visitorId: visitor.id,
      conversationId: frame.conversationId,
      rating: frame.rating,
      ...(frame.comment === undefined ? {} : { comment: frame.comment }),
    });
    await this.app.publisher.committed([event], frame.conversationId);
  }

  /** A visitor may only touch their own conversations. */
  private async ownConversation(visitor: VisitorIdentity, conversationId: string): Promise<void> {
    const c = await this.app.store.get(conversationId);
    if (!c || c.visitorId !== visitor.id) throw new DomainError('forbidden', 'Not your conversation');
  }

  private switchConversation(conversationId: string): void {
    if (this.conversationId) this.unwatch(this.conversationId);
    this.conversationId = conversationId;
  }

  protected deliver(event: BusEvent): void {
    switch (event.kind) {
      case 'message':
        if (event.message.audience !== 'ALL' || event.message.conversationId !== this.conversationId) return;
        return this.deliverMessage({ type: 'message', message: messageFor(event.message, 'visitor') });
      case 'conversation': {
        if (!event.visitorView) return;
        const id = event.summary.id;
        if (id !== this.conversationId) {
          // Another tab of this visitor started (or reopened) a conversation: follow it here too.
          this.switchConversation(id);
          this.enqueue(() => this.watch(id, 0));
        }
        return this.send({ type: 'conversation.state', conversation: event.visitorView });
      }
      case 'typing':
        if (event.from !== 'agent') return;
        return this.send({
          type: 'typing',
          conversationId: event.conversationId,
          isTyping: event.isTyping,
          name: event.name,
        });
      case 'read':
        if (event.reader !== 'agent') return;
        return this.send({ type: 'read', conversationId: event.conversationId, seq: event.seq });
      case 'visitor.revoked':
        this.sendError('forbidden', event.reason);
        return this.close(4403, 'blocked');
      case 'presence':
      case 'agent.revoked':
      case 'agent.changed':
        return;
    }
  }

  /** Session expiry is re-checked on the heartbeat, not only at hello (as agents' sessions are). */
  override heartbeat(): void {
    super.heartbeat();
    this.recheckSession();
  }

  /** Reads its session soon, batched with the other sockets of this turn (visitor-session-checks.ts). */
  recheckSession(): void {
    if (this.visitor && !this.closed) recheckVisitorSession(this.app, this);
  }

  get visitorSessionId(): string | null {
    return this.visitor?.sessionId ?? null;
  }

  /** Closed as hello refuses an unknown session: the panel asks the loader for a new one. */
  visitorSessionEnded(): void {
    if (this.closed) return;
    this.sendError('unauthorized', 'Your visitor session expired; start a new one');
    this.close(4401, 'session expired');
  }

  protected onClosed(): void {
    this.clearHelloTimer();
  }

  private clearHelloTimer(): void {
    if (this.helloTimer) clearTimeout(this.helloTimer);
    this.helloTimer = null;
  }
}

/**
 * setAttributes(): merged into what the visitor has; an empty value removes a key. The merged set is
 * bounded too, or a page calling setAttributes with new keys would grow it without end.
 */
function mergedAttributes(stored: string, update: Record<string, string>): Record<string, string> {
  const parsed: unknown = JSON.parse(stored);
  // A Map, not an object: keys come from the page ("__proto__" must stay a plain key).
  const merged = new Map<string, string>();
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
    for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') merged.set(k, v);
  }
  for (const [k, v] of Object.entries(update)) {
    if (v === '') merged.delete(k);
    else merged.set(k, v);
  }
  if (merged.size > LIMITS.attributeKeys) {
    throw new DomainError('bad_request', `A visitor has at most ${LIMITS.attributeKeys} attributes`);
  }
  return Object.fromEntries(merged);
}
