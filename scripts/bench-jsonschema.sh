#!/usr/bin/env bash
# JSON-Schema coverage on JSONSchemaBench (dev.coleta.bench.JsonSchemaBenchmark): pass /
# refused / failed / invalid-accepted over the schemas in DIR, with the top refusal reasons.
# DIR is maskbench/data of github.com/guidance-ai/jsonschemabench. Extra arguments go to the
# benchmark, e.g.
#   scripts/bench-jsonschema.sh ~/jsonschemabench/maskbench/data --every 5
#   scripts/bench-jsonschema.sh DIR --bounded     # the generation policy instead of the exact language
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 DIR [--every N] [--bounded] [--show N]" >&2; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)
jar=$here/java/target/coleta.jar
[ -f "$jar" ] || (cd "$here" && mvn -B -q -ntp -DskipTests package)
exec java -cp "$jar" dev.coleta.bench.JsonSchemaBenchmark "$@"
