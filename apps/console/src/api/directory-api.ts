import { AgentListResponse, DepartmentListResponse, SiteListResponse } from '@livechat/protocol';
import { requestJson } from './http-client';

export const fetchDepartments = () => requestJson(DepartmentListResponse, 'GET', '/api/departments');
export const fetchAgents = () => requestJson(AgentListResponse, 'GET', '/api/agents');
export const fetchSites = () => requestJson(SiteListResponse, 'GET', '/api/sites');
