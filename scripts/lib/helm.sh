# Sourced by scripts/test and scripts/helm: builds Helm 3 (helm lint and helm template of
# charts/runbook-runner in test/chart/) with go install into $RUNBOOK_CACHE/helm/<version>/, once
# per machine and version; sharing Go's module and build caches with the other Go builds
# (go_env in toolchain.sh).
# shellcheck shell=bash

HELM_DIR="$RUNBOOK_CACHE/helm/$HELM_VERSION"
HELM_BIN="$HELM_DIR/helm"
export HELM_BIN

ensure_helm() {
  if [ -x "$HELM_BIN" ] && "$HELM_BIN" version --short >/dev/null 2>&1; then return 0; fi
  ensure_go
  say "Building Helm $HELM_VERSION with go install (a few minutes on 2 cores, once)"
  mkdir -p "$HELM_DIR"
  local log="$HELM_DIR/build.log" staging="$HELM_DIR/staging.$$"
  rm -rf "$staging"; mkdir -p "$staging"; : >"$log"
  local started=$SECONDS
  # What Helm's Makefile stamps in with -ldflags: its version, and the Kubernetes version
  # `helm template` and `helm lint` assume (from its client-go; without it they assume v1.20 and
  # refuse charts with a newer kubeVersion).
  local module_dir client_go
  module_dir="$(go_env "$GO_BIN" mod download -json "helm.sh/helm/v3@$HELM_VERSION" 2>>"$log" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  client_go="$(sed -n 's/^[[:space:]]*k8s.io\/client-go v0\.\([0-9]*\)\..*/\1/p' "$module_dir/go.mod" 2>/dev/null)"
  [ -n "$client_go" ] ||
    fail "cannot read the client-go version of Helm $HELM_VERSION" "go mod download -json helm.sh/helm/v3@$HELM_VERSION" "$log"
  local ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
  local pkg
  for pkg in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
    ldflags="$ldflags -X $pkg.k8sVersionMajor=1 -X $pkg.k8sVersionMinor=$client_go"
  done
  run_logged "$log" go_env GOBIN="$staging" "$GO_BIN" install -ldflags "$ldflags" \
    "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" ||
    fail "building Helm failed" "go install helm.sh/helm/v3/cmd/helm@$HELM_VERSION" "$log"
  mv "$staging/helm" "$HELM_BIN" && rm -rf "$staging"
  "$HELM_BIN" version --short >>"$log" 2>&1 ||
    fail "the built helm does not run" "$HELM_BIN version --short" "$log"
  note "built in $((SECONDS - started))s: $HELM_BIN"
}
