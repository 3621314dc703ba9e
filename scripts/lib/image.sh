# Sourced by scripts/image and scripts/test: the container tools the image build needs, a private
# containers.conf with this machine's quirks, and the Debian base image made with mmdebstrap.
# Everything comes from Debian packages and the project: no container registry is used.
# shellcheck shell=bash

IMAGE_CACHE="$RUNBOOK_CACHE/image"
IMAGE_TOOLS=(buildah podman runc mmdebstrap)
# The base image's Debian release and packages: node for the worker and the build stage (which
# fetches npm itself: Debian's npm takes ten minutes to install), git and bash for steps, tini
# as PID 1. Debian 13 ships Node 20.
IMAGE_BASE_SUITE=trixie
IMAGE_BASE_PACKAGES=nodejs,ca-certificates,git,bash,tini
IMAGE_NAME=localhost/runbook-runner
IMAGE_BASE_NAME=localhost/runbook-runner-base

# ensure_image_tools: installs buildah, podman, runc and mmdebstrap with apt-get when one is
# missing (root only; elsewhere it says what to install).
ensure_image_tools() {
  local missing=() tool
  for tool in "${IMAGE_TOOLS[@]}"; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
  if [ "${#missing[@]}" -eq 0 ]; then image_containers_conf; return 0; fi
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    fail "missing ${missing[*]} for the image build; install them (Debian: apt-get install ${missing[*]})" \
      "command -v ${missing[*]}"
  fi
  say "Installing ${missing[*]} with apt-get (once per machine)"
  mkdir -p "$IMAGE_CACHE"
  local log="$IMAGE_CACHE/apt.log"
  run_logged "$log" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    buildah podman runc mmdebstrap uidmap ||
    { run_logged "$log" apt-get update && run_logged "$log" env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y --no-install-recommends buildah podman runc mmdebstrap uidmap; } ||
    fail "could not install the image tools" "apt-get install buildah podman runc mmdebstrap" "$log"
  image_containers_conf
}

# image_containers_conf: writes and exports CONTAINERS_CONF, a private containers.conf (the
# machine's own stays untouched): runc, since crun refuses this kind of kernel's hybrid cgroups;
# explicit rlimits, since the defaults are refused here; cgroupfs and file events, since no
# systemd runs.
image_containers_conf() {
  mkdir -p "$IMAGE_CACHE"
  CONTAINERS_CONF="$IMAGE_CACHE/containers.conf"
  cat >"$CONTAINERS_CONF" <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
  export CONTAINERS_CONF
}

# image_debian_mirror: the Debian mirror this machine's apt uses (RUNBOOK_DEBIAN_MIRROR wins).
image_debian_mirror() {
  if [ -n "${RUNBOOK_DEBIAN_MIRROR:-}" ]; then echo "$RUNBOOK_DEBIAN_MIRROR"; return; fi
  local uri
  uri="$( { cat /etc/apt/sources.list.d/*.sources 2>/dev/null || true; } |
    awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }' | grep -v -- '-security' | head -n1)"
  if [ -z "$uri" ]; then
    uri="$( { cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true; } |
      awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; break } }' |
      grep -v -- '-security' | head -n1)"
  fi
  [ -n "$uri" ] || fail "no Debian mirror in /etc/apt/sources.list*; set RUNBOOK_DEBIAN_MIRROR" \
    "grep URIs /etc/apt/sources.list.d/*.sources"
  echo "$uri"
}

# ensure_image_base: prints the base image reference, making it when missing: mmdebstrap's
# rootfs tarball (cached in $IMAGE_CACHE, keyed by the suite and packages), imported with podman.
ensure_image_base() {
  local key tarball ref log started
  key="$(printf '%s\n' "minbase" "$IMAGE_BASE_SUITE" "$IMAGE_BASE_PACKAGES" | sha256sum | cut -c1-16)"
  tarball="$IMAGE_CACHE/base-$key.tar"
  ref="$IMAGE_BASE_NAME:$key"
  if podman image exists "$ref"; then echo "$ref"; return 0; fi
  mkdir -p "$IMAGE_CACHE"
  if [ ! -s "$tarball" ]; then
    local mirror
    mirror="$(image_debian_mirror)"
    say "Making the Debian $IMAGE_BASE_SUITE base with mmdebstrap ($IMAGE_BASE_PACKAGES; a few minutes, once)"
    log="$IMAGE_CACHE/mmdebstrap.log"
    started=$SECONDS
    # mmdebstrap reads sources from stdin when it is not a terminal: give it none.
    run_logged "$log" mmdebstrap --variant=minbase --format=tar --include="$IMAGE_BASE_PACKAGES" \
      --aptopt='Acquire::Retries "3"' "$IMAGE_BASE_SUITE" "$tarball.partial" "$mirror" </dev/null ||
      fail "mmdebstrap could not make the base root filesystem" \
        "mmdebstrap --variant=minbase --include=$IMAGE_BASE_PACKAGES $IMAGE_BASE_SUITE" "$log"
    mv "$tarball.partial" "$tarball"
    note "base rootfs in $((SECONDS - started))s: $tarball"
  fi
  podman import --change 'CMD ["/bin/bash"]' "$tarball" "$ref" >/dev/null ||
    fail "podman could not import the base root filesystem" "podman import $tarball $ref"
  echo "$ref"
}
