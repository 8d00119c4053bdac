import Redis from 'ioredis';

const DELETE_BY_PATTERN = `
local keys = redis.call('KEYS', ARGV[1])
for i = 1, #keys, 1000 do redis.call('UNLINK', unpack(keys, i, math.min(i + 999, #keys))) end
return #keys`;

/**
 * Deletes every key of one queue prefix in a single script, so the loss is all at once as with a
 * FLUSHALL or a lost Redis: a SCAN that deletes batch by batch (clearRedisPrefix) races with jobs
 * being added and can tear one apart (its hash kept, its list entry gone) in a way Redis itself never
 * does. Other suites share this Redis, so only this prefix goes.
 */
export async function loseRedisPrefix(redisUrl: string, prefix: string): Promise<number> {
  if (!/^[A-Za-z0-9_{}:.-]+$/.test(prefix)) throw new Error(`loseRedisPrefix: unexpected prefix ${JSON.stringify(prefix)}`);
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    return Number(await redis.eval(DELETE_BY_PATTERN, 0, `${prefix}:*`));
  } finally {
    redis.disconnect();
  }
}
