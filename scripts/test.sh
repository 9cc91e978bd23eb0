#!/usr/bin/env bash
# The full test run: start every backend the tests use (installing what is missing), then build and test
# everything. This is the README's test command; .ci/run calls it.
# Maven comes from the wrapper (./mvnw: the pinned version, downloaded once into ~/.m2/wrapper).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/backends.sh up
# two modules at a time: most test time is waiting (TTLs, faults), and the one test that takes a shared server down
# (the JDBC fault suites) holds SharedServer.outage(), which tests of other modules wait out
exec ./mvnw -B -ntp -T 2 verify "$@"
