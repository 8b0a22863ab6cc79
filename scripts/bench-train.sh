#!/usr/bin/env bash
# Training throughput and peak memory, side by side, measured in one run: for each tiny preset
# (tiny, small, medium; F32) and for Q8_0 and Q4_0 copies of each, LoRA and full fine-tuning
# tokens/s (window tokens per second, after the first step) and peak RSS of the whole process.
# Full fine-tuning needs F32 weights, so quantised bases show "n/a".
#
# Usage: scripts/bench-train.sh [--presets tiny,small,medium] [--steps N] [--threads N] [--ctx N] [--rank N]
#        [--gpu-layers N]
# Models are created under ${COLETA_BENCH_DIR:-/tmp/coleta-bench-train}; the shaded jar is built if missing.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
presets=tiny,small,medium; steps=12; threads=$(nproc); ctx=256; rank=8; gpu=0
while [ $# -gt 0 ]; do
  case $1 in
    --presets) presets=$2; shift 2;; --steps) steps=$2; shift 2;; --threads) threads=$2; shift 2;;
    --ctx) ctx=$2; shift 2;; --rank) rank=$2; shift 2;; --gpu-layers) gpu=$2; shift 2;;
    *) echo "bench-train: unknown argument $1" >&2; exit 2;;
  esac
done
jar=${COLETA_JAR:-$here/java/target/coleta.jar}
[ -f "$jar" ] || (cd "$here" && mvn -B -q -ntp -DskipTests package)
work=${COLETA_BENCH_DIR:-/tmp/coleta-bench-train}
mkdir -p "$work"
coleta() { java -Xss8m --enable-native-access=ALL-UNNAMED -jar "$jar" "$@"; }

# 20 short prompt/completion pairs, repeated so that every run has enough windows
data=$work/data.jsonl
: > "$data"
for i in $(seq 1 400); do
  printf '{"prompt": "Record %d, field %d:", "completion": " value %d of %d"}\n' "$i" $((i % 7)) $((i * 37 % 1000)) "$i" >> "$data"
done

# one training run: prints "tok/s peak_rss_MiB"
measure() { # model mode(lora|full)
  local out=$work/out-$(basename "$1" .gguf)-$2.gguf extra=()
  [ "$2" = full ] && extra=(--full)
  rm -rf "$out" "$out".*
  local log=$work/run.log
  if ! /usr/bin/time -v -o "$work/time.txt" java -Xss8m --enable-native-access=ALL-UNNAMED -jar "$jar" train \
      --model "$1" --data "$data" --out "$out" --max-steps "$steps" --epochs 100 --warmup 2 --ctx "$ctx" --rank "$rank" \
      --threads "$threads" --gpu-layers "$gpu" --quiet "${extra[@]}" > "$log" 2>&1; then
    echo "failed failed"; sed 's/^/    /' "$log" | tail -3 >&2; return
  fi
  # tok/s from the step log, skipping the first step (graph allocation)
  local tps
  tps=$(python3 - "$out.log.jsonl" "$ctx" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
ctx = int(sys.argv[2])
# tokens_per_s is the run's running average: recover elapsed times and leave the first step out
t = [r["step"] * ctx / r["tokens_per_s"] for r in rows]
print(round((len(rows) - 1) * ctx / (t[-1] - t[0])) if len(rows) > 1 and t[-1] > t[0] else 0)
PY
)
  local rss
  rss=$(awk -F: '/Maximum resident set size/ {printf "%d", $2/1024}' "$work/time.txt")
  echo "$tps $rss"
}

printf '%-8s %-5s %10s %12s %10s %12s\n' preset type "lora tok/s" "lora RSS MiB" "full tok/s" "full RSS MiB"
for p in ${presets//,/ }; do
  f32=$work/$p-f32.gguf
  [ -f "$f32" ] || coleta model create --preset "$p" --out "$f32" > /dev/null
  for t in f32 q8_0 q4_0; do
    m=$work/$p-$t.gguf
    [ -f "$m" ] || coleta model quantize --in "$f32" --out "$m" --type "$t" > /dev/null
    read -r ltps lrss < <(measure "$m" lora)
    if [ "$t" = f32 ]; then read -r ftps frss < <(measure "$m" full); else ftps=n/a; frss=n/a; fi
    printf '%-8s %-5s %10s %12s %10s %12s\n' "$p" "$t" "$ltps" "$lrss" "$ftps" "$frss"
  done
done
echo "(ctx $ctx, rank $rank, $threads threads, $steps steps per run; tok/s after the first step, RSS of the JVM + llama.cpp)"
