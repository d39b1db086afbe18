import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslate } from '../i18n';

/* The building blocks every admin page shares: page header, cards, labelled fields with their error
   beside them, a side sheet for editing, a confirmation dialog, a copy-to-clipboard field. */

export function PageHeader({
  title,
  description,
  actions,
  onNew,
}: {
  title: string;
  description?: string;
  actions?: ReactNode;
  /** The page's primary "New …" button, instead of `actions`. */
  onNew?: { label: string; onClick: () => void };
}) {
  const shown = onNew ? (
    <button type="button" className="button button--primary" onClick={onNew.onClick}>
      {onNew.label}
    </button>
  ) : (
    actions
  );
  return (
    <header className="admin-page__header">
      <div>
        <h1 className="admin-page__title">{title}</h1>
        {description && <p className="admin-page__description">{description}</p>}
      </div>
      {shown && <div className="admin-page__actions">{shown}</div>}
    </header>
  );
}

export function Card({
  title,
  description,
  actions,
  children,
}: {
  title?: string;
  description?: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="admin-card">
      {(title ?? actions) && (
        <div className="admin-card__header">
          <div>
            {title && <h2 className="admin-card__title">{title}</h2>}
            {description && <p className="admin-card__description">{description}</p>}
          </div>
          {actions}
        </div>
      )}
      <div className="admin-card__body">{children}</div>
    </section>
  );
}

interface FieldProps {
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}

/** A label, the control, a hint and the field's error, wired for screen readers. */
export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`admin-field${error ? ' admin-field--invalid' : ''}`}>
      <label className="admin-field__label" htmlFor={id}>
        {label}
      </label>
      {children({ id, describedBy, invalid: Boolean(error) })}
      {hint && !error && (
        <p id={hintId} className="admin-field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="admin-field__error">
          {error}
        </p>
      )}
    </div>
  );
}

export function TextField({
  label,
  value,
  onChange,
  error,
  hint,
  type = 'text',
  placeholder,
  autoComplete,
  multiline = false,
  readOnly = false,
}: {
  label: string;
  value: string;
  onChange?: (value: string) => void;
  error?: string | undefined;
  hint?: string | undefined;
  type?: 'text' | 'email' | 'password' | 'number' | 'url' | 'time';
  placeholder?: string;
  autoComplete?: string;
  multiline?: boolean;
  readOnly?: boolean;
}) {
  return (
    <Field label={label} error={error} hint={hint}>
      {({ id, describedBy, invalid }) =>
        multiline ? (
          <textarea
            id={id}
            className="admin-input admin-input--multiline"
            value={value}
            rows={3}
            placeholder={placeholder}
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
            readOnly={readOnly}
            onChange={(e) => onChange?.(e.target.value)}
          />
        ) : (
          <input
            id={id}
            className="admin-input"
            type={type}
            value={value}
            placeholder={placeholder}
            autoComplete={autoComplete}
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
            readOnly={readOnly}
            onChange={(e) => onChange?.(e.target.value)}
          />
        )
      }
    </Field>
  );
}

export function SelectField<V extends string>({
  label,
  value,
  options,
  onChange,
  error,
  hint,
}: {
  label: string;
  value: V;
  options: ReadonlyArray<{ value: V; label: string }>;
  onChange: (value: V) => void;
  error?: string | undefined;
  hint?: string | undefined;
}) {
  return (
    <Field label={label} error={error} hint={hint}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          className="admin-input admin-select"
          value={value}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          onChange={(e) => {
            const picked = options.find((o) => o.value === e.target.value);
            if (picked) onChange(picked.value);
          }}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function Toggle({
  label,
  checked,
  onChange,
  description,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  description?: string;
}) {
  return (
    <label className="admin-toggle">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span className="admin-toggle__track" aria-hidden="true" />
      <span className="admin-toggle__text">
        <span className="admin-toggle__label">{label}</span>
        {description && <span className="admin-toggle__description">{description}</span>}
      </span>
    </label>
  );
}

/** A set of checkboxes (departments of an agent, members of a department, webhook events). */
export function CheckboxGroup<V extends string>({
  legend,
  options,
  selected,
  onChange,
  error,
  empty,
}: {
  legend: string;
  options: ReadonlyArray<{ value: V; label: string; detail?: string }>;
  selected: readonly V[];
  onChange: (selected: V[]) => void;
  error?: string | undefined;
  empty?: string;
}) {
  const errorId = useId();
  return (
    <fieldset
      className={`admin-checks${error ? ' admin-field--invalid' : ''}`}
      aria-describedby={error ? errorId : undefined}
    >
      <legend className="admin-field__label">{legend}</legend>
      {options.length === 0 && empty && <p className="admin-field__hint">{empty}</p>}
      <div className="admin-checks__options">
        {options.map((o) => (
          <label key={o.value} className="admin-check">
            <input
              type="checkbox"
              checked={selected.includes(o.value)}
              onChange={(e) =>
                onChange(e.target.checked ? [...selected, o.value] : selected.filter((v) => v !== o.value))
              }
            />
            <span>{o.label}</span>
            {o.detail && <span className="admin-check__detail">{o.detail}</span>}
          </label>
        ))}
      </div>
      {error && (
        <p id={errorId} className="admin-field__error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="admin-form-error" role="alert">
      {message}
    </p>
  );
}

/** Closes on Escape and gives focus back to what had it. */
function useModalFocus(onClose: () => void) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const first = ref.current?.querySelector<HTMLElement>(
      'input, select, textarea, button:not(.sheet__close)',
    );
    (first ?? ref.current)?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      previous?.focus();
    };
  }, []);
  return ref;
}

/** A panel sliding in from the right, holding one create or edit form. */
export function Sheet({
  title,
  onClose,
  children,
  footer,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer: ReactNode;
}) {
  const t = useTranslate();
  const ref = useModalFocus(onClose);
  const titleId = useId();
  return (
    <div className="sheet-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={ref}
        className="sheet"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
      >
        <div className="sheet__header">
          <h2 id={titleId} className="sheet__title">
            {title}
          </h2>
          <button type="button" className="sheet__close" aria-label={t('admin.close')} onClick={onClose}>
            ×
          </button>
        </div>
        <div className="sheet__body">{children}</div>
        <div className="sheet__footer">{footer}</div>
      </div>
    </div>
  );
}

/** A centred dialog for a confirmation or a one-time secret. */
export function Modal({
  title,
  onClose,
  children,
  actions,
  tone = 'default',
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  actions: ReactNode;
  tone?: 'default' | 'danger';
}) {
  const ref = useModalFocus(onClose);
  const titleId = useId();
  return (
    <div
      className="sheet-backdrop sheet-backdrop--center"
      onMouseDown={(e) => e.target === e.currentTarget && onClose()}
    >
      <div
        ref={ref}
        className={`admin-modal admin-modal--${tone}`}
        role={tone === 'danger' ? 'alertdialog' : 'dialog'}
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
      >
        <h2 id={titleId} className="admin-modal__title">
          {title}
        </h2>
        <div className="admin-modal__body">{children}</div>
        <div className="admin-modal__actions">{actions}</div>
      </div>
    </div>
  );
}

/** A read-only value with a Copy button (embed snippet, invite link, token, secret). */
export function CopyField({
  label,
  value,
  multiline = false,
}: {
  label: string;
  value: string;
  multiline?: boolean;
}) {
  const t = useTranslate();
  const id = useId();
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard?.writeText(value).then(
      () => setCopied(true),
      () => setCopied(false),
    );
    const input = document.getElementById(id);
    if (input instanceof HTMLInputElement || input instanceof HTMLTextAreaElement) input.select();
  };
  return (
    <div className="admin-field">
      <label className="admin-field__label" htmlFor={id}>
        {label}
      </label>
      <div className={`copy-field${multiline ? ' copy-field--multiline' : ''}`}>
        {multiline ? (
          <textarea id={id} className="copy-field__value" readOnly value={value} rows={3} />
        ) : (
          <input id={id} className="copy-field__value" readOnly value={value} />
        )}
        <button type="button" className="button button--secondary button--small" onClick={copy}>
          {copied ? t('admin.copied') : t('admin.copy')}
        </button>
      </div>
    </div>
  );
}

export function EmptyState({ title, text, action }: { title: string; text?: string; action?: ReactNode }) {
  return (
    <div className="admin-empty">
      <p className="admin-empty__title">{title}</p>
      {text && <p className="admin-empty__text">{text}</p>}
      {action}
    </div>
  );
}

export function LoadError({ message, onRetry }: { message: string; onRetry: () => void }) {
  const t = useTranslate();
  return (
    <div className="admin-form-error" role="alert">
      {message}{' '}
      <button type="button" className="link-button" onClick={onRetry}>
        {t('admin.retry')}
      </button>
    </div>
  );
}

export function Pill({
  tone,
  children,
}: {
  tone: 'green' | 'amber' | 'red' | 'gray' | 'accent';
  children: ReactNode;
}) {
  return <span className={`admin-pill admin-pill--${tone}`}>{children}</span>;
}

/** A notice after an action, announced politely. */
export function Notice({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="admin-notice" role="status">
      {message}
    </p>
  );
}

/** What a form's buttons need from useFormSubmit. */
interface FormState {
  formError: string | null;
  saving: boolean;
}

/** A form that validates itself (noValidate) and saves on submit. */
export function AdminForm({
  onSubmit,
  className = 'admin-form',
  children,
}: {
  onSubmit: () => unknown;
  className?: string;
  children: ReactNode;
}) {
  return (
    <form
      className={className}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit();
      }}
    >
      {children}
    </form>
  );
}

/**
 * A Sheet holding one create or edit form: the form's error, Cancel and a save button in the footer.
 * `submitOnEnter` wraps the fields in a <form> so Enter saves; otherwise they sit in a plain block.
 * `savingLabel` replaces the save label while saving (default "Saving…", null keeps the label).
 */
export function FormSheet({
  title,
  onClose,
  form,
  saveLabel,
  savingLabel,
  onSave,
  submitOnEnter = false,
  children,
}: {
  title: string;
  onClose: () => void;
  form: FormState;
  saveLabel: string;
  savingLabel?: string | null;
  onSave: () => unknown;
  submitOnEnter?: boolean;
  children: ReactNode;
}) {
  const t = useTranslate();
  const busyLabel = savingLabel === undefined ? t('admin.saving') : savingLabel;
  return (
    <Sheet
      title={title}
      onClose={onClose}
      footer={
        <>
          <FormError message={form.formError} />
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('admin.cancel')}
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={form.saving}
            onClick={() => void onSave()}
          >
            {form.saving && busyLabel ? busyLabel : saveLabel}
          </button>
        </>
      }
    >
      {submitOnEnter ? (
        <AdminForm onSubmit={onSave}>
          {children}
          <button type="submit" hidden />
        </AdminForm>
      ) : (
        <div className="admin-form">{children}</div>
      )}
    </Sheet>
  );
}

/**
 * A Modal asking to confirm one action: Cancel and the action's button (red for tone danger),
 * with the action's error under the content.
 */
export function ConfirmDialog({
  title,
  tone = 'default',
  onClose,
  confirmLabel,
  onConfirm,
  disabled = false,
  error = null,
  children,
}: {
  title: string;
  tone?: 'default' | 'danger';
  onClose: () => void;
  confirmLabel: string;
  onConfirm: () => unknown;
  disabled?: boolean;
  error?: string | null;
  children: ReactNode;
}) {
  const t = useTranslate();
  return (
    <Modal
      title={title}
      tone={tone}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('admin.cancel')}
          </button>
          <button
            type="button"
            className={`button ${tone === 'danger' ? 'button--danger' : 'button--primary'}`}
            disabled={disabled}
            onClick={() => void onConfirm()}
          >
            {confirmLabel}
          </button>
        </>
      }
    >
      {children}
      <FormError message={error} />
    </Modal>
  );
}

/** A Modal showing a result (a one-time secret, an invite link) with a single Done button. */
export function DoneDialog({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const t = useTranslate();
  return (
    <Modal
      title={title}
      onClose={onClose}
      actions={
        <button type="button" className="button button--primary" onClick={onClose}>
          {t('admin.done')}
        </button>
      }
    >
      {children}
    </Modal>
  );
}

/** The end of an inline form: its error, a "saved" note, extra buttons, then the save button. */
export function FormActions({
  form,
  saved,
  label,
  onSave,
  children,
}: {
  form: FormState;
  saved?: string | null | false;
  label: string;
  /** Without it the button submits the surrounding form. */
  onSave?: () => unknown;
  children?: ReactNode;
}) {
  return (
    <div className="admin-form__actions">
      <FormError message={form.formError} />
      {saved && <span className="admin-saved">{saved}</span>}
      {children}
      {onSave ? (
        <button
          type="button"
          className="button button--primary"
          disabled={form.saving}
          onClick={() => void onSave()}
        >
          {label}
        </button>
      ) : (
        <button type="submit" className="button button--primary" disabled={form.saving}>
          {label}
        </button>
      )}
    </div>
  );
}

/** Radio buttons drawn as a segmented control; with `label` it is a named radiogroup. */
export function Segmented<V extends string>({
  name,
  value,
  options,
  onChange,
  label,
}: {
  name: string;
  value: V;
  options: ReadonlyArray<{ value: V; label: string }>;
  onChange: (value: V) => void;
  label?: string;
}) {
  return (
    <div className="segmented" role={label ? 'radiogroup' : undefined} aria-label={label}>
      {options.map((o) => (
        <label
          key={o.value}
          className={`segmented__option${value === o.value ? ' segmented__option--on' : ''}`}
        >
          <input type="radio" name={name} checked={value === o.value} onChange={() => onChange(o.value)} />
          {o.label}
        </label>
      ))}
    </div>
  );
}

/** A table with its header row; `actions` adds the last, visually hidden "Actions" column. */
export function DataTable({
  columns,
  actions = false,
  compact = false,
  children,
}: {
  columns: ReadonlyArray<{ label: string; num?: boolean } | false>;
  actions?: boolean;
  compact?: boolean;
  children: ReactNode;
}) {
  const t = useTranslate();
  return (
    <table className={compact ? 'admin-table admin-table--compact' : 'admin-table'}>
      <thead>
        <tr>
          {columns.map(
            (c, i) =>
              c && (
                <th key={i} scope="col" className={c.num ? 'admin-table__num' : undefined}>
                  {c.label}
                </th>
              ),
          )}
          {actions && (
            <th scope="col">
              <span className="visually-hidden">{t('admin.actions')}</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** A small ghost button in a table row or list (Edit, Delete, Load more); `danger` colours it red. */
export function RowButton({
  children,
  onClick,
  label,
  danger = false,
  disabled,
  expanded,
}: {
  children: ReactNode;
  onClick: () => void;
  /** The accessible name, when the text alone does not say which row. */
  label?: string;
  danger?: boolean;
  disabled?: boolean;
  /** For a button showing or hiding a section. */
  expanded?: boolean;
}) {
  return (
    <button
      type="button"
      className={`button button--ghost button--small${danger ? ' button--danger-text' : ''}`}
      aria-label={label}
      aria-expanded={expanded}
      disabled={disabled}
      onClick={onClick}
    >
      {children}
    </button>
  );
}
