import { DepartmentCreateBody, SitePatchBody } from '@livechat/protocol';
import { describe, expect, it } from 'vitest';
import { ApiRequestError } from '../api/http-client';
import { translate, type Translate } from '../i18n';
import { serverErrors, validateBody } from './field-errors';

const en: Translate = (key, params) => translate('en', key, params);
const zh: Translate = (key, params) => translate('zh-CN', key, params);

describe('validateBody', () => {
  it('gives one translated message per field, keyed by its path', () => {
    const result = validateBody(
      SitePatchBody,
      { name: '', color: 'red', allowedOrigins: ['https://ok.example', 'https://bad.example/path'] },
      en,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fields).toEqual({
      name: 'Required.',
      color: 'Use a colour such as #2563eb.',
      'allowedOrigins.1': 'Use an origin such as https://shop.example.com (no path), or *.',
    });
    const chinese = validateBody(SitePatchBody, { color: 'red' }, zh);
    expect(chinese.ok ? null : chinese.fields.color).toBe('请使用颜色值，例如 #2563eb。');
  });

  it('checks nested business hours and numbers', () => {
    const result = validateBody(
      DepartmentCreateBody,
      {
        name: 'Sales',
        maxQueue: Number.NaN,
        businessHours: { timezone: 'Mars/Base', days: { mon: [['17:00', '09:00']] } },
      },
      en,
    );
    expect(result.ok ? null : result.fields).toEqual({
      maxQueue: 'Enter a whole number.',
      'businessHours.timezone': 'Use a time zone such as Europe/Paris.',
      'businessHours.days.mon.0': 'Opening time must be before closing time.',
    });
  });

  it('passes a valid body through, trimmed', () => {
    const result = validateBody(DepartmentCreateBody, { name: '  Sales ' }, en);
    expect(result).toEqual({ ok: true, data: { name: 'Sales' } });
  });
});

describe('serverErrors', () => {
  it('shows the server field messages beside fields, and a form message otherwise', () => {
    const withFields = new ApiRequestError(400, 'bad_request', 'Some fields are not valid', {
      email: 'is taken',
    });
    expect(serverErrors(withFields, en)).toEqual({ fields: { email: 'is taken' }, form: null });
    const conflict = new ApiRequestError(409, 'invalid_state', 'The department still has conversations');
    expect(serverErrors(conflict, en)).toEqual({
      fields: {},
      form: 'The department still has conversations',
    });
    expect(serverErrors(new ApiRequestError(0, 'unavailable', 'x'), en).form).toBe(
      'The server cannot be reached. Try again in a moment.',
    );
  });
});
