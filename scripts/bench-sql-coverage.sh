#!/usr/bin/env bash
# Spider gold coverage of the SQL grammar and the cost of one accept check
# (dev.coleta.bench.SqlCoverageBenchmark): every query of evaluation_examples/gold.txt against
# the grammar of its own database (built from tables.json), judged by llama.cpp's grammar
# engine; then the per-check time on the gold queries and on hospital_1 (15 tables).
#   scripts/bench-sql-coverage.sh PATH [--show-rejected] [--rounds N]
# PATH: a checkout of https://github.com/taoyds/test-suite-sql-eval, or a bare clone of it
# (the two files are then read from its HEAD).
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: $0 PATH-TO-test-suite-sql-eval [--show-rejected] [--rounds N]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")/.." && pwd)
src=$1; shift
jar=$here/java/target/coleta.jar
[ -f "$jar" ] || (cd "$here" && mvn -B -q -ntp -DskipTests package)
if [ ! -f "$src/evaluation_examples/gold.txt" ] && git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  git -C "$src" archive HEAD evaluation_examples/gold.txt tables.json | tar -x -C "$tmp"
  src=$tmp
fi
exec java --enable-native-access=ALL-UNNAMED -cp "$jar" dev.coleta.bench.SqlCoverageBenchmark "$src" "$@"
