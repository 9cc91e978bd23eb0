-- Refresh many queue entries: KEYS entry keys ('<base>:<seq>'); ARGV lock ms. Returns, for each entry gone, its
-- 1-based index and 1 if a break took it (its number is at most the queue's '<base>:broken'), else 0 (it expired).
local lost = {}
for i, key in ipairs(KEYS) do
    if redis.call('pexpire', key, ARGV[1]) == 0 then
        local base, seq = string.match(key, '^(.*):(%d+)$')
        local broken = tonumber(redis.call('get', base .. ':broken') or '-1')
        lost[#lost + 1] = i
        lost[#lost + 1] = (broken >= tonumber(seq)) and 1 or 0
    end
end
return lost
