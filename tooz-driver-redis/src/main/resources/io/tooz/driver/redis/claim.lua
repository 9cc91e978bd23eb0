-- Claim tasks for a period: KEYS[1] the namespace's token counter, KEYS[2..] one claim key per task; ARGV[1] holder,
-- ARGV[2] TTL in ms. Each claim key that does not exist gets '<token>:<holder>' with that TTL. Returns
-- {i, token, ...} for each claim made, i counting the claim keys from 1.
local out = {}
for i = 2, #KEYS do
    if redis.call('exists', KEYS[i]) == 0 then
        local token = redis.call('incr', KEYS[1])
        if token == 1 then
            -- no counter: the first claim, or the server lost its data; start from its clock in microseconds,
            -- above every token it gave before (at most one claim per microsecond), so tokens keep increasing
            local t = redis.call('time')
            token = tonumber(t[1]) * 1000000 + tonumber(t[2])
            redis.call('set', KEYS[1], string.format('%.0f', token))
        end
        redis.call('set', KEYS[i], string.format('%.0f', token) .. ':' .. ARGV[1], 'PX', ARGV[2])
        out[#out + 1] = i - 1
        out[#out + 1] = token
    end
end
return out
