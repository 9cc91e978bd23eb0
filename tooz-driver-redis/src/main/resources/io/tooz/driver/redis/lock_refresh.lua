-- Refresh many grants: KEYS lock keys; ARGV lock ms, then one value per key. Compare-and-PEXPIRE, as redis-py's
-- reacquire. Returns, for each grant no longer held, its 1-based index and 1 if it was broken (0: it expired).
local lost = {}
for i, key in ipairs(KEYS) do
    if redis.call('get', key) == ARGV[i + 1] then
        redis.call('pexpire', key, ARGV[1])
    else
        lost[#lost + 1] = i
        lost[#lost + 1] = (redis.call('get', key .. ':broken') == ARGV[i + 1]) and 1 or 0
    end
end
return lost
