#!/usr/bin/env bash
# The full test run: start every backend the tests use (installing what is missing), then build and test
# everything. This is the README's test command; .ci/run calls it.
# Maven comes from the wrapper (./mvnw: the pinned version, downloaded once into ~/.m2/wrapper).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/backends.sh up
exec ./mvnw -B -ntp verify "$@"
