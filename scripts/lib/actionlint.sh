# Sourced by scripts/test and scripts/actionlint: builds actionlint (the GitHub Actions workflow
# checker that test/lint/actionlint.test.ts runs over .github/workflows/) with go install into
# $RUNBOOK_CACHE/actionlint/<version>/, once per machine and version; sharing Go's module and
# build caches with the Temporal CLI build (go_env in toolchain.sh).
# shellcheck shell=bash

ACTIONLINT_DIR="$RUNBOOK_CACHE/actionlint/$ACTIONLINT_VERSION"
ACTIONLINT_BIN="$ACTIONLINT_DIR/actionlint"
export ACTIONLINT_BIN

ensure_actionlint() {
  if [ -x "$ACTIONLINT_BIN" ] && "$ACTIONLINT_BIN" -version >/dev/null 2>&1; then return 0; fi
  ensure_go
  say "Building actionlint $ACTIONLINT_VERSION with go install (about a minute, once)"
  mkdir -p "$ACTIONLINT_DIR"
  local log="$ACTIONLINT_DIR/build.log" staging="$ACTIONLINT_DIR/staging.$$"
  rm -rf "$staging"; mkdir -p "$staging"
  local started=$SECONDS
  run_logged "$log" go_env GOBIN="$staging" "$GO_BIN" install \
    "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION" ||
    fail "building actionlint failed" "go install github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION" "$log"
  mv "$staging/actionlint" "$ACTIONLINT_BIN" && rm -rf "$staging"
  "$ACTIONLINT_BIN" -version >>"$log" 2>&1 ||
    fail "the built actionlint does not run" "$ACTIONLINT_BIN -version" "$log"
  note "built in $((SECONDS - started))s: $ACTIONLINT_BIN"
}
