#!/usr/bin/env bash
# Tokens/s under the SQL grammar of a schema as a ratio of unconstrained generation, on the
# medium preset by default (dev.coleta.bench.GrammarBenchmark, side by side in one run).
#   scripts/bench-sql.sh                                  # shop schema, medium preset
#   scripts/bench-sql.sh --ddl tasks/nl2sql/schemas/hr.sql --presets tiny,medium --rounds 4
# Extra arguments after the options below go to the benchmark.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
ddl=$here/tasks/nl2sql/schemas/shop.sql
args=()
presets=medium
while [ $# -gt 0 ]; do
  case "$1" in
    --ddl) ddl=$2; shift 2 ;;
    --presets) presets=$2; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
jar=$here/java/target/coleta.jar
[ -f "$jar" ] || (cd "$here" && mvn -B -q -ntp -DskipTests package)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
java -jar "$jar" grammar sql --ddl "$ddl" > "$tmp/sql.gbnf"
echo "SQL grammar of $(basename "$ddl"): $(wc -l < "$tmp/sql.gbnf") rules, $(wc -c < "$tmp/sql.gbnf") bytes"
# The prompt is the nl2sql prompt of the shop schema (tasks/nl2sql/prompt-example.txt).
exec java -cp "$jar" dev.coleta.bench.GrammarBenchmark --presets "$presets" --grammar-file "$tmp/sql.gbnf" \
  --prompt "$(cat "$here/tasks/nl2sql/prompt-example.txt")" "${args[@]}"
