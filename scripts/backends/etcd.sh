# shellcheck shell=bash
# Sourced by scripts/backends.sh: etcd, one member, v3 API plus v2.
service etcd port=2379 packages=etcd-server \
    log="$STATE_DIR/etcd/etcd.log" \
    pidfile="$STATE_DIR/etcd/etcd.pid" \
    signature="$STATE_DIR/etcd/data" \
    launcher="$STATE_DIR/etcd/etcd.pid"

start_etcd() {
    local port=$1 dir="$STATE_DIR/etcd" arch
    already_starting etcd && return 0
    command -v etcd >/dev/null || die "etcd: etcd not installed (package etcd-server)"
    mkdir -p "$dir"
    chmod 700 "$dir"
    # etcd 3.4 refuses to run on architectures other than amd64 and ppc64le
    # unless ETCD_UNSUPPORTED_ARCH names the architecture (arm64 needs it).
    arch=$(dpkg --print-architecture 2>/dev/null || echo amd64)
    case "$arch" in
        amd64) ;;
        ppc64el) export ETCD_UNSUPPORTED_ARCH=ppc64le ;;
        *) export ETCD_UNSUPPORTED_ARCH="$arch" ;;
    esac
    launch etcd "$dir/etcd.log" etcd --name default --data-dir "$dir/data" \
        --listen-client-urls "http://127.0.0.1:$port" \
        --advertise-client-urls "http://127.0.0.1:$port" \
        --listen-peer-urls http://127.0.0.1:2380 \
        --initial-advertise-peer-urls http://127.0.0.1:2380 \
        --initial-cluster default=http://127.0.0.1:2380 \
        --initial-cluster-token tooz-local --initial-cluster-state new \
        --enable-v2=true
}

ok_etcd() { tcp_query "$1" 'GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' | grep '"health":"true"' >/dev/null; }
version_etcd() {
    tcp_query "$1" 'GET /version HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' | sed -n 's/.*"etcdserver":"\([^"]*\)".*/\1/p'
}
