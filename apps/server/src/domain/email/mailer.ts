import type { EmailSettings, EmailSettingsBody } from '@livechat/protocol';
import { createTransport } from 'nodemailer';
import * as z from 'zod/mini';
import type { PrismaClient } from '../../generated/prisma-sqlite/client.js';
import { DomainError } from '../domain-error.js';
import { deleteSetting, readSetting, SETTING_KEYS, writeSetting } from '../admin/settings.js';

/** The stored SMTP settings (Setting "smtp"). The password is stored as given: protect the database. */
const SmtpConfig = z.object({
  host: z.string(),
  port: z.number(),
  secure: z.boolean(),
  user: z.string(),
  password: z.string(),
  from: z.string(),
});
type SmtpConfig = z.infer<typeof SmtpConfig>;

export type Mail = { to: string; subject: string; text: string; replyTo?: string };

/**
 * Email is optional: without SMTP settings nothing is sent and callers show the admin what to copy
 * (invite links, offline replies). Settings are read per send, so every process sees a change at once.
 */
export class Mailer {
  constructor(private readonly prisma: PrismaClient) {}

  private config(): Promise<SmtpConfig | null> {
    return readSetting(this.prisma, SETTING_KEYS.smtp, SmtpConfig);
  }

  async settings(): Promise<EmailSettings> {
    const c = await this.config();
    if (!c)
      return {
        configured: false,
        host: '',
        port: 587,
        secure: false,
        user: '',
        hasPassword: false,
        from: '',
      };
    return {
      configured: true,
      host: c.host,
      port: c.port,
      secure: c.secure,
      user: c.user,
      hasPassword: c.password !== '',
      from: c.from,
    };
  }

  async save(body: EmailSettingsBody): Promise<EmailSettings> {
    const previous = await this.config();
    const next: SmtpConfig = {
      host: body.host,
      port: body.port,
      secure: body.secure ?? body.port === 465,
      user: body.user ?? '',
      password: body.password ?? previous?.password ?? '',
      from: body.from,
    };
    await writeSetting(this.prisma, SETTING_KEYS.smtp, next);
    return this.settings();
  }

  async disable(): Promise<EmailSettings> {
    await deleteSetting(this.prisma, SETTING_KEYS.smtp);
    return this.settings();
  }

  async configured(): Promise<boolean> {
    return (await this.config()) !== null;
  }

  /** Sends when SMTP is set (true), does nothing when it is not (false); an SMTP failure is a 503. */
  async send(mail: Mail): Promise<boolean> {
    const c = await this.config();
    if (!c) return false;
    const transport = createTransport({
      host: c.host,
      port: c.port,
      secure: c.secure,
      ...(c.user ? { auth: { user: c.user, pass: c.password } } : {}),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    try {
      await transport.sendMail({
        from: c.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
      });
      return true;
    } catch (err) {
      const why = err instanceof Error ? err.message : 'unknown error';
      throw new DomainError('unavailable', `The SMTP server did not accept the email: ${why}`, true);
    } finally {
      transport.close();
    }
  }
}
