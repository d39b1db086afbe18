/**
 * Version of the wire protocol. A client that says another version in its `hello` is sent a `reload`
 * frame: an old panel cached in a visitor's tab must fetch the new code rather than misread frames.
 */
export const PROTOCOL_VERSION = 1;

/** Limits both sides enforce. The server is the authority; clients use them to fail early and kindly. */
export const LIMITS = {
  /** Characters in one chat message. */
  messageText: 4000,
  /** Bytes of one WebSocket frame, either direction (the server closes nothing for it: it answers an error). */
  frameBytes: 32 * 1024,
  /** Messages in one replay page; a client asks again while `hasMore`. */
  replayPage: 200,
  /** Messages in one history (scroll-back) page. */
  historyPage: 50,
  /**
   * A replay further behind than this jumps to the latest page (`reset: true`) instead of streaming
   * everything missed: a tab that slept for a week should not download a week.
   */
  replayJump: 1000,
  /** Characters of a typing preview (what the visitor is typing, shown live to agents). */
  typingPreview: 300,
  name: 80,
  email: 254,
  note: 1000,
  url: 2048,
  /** Bytes of one uploaded file. */
  attachmentBytes: 10 * 1024 * 1024,
  /** Bytes all of one visitor's uploads may take. */
  visitorQuotaBytes: 50 * 1024 * 1024,
  /** setAttributes(): keys per visitor, characters of a key and of a value. */
  attributeKeys: 30,
  attributeKey: 64,
  attributeValue: 500,
  /** Frames per second a socket may send on average, and the burst it may send at once. */
  framesPerSecond: 20,
  frameBurst: 60,
} as const;

/** Interval of the server's heartbeat; a socket silent for two intervals is closed. */
export const HEARTBEAT_MS = 25_000;
