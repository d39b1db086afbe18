import { useState } from 'react';
import type * as z from 'zod/mini';
import { useTranslate } from '../i18n';
import { expireOn401 } from './admin-data-store';
import { serverErrors, validateBody, type FieldErrors } from './field-errors';

/**
 * One form's save cycle: check the body with its protocol schema (messages beside the fields),
 * send it, and show what the server refused the same way.
 */
export function useFormSubmit() {
  const t = useTranslate();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function submit<T>(schema: z.ZodMiniType<T>, body: unknown, send: (data: T) => Promise<void>) {
    const checked = validateBody(schema, body, t);
    if (!checked.ok) {
      setErrors(checked.fields);
      setFormError(t('admin.error.fixFields'));
      return false;
    }
    setSaving(true);
    setErrors({});
    setFormError(null);
    try {
      await send(checked.data);
      return true;
    } catch (error) {
      expireOn401(error);
      const { fields, form } = serverErrors(error, t);
      setErrors(fields);
      setFormError(form ?? (Object.keys(fields).length ? t('admin.error.fixFields') : null));
      return false;
    } finally {
      setSaving(false);
    }
  }

  /** For actions without a body (delete, rotate): only the server's answer can fail. */
  async function run(action: () => Promise<void>) {
    setSaving(true);
    setFormError(null);
    try {
      await action();
      return true;
    } catch (error) {
      expireOn401(error);
      setFormError(serverErrors(error, t).form ?? t('admin.error.generic'));
      return false;
    } finally {
      setSaving(false);
    }
  }

  return { errors, setErrors, formError, setFormError, saving, submit, run };
}
