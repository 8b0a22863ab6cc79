#!/usr/bin/env bash
# Checks ggml's gradient through the training attention path of patch 0103 (K and V straight
# from their projections) against central finite differences: compiles
# native/check/attention_grad.cpp against the cached llama.cpp build of this checkout's key
# (run scripts/build-native.sh first) and runs it. Exit 0 when every gradient agrees.
# Arguments: [threads] [tokens] [head_dim] (default 2 40 8).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
key=$(sed -n 's/.* build=\([0-9a-f]*\) .*/\1/p' "$here/native/target/native/BUILD-INFO")
b=${COLETA_CACHE:-$HOME/.cache/coleta}/build/$key
[ -d "$b/cmake" ] || { echo "no cached build $b; run scripts/build-native.sh" >&2; exit 2; }
g=$b/cmake/llama.cpp/ggml/src
exe=$(mktemp -d)/attention_grad
g++ -O2 -std=c++17 -I"$b/llama.cpp/ggml/include" "$here/native/check/attention_grad.cpp" \
  "$g/libggml.a" "$g/libggml-cpu.a" "$g/libggml-base.a" -lpthread -lm -ldl -o "$exe"
"$exe" "$@"
