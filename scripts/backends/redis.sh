# shellcheck shell=bash
# Sourced by scripts/backends.sh: Redis, daemonized by itself, no persistence.
# openssl: the TLS tests make their certificates.
service redis port=6379 packages="redis-server openssl" \
    log="$STATE_DIR/redis/redis.log" \
    pidfile="$STATE_DIR/redis/redis.pid" \
    signature=redis-server

start_redis() {
    local port=$1 dir="$STATE_DIR/redis"
    already_starting redis && return 0
    command -v redis-server >/dev/null || die "redis: redis-server not installed"
    mkdir -p "$dir"
    (
        close_fds
        exec redis-server --bind 127.0.0.1 --port "$port" --daemonize yes \
            --save '' --appendonly no --dir "$dir" \
            --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" \
            </dev/null >>"$dir/redis.out" 2>&1
    ) ||
        die "redis: redis-server failed to start; see $dir/redis.out and $dir/redis.log"
    echo "started"
}

ok_redis() { tcp_query "$1" 'PING\r\nQUIT\r\n' | grep '^+PONG' >/dev/null; }
version_redis() { tcp_query "$1" 'INFO server\r\nQUIT\r\n' | sed -n 's/^redis_version:\(.*\)/\1/p'; }
