# shellcheck shell=bash
# Sourced by scripts/backends.sh: installing the services' Debian packages.

pkg_installed() {
    [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" == installed ]]
}

pkg_version() {
    local v
    v=$(dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true)
    echo "${v:--}"
}

POLICY_RC=/usr/sbin/policy-rc.d
POLICY_RC_ADDED=0

cleanup() {
    if ((POLICY_RC_ADDED)); then
        rm -f "$POLICY_RC"
    fi
}
trap cleanup EXIT

install_missing() { # services...
    local s p missing=()
    for s in "$@"; do
        for p in $(svc "$s" packages); do
            pkg_installed "$p" || missing+=("$p")
        done
    done
    ((${#missing[@]})) || return 0

    local apt_log="$STATE_DIR/apt.log"
    log "installing from Debian packages: ${missing[*]} (log: $apt_log)"
    # Without systemd, package maintainer scripts would try to start the daemons
    # through /etc/init.d; we start them ourselves, so deny that for the duration
    # (only if the machine has no policy-rc.d of its own).
    if [[ ! -e "$POLICY_RC" ]]; then
        printf '#!/bin/sh\n# temporary, from tooz scripts/backends.sh\nexit 101\n' >"$POLICY_RC"
        chmod 755 "$POLICY_RC"
        POLICY_RC_ADDED=1
    fi
    local t0=$SECONDS
    # Wait (bounded) for the dpkg lock if another apt/dpkg run holds it.
    local apt=(apt-get -o DPkg::Lock::Timeout=300)
    if ! "${apt[@]}" update >>"$apt_log" 2>&1; then
        tail -n 20 "$apt_log" >&2
        die "apt-get update failed; see $apt_log"
    fi
    if ! DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y --no-install-recommends "${missing[@]}" >>"$apt_log" 2>&1; then
        tail -n 20 "$apt_log" >&2
        die "apt-get install ${missing[*]} failed; see $apt_log"
    fi
    cleanup
    POLICY_RC_ADDED=0
    log "installed in $((SECONDS - t0))s"
}
