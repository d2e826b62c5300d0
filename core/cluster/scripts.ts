/**
 * The Lua scripts of the cluster state: each runs atomically in Redis (one round trip, no race between nodes).
 * Keys are built inside the scripts from a prefix: a single Redis (or Sentinel-managed primary), not Redis Cluster.
 */
export const SCRIPTS = {
  /**
   * KEYS[1] handle counter, KEYS[2] handle key prefix; ARGV node id, ttl ms, floor (highest handle this node has
   * seen: after Redis lost its data the counter resumes above every handle still alive). Skips numbers in use.
   */
  allocateHandle: {
    numberOfKeys: 2,
    lua: `
local v = redis.call('INCR', KEYS[1])
local floor = tonumber(ARGV[3])
if v <= floor then v = floor + 1; redis.call('SET', KEYS[1], v) end
while redis.call('EXISTS', KEYS[2] .. v) == 1 do v = redis.call('INCR', KEYS[1]) end
redis.call('SET', KEYS[2] .. v, ARGV[1], 'PX', ARGV[2])
return v`,
  },
  /** KEYS[1]; ARGV owner: deletes the key only while it still names this owner. */
  releaseIfOwner: {
    numberOfKeys: 1,
    lua: `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`,
  },
  /**
   * KEYS[1] NVR lease, KEYS[2] node record prefix; ARGV node id, ttl ms. Takes or renews the lease: 'ok' when this
   * node holds it afterwards, else the id of the live node holding it (SET NX PX semantics plus renewal by the
   * holder; a lease whose holder's record expired is free: both are written by the same refresh).
   */
  leaseNvr: {
    numberOfKeys: 2,
    lua: `
local cur = redis.call('GET', KEYS[1])
if cur == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]); return 'ok' end
if cur and redis.call('EXISTS', KEYS[2] .. cur) == 1 then return cur end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 'ok'`,
  },
  /** KEYS[1] handle counter; ARGV floor: raises the counter to at least the floor (re-registration after data loss). */
  raiseSeq: {
    numberOfKeys: 1,
    lua: `local v = tonumber(redis.call('GET', KEYS[1]) or '0'); if v < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end return 0`,
  },
} as const;

export type ScriptName = keyof typeof SCRIPTS;
