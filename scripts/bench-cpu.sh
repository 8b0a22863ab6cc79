#!/usr/bin/env bash
# CPU variants side by side: builds the natives with COLETA_CPU=all (portable, x64, icelake:
# one jar, the best chosen at run time) and with COLETA_CPU=native (-march=native without
# AMX), then runs dev.coleta.bench.CpuVariantBenchmark: pp512/tg128 of every
# variant as a ratio to the native build, each engine a fresh JVM, the engines of a repetition
# back to back. Variants this CPU cannot run are left out. Arguments go to the benchmark, e.g.
# scripts/bench-cpu.sh --reps 5 --models tiny-f32,medium-q4_0. Run on a quiet machine; the
# first run builds four libraries (~3 minutes each on 2 cores, cached afterwards).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
all=$here/native/target/cpu-all
nat=$here/native/target/cpu-native
COLETA_CPU=all scripts/build-native.sh "$all" >/dev/null
COLETA_CPU=native scripts/build-native.sh "$nat" >/dev/null
mvn -B -q -ntp -DskipTests install -pl native,java,javallama
# the variants come first on the class path, where NativeLibrary looks for packaged natives
res=$(mktemp -d); trap 'rm -rf "$res"' EXIT
pkg=$res/dev/coleta/native/linux-x86-64
mkdir -p "$pkg"
cp "$all/libcoleta.so" "$all/BUILD-INFO" "$pkg/"
for v in x64 icelake; do
  mkdir -p "$pkg/cpu-$v"; cp "$all/cpu-$v/libcoleta.so" "$all/cpu-$v/BUILD-INFO" "$pkg/cpu-$v/"
done
cp="$res:$here/javallama/target/classes:$(cat "$here/javallama/target/classpath.txt")"
# the benchmark leaves out the variants this CPU cannot run (CpuVariant's flags)
java --enable-native-access=ALL-UNNAMED -cp "$cp" dev.coleta.bench.CpuVariantBenchmark --native "$nat" "$@"
