# shellcheck shell=bash
# Shared settings for scripts/kube/*.sh and scripts/kube-up / kube-down. Source it, don't run it.

KUBE_SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
. "$KUBE_SCRIPTS_DIR/versions.env"

RUNBOOK_CACHE="${RUNBOOK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/runbook-runner}"
export GOMODCACHE="$RUNBOOK_CACHE/go/mod"
# KUBE_GOCACHE overrides the build cache only to measure a build from an empty cache.
export GOCACHE="${KUBE_GOCACHE:-$RUNBOOK_CACHE/go/build}"
export CGO_ENABLED=0
export GOFLAGS="-p=2 -buildvcs=false -mod=mod"
export GOTOOLCHAIN=local

# Binaries are keyed by every pinned version, so a change of any one rebuilds into a new folder.
KUBE_VERSION_KEY="k8s-${KUBERNETES_VERSION}_etcd-${ETCD_VERSION}_kwok-${KWOK_VERSION}"
KUBE_BIN_DIR="$RUNBOOK_CACHE/kube/$KUBE_VERSION_KEY/bin"
KUBE_LOG_DIR="$RUNBOOK_CACHE/kube/$KUBE_VERSION_KEY/logs"
KUBE_BINARIES=(kube-apiserver kube-controller-manager kube-scheduler etcd kwok)

kube_log() { printf '[kube %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
kube_die() { printf '[kube] error: %s\n' "$*" >&2; exit 1; }
