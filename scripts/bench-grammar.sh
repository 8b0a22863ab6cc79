#!/usr/bin/env bash
# Grammar-constrained tokens/s as a ratio of unconstrained, per preset, measured side by side
# in one run (dev.coleta.bench.GrammarBenchmark). Extra arguments go to the benchmark, e.g.
#   scripts/bench-grammar.sh --presets medium --rounds 4
#   scripts/bench-grammar.sh --json-schema tasks/scrape/some.schema.json
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jar=$here/java/target/coleta.jar
[ -f "$jar" ] || (cd "$here" && mvn -B -q -ntp -DskipTests package)
exec java -cp "$jar" dev.coleta.bench.GrammarBenchmark "$@"
