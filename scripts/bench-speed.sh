#!/usr/bin/env bash
# Speed side by side, written to docs/BENCHMARKS.md: Coleta against llama.cpp's own
# llama-bench (same build, model files and threads) and java-llama.cpp on tiny and medium
# models in F32/Q8_0/Q4_0 (dev.coleta.bench.SpeedBenchmark), then grammar-constrained against
# free generation (dev.coleta.bench.GrammarBenchmark), then model load time and peak RSS in
# fresh processes (dev.coleta.bench.LoadBenchmark), then full fine-tuning against llama.cpp's
# llama-finetune (scripts/bench-finetune.sh), then the CPU variants of a COLETA_CPU=all jar
# against -march=native (scripts/bench-cpu.sh). Run on a quiet machine. Arguments go to
# SpeedBenchmark, e.g. scripts/bench-speed.sh --reps 7 --threads 2 --models tiny-f32
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
tools=$here/native/target/bench-tools
COLETA_EXTRA_TARGETS=llama-bench scripts/build-native.sh "$tools" >/dev/null
mvn -B -q -ntp -DskipTests install -pl native,java,javallama
cp="$here/javallama/target/classes:$(cat "$here/javallama/target/classpath.txt")"
out=$here/docs/BENCHMARKS.md
speed=$(mktemp); grammar=$(mktemp); sql=$(mktemp); load=$(mktemp); finetune=$(mktemp); cpu=$(mktemp); gbnf=$(mktemp -d)
trap 'rm -rf "$speed" "$grammar" "$sql" "$load" "$finetune" "$cpu" "$gbnf"' EXIT
java -cp "$cp" dev.coleta.bench.SpeedBenchmark --llama-bench "$tools/llama-bench" --out "$speed" "$@"
java -cp "$cp" dev.coleta.bench.GrammarBenchmark --presets tiny,medium --rounds 12 --threads 1 | tee "$grammar"
# the SQL grammar of the shop schema, loose (Spider's spellings) and strict (one spelling)
java -jar java/target/coleta.jar grammar sql --ddl tasks/nl2sql/schemas/shop.sql > "$gbnf/loose.gbnf"
java -jar java/target/coleta.jar grammar sql --ddl tasks/nl2sql/schemas/shop.sql --strict > "$gbnf/strict.gbnf"
for g in loose strict; do
  echo "SQL grammar ($g, $(wc -c < "$gbnf/$g.gbnf") bytes):"
  java -cp "$cp" dev.coleta.bench.GrammarBenchmark --presets tiny,medium --rounds 12 --threads 1 --grammar-file "$gbnf/$g.gbnf" \
    --prompt "$(cat tasks/nl2sql/prompt-example.txt)"
done | tee "$sql"
# the main job's tuned models (scripts/demo.sh's tune-out, when there is one): greedy under their
# tasks' grammars, on the first test example of nl2sql (strict SQL grammar of its database) and
# scrape (its JSON Schema), base and base + adapter
tuned=$(mktemp); trap 'rm -rf "$speed" "$grammar" "$sql" "$load" "$finetune" "$cpu" "$gbnf" "$tuned"' EXIT
tune=${TUNE_OUT:-$here/tune-out}
if [ -f "$tune/base/base.gguf" ] && [ -f "$tune/adapters/nl2sql.gguf" ] && [ -f "$tune/adapters/scrape.gguf" ]; then
  python3 - "$tune/data" "$gbnf" <<'PY'
import json, sys
data, out = sys.argv[1], sys.argv[2]
q = json.loads(open(data + "/nl2sql-test.jsonl").readline())
open(out + "/sql-db.txt", "w").write(data + "/" + q["db"])
open(out + "/sql-prompt.txt", "w").write(json.loads(open(data + "/nl2sql-test.examples.jsonl").readline())["prompt"])
p = json.loads(open(data + "/scrape-test.examples.jsonl").readline())["prompt"]
open(out + "/scrape-prompt.txt", "w").write(p)
open(out + "/scrape-schema.json", "w").write(p.split("JSON Schema:\n")[1].split("\n")[0])
PY
  java -jar java/target/coleta.jar grammar sql --db "$(cat "$gbnf/sql-db.txt")" --strict > "$gbnf/tuned-sql.gbnf"
  for lora in "" nl2sql; do
    java -cp "$cp" dev.coleta.bench.GrammarBenchmark --model "$tune/base/base.gguf" ${lora:+--lora "$tune/adapters/$lora.gguf"} \
      --grammar-file "$gbnf/tuned-sql.gbnf" --prompt-file "$gbnf/sql-prompt.txt" --rounds 6 --threads 1 --temp 0
  done | tee -a "$tuned"
  for lora in "" scrape; do
    java -cp "$cp" dev.coleta.bench.GrammarBenchmark --model "$tune/base/base.gguf" ${lora:+--lora "$tune/adapters/$lora.gguf"} \
      --json-schema "$gbnf/scrape-schema.json" --prompt-file "$gbnf/scrape-prompt.txt" --rounds 6 --threads 1 --temp 0
  done | tee -a "$tuned"
else
  echo "no tuned models in $tune (run scripts/demo.sh first): section left out" > "$tuned"
fi
java -cp "$cp" dev.coleta.bench.LoadBenchmark --llama-bench "$tools/llama-bench" --out "$load"
scripts/bench-finetune.sh --reps 3 | grep -v '^\[build-native\]' | tee "$finetune"
scripts/bench-cpu.sh --reps 5 --out "$cpu"
{
  echo "# Benchmarks"
  echo
  echo "Written by \`scripts/bench-speed.sh\` on $(date -u +%Y-%m-%d) ($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))."
  echo "Every ratio compares runs made back to back in one invocation; random-weight models created by Coleta."
  echo
  echo "## Prompt processing and generation against llama-bench and java-llama.cpp"
  echo
  cat "$speed"
  echo
  echo "## Grammar-constrained generation against free generation (temperature 1, 1 thread)"
  echo
  echo '```'
  cat "$grammar"
  echo '```'
  echo
  echo "## SQL-constrained generation against free generation (temperature 1, 1 thread)"
  echo
  echo '```'
  cat "$sql"
  echo '```'
  echo
  echo "## The main job's tuned models under their grammars (greedy, 1 thread)"
  echo
  echo "\`scripts/demo.sh\`'s base (learnt 1,024-token vocabulary) alone and with its task's adapter, on the first test example: nl2sql under the strict SQL grammar of its database, scrape under its page's JSON Schema. Every round is the same greedy answer; \"full checks\" is the share of tokens whose first choice the grammar refused."
  echo
  echo '```'
  cat "$tuned"
  echo '```'
  echo
  echo "## Model load time and peak resident memory (fresh process per engine and repetition)"
  echo
  cat "$load"
  echo
  echo "## Full fine-tuning against llama-finetune (same build, model, text, ctx and threads)"
  echo
  echo '```'
  cat "$finetune"
  echo '```'
  echo
  echo "## CPU variants of one jar against -march=native (scripts/bench-cpu.sh; each engine a fresh JVM)"
  echo
  cat "$cpu"
  echo
  # hand-written: profiles and explanations of the measured gaps (not figures of this run)
  cat docs/BENCHMARKS.notes.md
} > "$out"
echo "wrote $out"
