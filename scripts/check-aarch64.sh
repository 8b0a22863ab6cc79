#!/usr/bin/env bash
# linux-aarch64: cross-compiles libcoleta.so (COLETA_ARCH=aarch64, Debian's
# g++-aarch64-linux-gnu) into native/target/native-linux-aarch64, where the native module packs
# it into the jar under dev/coleta/native/linux-aarch64/, then checks it under qemu-user
# (Debian's qemu-user): native/check/greedy.c, built for both architectures against each
# architecture's libcoleta.so, generates greedily on the same tiny model, and the two token
# lists must be equal. Then Java on aarch64: the jar itself (its linux-aarch64 library) under an
# arm64 JVM in qemu-user (ARM64_JAVA_HOME, or Debian's openjdk-17-jre-headless:arm64, fetched
# with apt-get download into $COLETA_CACHE/arm64-jre where dpkg lists arm64): greedy text, JSON
# Schema generation, two LoRA steps and greedy text with the adapter, each equal to x86-64's.
# Prints both lines and the verdict; exits non-zero on any difference.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
for tool in aarch64-linux-gnu-gcc qemu-aarch64; do
  command -v "$tool" >/dev/null || { echo "$tool not found (Debian: apt-get install g++-aarch64-linux-gnu qemu-user)" >&2; exit 2; }
done
arm=$here/native/target/native-linux-aarch64
x86=$here/native/target/native
COLETA_ARCH=aarch64 scripts/build-native.sh "$arm"
scripts/build-native.sh "$x86"
# the jar must carry the aarch64 library just built (its BUILD-INFO), not an older one
if [ ! -f java/target/coleta.jar ] || [ "$(unzip -p java/target/coleta.jar dev/coleta/native/linux-aarch64/BUILD-INFO 2>/dev/null)" != "$(cat "$arm/BUILD-INFO")" ]; then
  mvn -B -q -ntp -DskipTests package -pl native,java
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
java -jar java/target/coleta.jar model create --preset tiny --out "$tmp/tiny.gguf" >/dev/null
gcc -O2 -I native/shim native/check/greedy.c -L"$x86" -lcoleta -Wl,-rpath,"$x86" -o "$tmp/greedy-x86_64"
aarch64-linux-gnu-gcc -O2 -I native/shim native/check/greedy.c -L"$arm" -lcoleta -Wl,-rpath,"$arm" -o "$tmp/greedy-aarch64"
file -b "$arm/libcoleta.so" | cut -d, -f1-2
for prompt in "The harvest of the year" "SELECT name FROM"; do
  a=$("$tmp/greedy-x86_64" "$tmp/tiny.gguf" "$prompt" 32)
  b=$(qemu-aarch64 -L /usr/aarch64-linux-gnu "$tmp/greedy-aarch64" "$tmp/tiny.gguf" "$prompt" 32)
  echo "x86_64:  $a"
  echo "aarch64: $b"
  [ "${a#*|}" = "${b#*|}" ] || { echo "DIFFERENT greedy tokens for '$prompt'"; exit 1; }
done
echo "aarch64 under qemu: the same greedy tokens as x86_64"

# ---- Java on aarch64 ----
jre=${ARM64_JAVA_HOME:-}
if [ -z "$jre" ]; then
  cache=${COLETA_CACHE:-$HOME/.cache/coleta}/arm64-jre
  home=$cache/usr/lib/jvm/java-17-openjdk-arm64
  if [ ! -x "$home/bin/java" ] && dpkg --print-foreign-architectures 2>/dev/null | grep -qx arm64; then
    mkdir -p "$cache/debs"
    (cd "$cache/debs" && apt-get download openjdk-17-jre-headless:arm64 zlib1g:arm64 >/dev/null 2>&1) || true
    for deb in "$cache"/debs/*.deb; do [ -f "$deb" ] && dpkg -x "$deb" "$cache"; done
  fi
  [ -x "$home/bin/java" ] && jre=$home
fi
if [ -z "$jre" ]; then
  echo "Java on aarch64: skipped, no arm64 JRE (set ARM64_JAVA_HOME, or run 'dpkg --add-architecture arm64 && apt-get update' once so that this script fetches Debian's)"
  exit 0
fi
libs=${jre%/usr/lib/jvm/*}
arm_java=(qemu-aarch64 -L /usr/aarch64-linux-gnu -E "LD_LIBRARY_PATH=$libs/lib/aarch64-linux-gnu:$libs/usr/lib/aarch64-linux-gnu"
  "$jre/bin/java" -XX:TieredStopAtLevel=1 -jar java/target/coleta.jar)
x86_java=(java -jar java/target/coleta.jar)
echo '{"type":"object","properties":{"name":{"type":"string","maxLength":12},"age":{"type":"integer"}},"required":["name","age"]}' > "$tmp/person.json"
head -4 java/src/test/resources/train/memorise-20.jsonl > "$tmp/four.jsonl"
same() { # label, then the command's arguments: run on both, compare stdout
  local label=$1; shift
  local a b
  a=$("${x86_java[@]}" "$@" 2>/dev/null)
  b=$("${arm_java[@]}" "$@" 2>/dev/null)
  echo "x86_64  java $label: ${a:0:120}"
  echo "aarch64 java $label: ${b:0:120}"
  [ "$a" = "$b" ] || { echo "DIFFERENT output for java $label"; exit 1; }
}
"${arm_java[@]}" --version | tail -1
same generate generate --model "$tmp/tiny.gguf" --prompt "The harvest of the year" --max-tokens 24 --threads 1
same json-schema generate --model "$tmp/tiny.gguf" --prompt "Person:" --json-schema "$tmp/person.json" --max-tokens 40 --threads 1
"${x86_java[@]}" train --model "$tmp/tiny.gguf" --data "$tmp/four.jsonl" --out "$tmp/x86.gguf" --max-steps 2 --threads 1 --quiet 2>/dev/null | head -1
"${arm_java[@]}" train --model "$tmp/tiny.gguf" --data "$tmp/four.jsonl" --out "$tmp/arm.gguf" --max-steps 2 --threads 1 --quiet 2>/dev/null | head -1
echo "x86_64  adapter: $(sha256sum < "$tmp/x86.gguf" | cut -c1-16); aarch64 adapter: $(sha256sum < "$tmp/arm.gguf" | cut -c1-16) (float sums in another order: bytes may differ)"
a=$("${x86_java[@]}" generate --model "$tmp/tiny.gguf" --lora "$tmp/x86.gguf" --prompt "The password of the red duck is" --max-tokens 16 --threads 1 2>/dev/null)
b=$("${arm_java[@]}" generate --model "$tmp/tiny.gguf" --lora "$tmp/arm.gguf" --prompt "The password of the red duck is" --max-tokens 16 --threads 1 2>/dev/null)
echo "x86_64  java lora: $a"
echo "aarch64 java lora: $b"
[ "$a" = "$b" ] || { echo "DIFFERENT greedy text with each architecture's own adapter"; exit 1; }
echo "Java on aarch64 under qemu: the same output as x86_64"
