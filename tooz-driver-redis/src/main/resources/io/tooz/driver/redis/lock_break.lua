-- Break a lock: KEYS lock key, waiter set; ARGV wake channel prefix, lock ms, holder channel. Deletes whatever holds
-- it, tells a tooz-java holder (its value names its coordinator's channel) and the lock's watchers, leaves a note so
-- the holder's next refresh can tell a break from an expiry, and wakes one waiter. 1: there was a holder.
local v = redis.call('get', KEYS[1])
if not v then
    return 0
end
redis.call('del', KEYS[1])
redis.call('set', KEYS[1] .. ':broken', v, 'PX', ARGV[2])
local instance = string.match(v, '^tooz:(%x+)%.')
if instance then
    redis.call('publish', ARGV[1] .. instance, 'lost ' .. v)
end
redis.call('publish', ARGV[3], 'broken')
wake_next(KEYS[2])
return 1
