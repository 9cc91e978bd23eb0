-- Take a lock: KEYS lock key, fence key, waiter set, and optionally the lock's key in the other lock_key_format;
-- ARGV value, lock ms, waiter entry ('' when not waiting), waiter lease ms, holder channel ('' for none: only
-- leaderships announce a grant). Granted: {1, fencing token, other}. Else {0, ms to wait (the lock's remaining TTL, or
-- the rest of a restarted server's first TTL), 1 if a tooz-java holder, other}. other: 1 if the other format's key
-- exists (someone holds the same lock under the other key format), else 0.
local other = KEYS[4] and redis.call('exists', KEYS[4]) or 0
if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
    local token = redis.call('incr', KEYS[2])
    if token == 1 then
        -- no counter: the first grant of this lock, or the server lost its data. A server up for less than a lock TTL
        -- may have forgotten a grant whose holder still believes in it until its TTL ends: grant nothing until then
        -- (Redlock's delayed restart, done here); the caller waits the returned ms as for any holder
        -- (a user whose ACL refuses INFO gets no such guard)
        local info = redis.pcall('info', 'server')
        local up = type(info) == 'string' and tonumber(string.match(info, 'uptime_in_seconds:(%d+)')) or nil
        local wait = up and (tonumber(ARGV[2]) - up * 1000) or 0
        if wait > 0 then
            redis.call('del', KEYS[1], KEYS[2])
            return {0, wait, 0, other}
        end
        -- start from the server's clock in microseconds, above every token it gave before (at most one grant per
        -- microsecond), so tokens keep increasing
        local t = redis.call('time')
        token = tonumber(t[1]) * 1000000 + tonumber(t[2])
        redis.call('set', KEYS[2], string.format('%.0f', token))
    end
    if ARGV[3] ~= '' then
        redis.call('zrem', KEYS[3], ARGV[3])
    end
    if ARGV[5] ~= '' then
        redis.call('publish', ARGV[5], 'acquired')
    end
    return {1, token, other}
end
if ARGV[3] ~= '' then
    local t = redis.call('time')
    redis.call('zadd', KEYS[3], tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[4]), ARGV[3])
    redis.call('pexpire', KEYS[3], ARGV[4])
end
local holder = redis.call('get', KEYS[1]) or ''
if holder == ARGV[1] then
    return {1, tonumber(redis.call('get', KEYS[2])), other} -- a retry of a grant whose reply was lost
end
local ours = string.match(holder, '^tooz:') and 1 or 0
return {0, redis.call('pttl', KEYS[1]), ours, other}
