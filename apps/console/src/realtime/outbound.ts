import type { AgentClientFrame } from '@livechat/protocol';

/**
 * Where stores send frames. The agent socket installs itself here while it is open; stores stay free
 * of socket code (and tests install a recorder). Returns false when nothing could be sent: the
 * caller keeps its state (pending message, replay wish) and the next welcome re-sends it.
 */
export type FrameSender = (frame: AgentClientFrame) => boolean;

let sender: FrameSender = () => false;

export function setFrameSender(next: FrameSender | null): void {
  sender = next ?? (() => false);
}

export function sendFrame(frame: AgentClientFrame): boolean {
  return sender(frame);
}
