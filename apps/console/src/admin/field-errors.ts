import type * as z from 'zod/mini';
import { ApiRequestError } from '../api/http-client';
import type { Translate } from '../i18n';

/** One message per field, keyed by the field's path ("name", "allowedOrigins.1", "days.mon.0"). */
export type FieldErrors = Record<string, string>;

type Issue = z.core.$ZodIssue;

/** The schemas' own custom messages, so a Chinese reader gets them in Chinese too. */
const KNOWN_MESSAGES: Record<string, Parameters<Translate>[0]> = {
  'must be an IANA time zone such as Europe/Paris': 'validation.timezone',
  'must be an http(s) URL such as https://example.com/hook': 'validation.url',
  'must be an origin such as https://shop.example.com': 'validation.origin',
  'must be a colour such as #2563eb': 'validation.color',
  'must be a time HH:MM': 'validation.time',
  'must start before it ends': 'validation.interval',
  'must be 1-32 lowercase letters, digits, - or _': 'validation.shortcut',
  'must be a date YYYY-MM-DD': 'validation.date',
  'must be a real date': 'validation.date',
};

/** A readable, translated message for one schema issue. */
export function issueMessage(issue: Issue, t: Translate): string {
  const known = KNOWN_MESSAGES[issue.message];
  if (known) return t(known);
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1
          ? t('validation.required')
          : t('validation.minLength', { min: Number(issue.minimum) });
      if (issue.origin === 'array') return t('validation.pickOne');
      return t('validation.min', { min: Number(issue.minimum) });
    case 'too_big':
      if (issue.origin === 'string') return t('validation.maxLength', { max: Number(issue.maximum) });
      if (issue.origin === 'array') return t('validation.tooMany', { max: Number(issue.maximum) });
      return t('validation.max', { max: Number(issue.maximum) });
    case 'invalid_format':
      return issue.format === 'email' ? t('validation.email') : t('validation.format');
    case 'invalid_type':
      return issue.expected === 'number' || issue.expected === 'int'
        ? t('validation.number')
        : t('validation.required');
    case 'custom':
      if (issue.message.startsWith('may only use the variables')) return t('validation.variables');
      return issue.message;
    default:
      return issue.message || t('validation.format');
  }
}

/**
 * Checks a body against its protocol schema before it is sent: the same rules the server applies,
 * with the message shown beside the field. Returns the parsed body or the per-field messages.
 */
export function validateBody<T>(
  schema: z.ZodMiniType<T>,
  body: unknown,
  t: Translate,
): { ok: true; data: T } | { ok: false; fields: FieldErrors } {
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, data: result.data };
  const fields: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join('.') || '(body)';
    fields[key] ??= issueMessage(issue, t);
  }
  return { ok: false, fields };
}

/** What the server said about a failed save: its per-field messages, else one for the whole form. */
export function serverErrors(error: unknown, t: Translate): { fields: FieldErrors; form: string | null } {
  if (!(error instanceof ApiRequestError)) return { fields: {}, form: t('admin.error.generic') };
  const fields = { ...error.fields };
  const hasFields = Object.keys(fields).length > 0;
  if (error.status === 0) return { fields, form: t('admin.error.unreachable') };
  if (error.code === 'forbidden') return { fields, form: t('admin.error.forbidden') };
  return { fields, form: hasFields ? null : error.message || t('admin.error.generic') };
}
