import {
  DepartmentCreateBody,
  DepartmentPatchBody,
  type AdminDepartment,
  type BusinessHours,
  type RoutingMode,
} from '@livechat/protocol';
import { useState } from 'react';
import { useTranslate, type MessageKey } from '../../i18n';
import { useAdminDataStore } from '../admin-data-store';
import {
  Card,
  CheckboxGroup,
  ConfirmDialog,
  DataTable,
  EmptyState,
  FormSheet,
  Notice,
  PageHeader,
  Pill,
  RowButton,
  SelectField,
  TextField,
} from '../admin-ui';
import { useCollection, useCollectionStatus } from '../use-collection';
import { useFormSubmit } from '../use-form-submit';
import { BusinessHoursEditor } from './business-hours-editor';

export const ROUTING_LABEL: Record<RoutingMode, MessageKey> = {
  MANUAL: 'admin.routing.MANUAL',
  ROUND_ROBIN: 'admin.routing.ROUND_ROBIN',
  LEAST_BUSY: 'admin.routing.LEAST_BUSY',
};

type Editing = { department: AdminDepartment | null } | null;

export function DepartmentsPage() {
  const t = useTranslate();
  const departments = useCollection('departments');
  const agents = useCollection('agents');
  const sites = useCollection('sites');
  const status = useCollectionStatus('departments');
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<AdminDepartment | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const siteName = (id: string | null) =>
    id ? (sites.find((s) => s.id === id)?.name ?? id) : t('admin.departments.global');

  return (
    <div className="admin-page">
      <PageHeader
        title={t('admin.nav.departments')}
        description={t('admin.departments.description')}
        onNew={{ label: t('admin.departments.new'), onClick: () => setEditing({ department: null }) }}
      />
      <Notice message={notice} />
      <Card>
        {status === 'ready' && departments.length === 0 ? (
          <EmptyState title={t('admin.departments.empty')} />
        ) : (
          <DataTable
            columns={[
              { label: t('admin.departments.name') },
              { label: t('admin.departments.routing') },
              { label: t('admin.departments.members') },
              { label: t('admin.departments.hoursShort') },
              { label: t('admin.departments.open'), num: true },
            ]}
            actions
          >
            {departments.map((d) => (
              <tr key={d.id}>
                <td>
                  <div className="admin-table__primary">{d.name}</div>
                  <div className="admin-table__secondary">{d.description || siteName(d.siteId)}</div>
                </td>
                <td>
                  <Pill tone={d.routing === 'MANUAL' ? 'gray' : 'accent'}>{t(ROUTING_LABEL[d.routing])}</Pill>
                </td>
                <td>
                  <AvatarStack
                    names={d.memberIds.map((id) => agents.find((a) => a.id === id)?.name ?? '?')}
                  />
                </td>
                <td className="admin-table__muted">
                  {d.businessHours ? d.businessHours.timezone : t('admin.departments.alwaysOpen')}
                </td>
                <td className="admin-table__num">{d.openConversations}</td>
                <td className="admin-table__actions">
                  <RowButton
                    label={t('admin.editNamed', { name: d.name })}
                    onClick={() => setEditing({ department: d })}
                  >
                    {t('admin.edit')}
                  </RowButton>
                  <RowButton
                    danger
                    label={t('admin.deleteNamed', { name: d.name })}
                    onClick={() => setDeleting(d)}
                  >
                    {t('admin.delete')}
                  </RowButton>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
      {editing && (
        <DepartmentSheet
          key={editing.department?.id ?? 'new'}
          department={editing.department}
          onClose={() => setEditing(null)}
        />
      )}
      {deleting && (
        <DeleteDepartmentDialog
          department={deleting}
          others={departments.filter((d) => d.id !== deleting.id)}
          onClose={() => setDeleting(null)}
          onDeleted={(text) => {
            setDeleting(null);
            setNotice(text);
          }}
        />
      )}
    </div>
  );
}

export function AvatarStack({ names }: { names: string[] }) {
  const t = useTranslate();
  if (names.length === 0)
    return <span className="admin-table__muted">{t('admin.departments.noMembers')}</span>;
  const shown = names.slice(0, 4);
  return (
    <span className="avatar-stack" title={names.join(', ')}>
      {shown.map((name, i) => (
        <span key={i} className="avatar avatar--small avatar-stack__item" aria-hidden="true">
          {name.slice(0, 1).toUpperCase()}
        </span>
      ))}
      <span className="avatar-stack__count">
        {t('admin.departments.memberCount', { count: names.length })}
      </span>
    </span>
  );
}

function DepartmentSheet({
  department,
  onClose,
}: {
  department: AdminDepartment | null;
  onClose: () => void;
}) {
  const t = useTranslate();
  const agents = useCollection('agents');
  const sites = useCollection('sites');
  const form = useFormSubmit();
  const [name, setName] = useState(department?.name ?? '');
  const [description, setDescription] = useState(department?.description ?? '');
  const [siteId, setSiteId] = useState(department?.siteId ?? '');
  const [routing, setRouting] = useState<RoutingMode>(department?.routing ?? 'MANUAL');
  const [maxQueue, setMaxQueue] = useState(String(department?.maxQueue ?? 0));
  const [hours, setHours] = useState<BusinessHours | null>(department?.businessHours ?? null);
  const [offlineMessage, setOfflineMessage] = useState(department?.offlineMessage ?? '');
  const [memberIds, setMemberIds] = useState<string[]>(department?.memberIds ?? []);

  const save = async () => {
    const body = {
      name,
      description,
      routing,
      maxQueue: maxQueue.trim() === '' ? Number.NaN : Number(maxQueue),
      businessHours: hours,
      offlineMessage,
      memberIds,
    };
    const store = useAdminDataStore.getState();
    const saved = department
      ? await form.submit(DepartmentPatchBody, body, async (data) => {
          await store.updateDepartment(department.id, data);
        })
      : await form.submit(DepartmentCreateBody, { ...body, siteId: siteId || null }, async (data) => {
          await store.createDepartment(data);
        });
    if (saved) onClose();
  };

  return (
    <FormSheet
      title={
        department ? t('admin.departments.editTitle', { name: department.name }) : t('admin.departments.new')
      }
      onClose={onClose}
      form={form}
      saveLabel={department ? t('admin.save') : t('admin.create')}
      onSave={save}
      submitOnEnter
    >
      <TextField
        label={t('admin.departments.name')}
        value={name}
        onChange={setName}
        error={form.errors.name}
      />
      <TextField
        label={t('admin.departments.descriptionLabel')}
        value={description}
        onChange={setDescription}
        error={form.errors.description}
        multiline
      />
      {!department && (
        <SelectField
          label={t('admin.departments.site')}
          value={siteId}
          options={[
            { value: '', label: t('admin.departments.global') },
            ...sites.map((s) => ({ value: s.id, label: s.name })),
          ]}
          onChange={setSiteId}
          error={form.errors.siteId}
          hint={t('admin.departments.siteHint')}
        />
      )}
      <div className="admin-form__row">
        <SelectField
          label={t('admin.departments.routing')}
          value={routing}
          options={(['MANUAL', 'ROUND_ROBIN', 'LEAST_BUSY'] as const).map((r) => ({
            value: r,
            label: t(ROUTING_LABEL[r]),
          }))}
          onChange={setRouting}
          error={form.errors.routing}
          hint={t(`admin.routingHint.${routing}`)}
        />
        <TextField
          label={t('admin.departments.maxQueue')}
          type="number"
          value={maxQueue}
          onChange={setMaxQueue}
          error={form.errors.maxQueue}
          hint={t('admin.departments.maxQueueHint')}
        />
      </div>
      <CheckboxGroup
        legend={t('admin.departments.members')}
        options={agents.map((a) => ({
          value: a.id,
          label: a.name,
          detail: a.active ? a.email : t('admin.agents.inactive'),
        }))}
        selected={memberIds}
        onChange={setMemberIds}
        error={form.errors.memberIds}
        empty={t('admin.departments.noAgents')}
      />
      <BusinessHoursEditor value={hours} onChange={setHours} errors={form.errors} />
      <TextField
        label={t('admin.departments.offlineMessage')}
        value={offlineMessage}
        onChange={setOfflineMessage}
        error={form.errors.offlineMessage}
        hint={t('admin.departments.offlineHint')}
        multiline
      />
    </FormSheet>
  );
}

function DeleteDepartmentDialog({
  department,
  others,
  onClose,
  onDeleted,
}: {
  department: AdminDepartment;
  others: AdminDepartment[];
  onClose: () => void;
  onDeleted: (notice: string) => void;
}) {
  const t = useTranslate();
  const form = useFormSubmit();
  const [moveTo, setMoveTo] = useState(others[0]?.id ?? '');
  const remove = async () => {
    await form.run(async () => {
      const result = await useAdminDataStore.getState().deleteDepartment(department.id, moveTo || null);
      const target = others.find((d) => d.id === moveTo)?.name ?? '';
      onDeleted(
        t('admin.departments.deleted', {
          name: department.name,
          open: result.movedOpen,
          closed: result.movedClosed,
          target,
        }),
      );
    });
  };
  return (
    <ConfirmDialog
      title={t('admin.departments.deleteTitle', { name: department.name })}
      tone="danger"
      onClose={onClose}
      confirmLabel={t('admin.departments.deleteConfirm')}
      onConfirm={remove}
      disabled={form.saving}
      error={form.formError}
    >
      <p>
        {department.openConversations > 0
          ? t('admin.departments.deleteOpen', { count: department.openConversations })
          : t('admin.departments.deleteNoOpen')}
      </p>
      {others.length > 0 ? (
        <SelectField
          label={t('admin.departments.moveTo')}
          value={moveTo}
          options={others.map((d) => ({ value: d.id, label: d.name }))}
          onChange={setMoveTo}
          hint={t('admin.departments.moveToHint')}
        />
      ) : (
        <p className="admin-field__hint">{t('admin.departments.lastOne')}</p>
      )}
    </ConfirmDialog>
  );
}
