import {
  AttachmentUploadResponse,
  CannedResponseListResponse,
  ConversationDetailResponse,
  ConversationListResponse,
  ConversationResponse,
  type ConversationListQuery,
  type TransferBody,
} from '@livechat/protocol';
import { requestJson, uploadFile } from './http-client';

export function fetchConversations(query: ConversationListQuery) {
  const params = new URLSearchParams({ view: query.view });
  if (query.departmentId) params.set('departmentId', query.departmentId);
  if (query.q) params.set('q', query.q);
  if (query.limit) params.set('limit', String(query.limit));
  return requestJson(ConversationListResponse, 'GET', `/api/conversations?${params.toString()}`);
}

const conversationPath = (id: string) => `/api/conversations/${encodeURIComponent(id)}`;

export const fetchConversationDetail = (id: string) =>
  requestJson(ConversationDetailResponse, 'GET', conversationPath(id));

export const claimConversation = (id: string) =>
  requestJson(ConversationResponse, 'POST', `${conversationPath(id)}/claim`, {});

export const closeConversation = (id: string) =>
  requestJson(ConversationResponse, 'POST', `${conversationPath(id)}/close`, {});

export const reopenConversation = (id: string) =>
  requestJson(ConversationResponse, 'POST', `${conversationPath(id)}/reopen`, {});

export const transferConversation = (id: string, body: TransferBody) =>
  requestJson(ConversationResponse, 'POST', `${conversationPath(id)}/transfer`, body);

/** The raw bytes of one file; the FILE message itself arrives in the conversation's stream. */
export const uploadAttachment = (id: string, file: File, clientMsgId: string) =>
  uploadFile(AttachmentUploadResponse, `${conversationPath(id)}/attachments`, file, {
    'x-file-name': encodeURIComponent(file.name),
    'x-client-msg-id': clientMsgId,
  });

export const fetchCannedResponses = () =>
  requestJson(CannedResponseListResponse, 'GET', '/api/canned-responses');
