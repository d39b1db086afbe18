import type { DepartmentBrief } from '@livechat/protocol';
import { useEffect } from 'react';
import { create } from 'zustand';
import { fetchDepartments } from '../api/directory-api';
import { useSessionStore } from '../stores/session-store';

interface DepartmentsState {
  items: DepartmentBrief[] | null;
  load(): Promise<void>;
}

/** Every department (GET /api/departments), fetched once, for admins' filters and transfers. */
const useAllDepartments = create<DepartmentsState>()((set, get) => ({
  items: null,
  load: async () => {
    if (get().items) return;
    set({ items: [] });
    try {
      const { items } = await fetchDepartments();
      set({ items: items.map(({ id, name }) => ({ id, name })) });
    } catch {
      set({ items: null });
    }
  },
}));

const NONE: DepartmentBrief[] = [];

/** The departments this agent works in; admins: all of them. */
export function useDepartments(): DepartmentBrief[] {
  const mine = useSessionStore((s) => s.agent?.departments) ?? NONE;
  const isAdmin = useSessionStore((s) => s.agent?.role === 'ADMIN');
  const all = useAllDepartments((s) => s.items);
  useEffect(() => {
    if (isAdmin) void useAllDepartments.getState().load();
  }, [isAdmin]);
  return isAdmin && all && all.length > 0 ? all : mine;
}
