#!/usr/bin/env bash
# Receipts/s of 'predict' and of installer/spark-predict.sh in local[1] and local[2] on the same
# receipts, with each run's wall time, job time, peak resident memory and the load average.
# Usage: tools/spark-throughput.sh MODEL_DIR [DATA_DIR]   (after 'mvn -B -q package -DskipTests')
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
model=${1:?MODEL_DIR}
data=${2:-$root/../shared/sroie}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=$(ls "$data/box" | wc -l)
run() { # name command...
  local name=$1; shift
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$work/$name.rss" "$@" >"$work/$name.out" 2>"$work/$name.err" || true
  end=$(date +%s.%N)
  printf '%-10s wall %6.1f s  %6.2f receipts/s  peak RSS %5d MB  load %s | %s\n' "$name" \
    "$(echo "$end - $start" | bc)" "$(echo "$n / ($end - $start)" | bc -l)" \
    "$(( $(tail -1 "$work/$name.rss") / 1024 ))" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(tail -1 "$work/$name.out")"
}
echo "$n receipts in $data, model $model, $(nproc) cores"
run predict java -jar "$root/target/layoutlens.jar" predict --model "$model" --data "$data" --out "$work/predict"
run local1 "$root/installer/spark-predict.sh" --master 'local[1]' --model "$model" --data "$data" --out "$work/local1"
run local2 "$root/installer/spark-predict.sh" --master 'local[2]' --model "$model" --data "$data" --out "$work/local2"
for o in local1 local2; do
  if diff -r "$work/predict" "$work/$o" >/dev/null; then echo "$o: label files identical to predict's"
  else echo "$o: label files differ from predict's in $(diff -rq "$work/predict" "$work/$o" | wc -l) files"; fi
done
