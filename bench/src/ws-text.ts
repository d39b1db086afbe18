import type WebSocket from 'ws';

/** The text of a WebSocket frame as `ws` hands it over (one Buffer, fragments, or an ArrayBuffer). */
export function frameText(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)).toString('utf8');
}
