#!/usr/bin/env bash
# Java's file:// lock against Python tooz's file driver, side by side on one directory (issue 21).
#
# One client each, acquire() + release() of one lock in a loop, uncontended: Java (through the public Coordinator
# API, fencing included) and Python tooz (scripts/file-lock/file_lock_loop.py on Debian's python3-tooz, installed by
# scripts/backends.sh) take turns on the same lock file of the same temporary directory, ROUNDS rounds each of SECONDS,
# the order alternating every round. scripts/file-lock/FileLockVsPython.java drives it: one JVM, warmed up once
# (max(5, 2 x WARMUP) s, for the JIT compilers) and kept for every round, as a service's would be; a Python process
# per round, which warms up for WARMUP seconds first. Prints every round, each side's median (acquire+release pairs
# per second) and their ratio, and the machine's load (uptime) before and after: on a loaded machine they are rough.
#
# Usage (from the repository root):  scripts/file-lock-vs-python.sh [ROUNDS [SECONDS [WARMUP]]]   (default 7 3 1)
#   FLVP_DIR=/path   the directory (default: a new one under /tmp, removed afterwards)
#   FLVP_BUILD=0     do not compile tooz-core and tooz-driver-file first
#   FLVP_DRIVER_CLASSES=dir   the file driver's classes to measure (default tooz-driver-file/target/classes), e.g.
#                    another revision's: git archive REV tooz-driver-file/src/main | tar -x -C /tmp/rev, then
#                    javac -d /tmp/rev/classes -cp "tooz-core/target/classes:<the jars>" $(find /tmp/rev -name '*.java')
#
# Java runs on tooz-core/target/classes and tooz-driver-file/target/classes (compiled first, offline), with the
# third-party jars of tooz-bench/target/lib (build them once: ./mvnw -B -o -q -pl tooz-bench -am package -DskipTests).
set -euo pipefail

ROUNDS="${1:-7}"
SECONDS_EACH="${2:-3}"
WARMUP="${3:-1}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY=/usr/bin/python3
cd "$ROOT"

if [[ "${FLVP_BUILD:-1}" != 0 ]]; then
    ./mvnw -B -o -q -pl tooz-driver-file -am install -DskipTests -Dmaven.javadoc.skip=true
fi
shopt -s nullglob
jars=()
for j in tooz-bench/target/lib/*.jar; do
    [[ "$(basename "$j")" == tooz-* ]] || jars+=("$j")
done
if [[ ${#jars[@]} -eq 0 ]]; then
    echo "no jars in tooz-bench/target/lib: ./mvnw -B -o -q -pl tooz-bench -am package -DskipTests" >&2
    exit 2
fi
CP="tooz-core/target/classes:${FLVP_DRIVER_CLASSES:-tooz-driver-file/target/classes}:$(IFS=:; echo "${jars[*]}")"
"$PY" -I -c 'import tooz.coordination' || { echo "$PY cannot import tooz: scripts/backends.sh up python" >&2; exit 2; }

if [[ -n "${FLVP_DIR:-}" ]]; then
    DIR="$FLVP_DIR"
    mkdir -p "$DIR"
else
    DIR="$(mktemp -d /tmp/tooz-file-lock-vs-python.XXXXXX)"
    trap 'rm -rf "$DIR"' EXIT
fi
LOCK="lock-vs-python"

echo "driver classes: ${FLVP_DRIVER_CLASSES:-tooz-driver-file/target/classes}"
echo "directory $DIR ($(stat -f -c %T "$DIR")), lock file $LOCK, $ROUNDS rounds x ${SECONDS_EACH}s each"
echo "load before: $(uptime)"
java -cp "$CP" scripts/file-lock/FileLockVsPython.java "$DIR" "$LOCK" "$ROUNDS" "$SECONDS_EACH" "$WARMUP" \
    "$PY" scripts/file-lock/file_lock_loop.py
echo "load after: $(uptime)"
