import type { VisitorSessionBody } from '@livechat/protocol';
import { isRecord } from './visitor-storage';

/*
 * The loader's two CORS calls. The loader carries no zod (it must stay a few KB), so it checks only
 * the fields it uses; the panel parses the whole WidgetConfig with the protocol schema.
 */

/** What the launcher needs from WidgetConfig. */
export interface LauncherLook {
  name: string;
  color: string;
  position: 'left' | 'right';
  launcherText: string;
}

export type ConfigResult = { ok: true; config: unknown; look: LauncherLook } | { ok: false; message: string };
export type SessionResult =
  { ok: true; token: string; verified: boolean } | { ok: false; status: number; message: string };

export async function fetchConfig(
  server: string,
  siteKey: string,
  fetchFn: typeof fetch,
): Promise<ConfigResult> {
  try {
    const res = await fetchFn(`${server}/api/widget/config?siteKey=${encodeURIComponent(siteKey)}`, {
      mode: 'cors',
      credentials: 'omit',
    });
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok || !isRecord(body)) return { ok: false, message: errorMessage(body, res.status) };
    const str = (v: unknown): string => (typeof v === 'string' ? v : '');
    return {
      ok: true,
      config: body,
      look: {
        name: str(body.name),
        color: str(body.color),
        position: body.position === 'left' ? 'left' : 'right',
        launcherText: str(body.launcherText),
      },
    };
  } catch {
    return { ok: false, message: `cannot reach ${server}` };
  }
}

/**
 * POST /api/widget/session from the host page: the server checks this page's Origin against the
 * site's allowed origins, and answers the visitor's token (the same visitor when `token` is still valid).
 */
export async function requestSession(
  server: string,
  siteKey: string,
  token: string | null,
  identity: VisitorSessionBody['identity'],
  fetchFn: typeof fetch,
): Promise<SessionResult> {
  const body: VisitorSessionBody = { siteKey, token, identity };
  try {
    const res = await fetchFn(`${server}/api/widget/session`, {
      method: 'POST',
      mode: 'cors',
      credentials: 'omit',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json: unknown = await res.json().catch(() => null);
    if (res.ok && isRecord(json) && typeof json.token === 'string')
      return { ok: true, token: json.token, verified: json.verified === true };
    return { ok: false, status: res.status, message: errorMessage(json, res.status) };
  } catch {
    return { ok: false, status: 0, message: `cannot reach ${server}` };
  }
}

/** The ApiError message when there is one. */
function errorMessage(body: unknown, status: number): string {
  const error = isRecord(body) ? body.error : null;
  return isRecord(error) && typeof error.message === 'string' ? error.message : `HTTP ${status}`;
}
