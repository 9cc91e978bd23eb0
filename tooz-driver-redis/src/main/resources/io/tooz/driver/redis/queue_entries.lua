-- List a queue: KEYS index; ARGV base, the queue's channel. Returns {seq, value, ...} in sequence order.
return live(KEYS[1], ARGV[1], ARGV[2])
