import * as z from 'zod/mini';

/** The JSON columns of a Site, parsed with defaults (the database is outside the type system). */
export const AllowedOrigins = z.array(z.string());
export const PreChatSettings = z.object({
  enabled: z._default(z.boolean(), false),
  nameRequired: z._default(z.boolean(), false),
  emailRequired: z._default(z.boolean(), false),
  askDepartment: z._default(z.boolean(), false),
});

export function allowedOriginsOf(site: { allowedOrigins: string }): string[] {
  const parsed = AllowedOrigins.safeParse(JSON.parse(site.allowedOrigins));
  return parsed.success ? parsed.data : [];
}

/**
 * May a page of this origin embed the site's widget? The console's own origin always may (the /demo
 * page and the panel itself). This stops embedding elsewhere; it is not authentication.
 */
export function originAllowed(
  site: { allowedOrigins: string },
  origin: string | undefined,
  publicOrigin: string,
): boolean {
  if (!origin) return false;
  if (origin === publicOrigin) return true;
  const allowed = allowedOriginsOf(site);
  return allowed.includes('*') || allowed.includes(origin);
}

export function embedSnippet(publicUrl: string, siteKey: string): string {
  return `<script src="${publicUrl}/widget.js" data-site-key="${siteKey}" async></script>`;
}
