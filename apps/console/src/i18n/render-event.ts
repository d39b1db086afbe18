import type { ChatEvent } from '@livechat/protocol';
import type { Translate } from './translate';

/**
 * Renders a stored event (code + params) in the viewer's language. Events are never stored as text,
 * so the same conversation reads in Chinese for one agent and English for another.
 */
export function renderEvent(event: ChatEvent, t: Translate): string {
  const p = event.params;
  const someone = t('event.someone');
  switch (event.code) {
    case 'started':
      return t('event.started');
    case 'claimed':
      return t('event.claimed', { agentName: p.agentName ?? someone });
    case 'assigned':
      return t('event.assigned', { agentName: p.agentName ?? someone });
    case 'transferred':
      return p.toAgentName !== undefined
        ? t('event.transferred.agent', { byAgentName: p.byAgentName ?? someone, toAgentName: p.toAgentName })
        : t('event.transferred.department', {
            byAgentName: p.byAgentName ?? someone,
            toDepartmentName: p.toDepartmentName ?? '',
          });
    case 'closed':
      if (p.by === 'visitor') return t('event.closed.visitor');
      if (p.by === 'system' || p.byAgentName === undefined) return t('event.closed.system');
      return t('event.closed.agent', { byAgentName: p.byAgentName });
    case 'reopened':
      return p.byAgentName !== undefined
        ? t('event.reopened.agent', { byAgentName: p.byAgentName })
        : t('event.reopened');
    case 'requeued':
      return t('event.requeued', { agentName: p.agentName ?? someone });
    case 'rated':
      return p.comment
        ? t('event.rated.comment', { rating: p.rating ?? '?', comment: p.comment })
        : t('event.rated', { rating: p.rating ?? '?' });
    case 'offline_form':
      return t('event.offlineForm', { email: p.email ?? '' });
  }
}
