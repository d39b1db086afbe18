import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AttachmentInfo } from '@livechat/protocol';
import fp from 'fastify-plugin';
import { FileUrlSigner } from '../domain/file-urls.js';
import type { PrismaClient } from '../generated/prisma-sqlite/client.js';
import { FileMessages, type AttachmentRow } from '../store/file-messages.js';
import type { StoredMessage } from '../store/rows.js';

declare module 'fastify' {
  interface FastifyInstance {
    files: FileService;
  }
}

const SECRET_SETTING = 'fileUrlSecret';

/** Uploaded files: their bytes under FILES_DIR, their rows and FILE messages, their signed URLs. */
export class FileService {
  constructor(
    readonly dir: string,
    readonly signer: FileUrlSigner,
    readonly messages: FileMessages,
  ) {}

  /** Writes the bytes under a new random key (never a name from the client). */
  async save(bytes: Uint8Array): Promise<string> {
    const key = randomBytes(24).toString('base64url');
    await writeFile(this.pathOf(key), bytes, { flag: 'wx' });
    return key;
  }

  async remove(storageKey: string): Promise<void> {
    await rm(this.pathOf(storageKey), { force: true });
  }

  pathOf(storageKey: string): string {
    if (!/^[A-Za-z0-9_-]+$/.test(storageKey)) throw new Error('bad storage key');
    return join(this.dir, storageKey);
  }

  info(row: AttachmentRow, now = Date.now()): AttachmentInfo {
    const { url, expiresAt } = this.signer.sign(row.id, now);
    return {
      id: row.id,
      name: row.fileName,
      contentType: row.contentType,
      size: row.size,
      url,
      urlExpiresAt: expiresAt,
    };
  }

  /**
   * The messages with `attachment` (and a fresh signed URL) on their FILE messages: one query per
   * page, so a replay always carries URLs that work for the next 24 hours.
   */
  async withAttachments(messages: StoredMessage[]): Promise<StoredMessage[]> {
    if (!messages.some((m) => m.attachmentId)) return messages;
    const rows = await this.messages.forMessages(messages);
    const now = Date.now();
    return messages.map((m) => {
      const row = m.attachmentId ? rows.get(m.attachmentId) : undefined;
      return row ? { ...m, attachment: this.info(row, now) } : m;
    });
  }
}

/**
 * The file-URL secret: FILE_URL_SECRET, else one generated on the first start and kept in the
 * Setting table, so URLs survive restarts and every process of a scaled-out install agrees.
 */
async function urlSecret(prisma: PrismaClient, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const existing = await prisma.setting.findUnique({ where: { key: SECRET_SETTING } });
  if (existing) return existing.value;
  try {
    await prisma.setting.create({
      data: { key: SECRET_SETTING, value: randomBytes(32).toString('base64url') },
    });
  } catch {
    // Another process created it first: use theirs.
  }
  return (await prisma.setting.findUniqueOrThrow({ where: { key: SECRET_SETTING } })).value;
}

export default fp(
  async (app) => {
    await mkdir(app.env.filesDir, { recursive: true });
    const secret = await urlSecret(app.db.prisma, app.env.fileUrlSecret);
    app.decorate(
      'files',
      new FileService(
        app.env.filesDir,
        new FileUrlSigner(secret, app.env.publicUrl),
        new FileMessages(app.store),
      ),
    );
  },
  { name: 'files', dependencies: ['core'] },
);
