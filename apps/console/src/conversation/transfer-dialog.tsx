import { LIMITS, type AgentListItem, type ConversationSummary } from '@livechat/protocol';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslate } from '../i18n';
import { usePresenceStore } from '../stores/presence-store';
import { useSessionStore } from '../stores/session-store';
import { useUiStore } from '../stores/ui-store';
import { transfer } from './conversation-actions';
import { useConversationSummary } from './conversation-header';
import { useDepartments } from '../inbox/use-departments';

type Target = { kind: 'agent'; id: string } | { kind: 'department'; id: string } | null;

/** Why a colleague cannot take the chat now, or null when they can. */
export function agentBlocker(
  agent: AgentListItem,
  conversation: ConversationSummary,
  myId: string | null,
): 'you' | 'offline' | 'full' | 'department' | null {
  if (agent.id === myId) return 'you';
  if (agent.role !== 'ADMIN' && !agent.departmentIds.includes(conversation.department.id))
    return 'department';
  if (agent.status === 'offline') return 'offline';
  if (agent.activeChats >= agent.maxChats) return 'full';
  return null;
}

export function TransferDialog({ conversationId }: { conversationId: string }) {
  const t = useTranslate();
  const conversation = useConversationSummary(conversationId);
  const directory = usePresenceStore((s) => s.directory);
  const myId = useSessionStore((s) => s.agent?.id ?? null);
  const departments = useDepartments();
  const [target, setTarget] = useState<Target>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const noteId = useId();

  useEffect(() => {
    void usePresenceStore.getState().loadDirectory();
    const el = dialog.current;
    if (el && !el.open) {
      if (typeof el.showModal === 'function') el.showModal();
      else el.setAttribute('open', '');
    }
  }, []);

  const dismiss = () => useUiStore.getState().openOverlay(null);
  if (!conversation) return null;

  const submit = async () => {
    if (!target) return;
    setBusy(true);
    const trimmed = note.trim();
    const ok = await transfer(conversationId, {
      ...(target.kind === 'agent' ? { agentId: target.id } : { departmentId: target.id }),
      ...(trimmed ? { note: trimmed } : {}),
    });
    setBusy(false);
    if (ok) dismiss();
  };

  const blockerText = {
    you: t('transfer.you'),
    offline: t('transfer.offline'),
    full: t('transfer.full'),
    department: t('transfer.otherDepartment'),
  } as const;

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        dismiss();
      }}
    >
      <form
        className="dialog__body"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <h2 id={titleId} className="dialog__title">
          {t('transfer.title')}
        </h2>
        <fieldset className="transfer__group">
          <legend className="transfer__legend">{t('transfer.toDepartment')}</legend>
          <div className="transfer__options">
            {departments.map((d) => (
              <label key={d.id} className="transfer__option">
                <input
                  type="radio"
                  name="transfer-target"
                  checked={target?.kind === 'department' && target.id === d.id}
                  onChange={() => setTarget({ kind: 'department', id: d.id })}
                />
                <span className="transfer__option-main">
                  <span className="transfer__name">{d.name}</span>
                  <span className="transfer__meta">
                    {d.id === conversation.department.id ? t('transfer.backToQueue') : t('transfer.toQueue')}
                  </span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="transfer__group">
          <legend className="transfer__legend">{t('transfer.toAgent')}</legend>
          <div className="transfer__options transfer__options--agents">
            {directory.length === 0 && <p className="details__muted">{t('transfer.loadingAgents')}</p>}
            {directory.map((agent) => {
              const blocker = agentBlocker(agent, conversation, myId);
              return (
                <label
                  key={agent.id}
                  className={`transfer__option${blocker ? ' transfer__option--disabled' : ''}`}
                >
                  <input
                    type="radio"
                    name="transfer-target"
                    disabled={blocker !== null}
                    checked={target?.kind === 'agent' && target.id === agent.id}
                    onChange={() => setTarget({ kind: 'agent', id: agent.id })}
                  />
                  <span className={`presence-dot presence-dot--${agent.status}`} aria-hidden="true" />
                  <span className="transfer__option-main">
                    <span className="transfer__name">{agent.name}</span>
                    <span className="transfer__meta">
                      {t(`presence.${agent.status}`)} ·{' '}
                      {t('transfer.load', { active: agent.activeChats, max: agent.maxChats })}
                      {blocker && blocker !== 'offline' ? ` · ${blockerText[blocker]}` : ''}
                    </span>
                  </span>
                </label>
              );
            })}
          </div>
        </fieldset>
        <label htmlFor={noteId} className="transfer__legend">
          {t('transfer.note')}
        </label>
        <textarea
          id={noteId}
          className="dialog__textarea"
          rows={3}
          maxLength={LIMITS.note}
          placeholder={t('transfer.notePlaceholder')}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
        <div className="dialog__actions">
          <button type="button" className="button button--ghost" onClick={dismiss}>
            {t('dialog.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={!target || busy}>
            {busy ? t('transfer.transferring') : t('transfer.submit')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
