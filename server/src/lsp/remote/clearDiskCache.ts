/**
 * Deletes the on-disk score cache of a workspace folder: only the cache's own shard folders
 * (two hex digits) and their `<64 hex>.json` entries, never anything else in the directory.
 */
import { readdir, rm, rmdir } from "node:fs/promises";
import path from "node:path";

export async function clearDiskCache(dir: string): Promise<number> {
  let shards: string[];
  try {
    shards = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const shard of shards) {
    if (!/^[0-9a-f]{2}$/.test(shard)) continue;
    const shardDir = path.join(dir, shard);
    const names = await readdir(shardDir).catch(() => [] as string[]);
    for (const name of names) {
      if (!/^[0-9a-f]{64}\.json$/.test(name)) continue;
      await rm(path.join(shardDir, name), { force: true });
      removed++;
    }
    await rmdir(shardDir).catch(() => undefined);
  }
  return removed;
}
