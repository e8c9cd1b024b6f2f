#!/bin/sh
# Regenerates the demo model(s) under models/ from generated receipts.
#
# Deterministic on the CPU: the same commit, CPU type and thread count give the same
# weights bit for bit (the data, the vocabulary, the initial weights, dropout and the data
# order all follow from the seeds). Takes about 10-15 minutes on 2 cores.
#
#   tools/make-demo-models.sh            # rebuilds models/demo-layoutlm
#
# LayoutLMv2's demo model is added here once its training is in place.
set -eu
cd "$(dirname "$0")/.."
JAR=target/layoutlens.jar
[ -f "$JAR" ] || mvn -B -q -DskipTests package
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM
run() {
    java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=2 -jar "$JAR" "$@"
}

# 400 generated receipts with another seed than the 40 committed ones (seed 42), which
# serve as the held-out dev set
run samples --out "$WORK/data" --count 400 --seed 1000
run train --config tiny --data "$WORK/data" --dev sample-receipts --out "$WORK/layoutlm" \
    --steps 800 --batch 8 --seed 42 --device cpu

target=models/demo-layoutlm
mkdir -p "$target"
find "$target" -maxdepth 1 -type f ! -name README.md -delete
cp "$WORK/layoutlm/best/"* "$target/"
# the log without its wall-clock column, so that a rebuild leaves it unchanged
cut -d, -f1-5 "$WORK/layoutlm/training_log.csv" > "$target/training_log.csv"
chmod 644 "$target"/*
echo "wrote $target:"
ls -l "$target"
