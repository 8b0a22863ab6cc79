#!/usr/bin/env bash
# Checks Coleta's full training (ggml-opt with Coleta's patches) against an independent
# PyTorch implementation of the same model, data and optimizer (docs/EXPERIMENTS.md E13): both
# train BASE on the copying task "Word: qwer\nAgain: " -> "qwer" (four random letters, 20,000
# examples; copying from the prompt is the only way below log 26 = 3.26 per letter) for STEPS
# steps of 1,024-token windows, and their loss curves are printed side by side.
# Needs the jar (mvn -DskipTests package) and Debian's python3-torch (apt-get install python3-torch).
# Usage: scripts/check-train-reference.sh BASE.gguf [steps=300] [lr=3e-3]
#   BASE: an F32 model with a small vocabulary, e.g. tune-out/base/init.gguf of the main job.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
base=${1:?usage: $0 BASE.gguf [steps] [lr]}
steps=${2:-300}
lr=${3:-3e-3}
jar=$here/java/target/coleta.jar
[ -f "$jar" ] || { echo "no $jar; run mvn -B -DskipTests package" >&2; exit 2; }
/usr/bin/python3 -c 'import torch' 2>/dev/null || { echo "needs PyTorch for /usr/bin/python3: apt-get install python3-torch" >&2; exit 2; }
gguf_py=$(ls -d "${COLETA_CACHE:-$HOME/.cache/coleta}"/src/llama.cpp-*/gguf-py 2>/dev/null | head -1)
[ -n "$gguf_py" ] || { echo "no llama.cpp source in the cache; run scripts/build-native.sh" >&2; exit 2; }
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
/usr/bin/python3 - "$w/word.jsonl" <<'PY'
import json, random, sys
r = random.Random(5)
with open(sys.argv[1], "w") as f:
    for _ in range(20000):
        s = "".join(chr(97 + r.randrange(26)) for _ in range(4))
        f.write(json.dumps({"prompt": "Word: " + s + "\nAgain: ", "completion": s}) + "\n")
PY
# the same token ids for both: Coleta's tokenizer, prompt and completion apart (ExampleTokenizer
# tokenizes them as one text; for these examples the ids are the same)
cat > "$w/tok.jsh" <<JSH
import dev.coleta.llama.*;
import java.nio.file.*;
var m = Model.load(Path.of("$base"), ModelOptions.defaults().withVocabOnly(true));
var om = new com.fasterxml.jackson.databind.ObjectMapper();
var out = new StringBuilder();
for (String line : Files.readAllLines(Path.of("$w/word.jsonl"))) {
  var n = om.readTree(line);
  out.append(java.util.Arrays.toString(m.tokenize(n.get("prompt").asText(), false))).append("|")
     .append(java.util.Arrays.toString(m.tokenize(n.get("completion").asText(), false))).append("\n");
}
Files.writeString(Path.of("$w/word.tok"), out);
/exit
JSH
jshell --class-path "$jar" "$w/tok.jsh" > /dev/null
java -jar "$jar" train --full --model "$base" --data "$w/word.jsonl" --out "$w/ggml.gguf" --targets all --ctx 1024 \
  --lr "$lr" --warmup 20 --max-steps "$steps" --epochs 50 --eval-split 0.01 --threads 2 --quiet --seed 1 > "$w/ggml.out"
/usr/bin/python3 "$here/scripts/reference/train_reference.py" "$gguf_py" "$base" "$w/word.tok" "$steps" "$lr" > "$w/torch.out"
/usr/bin/python3 - "$w/ggml.gguf.log.jsonl" "$w/torch.out" <<'PY'
import json, sys
g = [json.loads(l) for l in open(sys.argv[1])]
t = [l.split() for l in open(sys.argv[2])]
print("step  ggml (mean of 25)  torch (that step)")
for step, loss in ((int(a), float(b)) for a, b in t if a.isdigit()):
    window = [d["train_loss"] for d in g if step - 25 < d["step"] <= step]
    print(f"{step:4d}  {sum(window) / len(window):17.3f}  {loss:17.3f}")
print(f"held-out loss: ggml {g[-1]['eval_loss']:.3f}, torch {float(t[-1][1]):.3f}")
PY
