#!/usr/bin/env bash
# Full fine-tuning throughput of Coleta against llama.cpp's own llama-finetune, side by side:
# both built from the same patched tree (llama-finetune is compiled here against the cached
# static libraries of this checkout's build key), the same F32 model, the same text, ctx 256,
# one micro-batch per window, the same threads. Each repetition runs the two back to back and
# prints window tokens per second (llama-finetune: windows x ctx over the epoch's elapsed time,
# as its progress bar reports it; Coleta: the mean of its step log after the first step) and
# their ratio. llama-finetune has no LoRA, so only full training is compared.
#
# Usage: scripts/bench-finetune.sh [--preset medium] [--reps 3] [--threads 2]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
preset=medium; reps=3; threads=2; ctx=256
while [ $# -gt 0 ]; do
  case $1 in
    --preset) preset=$2; shift 2;; --reps) reps=$2; shift 2;; --threads) threads=$2; shift 2;;
    *) echo "bench-finetune: unknown argument $1" >&2; exit 2;;
  esac
done
"$here/scripts/build-native.sh" >/dev/null
jar=${COLETA_JAR:-$here/java/target/coleta.jar}
[ -f "$jar" ] || (cd "$here" && mvn -B -q -ntp -DskipTests package)
key=$(sed -n 's/.* build=\([0-9a-f]*\) .*/\1/p' "$here/native/target/native/BUILD-INFO")
b=${COLETA_CACHE:-$HOME/.cache/coleta}/build/$key
work=${COLETA_BENCH_DIR:-/tmp/coleta-bench-finetune}
mkdir -p "$work"
ft=$work/llama-finetune-$key
if [ ! -x "$ft" ]; then
  s=$b/llama.cpp; l=$b/cmake/llama.cpp
  g++ -O2 -std=c++17 -I"$s/include" -I"$s/common" -I"$s/ggml/include" -I"$s/vendor" "$s/examples/training/finetune.cpp" -o "$ft" \
    "$l/common/libllama-common.a" "$l/common/libllama-common-base.a" "$l/src/libllama.a" "$l/ggml/src/libggml.a" \
    "$l/ggml/src/libggml-cpu.a" "$l/ggml/src/libggml-base.a" "$l/vendor/cpp-httplib/libcpp-httplib.a" -lpthread -ldl -lm
fi
coleta() { COLETA_JAR=$jar "$here/scripts/coleta" "$@"; }
model=$work/$preset.gguf
[ -f "$model" ] || coleta model create --preset "$preset" --out "$model" >/dev/null
# the same text for both: 400 short records, as one text (llama-finetune) and as JSONL
# completions with an empty prompt (Coleta trains on every token of a completion)
text=$work/text.txt; data=$work/text.jsonl
: > "$text"; : > "$data"
for i in $(seq 1 400); do
  line="Record $i, field $((i % 7)): value $((i * 37 % 1000)) of $i"
  echo "$line" >> "$text"
  printf '{"prompt": "", "completion": "%s"}\n' "$line" >> "$data"
done
echo "preset $preset, ctx $ctx, $threads threads, $reps repetitions (full fine-tuning, window tokens/s)"
printf '%-4s %18s %14s %8s\n' rep llama-finetune Coleta ratio
for r in $(seq 1 "$reps"); do
  log=$work/finetune.log
  "$ft" -m "$model" -f "$text" -c $ctx -b $ctx -ub $ctx -t "$threads" --epochs 1 -ngl 0 -o "$work/ft-out.gguf" > "$log" 2>&1
  # the last training progress line: data=DONE/TOTAL ... t=HH:MM:SS
  last=$(tr '\r' '\n' < "$log" | grep '^train:' | tail -1)
  windows=$(sed -n 's/.*data=0*\([0-9]*\)\/.*/\1/p' <<< "$last")
  secs=$(sed -n 's/.* t=\([0-9]*\):\([0-9]*\):\([0-9]*\).*/\1 \2 \3/p' <<< "$last" | awk '{print $1*3600+$2*60+$3}')
  lf=$(awk -v w="$windows" -v c=$ctx -v s="$secs" 'BEGIN{printf "%.1f", w*c/s}')
  rm -rf "$work/co.gguf"*
  coleta train --quiet --full --model "$model" --data "$data" --out "$work/co.gguf" --ctx $ctx --epochs 50 --max-steps "$windows" \
    --threads "$threads" --seed 1 >/dev/null
  co=$(python3 -c "
import json
v=[json.loads(l)['tokens_per_s'] for l in open('$work/co.gguf.log.jsonl')][1:]
print('%.1f' % (sum(v)/len(v)))")
  printf '%-4s %18s %14s %8s\n' "$r" "$lf" "$co" "$(awk -v a="$co" -v b="$lf" 'BEGIN{printf "%.3f", a/b}')"
done
