#!/usr/bin/env bash
# Builds the local control plane's binaries with Go into $RUNBOOK_CACHE/kube/<versions>/bin.
#   kube-apiserver, kube-controller-manager, kube-scheduler  from k8s.io/kubernetes  (./kubernetes)
#   etcd                                                      from go.etcd.io/etcd/server/v3 (./etcd)
#   kwok                                                      from sigs.k8s.io/kwok  (./kwok)
# Skips binaries already built (KUBE_REBUILD=1 rebuilds them, replacing each only once built).
# Each build logs to $KUBE_LOG_DIR/<binary>.log; on failure the
# failing command and its log are named and the script exits non-zero.
# Wall time and peak memory (summed RSS of the build's processes) per binary go to
# $KUBE_LOG_DIR/build-stats.txt. KUBE_GOCACHE=<empty dir> measures a build from an empty cache.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

command -v go >/dev/null || kube_die "go is not on PATH (Go 1.24 or newer is needed to build the control plane)"
mkdir -p "$KUBE_BIN_DIR" "$KUBE_LOG_DIR"

# One build at a time per version set: a second caller (another test process) waits here, then
# finds the binaries built and skips them.
exec 9>"$KUBE_BIN_DIR/../build.lock"
if ! flock -n 9; then
  kube_log "another build of $KUBE_VERSION_KEY is running; waiting for it"
  flock 9
fi

k8s_minor=${KUBERNETES_VERSION#v1.}
k8s_minor=${k8s_minor%%.*}
# The module proxy records when the version was tagged; that is the build date /version reports.
# Module zips carry no git commit, so gitCommit is left empty rather than a placeholder.
k8s_info=$(go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" | sed -n 's/^[[:space:]]*"Info": "\(.*\)",$/\1/p')
k8s_date=$(sed -n 's/.*"Time":"\([^"]*\)".*/\1/p' "$k8s_info")
k8s_ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  k8s_ldflags+=" -X $pkg.gitVersion=$KUBERNETES_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$k8s_minor"
  k8s_ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.gitCommit= -X $pkg.buildDate=${k8s_date:-1970-01-01T00:00:00Z}"
done

# Sums the resident memory of a process group every second; prints the peak in MiB at the end.
sample_peak_rss() { # pgid outfile
  local peak=0 now
  while kill -0 -- "-$1" 2>/dev/null; do
    now=$(ps -o rss= -g "$1" 2>/dev/null | awk '{s += $1} END {print s + 0}')
    ((now > peak)) && peak=$now
    echo $((peak / 1024)) >"$2"
    sleep 1
  done
}

build_one() { # binary module-dir package ldflags
  local bin=$1 dir=$2 pkg=$3 ldflags=$4
  local out="$KUBE_BIN_DIR/$bin" log="$KUBE_LOG_DIR/$bin.log"
  if [[ -x $out && ${KUBE_REBUILD:-0} != 1 ]]; then
    kube_log "$bin: already built ($out)"
    return
  fi
  local cmd=(go build -v -trimpath -ldflags "$ldflags" -o "$out.tmp" "$pkg")
  kube_log "$bin: building $pkg (log: $log)"
  local start=$SECONDS
  (cd "$KUBE_SCRIPTS_DIR/$dir" && echo "+ (cd $KUBE_SCRIPTS_DIR/$dir && ${cmd[*]})" && exec setsid "${cmd[@]}") >"$log" 2>&1 &
  local pid=$!
  local peakfile="$KUBE_LOG_DIR/$bin.peak-mib"
  echo 0 >"$peakfile"
  sleep 0.2
  sample_peak_rss "$pid" "$peakfile" &
  local sampler=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 30
    kill -0 "$pid" 2>/dev/null &&
      kube_log "$bin: still building, $((SECONDS - start)) s, $(grep -c '^[a-z]' "$log" || true) packages compiled"
  done
  local rc=0
  wait "$pid" || rc=$?
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  if ((rc != 0)); then
    tail -n 20 "$log" >&2
    kube_die "building $bin failed (exit $rc): (cd $KUBE_SCRIPTS_DIR/$dir && ${cmd[*]}); full log: $log"
  fi
  mv "$out.tmp" "$out"
  local secs=$((SECONDS - start)) peak
  peak=$(cat "$peakfile")
  echo "$bin seconds=$secs peak_mib=$peak" >>"$KUBE_LOG_DIR/build-stats.txt"
  kube_log "$bin: built in ${secs} s, peak memory ${peak} MiB"
}

total_start=$SECONDS
build_one etcd etcd go.etcd.io/etcd/server/v3 "-s -w"
build_one kwok kwok sigs.k8s.io/kwok/cmd/kwok "-s -w"
build_one kube-apiserver kubernetes k8s.io/kubernetes/cmd/kube-apiserver "$k8s_ldflags"
build_one kube-controller-manager kubernetes k8s.io/kubernetes/cmd/kube-controller-manager "$k8s_ldflags"
build_one kube-scheduler kubernetes k8s.io/kubernetes/cmd/kube-scheduler "$k8s_ldflags"
kube_log "all binaries in $KUBE_BIN_DIR (${SECONDS}s since start of build.sh, $((SECONDS - total_start)) s building)"
