import {
  AgentClientFrame,
  HEARTBEAT_MS,
  parseFrame,
  PROTOCOL_VERSION,
  type AgentMessageSend,
} from '@livechat/protocol';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { agentContextParts, canAccessDepartment, type AgentContext } from '../auth/agent-context.js';
import { topics, type BusEvent } from '../bus/bus.js';
import { DomainError } from '../domain/domain-error.js';
import { messageFor } from '../store/rows.js';
import { SocketSession } from './socket-session.js';

/** One console tab of a signed-in agent (authenticated by cookie and Origin at the upgrade). */
export class AgentSocket extends SocketSession {
  private greeted = false;

  constructor(
    socket: WebSocket,
    app: FastifyInstance,
    private ctx: AgentContext,
  ) {
    super(socket, app, 'agent');
  }

  protected async handleText(text: string): Promise<void> {
    const parsed = parseFrame(AgentClientFrame, text);
    // Thrown, so that the error frame names the clientMsgId of a message that did not parse.
    if (!parsed.ok) throw new DomainError(parsed.code, parsed.message);
    const frame = parsed.frame;
    if (frame.type !== 'hello' && !this.greeted) return this.sendError('unauthorized', 'Send hello first');
    switch (frame.type) {
      case 'hello':
        return this.hello(frame.protocolVersion);
      case 'conversation.watch':
        await this.access(frame.conversationId);
        return this.watch(frame.conversationId, frame.afterSeq);
      case 'conversation.unwatch':
        return this.unwatch(frame.conversationId);
      case 'message.send':
        return this.sendMessage(frame);
      case 'replay':
        await this.access(frame.conversationId);
        await this.sendReplay(frame.conversationId, frame.afterSeq, false);
        return;
      case 'history':
        await this.access(frame.conversationId);
        return this.sendHistory(frame.conversationId, frame.beforeSeq);
      case 'typing':
        await this.access(frame.conversationId);
        return this.app.bus.publish(topics.conversation(frame.conversationId), {
          kind: 'typing',
          conversationId: frame.conversationId,
          from: 'agent',
          agentId: this.ctx.me.id,
          name: this.ctx.me.name,
          isTyping: frame.isTyping,
        });
      case 'read': {
        await this.access(frame.conversationId);
        const seq = await this.app.store.markRead(
          frame.conversationId,
          { agentId: this.ctx.me.id },
          frame.seq,
        );
        if (seq === null) return;
        return this.app.bus.publish(topics.conversation(frame.conversationId), {
          kind: 'read',
          conversationId: frame.conversationId,
          reader: 'agent',
          agentId: this.ctx.me.id,
          seq,
        });
      }
      case 'presence.set':
        return this.app.presence.set(this.ctx.me.id, frame.status);
      case 'ping':
        return this.send({ type: 'pong', serverTime: Date.now() });
    }
  }

  private async hello(protocolVersion: number): Promise<void> {
    if (this.greeted) return this.sendError('bad_request', 'hello was sent already');
    if (protocolVersion !== PROTOCOL_VERSION) {
      this.send({ type: 'reload', protocolVersion: PROTOCOL_VERSION });
      return this.close(4000, 'protocol version');
    }
    // Refresh the agent (departments may have changed since the session was read at the upgrade).
    this.ctx = { ...this.ctx, ...(await agentContextParts(this.app.db.prisma, this.ctx.me.id)) };
    const departments =
      this.ctx.departmentIds ??
      (await this.app.db.prisma.department.findMany({ select: { id: true } })).map((d) => d.id);
    await this.subscribe(topics.agent(this.ctx.me.id));
    await this.subscribe(topics.agents);
    for (const id of departments) await this.subscribe(topics.department(id));
    this.greeted = true;
    await this.app.presence.connected(this.ctx.me.id);
    this.send({
      type: 'welcome',
      protocolVersion: PROTOCOL_VERSION,
      serverTime: Date.now(),
      heartbeatMs: HEARTBEAT_MS,
      agent: this.ctx.me,
    });
  }

  private async sendMessage(frame: AgentMessageSend): Promise<void> {
    await this.access(frame.conversationId);
    const result = await this.app.store.sendAgentMessage({
      conversationId: frame.conversationId,
      agent: { id: this.ctx.me.id, name: this.ctx.me.name },
      clientMsgId: frame.clientMsgId,
      text: frame.text,
      note: frame.note,
    });
    const { message } = result;
    this.send({
      type: 'ack',
      clientMsgId: frame.clientMsgId,
      conversationId: frame.conversationId,
      messageId: message.id,
      seq: message.seq,
      createdAt: message.createdAt,
    });
    if (!result.duplicate) {
      await this.app.publisher.committed([message], frame.conversationId, { row: result.conversation });
    }
  }

  /** Agents see their departments' conversations; admins all. */
  private async access(conversationId: string): Promise<void> {
    const c = await this.app.store.get(conversationId);
    if (!c) throw new DomainError('not_found', 'No such conversation');
    if (!canAccessDepartment(this.ctx, c.departmentId))
      throw new DomainError('forbidden', 'Not in your departments');
  }

  /** Session expiry and revocation are re-checked on the heartbeat, not only at the upgrade. */
  override heartbeat(): void {
    super.heartbeat();
    this.recheckSession();
  }

  /** Closes the socket (4401) if its session expired, or was revoked without a bus event reaching us. */
  recheckSession(): void {
    if (this.ctx.expiresAt <= Date.now()) {
      this.sendError('unauthorized', 'Your session expired; sign in again');
      this.close(4401, 'session expired');
      return;
    }
    // A backstop for a revocation published while this process's Bus was away.
    void this.app.db.prisma.agentSession
      .findUnique({ where: { id: this.ctx.sessionId }, select: { revoked: true } })
      .then((session) => {
        if (session && !session.revoked) return;
        this.sendError('unauthorized', 'Your session was revoked; sign in again');
        this.close(4401, 'revoked');
      })
      .catch((err: unknown) => this.log.warn({ err }, 'session re-check failed'));
  }

  protected deliver(event: BusEvent): void {
    switch (event.kind) {
      case 'message':
        return this.deliverMessage({ type: 'message', message: messageFor(event.message, 'agent') });
      case 'conversation':
        return this.send({ type: 'conversation.updated', conversation: event.summary });
      case 'typing':
        if (event.agentId === this.ctx.me.id) return;
        return this.send({
          type: 'typing',
          conversationId: event.conversationId,
          from: event.from,
          name: event.name,
          isTyping: event.isTyping,
          ...(event.preview === undefined ? {} : { preview: event.preview }),
        });
      case 'read':
        return this.send({
          type: 'read',
          conversationId: event.conversationId,
          reader: event.reader,
          agentId: event.agentId,
          seq: event.seq,
        });
      case 'presence':
        return this.send({
          type: 'presence',
          agentId: event.agentId,
          status: event.status,
          activeChats: event.activeChats,
        });
      case 'agent.revoked':
        if (event.agentId !== this.ctx.me.id) return;
        if (event.sessionId !== undefined && event.sessionId !== this.ctx.sessionId) return;
        this.sendError('unauthorized', event.reason);
        return this.close(4401, 'revoked');
      case 'agent.changed':
        // Departments, role or name changed: the console reconnects at once, and its hello reads
        // the agent afresh (subscriptions, access checks, the `me` it shows).
        if (event.agentId !== this.ctx.me.id) return;
        return this.goAway('your account was changed', 0);
      case 'visitor.revoked':
        return;
    }
  }

  protected onClosed(): void {
    if (this.greeted)
      void this.app.presence
        .disconnected(this.ctx.me.id)
        .catch((err: unknown) => this.log.warn({ err }, 'presence'));
  }
}
