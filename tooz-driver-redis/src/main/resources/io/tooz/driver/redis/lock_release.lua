-- Release: KEYS lock key, waiter set; ARGV value, holder channel. Deletes the lock only if it still holds our value,
-- tells the lock's watchers, then wakes one live waiter: the entry is 'channel message', published as is.
-- 1: released, 0: not ours.
if redis.call('get', KEYS[1]) ~= ARGV[1] then
    return 0
end
redis.call('del', KEYS[1])
redis.call('publish', ARGV[2], 'released')
if redis.call('exists', KEYS[2]) == 1 then
    wake_next(KEYS[2])
end
return 1
