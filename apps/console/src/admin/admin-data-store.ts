import type {
  AdminAgent,
  AdminDepartment,
  AdminSite,
  AgentCreateBody,
  AgentPatchBody,
  CannedCreateBody,
  CannedPatchBody,
  CannedResponseItem,
  DepartmentCreateBody,
  DepartmentPatchBody,
  SiteCreateBody,
  SitePatchBody,
} from '@livechat/protocol';
import { create } from 'zustand';
import { ApiRequestError } from '../api/http-client';
import { useSessionStore } from '../stores/session-store';
import { adminApi } from './admin-api';

/** The lists several admin pages share (an agent form lists departments, a site form too...). */
export type AdminCollection = 'departments' | 'agents' | 'sites' | 'canned';
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

interface Collections {
  departments: AdminDepartment[];
  agents: AdminAgent[];
  sites: AdminSite[];
  canned: CannedResponseItem[];
}

export interface AdminDataState extends Collections {
  status: Record<AdminCollection, LoadStatus>;
  load(collection: AdminCollection, force?: boolean): Promise<void>;
  createDepartment(body: DepartmentCreateBody): Promise<AdminDepartment>;
  updateDepartment(id: string, body: DepartmentPatchBody): Promise<AdminDepartment>;
  deleteDepartment(id: string, moveTo: string | null): Promise<{ movedOpen: number; movedClosed: number }>;
  createAgent(body: AgentCreateBody): ReturnType<typeof adminApi.createAgent>;
  updateAgent(id: string, body: AgentPatchBody): Promise<AdminAgent>;
  setAgentActive(id: string, active: boolean): Promise<number>;
  createSite(body: SiteCreateBody): Promise<AdminSite>;
  updateSite(id: string, body: SitePatchBody): Promise<AdminSite>;
  deleteSite(id: string): Promise<void>;
  createCanned(body: CannedCreateBody): Promise<CannedResponseItem>;
  updateCanned(id: string, body: CannedPatchBody): Promise<CannedResponseItem>;
  deleteCanned(id: string): Promise<void>;
  reset(): void;
}

const fetchers: { [K in AdminCollection]: () => Promise<{ items: Collections[K] }> } = {
  departments: adminApi.departments,
  agents: adminApi.agents,
  sites: adminApi.sites,
  canned: adminApi.canned,
};

const byName = <T extends { name: string }>(items: T[]) =>
  [...items].sort((a, b) => a.name.localeCompare(b.name));

const byShortcut = (items: CannedResponseItem[]) =>
  [...items].sort((a, b) => a.shortcut.localeCompare(b.shortcut));

function upsert<T extends { id: string }>(items: T[], item: T): T[] {
  return items.some((i) => i.id === item.id)
    ? items.map((i) => (i.id === item.id ? item : i))
    : [...items, item];
}

const initial = {
  departments: [],
  agents: [],
  sites: [],
  canned: [],
  status: { departments: 'idle', agents: 'idle', sites: 'idle', canned: 'idle' } as Record<
    AdminCollection,
    LoadStatus
  >,
};

/** A 401 anywhere means the session is gone: back to the sign-in screen. */
export function expireOn401(error: unknown): void {
  if (error instanceof ApiRequestError && error.status === 401) useSessionStore.getState().expire();
}

export const useAdminDataStore = create<AdminDataState>()((set, get) => ({
  ...initial,

  load: async (collection, force = false) => {
    const status = get().status[collection];
    if (!force && (status === 'loading' || status === 'ready')) return;
    set((s) => ({ status: { ...s.status, [collection]: 'loading' } }));
    try {
      const { items } = await fetchers[collection]();
      set((s) => ({ [collection]: items, status: { ...s.status, [collection]: 'ready' } }));
    } catch (error) {
      expireOn401(error);
      set((s) => ({ status: { ...s.status, [collection]: 'error' } }));
    }
  },

  createDepartment: async (body) => {
    const saved = await adminApi.createDepartment(body);
    set((s) => ({ departments: byName(upsert(s.departments, saved)) }));
    // Membership lives on both sides: the agents' department lists changed too.
    if (body.memberIds?.length) void get().load('agents', true);
    return saved;
  },

  updateDepartment: async (id, body) => {
    const saved = await adminApi.updateDepartment(id, body);
    set((s) => ({ departments: byName(upsert(s.departments, saved)) }));
    if (body.memberIds) void get().load('agents', true);
    return saved;
  },

  deleteDepartment: async (id, moveTo) => {
    const result = await adminApi.deleteDepartment(id, moveTo);
    set((s) => ({ departments: s.departments.filter((d) => d.id !== id) }));
    void get().load('departments', true);
    void get().load('agents', true);
    return result;
  },

  createAgent: async (body) => {
    const created = await adminApi.createAgent(body);
    set((s) => ({ agents: byName(upsert(s.agents, created.agent)) }));
    if (body.departmentIds?.length) void get().load('departments', true);
    return created;
  },

  updateAgent: async (id, body) => {
    const saved = await adminApi.updateAgent(id, body);
    set((s) => ({ agents: byName(upsert(s.agents, saved)) }));
    if (body.departmentIds) void get().load('departments', true);
    return saved;
  },

  setAgentActive: async (id, active) => {
    const { agent, requeued } = active
      ? await adminApi.activateAgent(id)
      : await adminApi.deactivateAgent(id);
    set((s) => ({ agents: upsert(s.agents, agent) }));
    return requeued;
  },

  createSite: async (body) => {
    const saved = await adminApi.createSite(body);
    set((s) => ({ sites: upsert(s.sites, saved) }));
    return saved;
  },

  updateSite: async (id, body) => {
    const saved = await adminApi.updateSite(id, body);
    set((s) => ({ sites: upsert(s.sites, saved) }));
    return saved;
  },

  deleteSite: async (id) => {
    await adminApi.deleteSite(id);
    set((s) => ({ sites: s.sites.filter((site) => site.id !== id) }));
  },

  createCanned: async (body) => {
    const saved = await adminApi.createCanned(body);
    set((s) => ({ canned: byShortcut(upsert(s.canned, saved)) }));
    return saved;
  },

  updateCanned: async (id, body) => {
    const saved = await adminApi.updateCanned(id, body);
    set((s) => ({ canned: byShortcut(upsert(s.canned, saved)) }));
    return saved;
  },

  deleteCanned: async (id) => {
    await adminApi.deleteCanned(id);
    set((s) => ({ canned: s.canned.filter((c) => c.id !== id) }));
  },

  reset: () => set(initial),
}));
