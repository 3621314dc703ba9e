# Installs what runbook-runner needs on a fresh machine, once, into $RUNBOOK_CACHE.
# Every function is idempotent and fast when its piece is already there.
# shellcheck shell=bash

TEMPORAL_CLI_DIR="$RUNBOOK_CACHE/temporal-cli/$TEMPORAL_CLI_VERSION"
TEMPORAL_CLI_BIN="$TEMPORAL_CLI_DIR/temporal"
TEST_SERVER_DIR="$RUNBOOK_CACHE/temporal-test-server/$TEMPORAL_TEST_SERVER_VERSION"
TEST_SERVER_BIN="$TEST_SERVER_DIR/temporal-test-server"
export TEMPORAL_CLI_BIN TEST_SERVER_BIN

apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then return 1; fi
  local log="$RUNBOOK_CACHE/apt-install.log"
  say "Installing Debian packages: $*"
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"; } >"$log" 2>&1 ||
    fail "could not install Debian packages: $*" "apt-get install -y $*" "$log"
}

ensure_node_modules() {
  command -v node >/dev/null || fail "Node.js 20 or newer is required and was not found on PATH" "node --version"
  local major; major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$major" -ge 20 ] || fail "Node.js 20 or newer is required, found $(node --version)" "node --version"
  local stamp="$REPO_ROOT/node_modules/.package-lock.json"
  if [ -f "$stamp" ] && [ ! "$REPO_ROOT/package-lock.json" -nt "$stamp" ]; then return 0; fi
  say "Installing npm packages (npm ci)"
  local log="$RUNBOOK_CACHE/npm-ci.log"
  (cd "$REPO_ROOT" && npm_config_cache="$RUNBOOK_CACHE/npm" run_logged "$log" npm ci --no-audit --no-fund) ||
    fail "npm packages could not be installed" "npm ci (in $REPO_ROOT)" "$log"
}

find_go() {
  if command -v go >/dev/null; then command -v go; return 0; fi
  for candidate in /usr/local/go/bin/go /usr/lib/go/bin/go; do
    [ -x "$candidate" ] && { echo "$candidate"; return 0; }
  done
  return 1
}

ensure_go() {
  local go_bin
  if ! go_bin="$(find_go)"; then
    apt_install golang-go || true
    go_bin="$(find_go)" || fail "Go $GO_MIN_VERSION or newer is needed to build the Temporal CLI; install it from https://go.dev/dl and put it on PATH" "go version"
  fi
  local version; version="$("$go_bin" env GOVERSION | sed 's/^go//')"
  version_ge "$version" "$GO_MIN_VERSION" ||
    fail "Go $GO_MIN_VERSION or newer is needed to build the Temporal CLI, found $version at $go_bin (Debian's golang-go is too old; install a release from https://go.dev/dl)" "$go_bin version"
  GO_BIN="$go_bin"
}

# Go's module and build caches live in the project cache so that every build (Temporal CLI,
# Kubernetes) shares them and a fresh clone on the same machine rebuilds nothing.
go_env() {
  env GOMODCACHE="$RUNBOOK_CACHE/go/mod" GOCACHE="$RUNBOOK_CACHE/go/build" GOFLAGS="-p=2" CGO_ENABLED=0 GOTOOLCHAIN=local "$@"
}

ensure_temporal_cli() {
  if [ -x "$TEMPORAL_CLI_BIN" ] && "$TEMPORAL_CLI_BIN" --version >/dev/null 2>&1; then return 0; fi
  ensure_go
  say "Building the Temporal CLI $TEMPORAL_CLI_VERSION with go install (a few minutes on 2 cores, once)"
  mkdir -p "$TEMPORAL_CLI_DIR"
  local log="$TEMPORAL_CLI_DIR/build.log" staging="$TEMPORAL_CLI_DIR/staging.$$"
  rm -rf "$staging"; mkdir -p "$staging"
  local started=$SECONDS
  run_logged "$log" go_env GOBIN="$staging" "$GO_BIN" install \
    -ldflags "-X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_VERSION#v}" \
    "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION" ||
    fail "building the Temporal CLI failed" "go install github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION" "$log"
  mv "$staging/temporal" "$TEMPORAL_CLI_BIN" && rm -rf "$staging"
  "$TEMPORAL_CLI_BIN" --version >>"$log" 2>&1 ||
    fail "the built Temporal CLI does not run" "$TEMPORAL_CLI_BIN --version" "$log"
  note "built in $((SECONDS - started))s: $("$TEMPORAL_CLI_BIN" --version)"
}

ensure_java() {
  command -v java >/dev/null || apt_install openjdk-17-jre-headless ||
    fail "Java 17 or newer is needed to run Temporal's time-skipping test server" "java -version"
  command -v mvn >/dev/null || apt_install maven ||
    fail "Maven is needed to fetch Temporal's time-skipping test server" "mvn -version"
}

write_test_server_launcher() {
  sed "s#@LIB@#$TEST_SERVER_DIR/lib#g; s#@CDS@#$TEST_SERVER_DIR/classes.jsa#g" \
    "$REPO_ROOT/scripts/test-server/launcher.sh" >"$TEST_SERVER_BIN.tmp"
  chmod +x "$TEST_SERVER_BIN.tmp"
  mv "$TEST_SERVER_BIN.tmp" "$TEST_SERVER_BIN"
}

ensure_test_server() {
  if [ -f "$TEST_SERVER_DIR/.complete" ]; then
    # Cheap, and keeps the launcher in step with scripts/test-server/launcher.sh.
    write_test_server_launcher
    return 0
  fi
  ensure_java
  say "Fetching Temporal's time-skipping test server $TEMPORAL_TEST_SERVER_VERSION with Maven (once)"
  local log="$TEST_SERVER_DIR/fetch.log" started=$SECONDS
  rm -rf "$TEST_SERVER_DIR"; mkdir -p "$TEST_SERVER_DIR"
  sed "s/@VERSION@/$TEMPORAL_TEST_SERVER_VERSION/" "$REPO_ROOT/scripts/test-server/pom.xml" >"$TEST_SERVER_DIR/pom.xml"
  run_logged "$log" mvn -B -q -f "$TEST_SERVER_DIR/pom.xml" -Dmaven.repo.local="$RUNBOOK_CACHE/m2" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$TEST_SERVER_DIR/lib" ||
    fail "fetching io.temporal:temporal-test-server:$TEMPORAL_TEST_SERVER_VERSION failed" \
      "mvn dependency:copy-dependencies -f $TEST_SERVER_DIR/pom.xml" "$log"
  write_test_server_launcher
  # A class-data-sharing archive of the classes the server loads at start roughly halves its
  # start time, which matters: the SDK gives the server only a few seconds to accept connections.
  bash "$REPO_ROOT/scripts/test-server/build-cds.sh" "$TEST_SERVER_DIR" >>"$log" 2>&1 ||
    note "class-data sharing archive not built (the server still works, starting slower); see $log"
  touch "$TEST_SERVER_DIR/.complete"
  note "ready in $((SECONDS - started))s: $TEST_SERVER_BIN"
}

ensure_toolchain() {
  ensure_node_modules
  ensure_temporal_cli
  ensure_test_server
}
