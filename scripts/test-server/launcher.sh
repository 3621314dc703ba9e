#!/usr/bin/env bash
# Temporal time-skipping test server, started by the TypeScript SDK as an `existing-path`
# executable with one argument: the port. The SDK kills this process directly, so we `exec` the
# JVM (no shell left in between) and tune it to start fast on busy machines.
set -euo pipefail
port="${1:?usage: temporal-test-server <port>}"
cds=()
if [ -f '@CDS@' ]; then cds=(-XX:SharedArchiveFile='@CDS@' -Xshare:auto); fi
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -Xmx512m "${cds[@]}" \
  -cp '@LIB@/*' io.temporal.testserver.TestServer "$port"
