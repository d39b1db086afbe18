import { ApiScope, type ApiTokenItem } from '@livechat/protocol';
import * as z from 'zod/mini';
import { agentContextParts, type AgentContext } from '../../auth/agent-context.js';
import { hashToken, newToken } from '../../auth/tokens.js';
import type { PrismaClient } from '../../generated/prisma-sqlite/client.js';

/** Personal API tokens start with this, so a leaked one is recognisable (and scanners can find it). */
export const API_TOKEN_PREFIX = 'lct_';
/** lastUsedAt is written at most this often per token: a busy integration must not write per request. */
const LAST_USED_EVERY_MS = 60_000;

const Scopes = z.array(ApiScope);

export function scopesOf(token: { scopes: string }): ApiScope[] {
  const parsed = Scopes.safeParse(JSON.parse(token.scopes));
  return parsed.success ? parsed.data : [];
}

export function newApiToken(): { token: string; tokenHash: string } {
  const token = `${API_TOKEN_PREFIX}${newToken()}`;
  return { token, tokenHash: hashToken(token) };
}

type TokenRow = {
  id: string;
  name: string;
  scopes: string;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
  agent: { id: string; name: string; avatarUrl: string | null };
};

export function apiTokenItem(t: TokenRow): ApiTokenItem {
  return {
    id: t.id,
    name: t.name,
    scopes: scopesOf(t),
    agent: { id: t.agent.id, name: t.agent.name, avatarUrl: t.agent.avatarUrl },
    lastUsedAt: t.lastUsedAt?.getTime() ?? null,
    expiresAt: t.expiresAt?.getTime() ?? null,
    revokedAt: t.revokedAt?.getTime() ?? null,
    createdAt: t.createdAt.getTime(),
  };
}

export type ApiTokenContext = AgentContext & { apiTokenId: string; scopes: ApiScope[] };

/** Resolves `lct_...` to its agent, or null when unknown, revoked, expired or the agent is deactivated. */
export async function agentFromApiToken(
  prisma: PrismaClient,
  token: string,
): Promise<ApiTokenContext | null> {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return null;
  const row = await prisma.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { agent: true },
  });
  const now = Date.now();
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now) || !row.agent.active)
    return null;
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() >= LAST_USED_EVERY_MS) {
    // Conditional, so concurrent requests of one token write once.
    await prisma.apiToken.updateMany({
      where: {
        id: row.id,
        OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now - LAST_USED_EVERY_MS) } }],
      },
      data: { lastUsedAt: new Date(now) },
    });
  }
  return {
    // Not a session: logout and session checks never match it.
    sessionId: `api-token:${row.id}`,
    expiresAt: row.expiresAt?.getTime() ?? Number.MAX_SAFE_INTEGER,
    ...(await agentContextParts(prisma, row.agentId)),
    apiTokenId: row.id,
    scopes: scopesOf(row),
  };
}

/**
 * The scope a request needs: everything under /api/admin needs `admin`; other reads need
 * `conversations:read`, other writes `conversations:write`. /api/me (tokens, password) takes none:
 * a token must never mint tokens or change the password.
 */
export function requiredScope(url: string, method: string): ApiScope | 'never' {
  const path = url.split('?')[0] ?? '';
  if (path === '/api/me' || path.startsWith('/api/me/')) return 'never';
  if (path.startsWith('/api/admin/') || path === '/api/admin') return 'admin';
  return method === 'GET' || method === 'HEAD' ? 'conversations:read' : 'conversations:write';
}
