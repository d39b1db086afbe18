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
  ConfirmDialog,
  CopyField,
  DataTable,
  DoneDialog,
  EmptyState,
  FormSheet,
  Notice,
  PageHeader,
  Pill,
  RowButton,
  Segmented,
  SelectField,
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
        onNew={{ label: t('admin.agents.new'), onClick: () => setDialog({ kind: 'edit', agent: null }) }}
      />
      <Notice message={notice} />
      <Card>
        {status === 'ready' && agents.length === 0 ? (
          <EmptyState title={t('admin.agents.empty')} />
        ) : (
          <DataTable
            columns={[
              { label: t('admin.agents.name') },
              { label: t('admin.agents.role') },
              { label: t('admin.agents.departments') },
              { label: t('admin.agents.chats'), num: true },
              { label: t('admin.agents.state') },
            ]}
            actions
          >
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
                  <RowButton
                    label={t('admin.editNamed', { name: a.name })}
                    onClick={() => setDialog({ kind: 'edit', agent: a })}
                  >
                    {t('admin.edit')}
                  </RowButton>
                  <RowButton
                    label={t('admin.agents.resetNamed', { name: a.name })}
                    onClick={() => setDialog({ kind: 'reset', agent: a })}
                  >
                    {t('admin.agents.reset')}
                  </RowButton>
                  {a.id !== meId &&
                    (a.active ? (
                      <RowButton
                        danger
                        label={t('admin.agents.deactivateNamed', { name: a.name })}
                        onClick={() => setDialog({ kind: 'deactivate', agent: a })}
                      >
                        {t('admin.agents.deactivate')}
                      </RowButton>
                    ) : (
                      <RowButton
                        onClick={() =>
                          void useAdminDataStore
                            .getState()
                            .setAgentActive(a.id, true)
                            .then(() => setNotice(t('admin.agents.activated', { name: a.name })))
                        }
                      >
                        {t('admin.agents.activate')}
                      </RowButton>
                    ))}
                </td>
              </tr>
            ))}
          </DataTable>
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
    <FormSheet
      title={agent ? t('admin.agents.editTitle', { name: agent.name }) : t('admin.agents.new')}
      onClose={onClose}
      form={form}
      saveLabel={agent ? t('admin.save') : t('admin.agents.create')}
      onSave={save}
      submitOnEnter
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
          <Segmented
            name="access"
            value={access}
            options={[
              { value: 'password', label: t('admin.agents.accessPassword') },
              { value: 'invite', label: t('admin.agents.accessInvite') },
            ]}
            onChange={setAccess}
          />
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
    </FormSheet>
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
    <DoneDialog
      title={reset ? t('admin.agents.resetLinkTitle') : t('admin.agents.inviteTitle')}
      onClose={onClose}
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
    </DoneDialog>
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
    <ConfirmDialog
      title={t('admin.agents.resetTitle', { name: agent.name })}
      onClose={onClose}
      confirmLabel={t('admin.agents.reset')}
      onConfirm={go}
      disabled={form.saving}
      error={form.formError}
    >
      <p>{t('admin.agents.resetExplain')}</p>
      <Segmented
        name="reset-mode"
        value={mode}
        options={[
          { value: 'link', label: t('admin.agents.resetLink') },
          { value: 'password', label: t('admin.agents.resetSet') },
        ]}
        onChange={setMode}
      />
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
    </ConfirmDialog>
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
    <ConfirmDialog
      title={t('admin.agents.deactivateTitle', { name: agent.name })}
      tone="danger"
      onClose={onClose}
      confirmLabel={t('admin.agents.deactivate')}
      onConfirm={() =>
        form.run(async () => {
          onDone(await useAdminDataStore.getState().setAgentActive(agent.id, false));
        })
      }
      disabled={form.saving}
      error={form.formError}
    >
      <p>{t('admin.agents.deactivateExplain', { count: agent.activeChats })}</p>
    </ConfirmDialog>
  );
}
