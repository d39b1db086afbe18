import { useEffect } from 'react';
import { useAdminDataStore, type AdminCollection, type AdminDataState } from './admin-data-store';

/** The collection's items, loaded on first use. */
export function useCollection<K extends AdminCollection>(collection: K): AdminDataState[K] {
  useEffect(() => {
    void useAdminDataStore.getState().load(collection);
  }, [collection]);
  return useAdminDataStore((s) => s[collection]);
}

export function useCollectionStatus(collection: AdminCollection) {
  return useAdminDataStore((s) => s.status[collection]);
}
