import {
  AgentCreateBody,
  AgentPatchBody,
  NewPassword,
  type AdminAgent,
  type InviteLink,
  type Role,
} from '@livechat/protocol';
import { useState } from 'react';
import { formatDateTime, useLocaleStore, useTranslate } from '../../i18n';
import { useSessionStore } from '../../stores/session-store';
import { adminApi } from '../admin-api';
import { useAdminDataStore } from '../admin-data-store';
import {
  Card,
  CheckboxGroup,
  CopyField,
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

type Dialog =
  | { kind: 'edit'; agent: AdminAgent | null }
  | { kind: 'invite'; agent: AdminAgent; invite: InviteLink; reset: boolean }
  | { kind: 'reset'; agent: AdminAgent }
  | { kind: 'deactivate'; agent: AdminAgent }
  | null;

export function AgentsPage() {
  const t = useTranslate();
  const agents = useCollection('agents');
  const departments = useCollection('departments');
  const status = useCollectionStatus('agents');
  const meId = useSessionStore((s) => s.agent?.id);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const deptName = (id: string) => departments.find((d) => d.id === id)?.name ?? '…';

  return (
    <div className="admin-page">
      <PageHeader
        title={t('admin.nav.agents')}
        description={t('admin.agents.description')}
        actions={
          <button
            type="button"
            className="button button--primary"
            onClick={() => setDialog({ kind: 'edit', agent: null })}
          >
            {t('admin.agents.new')}
          </button>
        }
      />
      {notice && (
        <p className="admin-notice" role="status">
          {notice}
        </p>
      )}
      <Card>
        {status === 'ready' && agents.length === 0 ? (
          <EmptyState title={t('admin.agents.empty')} />
        ) : (
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.agents.name')}</th>
                <th scope="col">{t('admin.agents.role')}</th>
                <th scope="col">{t('admin.agents.departments')}</th>
                <th scope="col" className="admin-table__num">
                  {t('admin.agents.chats')}
                </th>
                <th scope="col">{t('admin.agents.state')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('admin.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {agents.map((a) => (
                <tr key={a.id} className={a.active ? undefined : 'admin-table__row--inactive'}>
                  <td>
                    <div className="admin-person">
                      <span className="avatar avatar--medium" aria-hidden="true">
                        {a.avatarUrl ? <img src={a.avatarUrl} alt="" /> : a.name.slice(0, 1).toUpperCase()}
                        <span className={`presence-dot presence-dot--${a.status}`} />
                      </span>
                      <span>
                        <span className="admin-table__primary">{a.name}</span>
                        <span className="admin-table__secondary">{a.email}</span>
                      </span>
                    </div>
                  </td>
                  <td>
                    <Pill tone={a.role === 'ADMIN' ? 'accent' : 'gray'}>{t(`nav.role.${a.role}`)}</Pill>
                  </td>
                  <td className="admin-table__muted">
                    {a.departmentIds.length ? a.departmentIds.map(deptName).join(', ') : '—'}
                  </td>
                  <td className="admin-table__num">
                    {a.activeChats} / {a.maxChats}
                  </td>
                  <td>
                    {!a.active ? (
                      <Pill tone="red">{t('admin.agents.inactive')}</Pill>
                    ) : a.invitePending ? (
                      <Pill tone="amber">{t('admin.agents.invited')}</Pill>
                    ) : (
                      <Pill tone="green">{t('admin.agents.active')}</Pill>
                    )}
                  </td>
                  <td className="admin-table__actions">
                    <button
                      type="button"
                      className="button button--ghost button--small"
                      aria-label={t('admin.editNamed', { name: a.name })}
                      onClick={() => setDialog({ kind: 'edit', agent: a })}
                    >
                      {t('admin.edit')}
                    </button>
                    <button
                      type="button"
                      className="button button--ghost button--small"
                      aria-label={t('admin.agents.resetNamed', { name: a.name })}
                      onClick={() => setDialog({ kind: 'reset', agent: a })}
                    >
                      {t('admin.agents.reset')}
                    </button>
                    {a.id !== meId &&
                      (a.active ? (
                        <button
                          type="button"
                          className="button button--ghost button--small button--danger-text"
                          aria-label={t('admin.agents.deactivateNamed', { name: a.name })}
                          onClick={() => setDialog({ kind: 'deactivate', agent: a })}
                        >
                          {t('admin.agents.deactivate')}
                        </button>
                      ) : (
                        <button
                          type="button"
                          className="button button--ghost button--small"
                          onClick={() =>
                            void useAdminDataStore
                              .getState()
                              .setAgentActive(a.id, true)
                              .then(() => setNotice(t('admin.agents.activated', { name: a.name })))
                          }
                        >
                          {t('admin.agents.activate')}
                        </button>
                      ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      {dialog?.kind === 'edit' && (
        <AgentSheet
          agent={dialog.agent}
          onClose={() => setDialog(null)}
          onInvite={(agent, invite) => setDialog({ kind: 'invite', agent, invite, reset: false })}
        />
      )}
      {dialog?.kind === 'invite' && (
        <InviteLinkDialog
          invite={dialog.invite}
          agent={dialog.agent}
          reset={dialog.reset}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'reset' && (
        <ResetPasswordDialog
          agent={dialog.agent}
          onClose={() => setDialog(null)}
          onDone={(invite) => {
            if (invite) setDialog({ kind: 'invite', agent: dialog.agent, invite, reset: true });
            else {
              setDialog(null);
              setNotice(t('admin.agents.passwordSet', { name: dialog.agent.name }));
            }
          }}
        />
      )}
      {dialog?.kind === 'deactivate' && (
        <DeactivateDialog
          agent={dialog.agent}
          onClose={() => setDialog(null)}
          onDone={(requeued) => {
            setDialog(null);
            setNotice(t('admin.agents.deactivated', { name: dialog.agent.name, count: requeued }));
          }}
        />
      )}
    </div>
  );
}

function AgentSheet({
  agent,
  onClose,
  onInvite,
}: {
  agent: AdminAgent | null;
  onClose: () => void;
  onInvite: (agent: AdminAgent, invite: InviteLink) => void;
}) {
  const t = useTranslate();
  const departments = useCollection('departments');
  const form = useFormSubmit();
  const [name, setName] = useState(agent?.name ?? '');
  const [email, setEmail] = useState(agent?.email ?? '');
  const [role, setRole] = useState<Role>(agent?.role ?? 'AGENT');
  const [departmentIds, setDepartmentIds] = useState<string[]>(agent?.departmentIds ?? []);
  const [maxChats, setMaxChats] = useState(String(agent?.maxChats ?? 5));
  const [access, setAccess] = useState<'password' | 'invite'>('password');
  const [password, setPassword] = useState('');

  const save = async () => {
    const base = {
      name,
      email,
      role,
      departmentIds,
      maxChats: maxChats.trim() === '' ? Number.NaN : Number(maxChats),
    };
    let invite: InviteLink | null = null;
    let created: AdminAgent | null = null;
    const ok = agent
      ? await form.submit(AgentPatchBody, base, async (data) => {
          await useAdminDataStore.getState().updateAgent(agent.id, data);
        })
      : await form.submit(
          AgentCreateBody,
          access === 'password' ? { ...base, password } : base,
          async (data) => {
            const result = await useAdminDataStore.getState().createAgent(data);
            invite = result.invite;
            created = result.agent;
          },
        );
    if (!ok) return;
    if (invite && created) onInvite(created, invite);
    else onClose();
  };

  return (
    <Sheet
      title={agent ? t('admin.agents.editTitle', { name: agent.name }) : t('admin.agents.new')}
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
            {form.saving ? t('admin.saving') : agent ? t('admin.save') : t('admin.agents.create')}
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
          label={t('admin.agents.name')}
          value={name}
          onChange={setName}
          error={form.errors.name}
          autoComplete="off"
        />
        <TextField
          label={t('admin.agents.email')}
          type="email"
          value={email}
          onChange={setEmail}
          error={form.errors.email}
          autoComplete="off"
        />
        <div className="admin-form__row">
          <SelectField
            label={t('admin.agents.role')}
            value={role}
            options={[
              { value: 'AGENT', label: t('nav.role.AGENT') },
              { value: 'ADMIN', label: t('nav.role.ADMIN') },
            ]}
            onChange={setRole}
            error={form.errors.role}
          />
          <TextField
            label={t('admin.agents.maxChats')}
            type="number"
            value={maxChats}
            onChange={setMaxChats}
            error={form.errors.maxChats}
            hint={t('admin.agents.maxChatsHint')}
          />
        </div>
        <CheckboxGroup
          legend={t('admin.agents.departments')}
          options={departments.map((d) => ({ value: d.id, label: d.name }))}
          selected={departmentIds}
          onChange={setDepartmentIds}
          error={form.errors.departmentIds}
        />
        {!agent && (
          <fieldset className="admin-checks">
            <legend className="admin-field__label">{t('admin.agents.access')}</legend>
            <div className="segmented">
              <label className={`segmented__option${access === 'password' ? ' segmented__option--on' : ''}`}>
                <input
                  type="radio"
                  name="access"
                  checked={access === 'password'}
                  onChange={() => setAccess('password')}
                />
                {t('admin.agents.accessPassword')}
              </label>
              <label className={`segmented__option${access === 'invite' ? ' segmented__option--on' : ''}`}>
                <input
                  type="radio"
                  name="access"
                  checked={access === 'invite'}
                  onChange={() => setAccess('invite')}
                />
                {t('admin.agents.accessInvite')}
              </label>
            </div>
            {access === 'password' ? (
              <TextField
                label={t('admin.agents.initialPassword')}
                type="password"
                value={password}
                onChange={setPassword}
                error={form.errors.password}
                hint={t('admin.passwordHint')}
                autoComplete="new-password"
              />
            ) : (
              <p className="admin-field__hint">{t('admin.agents.inviteHint')}</p>
            )}
          </fieldset>
        )}
        <button type="submit" hidden />
      </form>
    </Sheet>
  );
}

function InviteLinkDialog({
  invite,
  agent,
  reset,
  onClose,
}: {
  invite: InviteLink;
  agent: AdminAgent;
  reset: boolean;
  onClose: () => void;
}) {
  const t = useTranslate();
  const locale = useLocaleStore((s) => s.locale);
  return (
    <Modal
      title={reset ? t('admin.agents.resetLinkTitle') : t('admin.agents.inviteTitle')}
      onClose={onClose}
      actions={
        <button type="button" className="button button--primary" onClick={onClose}>
          {t('admin.done')}
        </button>
      }
    >
      <p>
        {invite.emailed
          ? t('admin.agents.inviteEmailed', { email: agent.email })
          : t('admin.agents.inviteCopy', { name: agent.name })}
      </p>
      <CopyField label={t('admin.agents.inviteLink')} value={invite.url} />
      <p className="admin-field__hint">
        {t('admin.agents.inviteExpires', { when: formatDateTime(invite.expiresAt, locale) })}
      </p>
    </Modal>
  );
}

function ResetPasswordDialog({
  agent,
  onClose,
  onDone,
}: {
  agent: AdminAgent;
  onClose: () => void;
  onDone: (invite: InviteLink | null) => void;
}) {
  const t = useTranslate();
  const form = useFormSubmit();
  const [mode, setMode] = useState<'link' | 'password'>('link');
  const [password, setPassword] = useState('');
  const go = async () => {
    if (mode === 'password') {
      await form.submit(NewPassword, password, async (data) => {
        const { invite } = await adminApi.resetPassword(agent.id, data);
        onDone(invite);
      });
    } else {
      await form.run(async () => {
        const { invite } = await adminApi.resetPassword(agent.id);
        onDone(invite);
      });
    }
  };
  return (
    <Modal
      title={t('admin.agents.resetTitle', { name: agent.name })}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('admin.cancel')}
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={form.saving}
            onClick={() => void go()}
          >
            {t('admin.agents.reset')}
          </button>
        </>
      }
    >
      <p>{t('admin.agents.resetExplain')}</p>
      <div className="segmented">
        <label className={`segmented__option${mode === 'link' ? ' segmented__option--on' : ''}`}>
          <input type="radio" name="reset-mode" checked={mode === 'link'} onChange={() => setMode('link')} />
          {t('admin.agents.resetLink')}
        </label>
        <label className={`segmented__option${mode === 'password' ? ' segmented__option--on' : ''}`}>
          <input
            type="radio"
            name="reset-mode"
            checked={mode === 'password'}
            onChange={() => setMode('password')}
          />
          {t('admin.agents.resetSet')}
        </label>
      </div>
      {mode === 'password' && (
        <TextField
          label={t('admin.agents.newPassword')}
          type="password"
          value={password}
          onChange={setPassword}
          error={form.errors['(body)'] ?? form.errors.password}
          hint={t('admin.passwordHint')}
          autoComplete="new-password"
        />
      )}
      <FormError message={form.formError} />
    </Modal>
  );
}

function DeactivateDialog({
  agent,
  onClose,
  onDone,
}: {
  agent: AdminAgent;
  onClose: () => void;
  onDone: (requeued: number) => void;
}) {
  const t = useTranslate();
  const form = useFormSubmit();
  return (
    <Modal
      title={t('admin.agents.deactivateTitle', { name: agent.name })}
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
            onClick={() =>
              void form.run(async () => {
                onDone(await useAdminDataStore.getState().setAgentActive(agent.id, false));
              })
            }
          >
            {t('admin.agents.deactivate')}
          </button>
        </>
      }
    >
      <p>{t('admin.agents.deactivateExplain', { count: agent.activeChats })}</p>
      <FormError message={form.formError} />
    </Modal>
  );
}
