import { rm } from 'node:fs/promises';
import { resolve, sep } from 'node:path';

/**
 * Deletes uploaded files by storage key under FILES_DIR. A key that would resolve outside the
 * directory is skipped (keys are server-made, but a deletion must never follow one elsewhere).
 * Returns how many were removed (missing files count as removed: the goal is that none remain).
 */
export async function removeStoredFiles(filesDir: string, keys: string[]): Promise<number> {
  const root = resolve(filesDir);
  let removed = 0;
  for (const key of keys) {
    const path = resolve(root, key);
    if (!path.startsWith(root + sep)) continue;
    await rm(path, { force: true });
    removed += 1;
  }
  return removed;
}
