-- A waiter gives up: KEYS waiter set, lock key; ARGV its entry. Removes it and, if the lock is free, passes a
-- wake-up it may have swallowed on to the next live waiter. Returns 1 if someone was woken.
redis.call('zrem', KEYS[1], ARGV[1])
if redis.call('exists', KEYS[2]) == 1 then
    return 0
end
return wake_next(KEYS[1]) and 1 or 0
