#!/usr/bin/env bash
# Records which classes the test server loads while starting, into an AppCDS archive
# (Java 13+ dynamic archive), by starting it once and stopping it when its port answers.
set -euo pipefail
dir="$1"
port=$((20000 + RANDOM % 20000))
java -XX:ArchiveClassesAtExit="$dir/classes.jsa" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
  -cp "$dir/lib/*" io.temporal.testserver.TestServer "$port" &
pid=$!
for _ in $(seq 1 300); do
  if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  sleep 0.1
done
sleep 1
kill -TERM "$pid"
wait "$pid" || true
test -s "$dir/classes.jsa"
