/**
 * Removes what a benchmark or test pool left in a shared Redis. The Redis lease store tags every key
 * of pool P with `{P}` (one Cluster slot per pool), so the tag alone finds them all.
 */
import { createClient } from 'redis';

export async function deletePoolKeys(redisUrl: string, poolId: string): Promise<number> {
  const client = createClient({ url: redisUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    const keys: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: `*{${poolId}}*`, COUNT: 1000 })) {
      keys.push(...batch);
    }
    if (keys.length > 0) await client.del(keys);
    return keys.length;
  } finally {
    await client.quit();
  }
}
