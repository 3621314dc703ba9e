#!/usr/bin/env bash
# Generates per-run credentials for the local control plane into the given directory:
#   ca.{crt,key}                 cluster CA (signs everything below, and CSRs via the controller manager)
#   apiserver.{crt,key}          serving cert for 127.0.0.1 / localhost / kubernetes.default.svc
#   admin.{crt,key}              client cert, O=system:masters  (the kubeconfig handed to users)
#   kube-controller-manager.*    client cert, CN=system:kube-controller-manager
#   kube-scheduler.*             client cert, CN=system:kube-scheduler
#   kwok.*                       client cert for the kwok controller, O=system:masters
#   sa.{key,pub}                 service-account token signing key pair
# All keys are ECDSA P-256: fast to generate and accepted by every component.
set -euo pipefail
dir=${1:?usage: certs.sh <dir>}
mkdir -p "$dir"
cd "$dir"
umask 077

genkey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null; }

genkey ca
openssl req -x509 -new -key ca.key -sha256 -days 30 -subj "/CN=runbook-runner-local-ca" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
  -out ca.crt 2>/dev/null

sign() { # name subject extensions
  genkey "$1"
  openssl req -new -key "$1.key" -subj "$2" -out "$1.csr" 2>/dev/null
  openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days 30 \
    -extfile <(printf '%s\n' "$3") -out "$1.crt" 2>/dev/null
  rm -f "$1.csr"
}

client_ext="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"

sign apiserver "/CN=kube-apiserver" "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
sign admin "/O=system:masters/CN=runbook-runner-admin" "$client_ext"
sign kube-controller-manager "/CN=system:kube-controller-manager" "$client_ext"
sign kube-scheduler "/CN=system:kube-scheduler" "$client_ext"
sign kwok "/O=system:masters/CN=kwok-controller" "$client_ext"

genkey sa
openssl pkey -in sa.key -pubout -out sa.pub 2>/dev/null
rm -f ca.srl
