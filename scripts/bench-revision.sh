#!/usr/bin/env bash
# Compares this working tree's lock and join throughput with another revision's, both in one JVM on the same
# backend, rounds interleaved and paired (tooz-bench's RevisionCompare): the way to show that a change costs
# less than a few percent on a machine whose throughput drifts more than that between runs.
#   scripts/bench-revision.sh REV URL [URL...]        e.g. scripts/bench-revision.sh HEAD~3 redis://127.0.0.1:6379
# ROUNDS (default 40) and SLOT_MS (default 200) set the rounds. The other revision is built in a git worktree
# under ${TMPDIR:-/tmp}/tooz-revision-<commit> (kept, so a second run starts at once).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -lt 2 ]]; then
    sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
fi
rev="$(git rev-parse --verify "$1^{commit}")"
shift
dir="${TMPDIR:-/tmp}/tooz-revision-$rev"
mvnw="$PWD/mvnw" # this tree's wrapper, also for a revision from before it had one
build() {
    (cd "$1" && "$mvnw" -B -ntp -q -pl tooz-bench -am package -DskipTests -Dspotless.check.skip=true -Dmaven.javadoc.skip=true -Dmaven.source.skip=true >&2)
}
if [[ ! -d "$dir/tooz-bench/target/lib" ]]; then
    git worktree add --detach "$dir" "$rev" >&2 2>/dev/null || [[ -d "$dir" ]]
    echo "building $rev in $dir" >&2
    build "$dir"
fi
echo "building this working tree" >&2
build .
jar="$(ls tooz-bench/target/tooz-bench-*.jar | grep -v -e sources -e javadoc -e -all.jar | head -n 1)"  # not the shaded jar: its tooz classes would shadow both revisions'
for url in "$@"; do
    java -cp "$jar:tooz-bench/target/lib/*" io.tooz.bench.RevisionCompare \
        "$dir/tooz-bench/target/lib" tooz-bench/target/lib "$url" "${ROUNDS:-40}" "${SLOT_MS:-200}"
done
