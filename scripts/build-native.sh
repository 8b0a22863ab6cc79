#!/usr/bin/env bash
# Builds Coleta's native library (llama.cpp + ggml + the C shim, linked into one
# libcoleta.so) and llama.cpp's own tools used in tests (llama-completion,
# llama-export-lora), from the llama.cpp pinned in native/llama.cpp.pin.
#
# The build is cached outside the repository, keyed by (llama.cpp commit, patches,
# shim sources, flags), so CI and repeated test runs do not rebuild.  A fresh machine
# builds from nothing: the source comes from npm (the only registry that ships it).
#
# Usage: scripts/build-native.sh [OUT_DIR]
#   OUT_DIR receives libcoleta.so, the tools and the Llama 2 vocab file
#   (default: native/target/native).
# Environment:
#   COLETA_LLAMA_SRC   use this llama.cpp checkout instead of the pinned npm bundle
#                      (patches are applied to a copy; the checkout is left untouched)
#   COLETA_CUDA=1      build the CUDA backend (needs nvcc + cuBLAS); COLETA_CUDA_ARCH
#                      picks architectures (default 90)
#   COLETA_CPU=portable|native|x64|icelake|all
#                      portable (default) targets x86-64-v3 (AVX2/FMA/F16C/BMI2, ggml's
#                      "haswell"); native uses -march=native without AMX (fastest here, may not
#                      run elsewhere; ggml's AMX kernels crashed on this project's build machine,
#                      llama.cpp's own tools too); x64 (SSE2 only) and icelake (+AVX-512
#                      F/CD/VL/DQ/BW, VBMI, VNNI) are ggml's CPU variants of those names; all =
#                      portable in OUT_DIR plus x64 and icelake in OUT_DIR/cpu-<variant>/: the jar
#                      then carries the three and dev.coleta.llama.NativeLibrary loads the best
#                      one the CPU runs (override: -Dcoleta.cpu=<variant> or COLETA_CPU_VARIANT)
#   COLETA_ARCH=aarch64  cross-compile for linux-aarch64 (armv8-a with NEON, ggml's baseline
#                      there) with Debian's aarch64-linux-gnu-gcc/g++; put the result in
#                      native/target/native-linux-aarch64 and the jar carries it beside the
#                      x86-64 library (scripts/check-aarch64.sh builds and runs it under qemu-user)
#   COLETA_CACHE       cache root (default ~/.cache/coleta)
#   COLETA_JOBS        parallel compile jobs (default: nproc)
#   COLETA_EXTRA_TARGETS  more llama.cpp targets to build and copy to OUT_DIR, e.g. llama-bench
#                      (scripts/bench-speed.sh); not part of the cache key
#   COLETA_CONFIGURE_ONLY=1  stop after cmake configure (used to prove CUDA configures
#                      on a machine without a GPU)
#   COLETA_CMAKE_ARGS  extra CMake arguments (part of the cache key), e.g. where cuBLAS is:
#                      "-DCUDA_cublas_LIBRARY=/opt/cublas/libcublas.so.12"
set -euo pipefail

log() { printf '[build-native] %s\n' "$*" >&2; }

here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$here/native/target/native}
cache=${COLETA_CACHE:-$HOME/.cache/coleta}
jobs=${COLETA_JOBS:-$(nproc)}
cuda=${COLETA_CUDA:-0}
cpu=${COLETA_CPU:-portable}
if [ "$cpu" = all ]; then
  # One full build per variant (ggml's instruction set is fixed at compile time in a static
  # build); each is cached under its own key. The tools come from the portable build only.
  COLETA_CPU=portable "$0" "$out"
  for v in x64 icelake; do
    COLETA_CPU=$v COLETA_EXTRA_TARGETS= COLETA_LIB_ONLY=1 "$0" "$out/cpu-$v"
  done
  exit 0
fi
cuda_arch=${COLETA_CUDA_ARCH:-90}
arch=${COLETA_ARCH:-$(uname -m)}
[ "$arch" = arm64 ] && arch=aarch64
cross_flags=()
if [ "$arch" != "$(uname -m)" ]; then
  [ "$arch" = aarch64 ] || { log "COLETA_ARCH=$arch: only aarch64 can be cross-compiled"; exit 2; }
  [ "$cpu" = portable ] || { log "COLETA_ARCH=aarch64 builds the portable armv8-a library only (COLETA_CPU=$cpu)"; exit 2; }
  command -v aarch64-linux-gnu-g++ >/dev/null || { log "aarch64-linux-gnu-g++ not found (Debian: apt-get install g++-aarch64-linux-gnu)"; exit 2; }
  cross_flags=(-DCMAKE_SYSTEM_NAME=Linux -DCMAKE_SYSTEM_PROCESSOR=aarch64 -DCMAKE_C_COMPILER=aarch64-linux-gnu-gcc
               -DCMAKE_CXX_COMPILER=aarch64-linux-gnu-g++ -DCMAKE_FIND_ROOT_PATH=/usr/aarch64-linux-gnu
               -DCMAKE_FIND_ROOT_PATH_MODE_PROGRAM=NEVER -DCMAKE_FIND_ROOT_PATH_MODE_LIBRARY=ONLY -DCMAKE_FIND_ROOT_PATH_MODE_INCLUDE=ONLY)
fi

# ggml's own variant definitions (ggml/src/CMakeLists.txt, GGML_CPU_ALL_VARIANTS)
case $cpu in
  portable) cpu_flags=(-DGGML_NATIVE=OFF) ;;
  # AMX off: ggml's AMX kernels (Q4_0/Q8_0 matmul) died with SIGILL on this project's build
  # machine, which lists amx_tile/amx_int8 (docs/BENCHMARKS.md); explicit -mno-* win over -march
  native) cpu_flags=(-DGGML_NATIVE=ON "-DCMAKE_C_FLAGS=-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
                     "-DCMAKE_CXX_FLAGS=-mno-amx-tile -mno-amx-int8 -mno-amx-bf16") ;;
  x64) cpu_flags=(-DGGML_NATIVE=OFF -DGGML_SSE42=OFF -DGGML_AVX=OFF -DGGML_AVX2=OFF -DGGML_BMI2=OFF -DGGML_FMA=OFF -DGGML_F16C=OFF) ;;
  icelake) cpu_flags=(-DGGML_NATIVE=OFF -DGGML_AVX512=ON -DGGML_AVX512_VBMI=ON -DGGML_AVX512_VNNI=ON) ;;
  *) log "unknown COLETA_CPU=$cpu (portable, native, x64, icelake or all)"; exit 2 ;;
esac

# shellcheck disable=SC1091
source <(grep -E '^[A-Z0-9_]+=' "$here/native/llama.cpp.pin")

fetch_source() {
  local src=$cache/src/llama.cpp-$LLAMA_COMMIT
  if [ -d "$src/.git" ] && [ "$(git -C "$src" rev-parse HEAD)" = "$LLAMA_COMMIT" ]; then
    echo "$src"; return
  fi
  mkdir -p "$cache/src"
  local tgz=$cache/src/$NPM_TARBALL
  if [ ! -f "$tgz" ] || ! echo "$NPM_TARBALL_SHA256  $tgz" | sha256sum -c --quiet - 2>/dev/null; then
    log "fetching $NPM_PACKAGE from npm"
    (cd "$cache/src" && npm pack --silent "$NPM_PACKAGE" >/dev/null)
  fi
  echo "$NPM_TARBALL_SHA256  $tgz" | sha256sum -c --quiet - \
    || { log "sha256 mismatch for $tgz"; exit 1; }
  local tmp; tmp=$(mktemp -d "$cache/src/unpack.XXXXXX")
  tar -xzf "$tgz" -C "$tmp" package/llama/gitRelease.bundle
  rm -rf "$src.tmp"
  git -c advice.detachedHead=false clone -q "$tmp/package/llama/gitRelease.bundle" "$src.tmp"
  git -C "$src.tmp" -c advice.detachedHead=false checkout -q "$LLAMA_COMMIT"
  rm -rf "$tmp" "$src"
  mv "$src.tmp" "$src"
  echo "$src"
}

if [ -n "${COLETA_LLAMA_SRC:-}" ]; then
  pristine=$COLETA_LLAMA_SRC
  commit=$(git -C "$pristine" rev-parse HEAD 2>/dev/null || echo custom)
else
  pristine=$(fetch_source)
  commit=$LLAMA_COMMIT
fi

flags="cuda=$cuda cpu=$cpu arch=$cuda_arch${COLETA_CMAKE_ARGS:+ extra=$COLETA_CMAKE_ARGS}"
[ ${#cross_flags[@]} -gt 0 ] && flags="$flags target=$arch"
[ "$cpu" = native ] && flags="$flags amx=off"
# The llama.cpp build is keyed by what changes it: commit, patches, flags, CMakeLists.
# The shim is rebuilt incrementally inside that build (ninja), so editing it is cheap.
key=$( { echo "$commit $flags"; cat "$here"/native/patches/*.patch 2>/dev/null;
         cat "$here/native/CMakeLists.txt"; } | sha256sum | cut -c1-16)
bdir=$cache/build/$key

# One build per key at a time (parallel Maven runs, several checkouts on one machine).
mkdir -p "$cache/build"
exec 9>"$cache/build/$key.lock"
flock 9

if [ ! -f "$bdir/.configured" ]; then
  log "configuring key $key ($flags) in $bdir"
  rm -rf "$bdir"; mkdir -p "$bdir/src"
  # Patches are applied to a private copy so that a user's checkout is never modified.
  cp -a "$pristine" "$bdir/llama.cpp"
  for p in "$here"/native/patches/*.patch; do
    [ -e "$p" ] || continue
    log "applying $(basename "$p")"
    git -C "$bdir/llama.cpp" apply --whitespace=nowarn "$p"
  done
  cp -a "$here/native/CMakeLists.txt" "$here/native/shim" "$bdir/src/"
  cuda_flags=(-DGGML_CUDA=OFF)
  [ "$cuda" = 1 ] && cuda_flags=(-DGGML_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES="$cuda_arch" -DGGML_CUDA_NO_VMM=ON)
  cmake -S "$bdir/src" -B "$bdir/cmake" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCOLETA_LLAMA_SRC="$bdir/llama.cpp" "${cpu_flags[@]}" "${cuda_flags[@]}" "${cross_flags[@]}" ${COLETA_CMAKE_ARGS:-} >"$bdir/configure.log" 2>&1 \
    || { tail -40 "$bdir/configure.log" >&2; rm -rf "$bdir/cmake"; exit 1; }
  if [ "${COLETA_CONFIGURE_ONLY:-0}" = 1 ]; then
    log "configured (COLETA_CONFIGURE_ONLY=1): $bdir/cmake"; grep -iE "cuda|cublas|Configuring done" "$bdir/configure.log" >&2
    rm -rf "$bdir"; exit 0
  fi
  touch "$bdir/.configured"
fi

# Refresh the shim sources (cp -u keeps mtimes of unchanged files, so ninja rebuilds only
# what changed), then build.  A no-op build takes well under a second.
mkdir -p "$bdir/src/shim"
for f in "$here"/native/shim/*; do cmp -s "$f" "$bdir/src/shim/$(basename "$f")" || cp "$f" "$bdir/src/shim/"; done
targets=(coleta llama-completion llama-export-lora)
[ "${COLETA_LIB_ONLY:-0}" = 1 ] && targets=(coleta)
cmake --build "$bdir/cmake" -j "$jobs" --target "${targets[@]}" ${COLETA_EXTRA_TARGETS:-} >"$bdir/build.log" 2>&1 \
  || { grep -E "error|Error" -A3 "$bdir/build.log" | head -60 >&2; exit 1; }

mkdir -p "$out"
# variants of an earlier COLETA_CPU=all build must not be packaged beside a different library
[ "${COLETA_LIB_ONLY:-0}" = 1 ] || rm -rf "$out"/cpu-*
cp -f "$bdir/cmake/libcoleta.so" "$out/"
if [ "${COLETA_LIB_ONLY:-0}" != 1 ]; then
  cp -f "$bdir/cmake/bin/llama-completion" "$bdir/cmake/bin/llama-export-lora" "$out/" 2>/dev/null || true
  for t in ${COLETA_EXTRA_TARGETS:-}; do cp -f "$bdir/cmake/bin/$t" "$out/"; done
  cp -f "$bdir/llama.cpp/models/ggml-vocab-llama-spm.gguf" "$out/"
fi
# First field: a hash of the library itself, so the jar's loader never reuses a stale extraction.
echo "$(sha256sum "$out/libcoleta.so" | cut -c1-16) build=$key $flags commit=$commit" > "$out/BUILD-INFO"
log "ready: $out ($(cat "$out/BUILD-INFO"))"
