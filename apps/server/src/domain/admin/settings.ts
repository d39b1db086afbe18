import type { z } from 'zod/mini';
import type { PrismaClient } from '../../generated/prisma-sqlite/client.js';

/**
 * Instance-wide settings in the Setting table, one JSON value per key, parsed on the way out (the
 * database is outside the type system). Read per use rather than cached: several processes share them.
 */
export const SETTING_KEYS = {
  smtp: 'smtp',
  retention: 'retention',
  siteLogo: (siteId: string) => `site-logo:${siteId}`,
} as const;

export async function readSetting<T>(
  prisma: PrismaClient,
  key: string,
  schema: z.ZodMiniType<T>,
): Promise<T | null> {
  const row = await prisma.setting.findUnique({ where: { key } });
  if (!row) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(row.value);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export async function writeSetting(prisma: PrismaClient, key: string, value: unknown): Promise<void> {
  const json = JSON.stringify(value);
  await prisma.setting.upsert({
    where: { key },
    create: { key, value: json },
    update: { value: json, updatedAt: new Date() },
  });
}

export async function deleteSetting(prisma: PrismaClient, key: string): Promise<void> {
  await prisma.setting.deleteMany({ where: { key } });
}
