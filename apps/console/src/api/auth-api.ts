import { MeResponse, OkResponse, type LoginBody } from '@livechat/protocol';
import { requestJson } from './http-client';

export const login = (body: LoginBody) => requestJson(MeResponse, 'POST', '/api/auth/login', body);
export const logout = () => requestJson(OkResponse, 'POST', '/api/auth/logout', {});
export const fetchMe = () => requestJson(MeResponse, 'GET', '/api/auth/me');
