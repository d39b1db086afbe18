import { randomBytes } from 'node:crypto';
import {
  PreChatForm,
  WidgetPosition,
  type AdminSite,
  type IdentitySecretResponse,
  type SiteCreateBody,
  type SitePatchBody,
} from '@livechat/protocol';
import * as z from 'zod/mini';
import { DomainError } from '../domain-error.js';
import { allowedOriginsOf, embedSnippet } from '../sites.js';
import type { AdminDeps } from './admin-deps.js';
import { audit } from './audit.js';
import { FieldError } from './field-error.js';
import { deleteSetting, readSetting, SETTING_KEYS, writeSetting } from './settings.js';
import { removeStoredFiles } from './stored-files.js';

type SiteRow = {
  id: string;
  name: string;
  key: string;
  allowedOrigins: string;
  color: string;
  position: string;
  launcherText: string;
  greeting: string;
  locale: string;
  preChat: string;
  identityRequired: boolean;
  previousSecretUntil: Date | null;
  defaultDepartmentId: string | null;
  createdAt: Date;
};

const LogoUrl = z.string();

/**
 * The site's logo URL. Site has no column for it yet, so it lives in the Setting table
 * ("site-logo:<siteId>") until a migration adds Site.logoUrl.
 */
export function siteLogoUrl(deps: Pick<AdminDeps, 'db'>, siteId: string): Promise<string | null> {
  return readSetting(deps.db.prisma, SETTING_KEYS.siteLogo(siteId), LogoUrl);
}

function preChatOf(site: { preChat: string }): PreChatForm {
  const defaults = { enabled: false, nameRequired: false, emailRequired: false, askDepartment: false };
  try {
    const parsed = z.partial(PreChatForm).safeParse(JSON.parse(site.preChat));
    return { ...defaults, ...(parsed.success ? parsed.data : {}) };
  } catch {
    return defaults;
  }
}

export async function toAdminSite(deps: AdminDeps, s: SiteRow): Promise<AdminSite> {
  const position = WidgetPosition.safeParse(s.position);
  return {
    id: s.id,
    name: s.name,
    key: s.key,
    allowedOrigins: allowedOriginsOf(s),
    color: s.color,
    position: position.success ? position.data : 'right',
    launcherText: s.launcherText,
    greeting: s.greeting,
    logoUrl: await siteLogoUrl(deps, s.id),
    locale: s.locale,
    preChat: preChatOf(s),
    identityRequired: s.identityRequired,
    previousSecretUntil:
      s.previousSecretUntil && s.previousSecretUntil.getTime() > Date.now()
        ? s.previousSecretUntil.getTime()
        : null,
    defaultDepartmentId: s.defaultDepartmentId,
    embedSnippet: embedSnippet(deps.env.publicUrl, s.key),
    createdAt: s.createdAt.getTime(),
  };
}

export async function listSites(deps: AdminDeps): Promise<AdminSite[]> {
  const rows = await deps.db.prisma.site.findMany({ orderBy: { createdAt: 'asc' } });
  return Promise.all(rows.map((s) => toAdminSite(deps, s)));
}

async function mustFind(deps: AdminDeps, id: string) {
  const site = await deps.db.prisma.site.findUnique({ where: { id } });
  if (!site) throw new DomainError('not_found', 'No such site');
  return site;
}

export async function getSite(deps: AdminDeps, id: string): Promise<AdminSite> {
  return toAdminSite(deps, await mustFind(deps, id));
}

async function checkDefaultDepartment(
  deps: AdminDeps,
  siteId: string | null,
  departmentId: string | null | undefined,
) {
  if (!departmentId) return;
  const d = await deps.db.prisma.department.findUnique({ where: { id: departmentId } });
  if (!d || (d.siteId !== null && d.siteId !== siteId))
    throw new FieldError('defaultDepartmentId', 'must be a global department or one of this site');
}

/** The columns a create or patch body sets (JSON columns serialised; the logo goes to its Setting). */
function columnsOf(body: SitePatchBody) {
  const { allowedOrigins, preChat, logoUrl: _logo, ...plain } = body;
  return {
    ...plain,
    ...(allowedOrigins ? { allowedOrigins: JSON.stringify([...new Set(allowedOrigins)]) } : {}),
    ...(preChat ? { preChat: JSON.stringify(preChat) } : {}),
  };
}

async function saveLogo(deps: AdminDeps, siteId: string, logoUrl: string | null | undefined) {
  if (logoUrl === undefined) return;
  if (logoUrl === null) await deleteSetting(deps.db.prisma, SETTING_KEYS.siteLogo(siteId));
  else await writeSetting(deps.db.prisma, SETTING_KEYS.siteLogo(siteId), logoUrl);
}

export async function createSite(deps: AdminDeps, actorId: string, body: SiteCreateBody): Promise<AdminSite> {
  await checkDefaultDepartment(deps, null, body.defaultDepartmentId);
  const site = await deps.db.prisma.site.create({
    data: {
      key: randomBytes(9).toString('base64url'),
      identitySecret: randomBytes(32).toString('hex'),
      ...columnsOf(body),
      name: body.name,
    },
  });
  await saveLogo(deps, site.id, body.logoUrl);
  await audit(deps.db.prisma, actorId, 'site.create', site.id, { ...body });
  return toAdminSite(deps, site);
}

export async function updateSite(
  deps: AdminDeps,
  actorId: string,
  id: string,
  body: SitePatchBody,
): Promise<AdminSite> {
  await mustFind(deps, id);
  await checkDefaultDepartment(deps, id, body.defaultDepartmentId);
  const site = await deps.db.prisma.site.update({ where: { id }, data: columnsOf(body) });
  await saveLogo(deps, id, body.logoUrl);
  await audit(deps.db.prisma, actorId, 'site.update', id, { ...body });
  return toAdminSite(deps, site);
}

/** Deletes a site with its visitors, conversations and files. Refused while it has open conversations. */
export async function deleteSite(deps: AdminDeps, actorId: string, id: string): Promise<void> {
  const site = await mustFind(deps, id);
  if ((await deps.db.prisma.site.count()) <= 1)
    throw new DomainError('invalid_state', 'The last site cannot be deleted');
  const open = await deps.db.prisma.conversation.count({
    where: { siteId: id, status: { in: ['QUEUED', 'ACTIVE'] } },
  });
  if (open > 0)
    throw new DomainError('invalid_state', `The site has ${open} open conversation(s): close them first`);
  const files = await deps.db.prisma.attachment.findMany({
    where: { conversation: { siteId: id } },
    select: { storageKey: true },
  });
  // Conversations of the site's own departments would block their deletion (no cascade there).
  await deps.db.prisma.conversation.deleteMany({ where: { siteId: id } });
  await deps.db.prisma.site.delete({ where: { id } });
  await deleteSetting(deps.db.prisma, SETTING_KEYS.siteLogo(id));
  await removeStoredFiles(
    deps.env.filesDir,
    files.map((f) => f.storageKey),
  );
  await audit(deps.db.prisma, actorId, 'site.delete', id, { name: site.name, files: files.length });
}

export async function identitySecret(
  deps: AdminDeps,
  actorId: string,
  id: string,
): Promise<IdentitySecretResponse> {
  const site = await mustFind(deps, id);
  await audit(deps.db.prisma, actorId, 'site.read_secret', id);
  return {
    secret: site.identitySecret,
    previousSecretUntil:
      site.previousSecretUntil && site.previousSecretUntil.getTime() > Date.now()
        ? site.previousSecretUntil.getTime()
        : null,
  };
}

/** A new identity secret; the current one stays valid for `graceHours` (visitor-identity.ts checks both). */
export async function rotateSecret(
  deps: AdminDeps,
  actorId: string,
  id: string,
  graceHours: number,
): Promise<IdentitySecretResponse> {
  const site = await mustFind(deps, id);
  const secret = randomBytes(32).toString('hex');
  const until = graceHours > 0 ? new Date(Date.now() + graceHours * 3_600_000) : null;
  await deps.db.prisma.site.update({
    where: { id },
    data: {
      identitySecret: secret,
      previousSecret: until ? site.identitySecret : null,
      previousSecretUntil: until,
    },
  });
  await audit(deps.db.prisma, actorId, 'site.rotate_secret', id, { graceHours });
  return { secret, previousSecretUntil: until?.getTime() ?? null };
}
