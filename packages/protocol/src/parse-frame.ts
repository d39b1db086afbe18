import type * as z from 'zod/mini';
import { LIMITS } from './limits.js';

export type FrameParseResult<T> =
  { ok: true; frame: T } | { ok: false; code: 'frame_too_large' | 'bad_request'; message: string };

/**
 * Parses one raw WebSocket frame with a frame schema: size first, then JSON, then the schema. The
 * message names the first failing path ("text: Too big: expected string to have <=4000 characters").
 */
export function parseFrame<T>(schema: z.ZodMiniType<T>, raw: string): FrameParseResult<T> {
  if (raw.length > LIMITS.frameBytes) {
    return { ok: false, code: 'frame_too_large', message: `Frame larger than ${LIMITS.frameBytes} bytes` };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, code: 'bad_request', message: 'Frame is not JSON' };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, frame: result.data };
  return { ok: false, code: 'bad_request', message: describeIssues(result.error.issues) };
}

/** "path.to.field: message; other: message" for the first few issues. */
export function describeIssues(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): string {
  return issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(frame)'}: ${issue.message}`)
    .join('; ');
}
