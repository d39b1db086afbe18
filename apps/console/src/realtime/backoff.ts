/** Reconnect delays: exponential with full jitter, so a restarted server is not hit by everyone at once. */
export const BACKOFF = { baseMs: 500, maxMs: 30_000, minMs: 250 } as const;

export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF.maxMs, BACKOFF.baseMs * 2 ** Math.max(0, attempt));
  return Math.round(BACKOFF.minMs + random() * Math.max(0, ceiling - BACKOFF.minMs));
}
