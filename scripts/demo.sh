#!/usr/bin/env bash
# Coleta's main job on a fresh machine: build the native library and the jar (first run only),
# then `coleta tune`: create a base model with a vocabulary learnt on the tasks' synthetic
# data, cram it on the mixture of nl2sql, scrape and scrape-config, train one LoRA adapter per
# task, evaluate each task on its test split (domains and page templates never seen in
# training) with and without its adapter, print the table and write tune-out/report.md.
# Default budget: 15 minutes on 2 cores. Extra arguments go to `coleta tune`
# (e.g. --budget 30, --seed 2, --out DIR, --model FILE.gguf). A second run resumes.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
if [ ! -f java/target/coleta.jar ] || [ -n "$(find java/src native/shim native/patches -newer java/target/coleta.jar -type f 2>/dev/null | head -1)" ]; then
  echo "== building (first run: llama.cpp from the pinned source, ~3-5 minutes on 2 cores)"
  mvn -B -q -ntp -DskipTests package
fi
exec scripts/coleta tune --out "$here/tune-out" "$@"
