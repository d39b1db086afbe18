import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hashToken } from '../auth/tokens.js';
import { DomainError } from '../domain/domain-error.js';
import { originAllowed } from '../domain/sites.js';

/** A visitor authenticated by their session token, for REST calls of the widget. */
export type VisitorCaller = {
  id: string;
  siteId: string;
  name: string | null;
  defaultDepartmentId: string;
  /** The departments this visitor may pick: the site's and the global ones. */
  departmentIds: string[];
};

/**
 * Resolves a visitor token (as in the socket's hello) and checks the request's Origin is one the
 * visitor's site allows (the panel's own origin always is).
 */
export async function visitorByToken(
  app: FastifyInstance,
  request: FastifyRequest,
  token: string | undefined,
): Promise<VisitorCaller> {
  if (!token || token.length > 256) throw new DomainError('unauthorized', 'A visitor token is required');
  const session = await app.db.prisma.visitorSession.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { visitor: { include: { site: { include: { departments: true } } } } },
  });
  if (!session || session.expiresAt.getTime() <= Date.now())
    throw new DomainError('unauthorized', 'Unknown or expired visitor session');
  const v = session.visitor;
  if (!originAllowed(v.site, request.headers.origin, app.env.publicOrigin)) {
    throw new DomainError(
      'forbidden',
      `This site does not allow the widget on ${request.headers.origin ?? 'pages without an Origin'}`,
    );
  }
  if (v.blocked) throw new DomainError('forbidden', 'This visitor is blocked');
  const globalDepartments = await app.db.prisma.department.findMany({
    where: { siteId: null },
    select: { id: true },
  });
  const departmentIds = [...v.site.departments.map((d) => d.id), ...globalDepartments.map((d) => d.id)];
  const defaultDepartmentId = v.site.defaultDepartmentId ?? departmentIds[0];
  if (!defaultDepartmentId)
    throw new DomainError('unavailable', 'This site has no department to route to', true);
  return { id: v.id, siteId: v.siteId, name: v.name, defaultDepartmentId, departmentIds };
}

/** `Authorization: Bearer <visitor token>` (uploads: the body is the file, so the token is a header). */
export function visitorFromBearer(app: FastifyInstance, request: FastifyRequest): Promise<VisitorCaller> {
  const match = /^Bearer ([A-Za-z0-9_-]+)$/.exec(request.headers.authorization ?? '');
  return visitorByToken(app, request, match?.[1]);
}
