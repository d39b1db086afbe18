import { CANNED_VARIABLES, CannedCreateBody, type CannedResponseItem } from '@livechat/protocol';
import { useRef, useState } from 'react';
import { useTranslate } from '../../i18n';
import { useAdminDataStore } from '../admin-data-store';
import {
  Card,
  DataTable,
  EmptyState,
  Field,
  FormSheet,
  PageHeader,
  Pill,
  RowButton,
  SelectField,
  TextField,
} from '../admin-ui';
import { useCollection, useCollectionStatus } from '../use-collection';
import { useFormSubmit } from '../use-form-submit';

export function CannedPage() {
  const t = useTranslate();
  const canned = useCollection('canned');
  const departments = useCollection('departments');
  const status = useCollectionStatus('canned');
  const [scope, setScope] = useState('all');
  const [editing, setEditing] = useState<{ item: CannedResponseItem | null } | null>(null);
  const shown = canned.filter((c) =>
    scope === 'all' ? true : scope === 'global' ? c.departmentId === null : c.departmentId === scope,
  );
  const deptName = (id: string | null) =>
    id ? (departments.find((d) => d.id === id)?.name ?? '…') : t('admin.canned.global');

  return (
    <div className="admin-page">
      <PageHeader
        title={t('admin.nav.canned')}
        description={t('admin.canned.description')}
        onNew={{ label: t('admin.canned.new'), onClick: () => setEditing({ item: null }) }}
      />
      <Card
        actions={
          <div className="admin-filter">
            <SelectField
              label={t('admin.canned.show')}
              value={scope}
              options={[
                { value: 'all', label: t('admin.canned.all') },
                { value: 'global', label: t('admin.canned.global') },
                ...departments.map((d) => ({ value: d.id, label: d.name })),
              ]}
              onChange={setScope}
            />
          </div>
        }
      >
        {status === 'ready' && shown.length === 0 ? (
          <EmptyState title={t('admin.canned.empty')} text={t('admin.canned.emptyHint')} />
        ) : (
          <DataTable
            columns={[
              { label: t('admin.canned.shortcut') },
              { label: t('admin.canned.text') },
              { label: t('admin.canned.scope') },
            ]}
            actions
          >
            {shown.map((c) => (
              <tr key={c.id}>
                <td>
                  <code className="admin-code">/{c.shortcut}</code>
                </td>
                <td>
                  {c.title && <div className="admin-table__primary">{c.title}</div>}
                  <div className="admin-table__secondary admin-table__clamp">{c.body}</div>
                </td>
                <td>
                  <Pill tone={c.departmentId ? 'accent' : 'gray'}>{deptName(c.departmentId)}</Pill>
                </td>
                <td className="admin-table__actions">
                  <RowButton
                    label={t('admin.editNamed', { name: `/${c.shortcut}` })}
                    onClick={() => setEditing({ item: c })}
                  >
                    {t('admin.edit')}
                  </RowButton>
                  <RowButton
                    danger
                    label={t('admin.deleteNamed', { name: `/${c.shortcut}` })}
                    onClick={() => void useAdminDataStore.getState().deleteCanned(c.id)}
                  >
                    {t('admin.delete')}
                  </RowButton>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
      {editing && <CannedSheet item={editing.item} onClose={() => setEditing(null)} />}
    </div>
  );
}

function CannedSheet({ item, onClose }: { item: CannedResponseItem | null; onClose: () => void }) {
  const t = useTranslate();
  const departments = useCollection('departments');
  const form = useFormSubmit();
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const [shortcut, setShortcut] = useState(item?.shortcut ?? '');
  const [title, setTitle] = useState(item?.title ?? '');
  const [departmentId, setDepartmentId] = useState(item?.departmentId ?? '');
  const [body, setBody] = useState(item?.body ?? '');

  const insert = (variable: string) => {
    const el = bodyRef.current;
    const token = `{{${variable}}}`;
    const at = el?.selectionStart ?? body.length;
    const end = el?.selectionEnd ?? at;
    setBody(body.slice(0, at) + token + body.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + token.length, at + token.length);
    });
  };

  const save = async () => {
    const ok = await form.submit(
      CannedCreateBody,
      { shortcut, title, body, departmentId: departmentId || null },
      async (data) => {
        const store = useAdminDataStore.getState();
        if (item) await store.updateCanned(item.id, data);
        else await store.createCanned(data);
      },
    );
    if (ok) onClose();
  };

  return (
    <FormSheet
      title={item ? t('admin.canned.editTitle', { shortcut: item.shortcut }) : t('admin.canned.new')}
      onClose={onClose}
      form={form}
      saveLabel={item ? t('admin.save') : t('admin.create')}
      onSave={save}
    >
      <div className="admin-form__row">
        <TextField
          label={t('admin.canned.shortcut')}
          value={shortcut}
          onChange={(v) => setShortcut(v.toLowerCase())}
          error={form.errors.shortcut}
          hint={t('admin.canned.shortcutHint')}
        />
        <SelectField
          label={t('admin.canned.scope')}
          value={departmentId}
          options={[
            { value: '', label: t('admin.canned.global') },
            ...departments.map((d) => ({ value: d.id, label: d.name })),
          ]}
          onChange={setDepartmentId}
          error={form.errors.departmentId}
        />
      </div>
      <TextField
        label={t('admin.canned.title')}
        value={title}
        onChange={setTitle}
        error={form.errors.title}
      />
      <Field label={t('admin.canned.text')} error={form.errors.body} hint={t('admin.canned.variablesHint')}>
        {({ id, describedBy, invalid }) => (
          <textarea
            id={id}
            ref={bodyRef}
            className="admin-input admin-input--multiline"
            rows={6}
            value={body}
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
            onChange={(e) => setBody(e.target.value)}
          />
        )}
      </Field>
      <div className="variable-chips" aria-label={t('admin.canned.insert')}>
        {CANNED_VARIABLES.map((v) => (
          <button key={v} type="button" className="variable-chip" onClick={() => insert(v)}>
            {`{{${v}}}`}
          </button>
        ))}
      </div>
    </FormSheet>
  );
}
