# Makes sure no server outlives the script that started it, even when a test crashes or the run
# is interrupted: every process started below inherits RUNBOOK_PROCESS_TAG, and on exit we end
# every process that still carries it (servers are found even after they were re-parented).
# shellcheck shell=bash

RUNBOOK_PROCESS_TAG="${RUNBOOK_PROCESS_TAG:-runbook-$$-$RANDOM}"
export RUNBOOK_PROCESS_TAG

tagged_pids() {
  local environ pid
  for environ in /proc/[0-9]*/environ; do
    pid="${environ#/proc/}"; pid="${pid%/environ}"
    [ "$pid" = "$$" ] && continue
    if tr "\\0" "\\n" 2>/dev/null <"$environ" | grep -qx "RUNBOOK_PROCESS_TAG=$RUNBOOK_PROCESS_TAG"; then
      echo "$pid"
    fi
  done
}

reap_tagged_processes() {
  local pids; pids="$(tagged_pids)"
  [ -z "$pids" ] && return 0
  # shellcheck disable=SC2086
  kill -TERM $pids 2>/dev/null || true
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    pids="$(tagged_pids)"; [ -z "$pids" ] && return 0
    sleep 0.3
  done
  # shellcheck disable=SC2086
  kill -KILL $pids 2>/dev/null || true
}

on_signal() { trap - INT TERM; reap_tagged_processes; exit 130; }
trap reap_tagged_processes EXIT
trap on_signal INT TERM
