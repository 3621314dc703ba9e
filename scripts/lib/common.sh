# Shared by every script: where the cache lives, how to report progress and failure.
# shellcheck shell=bash

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO_ROOT
export RUNBOOK_CACHE="${RUNBOOK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/runbook-runner}"
mkdir -p "$RUNBOOK_CACHE"

# shellcheck source=../versions.env
source "$REPO_ROOT/scripts/versions.env"

# Colour only on a terminal: logs and tests read plain text.
if [ -t 2 ]; then BOLD=$'\033[1m' RED=$'\033[31m' RESET=$'\033[0m'; else BOLD='' RED='' RESET=''; fi

say() { printf '%s==>%s %s\n' "$BOLD" "$RESET" "$*" >&2; }
note() { printf '    %s\n' "$*" >&2; }

# fail <what is missing> <command that failed> [log file]
fail() {
  printf '%serror:%s %s\n' "$RED" "$RESET" "$1" >&2
  [ -n "${2:-}" ] && printf '  command: %s\n' "$2" >&2
  if [ -n "${3:-}" ] && [ -f "$3" ]; then
    printf '  log:     %s (last lines below)\n' "$3" >&2
    tail -n 15 "$3" | sed 's/^/    | /' >&2
  fi
  exit 1
}

# run_logged <log file> <command…>: runs quietly, prints a dot every 10 s so a long build shows life.
run_logged() {
  local log="$1"; shift
  "$@" >"$log" 2>&1 &
  local pid=$! elapsed=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1; elapsed=$((elapsed + 1))
    if [ $((elapsed % 15)) -eq 0 ]; then note "… still working (${elapsed}s, log: $log)"; fi
  done
  wait "$pid"
}

# version_ge A B: true when dotted version A >= B.
version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }
