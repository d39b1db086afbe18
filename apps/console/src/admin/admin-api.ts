import {
  AdminAgent,
  AdminAgentListResponse,
  AdminDepartment,
  AdminDepartmentListResponse,
  AdminSite,
  AdminSiteListResponse,
  AdminVisitor,
  AdminWebhook,
  AdminWebhookListResponse,
  AgentCreateResponse,
  AgentDeactivateResponse,
  ApiTokenCreateResponse,
  ApiTokenListResponse,
  AuditListResponse,
  CannedResponseItem,
  CannedResponseListResponse,
  DeliveryListResponse,
  DepartmentDeleteResponse,
  EmailSettings,
  IdentitySecretResponse,
  InviteAcceptResponse,
  InviteInfoResponse,
  MeResponse,
  OkResponse,
  PasswordResetResponse,
  ReportResponse,
  RetentionSettings,
  VisitorEraseResponse,
  VisitorListResponse,
  WebhookDeliveryItem,
  WebhookSecretResponse,
  type AgentCreateBody,
  type AgentPatchBody,
  type ApiTokenCreateBody,
  type CannedCreateBody,
  type CannedPatchBody,
  type DepartmentCreateBody,
  type DepartmentPatchBody,
  type EmailSettingsBody,
  type PasswordChangeBody,
  type ProfilePatchBody,
  type ReportQuery,
  type SiteCreateBody,
  type SitePatchBody,
  type WebhookCreateBody,
  type WebhookPatchBody,
} from '@livechat/protocol';
import { requestJson } from '../api/http-client';

// Every admin route of packages/protocol/src/admin.ts, one function each; answers are parsed there.

const id = encodeURIComponent;

/** `?a=1&b=2` from the defined values only. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const adminApi = {
  departments: () => requestJson(AdminDepartmentListResponse, 'GET', '/api/admin/departments'),
  createDepartment: (body: DepartmentCreateBody) =>
    requestJson(AdminDepartment, 'POST', '/api/admin/departments', body),
  updateDepartment: (departmentId: string, body: DepartmentPatchBody) =>
    requestJson(AdminDepartment, 'PATCH', `/api/admin/departments/${id(departmentId)}`, body),
  deleteDepartment: (departmentId: string, moveTo: string | null) =>
    requestJson(
      DepartmentDeleteResponse,
      'DELETE',
      `/api/admin/departments/${id(departmentId)}${queryString({ moveTo })}`,
    ),

  agents: () => requestJson(AdminAgentListResponse, 'GET', '/api/admin/agents'),
  createAgent: (body: AgentCreateBody) => requestJson(AgentCreateResponse, 'POST', '/api/admin/agents', body),
  updateAgent: (agentId: string, body: AgentPatchBody) =>
    requestJson(AdminAgent, 'PATCH', `/api/admin/agents/${id(agentId)}`, body),
  deactivateAgent: (agentId: string) =>
    requestJson(AgentDeactivateResponse, 'POST', `/api/admin/agents/${id(agentId)}/deactivate`, {}),
  activateAgent: (agentId: string) =>
    requestJson(AgentDeactivateResponse, 'POST', `/api/admin/agents/${id(agentId)}/activate`, {}),
  resetPassword: (agentId: string, password?: string) =>
    requestJson(
      PasswordResetResponse,
      'POST',
      `/api/admin/agents/${id(agentId)}/reset-password`,
      password === undefined ? {} : { password },
    ),

  sites: () => requestJson(AdminSiteListResponse, 'GET', '/api/admin/sites'),
  createSite: (body: SiteCreateBody) => requestJson(AdminSite, 'POST', '/api/admin/sites', body),
  updateSite: (siteId: string, body: SitePatchBody) =>
    requestJson(AdminSite, 'PATCH', `/api/admin/sites/${id(siteId)}`, body),
  deleteSite: (siteId: string) => requestJson(OkResponse, 'DELETE', `/api/admin/sites/${id(siteId)}`),
  identitySecret: (siteId: string) =>
    requestJson(IdentitySecretResponse, 'GET', `/api/admin/sites/${id(siteId)}/identity-secret`),
  rotateSecret: (siteId: string, graceHours: number) =>
    requestJson(IdentitySecretResponse, 'POST', `/api/admin/sites/${id(siteId)}/rotate-secret`, {
      graceHours,
    }),

  canned: () => requestJson(CannedResponseListResponse, 'GET', '/api/admin/canned-responses'),
  createCanned: (body: CannedCreateBody) =>
    requestJson(CannedResponseItem, 'POST', '/api/admin/canned-responses', body),
  updateCanned: (cannedId: string, body: CannedPatchBody) =>
    requestJson(CannedResponseItem, 'PATCH', `/api/admin/canned-responses/${id(cannedId)}`, body),
  deleteCanned: (cannedId: string) =>
    requestJson(OkResponse, 'DELETE', `/api/admin/canned-responses/${id(cannedId)}`),

  report: (query: ReportQuery) =>
    requestJson(ReportResponse, 'GET', `/api/admin/reports${queryString({ ...query })}`),

  webhooks: () => requestJson(AdminWebhookListResponse, 'GET', '/api/admin/webhooks'),
  createWebhook: (body: WebhookCreateBody) =>
    requestJson(WebhookSecretResponse, 'POST', '/api/admin/webhooks', body),
  updateWebhook: (webhookId: string, body: WebhookPatchBody) =>
    requestJson(AdminWebhook, 'PATCH', `/api/admin/webhooks/${id(webhookId)}`, body),
  deleteWebhook: (webhookId: string) =>
    requestJson(OkResponse, 'DELETE', `/api/admin/webhooks/${id(webhookId)}`),
  rotateWebhookSecret: (webhookId: string) =>
    requestJson(WebhookSecretResponse, 'POST', `/api/admin/webhooks/${id(webhookId)}/rotate-secret`, {}),
  testWebhook: (webhookId: string) =>
    requestJson(WebhookDeliveryItem, 'POST', `/api/admin/webhooks/${id(webhookId)}/test`, {}),
  deliveries: (webhookId: string, cursor?: string) =>
    requestJson(
      DeliveryListResponse,
      'GET',
      `/api/admin/webhooks/${id(webhookId)}/deliveries${queryString({ limit: 20, cursor })}`,
    ),
  retryDelivery: (webhookId: string, deliveryId: string) =>
    requestJson(
      WebhookDeliveryItem,
      'POST',
      `/api/admin/webhooks/${id(webhookId)}/deliveries/${id(deliveryId)}/retry`,
      {},
    ),

  allTokens: () => requestJson(ApiTokenListResponse, 'GET', '/api/admin/api-tokens'),
  revokeAnyToken: (tokenId: string) =>
    requestJson(OkResponse, 'DELETE', `/api/admin/api-tokens/${id(tokenId)}`),

  visitors: (params: { q?: string; blocked?: 'true'; cursor?: string }) =>
    requestJson(VisitorListResponse, 'GET', `/api/admin/visitors${queryString({ limit: 50, ...params })}`),
  setBlocked: (visitorId: string, blocked: boolean) =>
    requestJson(AdminVisitor, 'PATCH', `/api/admin/visitors/${id(visitorId)}`, { blocked }),
  eraseVisitor: (visitorId: string) =>
    requestJson(VisitorEraseResponse, 'DELETE', `/api/admin/visitors/${id(visitorId)}`),

  emailSettings: () => requestJson(EmailSettings, 'GET', '/api/admin/settings/email'),
  saveEmailSettings: (body: EmailSettingsBody) =>
    requestJson(EmailSettings, 'PUT', '/api/admin/settings/email', body),
  disableEmail: () => requestJson(EmailSettings, 'DELETE', '/api/admin/settings/email'),
  testEmail: (to: string) => requestJson(OkResponse, 'POST', '/api/admin/settings/email/test', { to }),
  retention: () => requestJson(RetentionSettings, 'GET', '/api/admin/settings/retention'),
  saveRetention: (body: RetentionSettings) =>
    requestJson(RetentionSettings, 'PUT', '/api/admin/settings/retention', body),

  audit: (cursor?: string) =>
    requestJson(AuditListResponse, 'GET', `/api/admin/audit${queryString({ limit: 50, cursor })}`),
};

/** Self-service routes under /api/me (any signed-in agent). */
export const profileApi = {
  update: (body: ProfilePatchBody) => requestJson(MeResponse, 'PATCH', '/api/me', body),
  changePassword: (body: PasswordChangeBody) => requestJson(OkResponse, 'POST', '/api/me/password', body),
  tokens: () => requestJson(ApiTokenListResponse, 'GET', '/api/me/tokens'),
  createToken: (body: ApiTokenCreateBody) =>
    requestJson(ApiTokenCreateResponse, 'POST', '/api/me/tokens', body),
  revokeToken: (tokenId: string) => requestJson(OkResponse, 'DELETE', `/api/me/tokens/${id(tokenId)}`),
};

/** Invite and reset links: no session. */
export const inviteApi = {
  info: (token: string) => requestJson(InviteInfoResponse, 'GET', `/api/invites/${id(token)}`),
  accept: (token: string, password: string) =>
    requestJson(InviteAcceptResponse, 'POST', '/api/invites/accept', { token, password }),
};

/** The CSV export is a plain link (the browser downloads it with the session cookie). */
export function reportExportUrl(query: ReportQuery, table: 'conversations' | 'agents' | 'daily'): string {
  return `/api/admin/reports/export.csv${queryString({ ...query, table })}`;
}
