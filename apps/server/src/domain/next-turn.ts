/**
 * Resolves in a later event-loop turn. SQLite answers synchronously, so a loop of awaits over its
 * queries never leaves the turn by itself: a long background loop (a routing pass over a full queue,
 * requeueing a timed-out agent's chats) would hold every socket and commit until it ends. The bench
 * saw a 1.5 s stall when an agent holding 5,000 chats timed out (issue 7). Such loops await this
 * between steps.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
