#!/usr/bin/env bash
# Soak and concurrency in one JVM (dev.coleta.bench.SoakBenchmark): 10,000 short generations,
# 1,000 session open/close cycles and 1,000 sampled generations under 7 grammars in turn, with
# RSS sampled, then 8 threads on one model, every output equal to the single-threaded one.
# Arguments go to the benchmark.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jar=$here/java/target/coleta.jar
[ -f "$jar" ] || (cd "$here" && mvn -B -q -ntp -DskipTests package -pl native,java)
# A fixed, pre-touched heap: RSS growth then means native memory, not the JVM committing heap.
exec java -Xms256m -Xmx256m -XX:+AlwaysPreTouch -cp "$jar" dev.coleta.bench.SoakBenchmark "$@"
