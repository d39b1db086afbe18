import type { VisitorSessionBody } from '@livechat/protocol';
import type { FastifyInstance } from 'fastify';
import { hashToken, newToken, verifyIdentityHash } from '../auth/tokens.js';
import type { Site, Visitor } from '../generated/prisma-sqlite/client.js';
import { moveAnonymousConversations } from '../store/visitor-merge.js';
import { DomainError } from './domain-error.js';

const VISITOR_SESSION_MS = 365 * 24 * 3_600_000;

type Identity = NonNullable<VisitorSessionBody['identity']>;
type SiteSecrets = Pick<Site, 'identitySecret' | 'previousSecret' | 'previousSecretUntil'>;

export type IdentifiedSession = {
  token: string;
  visitorId: string;
  verified: boolean;
  /** Conversations moved from an anonymous visitor to the verified one (to publish). */
  moved: string[];
};

/**
 * Is `hash` the hex HMAC-SHA256 of userId with the site's secret, or with the previous secret while
 * its rotation grace lasts? Constant-time comparisons.
 */
export function identityHashValid(
  site: SiteSecrets,
  userId: string,
  hash: string,
  now = Date.now(),
): boolean {
  if (verifyIdentityHash(userId, hash, site.identitySecret)) return true;
  return (
    site.previousSecret !== null &&
    site.previousSecretUntil !== null &&
    now < site.previousSecretUntil.getTime() &&
    verifyIdentityHash(userId, hash, site.previousSecret)
  );
}

/**
 * The visitor session for POST /api/widget/session (DESIGN.md "Identity"):
 * - no identity: the still-valid session of `token`, else a new anonymous visitor;
 * - a valid identity hash: the visitor (siteId, externalId = userId), created on first use, so every
 *   device of that user shares one history. An anonymous visitor of `token` hands its conversations
 *   over when the verified one has no open conversation (else it is just left behind);
 * - an invalid or missing hash: the userId is only recorded as `claimedId` (shown to agents) and links
 *   nothing. A token of a verified visitor is not honoured for a claim of another user. With
 *   `identityRequired` on the site, an unverifiable identity is refused.
 * Name and email given with identify() fill the profile of the visitor the session ends up with.
 */
export async function identifiedSession(
  app: FastifyInstance,
  input: {
    site: Site;
    current: { token: string; visitor: Visitor } | null;
    identity: Identity | undefined;
    userAgent: string | null;
  },
): Promise<IdentifiedSession> {
  const { site, current, identity } = input;
  const prisma = app.db.prisma;

  const newSession = async (visitorId: string) => {
    const token = newToken();
    await prisma.visitorSession.create({
      data: { visitorId, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + VISITOR_SESSION_MS) },
    });
    return token;
  };
  const newVisitor = (claimedId: string | null) =>
    prisma.visitor.create({ data: { siteId: site.id, userAgent: input.userAgent, claimedId } });

  if (!identity) {
    if (current) {
      return {
        token: current.token,
        visitorId: current.visitor.id,
        verified: current.visitor.externalId !== null,
        moved: [],
      };
    }
    const visitor = await newVisitor(null);
    return { token: await newSession(visitor.id), visitorId: visitor.id, verified: false, moved: [] };
  }

  const verified = identity.hash !== undefined && identityHashValid(site, identity.userId, identity.hash);
  if (!verified) {
    if (site.identityRequired) {
      throw new DomainError(
        'forbidden',
        'This site accepts only verified identities (check the identity hash)',
      );
    }
    const reusable =
      current !== null &&
      (current.visitor.externalId === null || current.visitor.externalId === identity.userId);
    if (reusable) {
      const visitor = current.visitor;
      await fillProfile(app, visitor, identity, visitor.externalId === null ? identity.userId : null);
      return {
        token: current.token,
        visitorId: visitor.id,
        verified: visitor.externalId !== null,
        moved: [],
      };
    }
    const visitor = await newVisitor(identity.userId);
    await fillProfile(app, visitor, identity, null);
    return { token: await newSession(visitor.id), visitorId: visitor.id, verified: false, moved: [] };
  }

  const target = await verifiedVisitor(app, site.id, identity.userId, input.userAgent);
  await fillProfile(app, target, identity, null);
  if (current?.visitor.id === target.id) {
    return { token: current.token, visitorId: target.id, verified: true, moved: [] };
  }
  const moved =
    current && current.visitor.externalId === null
      ? await moveAnonymousConversations(app.store, {
          siteId: site.id,
          fromVisitorId: current.visitor.id,
          toVisitorId: target.id,
        })
      : [];
  return { token: await newSession(target.id), visitorId: target.id, verified: true, moved };
}

/** The verified visitor of a user, created on first use (a concurrent first use finds the other's). */
async function verifiedVisitor(
  app: FastifyInstance,
  siteId: string,
  externalId: string,
  userAgent: string | null,
): Promise<Visitor> {
  const where = { siteId_externalId: { siteId, externalId } };
  const existing = await app.db.prisma.visitor.findUnique({ where });
  if (existing) return existing;
  try {
    return await app.db.prisma.visitor.create({ data: { siteId, externalId, userAgent } });
  } catch (error) {
    const again = await app.db.prisma.visitor.findUnique({ where });
    if (again) return again;
    throw error;
  }
}

async function fillProfile(
  app: FastifyInstance,
  visitor: Visitor,
  identity: Identity,
  claimedId: string | null,
): Promise<void> {
  const name = identity.name || visitor.name;
  const email = identity.email || visitor.email;
  if (
    name === visitor.name &&
    email === visitor.email &&
    (claimedId === null || claimedId === visitor.claimedId)
  )
    return;
  await app.db.prisma.visitor.update({
    where: { id: visitor.id },
    data: {
      name,
      email,
      searchText: `${name ?? ''} ${email ?? ''}`.toLowerCase(),
      ...(claimedId === null ? {} : { claimedId }),
    },
  });
  visitor.name = name;
  visitor.email = email;
}
