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
  EmptyState,
  FormError,
  Modal,
  PageHeader,
  Pill,
  SelectField,
  Sheet,
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
        actions={
          <button
            type="button"
            className="button button--primary"
            onClick={() => setEditing({ department: null })}
          >
            {t('admin.departments.new')}
          </button>
        }
      />
      {notice && (
        <p className="admin-notice" role="status">
          {notice}
        </p>
      )}
      <Card>
        {status === 'ready' && departments.length === 0 ? (
          <EmptyState title={t('admin.departments.empty')} />
        ) : (
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.departments.name')}</th>
                <th scope="col">{t('admin.departments.routing')}</th>
                <th scope="col">{t('admin.departments.members')}</th>
                <th scope="col">{t('admin.departments.hoursShort')}</th>
                <th scope="col" className="admin-table__num">
                  {t('admin.departments.open')}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t('admin.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {departments.map((d) => (
                <tr key={d.id}>
                  <td>
                    <div className="admin-table__primary">{d.name}</div>
                    <div className="admin-table__secondary">{d.description || siteName(d.siteId)}</div>
                  </td>
                  <td>
                    <Pill tone={d.routing === 'MANUAL' ? 'gray' : 'accent'}>
                      {t(ROUTING_LABEL[d.routing])}
                    </Pill>
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
                    <button
                      type="button"
                      className="button button--ghost button--small"
                      aria-label={t('admin.editNamed', { name: d.name })}
                      onClick={() => setEditing({ department: d })}
                    >
                      {t('admin.edit')}
                    </button>
                    <button
                      type="button"
                      className="button button--ghost button--small button--danger-text"
                      aria-label={t('admin.deleteNamed', { name: d.name })}
                      onClick={() => setDeleting(d)}
                    >
                      {t('admin.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
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
    <Sheet
      title={
        department ? t('admin.departments.editTitle', { name: department.name }) : t('admin.departments.new')
      }
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
            onClick={() => void save()}
          >
            {form.saving ? t('admin.saving') : department ? t('admin.save') : t('admin.create')}
          </button>
        </>
      }
    >
      <form
        className="admin-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
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
        <button type="submit" hidden />
      </form>
    </Sheet>
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
    <Modal
      title={t('admin.departments.deleteTitle', { name: department.name })}
      tone="danger"
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('admin.cancel')}
          </button>
          <button
            type="button"
            className="button button--danger"
            disabled={form.saving}
            onClick={() => void remove()}
          >
            {t('admin.departments.deleteConfirm')}
          </button>
        </>
      }
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
      <FormError message={form.formError} />
    </Modal>
  );
}
