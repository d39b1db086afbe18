import type {
  AdminWebhook,
  WebhookCreateBody,
  WebhookDeliveryItem,
  WebhookPatchBody,
} from '@livechat/protocol';
import { create } from 'zustand';
import { adminApi } from '../admin-api';
import { expireOn401 } from '../admin-data-store';

interface DeliveryLog {
  items: WebhookDeliveryItem[];
  nextCursor: string | null;
  loading: boolean;
}

interface WebhooksState {
  items: AdminWebhook[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  logs: Record<string, DeliveryLog>;
  load(): Promise<void>;
  create(body: WebhookCreateBody): Promise<string>;
  update(id: string, body: WebhookPatchBody): Promise<void>;
  remove(id: string): Promise<void>;
  rotate(id: string): Promise<string>;
  test(id: string): Promise<void>;
  loadDeliveries(id: string, more?: boolean): Promise<void>;
  retry(id: string, deliveryId: string): Promise<void>;
}

const replace = (items: AdminWebhook[], hook: AdminWebhook) =>
  items.some((h) => h.id === hook.id) ? items.map((h) => (h.id === hook.id ? hook : h)) : [...items, hook];

export const useWebhooksStore = create<WebhooksState>()((set, get) => ({
  items: [],
  status: 'idle',
  logs: {},

  load: async () => {
    set({ status: 'loading' });
    try {
      set({ items: (await adminApi.webhooks()).items, status: 'ready' });
    } catch (error) {
      expireOn401(error);
      set({ status: 'error' });
    }
  },

  create: async (body) => {
    const { webhook, secret } = await adminApi.createWebhook(body);
    set((s) => ({ items: replace(s.items, webhook) }));
    return secret;
  },

  update: async (id, body) => {
    const webhook = await adminApi.updateWebhook(id, body);
    set((s) => ({ items: replace(s.items, webhook) }));
  },

  remove: async (id) => {
    await adminApi.deleteWebhook(id);
    set((s) => ({ items: s.items.filter((h) => h.id !== id) }));
  },

  rotate: async (id) => {
    const { webhook, secret } = await adminApi.rotateWebhookSecret(id);
    set((s) => ({ items: replace(s.items, webhook) }));
    return secret;
  },

  test: async (id) => {
    const delivery = await adminApi.testWebhook(id);
    set((s) => {
      const log = s.logs[id];
      return log ? { logs: { ...s.logs, [id]: { ...log, items: [delivery, ...log.items] } } } : {};
    });
  },

  loadDeliveries: async (id, more = false) => {
    const previous = get().logs[id];
    const cursor = more ? (previous?.nextCursor ?? undefined) : undefined;
    set((s) => ({
      logs: {
        ...s.logs,
        [id]: { items: previous?.items ?? [], nextCursor: previous?.nextCursor ?? null, loading: true },
      },
    }));
    try {
      const page = await adminApi.deliveries(id, cursor);
      set((s) => ({
        logs: {
          ...s.logs,
          [id]: {
            items: more ? [...(previous?.items ?? []), ...page.items] : page.items,
            nextCursor: page.nextCursor,
            loading: false,
          },
        },
      }));
    } catch (error) {
      expireOn401(error);
      set((s) => ({
        logs: { ...s.logs, [id]: { items: previous?.items ?? [], nextCursor: null, loading: false } },
      }));
    }
  },

  retry: async (id, deliveryId) => {
    const delivery = await adminApi.retryDelivery(id, deliveryId);
    set((s) => {
      const log = s.logs[id];
      if (!log) return {};
      return {
        logs: {
          ...s.logs,
          [id]: { ...log, items: log.items.map((d) => (d.id === deliveryId ? delivery : d)) },
        },
      };
    });
  },
}));
