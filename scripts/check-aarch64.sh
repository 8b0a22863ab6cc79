#!/usr/bin/env bash
# linux-aarch64: cross-compiles libcoleta.so (COLETA_ARCH=aarch64, Debian's
# g++-aarch64-linux-gnu) into native/target/native-linux-aarch64, where the native module packs
# it into the jar under dev/coleta/native/linux-aarch64/, then checks it under qemu-user
# (Debian's qemu-user): native/check/greedy.c, built for both architectures against each
# architecture's libcoleta.so, generates greedily on the same tiny model, and the two token
# lists must be equal. Prints both lines and the verdict; exits non-zero on any difference.
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
[ -f java/target/coleta.jar ] || mvn -B -q -ntp -DskipTests package -pl native,java
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
