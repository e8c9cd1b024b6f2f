#!/bin/sh
# Regenerates the demo models under models/ from generated receipts.
#
# Deterministic on the CPU: the same commit, CPU type and thread count give the same
# weights bit for bit (the data, the vocabulary, the initial weights, dropout and the data
# order all follow from the seeds). On 2 cores all three took 14 minutes (load average
# about 2): LayoutLM about 3, LayoutLMv2 about 7, LayoutLMv3 about 4.
#
#   tools/make-demo-models.sh               # rebuilds models/demo-layoutlm, -layoutlmv2 and -layoutlmv3
#   tools/make-demo-models.sh layoutlm      # only models/demo-layoutlm
#   tools/make-demo-models.sh layoutlmv2    # only models/demo-layoutlmv2
#   tools/make-demo-models.sh layoutlmv3    # only models/demo-layoutlmv3
set -eu
cd "$(dirname "$0")/.."
WHICH=${1:-all}
case "$WHICH" in
    all|layoutlm|layoutlmv2|layoutlmv3) ;;
    *) echo "usage: $0 [layoutlm|layoutlmv2|layoutlmv3]" >&2; exit 2 ;;
esac
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

# trains one family with the tiny preset and copies its best step to models/demo-TYPE
build() {
    type=$1
    steps=$2
    run train --config tiny --model "$type" --data "$WORK/data" --dev sample-receipts --out "$WORK/$type" \
        --steps "$steps" --batch 8 --seed 42 --device cpu
    target=models/demo-$type
    mkdir -p "$target"
    find "$target" -maxdepth 1 -type f ! -name README.md -delete
    cp "$WORK/$type/best/"* "$target/"
    # the log without its wall-clock column, so that a rebuild leaves it unchanged
    cut -d, -f1-5 "$WORK/$type/training_log.csv" > "$target/training_log.csv"
    chmod 644 "$target"/*
    echo "wrote $target:"
    ls -l "$target"
}

for type in layoutlm layoutlmv2 layoutlmv3; do
    if [ "$WHICH" = all ] || [ "$WHICH" = "$type" ]; then
        build "$type" 800
    fi
done
