#!/usr/bin/env bash
# Spark against one process (dev.coleta.spark.bench.SparkBenchmark): >= 200 generated pages
# scraped by one session, then by a local Spark job (default local[2]) that writes Parquet;
# checks the Parquet rows equal the single-process results and prints both throughputs.
# Arguments pass through: --pages N --master local[N] --threads N --model FILE --out DIR.
# Exits 1 when a row differs. Builds the jars first if they are missing.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jar=$here/spark/target/coleta-spark.jar
cp=$here/spark/target/spark-classpath.txt
[ -f "$jar" ] && [ -f "$cp" ] || (cd "$here" && mvn -B -q -ntp -DskipTests package -pl native,java,spark)
. "$here/scripts/spark-jvm-flags.sh"
exec java -Xss8m "${SPARK_JVM_FLAGS[@]}" --enable-native-access=ALL-UNNAMED \
  -Dlog4j2.configurationFile=dev/coleta/spark/log4j2-local.properties \
  -cp "$jar:$(cat "$cp")" dev.coleta.spark.bench.SparkBenchmark --out "$here/spark/target/bench-spark" "$@"
