import { topics } from '../bus/bus.js';
import { SocketSession } from '../realtime/socket-session.js';

// TEMPORARY mutation check: watch without holding live events.
const proto = SocketSession.prototype as unknown as Record<string, unknown>;
proto.watch = async function (
  this: { subscribe(t: string): Promise<void>; sendReplay(c: string, a: number, all: boolean): number },
  conversationId: string,
  afterSeq: number,
) {
  await this.subscribe(topics.conversation(conversationId));
  this.sendReplay(conversationId, afterSeq, true);
};
