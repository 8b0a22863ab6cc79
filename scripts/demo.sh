#!/usr/bin/env bash
# Coleta's main job on a fresh machine: build the native library and the jar, create a tiny
# random-weight model, inspect it, generate JSON that is guaranteed to follow a schema, fine-tune
# the model on 20 extraction examples (tasks/demo/people.jsonl) and extract again.
# Everything lands in ./demo-out (git-ignored).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
out=$here/demo-out
mkdir -p "$out"
if [ ! -f java/target/coleta.jar ] || [ -n "$(find java/src native/shim native/patches -newer java/target/coleta.jar -type f 2>/dev/null | head -1)" ]; then
  echo "== building (first run: llama.cpp from the pinned source, ~3-5 minutes on 2 cores)"
  mvn -B -q -ntp -DskipTests package
fi
coleta=scripts/coleta
echo "== coleta model create --preset tiny"
[ -f "$out/tiny.gguf" ] || $coleta model create --out "$out/tiny.gguf" --preset tiny --seed 7
$coleta model info "$out/tiny.gguf" | head -6
cat > "$out/person.schema.json" <<'JSON'
{"type": "object",
 "properties": {"name": {"type": "string", "maxLength": 24},
                "age": {"type": "integer", "minimum": 0, "maximum": 120},
                "languages": {"type": "array", "items": {"enum": ["pt", "en", "es"]}, "maxItems": 3}},
 "required": ["name", "age", "languages"]}
JSON
echo "== coleta generate --json-schema (random weights, temperature 1: nonsense content, valid structure)"
for seed in 1 2 3; do
  $coleta generate --model "$out/tiny.gguf" --json-schema "$out/person.schema.json" \
    --prompt "Extract the person: Ana, 34, speaks Portuguese and English." --temp 1 --seed $seed --max-tokens 200 --stats
done
echo "== coleta train --full: fine-tune every weight of the tiny model on 20 extraction examples (~40 s)"
$coleta train --model "$out/tiny.gguf" --data tasks/demo/people.jsonl --out "$out/people.gguf" \
  --full --epochs 60 --lr 2e-3 --seed 1 --quiet
echo "   step log $out/people.gguf.log.jsonl, first and last step:"
sed -n '1p;$p' "$out/people.gguf.log.jsonl"
echo "   loss curve: $out/people.gguf.loss.png"
echo "== the trained model, under the same schema (seen and unseen people; 20 examples teach it only so much)"
for p in "Ana, 20 years old, speaks pt and en." "Rita, 65 years old, speaks es." "Marta, 41 years old, speaks en."; do
  $coleta generate --model "$out/people.gguf" --json-schema "$out/person.schema.json" --prompt "Extract the person: $p
" --max-tokens 200
done
echo "== coleta grammar json (the GBNF behind it)"
$coleta grammar json --schema "$out/person.schema.json" | head -5
echo "demo done: files in $out"
