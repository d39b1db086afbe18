import { randomBytes } from 'node:crypto';
import { hashPassword } from '../auth/passwords.js';
import type { PrismaClient } from '../generated/prisma-sqlite/client.js';

export type SeedResult = {
  /** Set only on the run that created the first admin; the password only when it was generated. */
  admin: { email: string; generatedPassword: string | null } | null;
};

/** First run: the first admin, a default department and a default site. Later runs change nothing. */
export async function seedFirstRun(
  prisma: PrismaClient,
  opts: { adminEmail: string; adminPassword: string | undefined; publicOrigin: string },
): Promise<SeedResult> {
  if ((await prisma.agent.count()) > 0) return { admin: null };
  const generatedPassword = opts.adminPassword ? null : randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(opts.adminPassword ?? generatedPassword ?? '');
  // Several processes may start at once on an empty database: the first to insert the `first_run`
  // setting seeds, inside the same transaction; the others wait for it, meet the key and skip.
  try {
    await prisma.$transaction(async (tx) => {
      await tx.setting.create({ data: { key: 'first_run', value: new Date().toISOString() } });
      const department = await tx.department.create({
        data: { name: 'Support', description: 'Default department' },
      });
      await tx.agent.create({
        data: {
          email: opts.adminEmail.toLowerCase(),
          name: 'Admin',
          passwordHash,
          role: 'ADMIN',
          departments: { create: { departmentId: department.id } },
        },
      });
      await tx.site.create({
        data: {
          key: randomBytes(9).toString('base64url'),
          name: 'My website',
          greeting: 'Hi! How can we help you today?',
          allowedOrigins: JSON.stringify([opts.publicOrigin]),
          identitySecret: randomBytes(32).toString('hex'),
          defaultDepartmentId: department.id,
        },
      });
    });
  } catch (error) {
    if (Reflect.get(error instanceof Error ? error : {}, 'code') === 'P2002') return { admin: null };
    throw error;
  }
  return { admin: { email: opts.adminEmail, generatedPassword } };
}
