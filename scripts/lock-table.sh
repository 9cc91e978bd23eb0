#!/usr/bin/env bash
# Prints the lock table: one row per backend of scripts/backends.sh, each measured by `tooz bench row` (lock
# acquire+release per second for tooz, the backend's raw floor, the best competing library and Python tooz 3.1.0, all
# in one run per backend as medians of interleaved rounds), as markdown, with the load average before and after.
#
#   scripts/lock-table.sh [--duration 60s] [URL...]     (default: every backend scripts/backends.sh starts)
#
# The backends must be up (scripts/backends.sh up); a backend that cannot be reached gets a row saying so.
# See docs/performance.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
DURATION=60s
if [[ "${1:-}" == --duration ]]; then
    DURATION="$2"
    shift 2
fi
URLS=("$@")
if ((${#URLS[@]} == 0)); then
    URLS=(
        "zookeeper://127.0.0.1:2181"
        "redis://127.0.0.1:6379"
        "postgresql://tooz:tooz@127.0.0.1:5432/tooz"
        "mysql://tooz:tooz@127.0.0.1:3306/tooz"
        "etcd3+http://127.0.0.1:2379"
        "memcached://127.0.0.1:11211"
        "file://${TMPDIR:-/tmp}/tooz-lock-table"
    )
fi
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs; $DURATION per backend"
echo
echo "| backend | tooz | raw floor | ratio | best anchor | ratio | Python tooz (ratio) |"
echo "|---|--:|--:|--:|--:|--:|--:|"
for url in "${URLS[@]}"; do
    if out="$("$ROOT/tooz" bench row --url "$url" --duration "$DURATION" 2>&1)"; then
        row="$(grep -E '^\| ' <<<"$out" | grep -v '^| backend |' | tail -n 1 || true)"
        echo "${row:-| $url | no row printed | | | | | |}"
    else
        echo "| $url | failed: $(tail -n 1 <<<"$out" | tr '|' '/') | | | | | |"
    fi
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); ratios are tooz's median over the other's (above 1: tooz is faster)"
