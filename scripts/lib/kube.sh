# Sourced by scripts/test: builds the local Kubernetes control plane's binaries (etcd,
# kube-apiserver, kube-controller-manager, kube-scheduler, kwok) with Go before the tests that
# start it. Once per machine and version set (about 10 minutes on 2 cores from an empty cache,
# seconds afterwards); see docs/kubernetes.md.
# shellcheck shell=bash

ensure_kube_binaries() {
  bash "$REPO_ROOT/scripts/kube/build.sh"
}
