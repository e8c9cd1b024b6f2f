#!/usr/bin/env bash
# Labels a receipt archive on Apache Spark with a model folder, as 'predict' does, and with
# --gold evaluates it as 'evaluate --json' does; with --model-b labels it with a second model
# too and compares the two as 'compare --json' does.
#
# Usage: installer/spark-predict.sh --master MASTER --model DIR --data URI --out URI
#            [--gold DIR --eval-out FILE [--rules LIST] [--keys DIR]]
#            [--model-b DIR --out-b URI [--compare-out FILE]]
#            [--format csv|parquet] [--problems FILE] [--schema NAME|FILE]
#            [--partitions N] [--threads N] [--batch N] [--device cpu|gpu|auto]
#
# --rules and --keys are evaluate's (and compare's) options; --compare-out needs --gold and
# writes what 'compare --json --gold DIR --pred OUT --pred OUT_B' prints. --schema is predict's:
# without it each model's schema comes from its folder on this machine (--model-b's files are
# written in --model-b's own schema, as predict writes them), else sroie (give it for a
# BIO/IOBES or other-schema model read from a Hadoop URI).
#
# Exit codes: 0 every receipt labelled; 1 some receipts not labelled (see OUT.problems.txt) or
# the job failed (the executors' message on stderr); 2 bad input, said in one line (a folder or
# model that is not there or not usable), or a gold folder that matches no receipt (the labels
# are written, --eval-out and --compare-out are not).
#
# With $SPARK_HOME set, the job goes through $SPARK_HOME/bin/spark-submit (a cluster: yarn,
# spark://..., k8s://...): our jar is the application, DJL, PyTorch's CPU library and the
# tokenizers go with --jars (Spark brings its own Jackson, logging and Hadoop), and a model
# folder on this machine (--model's, --model-b's) is zipped and shipped with --archives (a
# Hadoop URI such as hdfs://... or s3a://... is read by each executor instead).
# Without $SPARK_HOME the job runs here in local[N] (default local[2]) with the Spark jars that
# 'mvn package' puts in target/spark-lib/, never in the app's jar or installer.
# Environment: SPARK_DRIVER_MEMORY and SPARK_EXECUTOR_MEMORY (Java heap, default 4g each: a
# LayoutLMv2 task decodes full-size scans, and 1g executors run out of heap); SPARK_SUBMIT_OPTS
# as usual for spark-submit.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jar="$root/target/layoutlens.jar"

master="local[2]"
model=""
model_b=""
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --master) master="$2"; shift 2 ;;
    --master=*) master="${1#--master=}"; shift ;;
    --model) model="$2"; shift 2 ;;
    --model=*) model="${1#--model=}"; shift ;;
    --model-b) model_b="$2"; shift 2 ;;
    --model-b=*) model_b="${1#--model-b=}"; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) args+=("$1"); shift ;;
  esac
done
[[ -n "$model" ]] || { echo "--model DIR is required" >&2; exit 2; }
[[ -f "$jar" && -d "$root/target/lib" ]] || { echo "no $jar: run 'mvn -B -q package -DskipTests' first" >&2; exit 2; }

# what Spark needs from Java 17, as spark-submit passes it
opens=(-XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true)
main=com.layoutlens.spark.SparkPredict

if [[ -n "${SPARK_HOME:-}" ]]; then
  # the engine and the tokenizer go with the job; the desktop's JavaFX and our logging and
  # Jackson stay here (the cluster's Spark has its own)
  jars=$(ls "$root"/target/lib/*.jar | grep -Ev '/(javafx-|controlsfx-|slf4j-|jackson-)' | paste -sd, -)
  archives=()
  # a model folder on this machine goes to every executor as an archive unpacked under its name
  ship_model() {
    local dir="$1" name zip
    name=$(basename "$(readlink -f "$dir")")
    zip="$(mktemp -d)/$name.zip"
    (cd "$dir" && jar cMf "$zip" .)
    archives+=("$zip#$name")
    shipped="$name"
  }
  if [[ "$master" != local && "$master" != local\[* ]]; then
    if [[ -d "$model" ]]; then ship_model "$model"; model="$shipped"; fi
    if [[ -n "$model_b" && -d "$model_b" ]]; then ship_model "$model_b"; model_b="$shipped"; fi
  fi
  ship=()
  [[ ${#archives[@]} -eq 0 ]] || ship=(--archives "$(IFS=,; echo "${archives[*]}")")
  [[ -z "$model_b" ]] || args+=(--model-b "$model_b")
  exec "$SPARK_HOME/bin/spark-submit" --master "$master" --class "$main" \
    --driver-memory "${SPARK_DRIVER_MEMORY:-4g}" --executor-memory "${SPARK_EXECUTOR_MEMORY:-4g}" \
    --conf spark.driver.extraJavaOptions=-Dai.djl.offline=true \
    --conf spark.executor.extraJavaOptions=-Dai.djl.offline=true \
    --jars "$jars" "${ship[@]}" "$jar" --model "$model" "${args[@]}"
fi
[[ -z "$model_b" ]] || args+=(--model-b "$model_b")

[[ -d "$root/target/spark-lib" ]] || { echo "no target/spark-lib: run 'mvn -B -q package -DskipTests' (or set SPARK_HOME)" >&2; exit 2; }
[[ "$master" == local || "$master" == local\[* ]] || { echo "--master $master needs SPARK_HOME (a Spark installation with spark-submit)" >&2; exit 2; }
exec java -Xmx"${SPARK_DRIVER_MEMORY:-4g}" "${opens[@]}" -Dai.djl.offline=true \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$jar:$root/target/lib/*:$root/target/spark-lib/*" "$main" --master "$master" --model "$model" "${args[@]}"
