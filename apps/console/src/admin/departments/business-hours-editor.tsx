import type { BusinessHours, DayHours } from '@livechat/protocol';
import { useId } from 'react';
import { useTranslate, type MessageKey } from '../../i18n';
import type { FieldErrors } from '../field-errors';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const DAY_LABEL: Record<Weekday, MessageKey> = {
  mon: 'admin.day.mon',
  tue: 'admin.day.tue',
  wed: 'admin.day.wed',
  thu: 'admin.day.thu',
  fri: 'admin.day.fri',
  sat: 'admin.day.sat',
  sun: 'admin.day.sun',
};

/** Weekdays 09:00-17:00 in the browser's time zone: the usual starting point. */
export function defaultBusinessHours(): BusinessHours {
  const nine: DayHours = [['09:00', '17:00']];
  return {
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
    days: { mon: nine, tue: nine, wed: nine, thu: nine, fri: nine },
  };
}

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}

/** The first error under `prefix` (the server and the schema name nested paths like days.mon.0.1). */
export function errorUnder(fields: FieldErrors, prefix: string): string | undefined {
  const key = Object.keys(fields).find((k) => k === prefix || k.startsWith(`${prefix}.`));
  return key ? fields[key] : undefined;
}

/** Always open, or opening intervals per weekday in a named time zone. */
export function BusinessHoursEditor({
  value,
  onChange,
  errors,
}: {
  value: BusinessHours | null;
  onChange: (value: BusinessHours | null) => void;
  errors: FieldErrors;
}) {
  const t = useTranslate();
  const listId = useId();
  const tzId = useId();
  const tzError = errorUnder(errors, 'businessHours.timezone');

  const setDay = (day: Weekday, hours: DayHours) => {
    if (!value) return;
    onChange({ ...value, days: { ...value.days, [day]: hours } });
  };

  return (
    <fieldset className="hours">
      <legend className="admin-field__label">{t('admin.departments.hours')}</legend>
      <div className="segmented" role="radiogroup" aria-label={t('admin.departments.hours')}>
        <label className={`segmented__option${value ? '' : ' segmented__option--on'}`}>
          <input type="radio" checked={!value} onChange={() => onChange(null)} />
          {t('admin.departments.alwaysOpen')}
        </label>
        <label className={`segmented__option${value ? ' segmented__option--on' : ''}`}>
          <input
            type="radio"
            checked={Boolean(value)}
            onChange={() => onChange(value ?? defaultBusinessHours())}
          />
          {t('admin.departments.setHours')}
        </label>
      </div>
      {value && (
        <>
          <div className={`admin-field${tzError ? ' admin-field--invalid' : ''}`}>
            <label className="admin-field__label" htmlFor={tzId}>
              {t('admin.departments.timezone')}
            </label>
            <input
              id={tzId}
              className="admin-input"
              list={listId}
              value={value.timezone}
              aria-invalid={Boolean(tzError) || undefined}
              onChange={(e) => onChange({ ...value, timezone: e.target.value })}
            />
            <datalist id={listId}>
              {timeZones().map((tz) => (
                <option key={tz} value={tz} />
              ))}
            </datalist>
            {tzError && <p className="admin-field__error">{tzError}</p>}
          </div>
          <div className="hours__days">
            {WEEKDAYS.map((day) => {
              const hours = value.days[day] ?? [];
              const open = hours.length > 0;
              const dayError = errorUnder(errors, `businessHours.days.${day}`);
              return (
                <div key={day} className="hours__day">
                  <label className="hours__toggle">
                    <input
                      type="checkbox"
                      checked={open}
                      onChange={(e) => setDay(day, e.target.checked ? [['09:00', '17:00']] : [])}
                    />
                    <span>{t(DAY_LABEL[day])}</span>
                  </label>
                  <div className="hours__intervals">
                    {!open && <span className="hours__closed">{t('admin.departments.closed')}</span>}
                    {hours.map(([from, to], index) => (
                      <span key={index} className="hours__interval">
                        <input
                          className="admin-input admin-input--time"
                          type="time"
                          aria-label={t('admin.departments.opensAt', { day: t(DAY_LABEL[day]) })}
                          value={from}
                          onChange={(e) =>
                            setDay(
                              day,
                              hours.map((h, i) => (i === index ? [e.target.value, h[1]] : h)),
                            )
                          }
                        />
                        <span aria-hidden="true">–</span>
                        <input
                          className="admin-input admin-input--time"
                          type="time"
                          aria-label={t('admin.departments.closesAt', { day: t(DAY_LABEL[day]) })}
                          value={to}
                          onChange={(e) =>
                            setDay(
                              day,
                              hours.map((h, i) => (i === index ? [h[0], e.target.value] : h)),
                            )
                          }
                        />
                        <button
                          type="button"
                          className="icon-only"
                          aria-label={t('admin.departments.removeInterval')}
                          onClick={() =>
                            setDay(
                              day,
                              hours.filter((_, i) => i !== index),
                            )
                          }
                        >
                          ×
                        </button>
                      </span>
                    ))}
                    {open && (
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => setDay(day, [...hours, ['13:00', '17:00']])}
                      >
                        {t('admin.departments.addInterval')}
                      </button>
                    )}
                  </div>
                  {dayError && <p className="admin-field__error hours__error">{dayError}</p>}
                </div>
              );
            })}
          </div>
        </>
      )}
    </fieldset>
  );
}
