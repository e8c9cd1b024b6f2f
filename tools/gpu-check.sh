#!/usr/bin/env bash
# GPU check: the three model families at base size on an NVIDIA GPU against the CPU.
#
# Offline: everything comes from the repository and the local Maven cache (mvn -o). For each
# of LayoutLM, LayoutLMv2 and LayoutLMv3 it
#   1. trains a fresh base-size model (train --config base: hidden 768, 12 layers, 12 heads,
#      3072 feed-forward, a vocabulary from the receipts' words) for 50 steps on the GPU,
#      batch 4, on sample-receipts/, and reads steps/s from its training_log.csv (first step
#      left out);
#   2. runs `forward` with that model on the same random inputs (2 windows of 256 tokens, and
#      the page the family reads) on the GPU and on the CPU: max |logit difference| <= 1e-3;
#   3. runs `predict` on sample-receipts/ on the GPU and on the CPU: the words whose label
#      differs, and receipts/s = (N - 1) / (time for N receipts - time for 1), so that
#      start-up, model loading and the first call's warm-up are left out.
# It ends with one summary table on stdout (progress goes to stderr).
#
#   tools/gpu-check.sh                  # on a machine with an NVIDIA GPU
#   tools/gpu-check.sh --cpu-only       # no GPU: the same flow on the CPU at the tiny size
#                                       # (5 steps, batch 2, 6 receipts): a smoke test
#   options: --steps N  --batch N  --receipts N  --config tiny|small|base
#            --families "layoutlm layoutlmv2 layoutlmv3"  --keep DIR (keep models and outputs)
#
# Exit status: 0 every check passed; 1 a check failed; 2 usage; 3 no GPU, or no CUDA build of
# PyTorch 2.7.1 on this machine (the message says exactly what is missing); 4 the build failed.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

CPU_ONLY=0
STEPS=""
BATCH=""
RECEIPTS=""
CONFIG=""
FAMILIES="layoutlm layoutlmv2 layoutlmv3"
KEEP=""
TOLERANCE=1e-3
usage() {
    sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
}
while [ $# -gt 0 ]; do
    case "$1" in
        --cpu-only) CPU_ONLY=1 ;;
        --steps) STEPS=${2:?}; shift ;;
        --batch) BATCH=${2:?}; shift ;;
        --receipts) RECEIPTS=${2:?}; shift ;;
        --config) CONFIG=${2:?}; shift ;;
        --families) FAMILIES=${2:?}; shift ;;
        --keep) KEEP=${2:?}; shift ;;
        -h|--help) usage ;;
        *) echo "gpu-check: unknown option $1" >&2; usage ;;
    esac
    shift
done
if [ "$CPU_ONLY" = 1 ]; then
    DEV=cpu; CONFIG=${CONFIG:-tiny}; STEPS=${STEPS:-5}; BATCH=${BATCH:-2}; RECEIPTS=${RECEIPTS:-6}
else
    DEV=gpu; CONFIG=${CONFIG:-base}; STEPS=${STEPS:-50}; BATCH=${BATCH:-4}; RECEIPTS=${RECEIPTS:-0}
fi
for n in "$STEPS" "$BATCH" "$RECEIPTS"; do
    case "$n" in ''|*[!0-9]*) echo "gpu-check: --steps, --batch and --receipts take a whole number" >&2; exit 2 ;; esac
done
if [ "$STEPS" -lt 2 ]; then
    echo "gpu-check: --steps must be at least 2 (the first step is left out of steps/s)" >&2
    exit 2
fi

START=$(date +%s)
say() { echo "gpu-check: $*" >&2; }
elapsed() { echo $(( $(date +%s) - START )); }

# ---- 1. a GPU ---------------------------------------------------------------------------------
if [ "$CPU_ONLY" = 0 ]; then
    if ! command -v nvidia-smi >/dev/null 2>&1; then
        say "no NVIDIA GPU here: nvidia-smi is not installed (no NVIDIA driver)."
        say "This check needs a machine with an NVIDIA GPU and its driver. Without one,"
        say "  tools/gpu-check.sh --cpu-only"
        say "runs the same flow on the CPU at the tiny size, as a test of this script."
        exit 3
    fi
    if ! GPU=$(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | head -1) \
            || [ -z "$GPU" ] || ! nvidia-smi -L >/dev/null 2>&1; then
        say "no NVIDIA GPU here: nvidia-smi found none ($(nvidia-smi -L 2>&1 | head -1))."
        say "tools/gpu-check.sh --cpu-only runs the same flow on the CPU at the tiny size."
        exit 3
    fi
    say "GPU: $GPU"
else
    GPU="none (--cpu-only: every 'GPU' column ran on the CPU)"
    say "--cpu-only: the GPU side runs on the CPU too, preset $CONFIG"
fi

# ---- 2. the build -----------------------------------------------------------------------------
for tool in java javac mvn; do
    command -v "$tool" >/dev/null 2>&1 || { say "$tool is not installed (Java 17 and Maven 3.8 are needed)"; exit 4; }
done
JAR=target/layoutlens.jar
if [ ! -f "$JAR" ] || [ -n "$(find pom.xml src/main -newer "$JAR" -type f 2>/dev/null | head -1)" ]; then
    say "building $JAR (mvn -o -B -q -DskipTests package)"
    if ! mvn -o -B -q -DskipTests package >&2; then
        say "the offline build failed: mvn -o needs every dependency in the local Maven cache"
        say "(~/.m2/repository); run 'mvn -B -DskipTests package' once on a machine with internet and copy ~/.m2 over."
        exit 4
    fi
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gpu-check.XXXXXX")
cleanup() {
    if [ -n "$KEEP" ]; then
        mkdir -p "$KEEP" && cp -r "$WORK"/. "$KEEP"/ && say "kept the models and outputs in $KEEP"
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- 3. a CUDA build of PyTorch 2.7.1, offline ---------------------------------------------------
# DJL 0.36 runs PyTorch 2.7.1 only, and its JNI glue (pytorch-jni 2.7.1-0.36.0) carries the Linux
# flavours cpu and cu128. DJL takes PYTORCH_LIBRARY_PATH before the native jar on the class path
# (the build bundles the CPU one), with PYTORCH_VERSION and PYTORCH_FLAVOR naming the glue; so
# every CUDA source below ends as a PYTORCH_LIBRARY_PATH folder, whatever CUDA version the driver
# reports (which DJL's own guess of the flavour would follow).
PT=2.7.1
FLAVOR=cu128
M2=${MAVEN_REPO:-$HOME/.m2/repository}
JNI_JAR=$(ls target/lib/pytorch-jni-*.jar 2>/dev/null | head -1)
CUDA_JAR=$M2/ai/djl/pytorch/pytorch-native-$FLAVOR/$PT/pytorch-native-$FLAVOR-$PT-linux-x86_64.jar
DJL_PYTORCH=${ENGINE_CACHE_DIR:-${DJL_CACHE_DIR:-$HOME/.djl.ai}}/pytorch
DJL_CACHE=$DJL_PYTORCH/$PT-$FLAVOR-linux-x86_64
# an online run may have left another CUDA 12 flavour of 2.7.1 (or a dated version) there
for dir in "$DJL_CACHE" "$DJL_PYTORCH/$PT"*-cu12*-linux-x86_64; do
    if [ -f "$dir/libtorch.so" ] && [ -f "$dir/libtorch_cuda.so" ]; then
        DJL_CACHE=$dir
        break
    fi
done
GPU_ENV=()
if [ "$CPU_ONLY" = 0 ]; then
    if [ -n "${PYTORCH_LIBRARY_PATH:-}" ]; then
        if [ ! -f "$PYTORCH_LIBRARY_PATH/libtorch.so" ] || [ ! -f "$PYTORCH_LIBRARY_PATH/libtorch_cuda.so" ]; then
            say "PYTORCH_LIBRARY_PATH=$PYTORCH_LIBRARY_PATH has no libtorch.so and libtorch_cuda.so: not a CUDA build of PyTorch."
            say "Point it at the torch/lib folder of a pip-installed torch==$PT (CUDA wheel, with NVIDIA's libraries)."
            exit 3
        fi
        LIBDIR=$PYTORCH_LIBRARY_PATH
        SOURCE="PYTORCH_LIBRARY_PATH=$LIBDIR"
    elif [ -f "$DJL_CACHE/libtorch.so" ] && [ -f "$DJL_CACHE/libtorch_cuda.so" ]; then
        LIBDIR=$DJL_CACHE
        SOURCE="DJL's cache $LIBDIR"
    elif [ -f "$CUDA_JAR" ]; then
        # unpacked where DJL itself would unpack it on first use
        say "unpacking $CUDA_JAR into $DJL_CACHE"
        UNPACK=$(mktemp -d "${TMPDIR:-/tmp}/gpu-check-unpack.XXXXXX")
        if ! (cd "$UNPACK" && jar xf "$CUDA_JAR" native/lib) || [ ! -f "$UNPACK/native/lib/libtorch_cuda.so" ]; then
            say "$CUDA_JAR: no native/lib/libtorch_cuda.so in it, or it could not be unpacked"
            rm -rf "$UNPACK"
            exit 3
        fi
        rm -f "$UNPACK/native/lib/pytorch.properties"
        mkdir -p "$(dirname "$DJL_CACHE")" && rm -rf "$DJL_CACHE" && mv "$UNPACK/native/lib" "$DJL_CACHE"
        rm -rf "$UNPACK"
        LIBDIR=$DJL_CACHE
        SOURCE="$CUDA_JAR"
    else
        say "no CUDA build of PyTorch $PT on this machine, and offline nothing can bring one. Looked for:"
        say "  PYTORCH_LIBRARY_PATH: unset (the torch/lib folder of a pip-installed torch==$PT CUDA wheel with NVIDIA's libraries)"
        say "  $DJL_CACHE/libtorch.so and libtorch_cuda.so: missing (DJL unpacks them there on an online run, README: GPU)"
        say "  $CUDA_JAR: missing (Maven Central has no CUDA build of PyTorch $PT, so mvn -o cannot supply it)"
        say "Provide one of the three; the JNI glue for $FLAVOR is in ${JNI_JAR:-target/lib/pytorch-jni-*.jar}."
        exit 3
    fi
    if [ -n "$JNI_JAR" ] && ! jar tf "$JNI_JAR" | grep -q "jnilib/linux-x86_64/$FLAVOR/libdjl_torch.so"; then
        say "$JNI_JAR has no jnilib/linux-x86_64/$FLAVOR/libdjl_torch.so: DJL cannot drive a $FLAVOR PyTorch with it"
        exit 3
    fi
    GPU_ENV=(PYTORCH_LIBRARY_PATH="$LIBDIR" PYTORCH_VERSION="${PYTORCH_VERSION:-$PT}"
        PYTORCH_FLAVOR="${PYTORCH_FLAVOR:-$FLAVOR}")
    say "CUDA PyTorch from $SOURCE"
else
    SOURCE="the bundled CPU build (pytorch-native-cpu $PT)"
fi

export LAYOUTLENS_CACHE=$WORK/cache
# runs the CLI on the GPU side: the CUDA PyTorch chosen above
lens_dev() {
    env "${GPU_ENV[@]}" java -Dai.djl.offline=true -jar "$ROOT/$JAR" "$@"
}
# runs the CLI with the bundled CPU build, never a GPU
lens_cpu() {
    env -u PYTORCH_LIBRARY_PATH -u PYTORCH_FLAVOR -u PYTORCH_VERSION java -Dai.djl.offline=true -jar "$ROOT/$JAR" "$@"
}
# the small helpers (inputs, logit and label comparisons, steps/s), compiled once
javac -d "$WORK/helper" "$ROOT/tools/GpuCheck.java" || { say "tools/GpuCheck.java does not compile"; exit 4; }
helper() {
    java -cp "$WORK/helper" GpuCheck "$@"
}

# the receipts: sample-receipts/, or its first N; and one receipt alone for the fixed costs
DATA=$ROOT/sample-receipts
ALL_IDS=$(cd "$DATA/box" && ls ./*.csv | sed 's|^\./||; s|\.csv$||')
if [ "$RECEIPTS" -gt 0 ]; then
    IDS=$(echo "$ALL_IDS" | head -n "$RECEIPTS")
else
    IDS=$ALL_IDS
fi
subset() { # DIR IDS...
    local dir=$1; shift
    mkdir -p "$dir/box" "$dir/img" "$dir/key" "$dir/labels"
    for id in "$@"; do
        for pair in box:csv img:jpg key:json labels:csv; do
            local sub=${pair%%:*} ext=${pair##*:}
            [ -f "$DATA/$sub/$id.$ext" ] && ln -s "$DATA/$sub/$id.$ext" "$dir/$sub/"
        done
    done
}
# shellcheck disable=SC2086
subset "$WORK/receipts" $IDS
subset "$WORK/one" "$(echo "$IDS" | head -1)"
N=$(echo "$IDS" | wc -l)
say "$N receipts from sample-receipts/; preset $CONFIG; $STEPS training steps, batch $BATCH"

# ---- 4. the GPU answers -------------------------------------------------------------------------
if [ "$CPU_ONLY" = 0 ]; then
    say "probe: predict with models/demo-layoutlm on one receipt, --device gpu"
    if ! lens_dev predict --model "$ROOT/models/demo-layoutlm" --data "$WORK/one" --out "$WORK/probe" \
            --device gpu --no-cache --json > "$WORK/probe.json" 2> "$WORK/probe.err" \
            || [ "$(helper json "$WORK/probe.json" fallback)" != null ]; then
        say "the GPU does not run PyTorch $PT from $SOURCE:"
        sed 's/^/  /' "$WORK/probe.err" "$WORK/probe.json" >&2
        exit 3
    fi
    say "probe: $(helper json "$WORK/probe.json" device)"
fi

FAILED=0
ROWS=()
NOTES=()
fail() { # FAMILY WHAT
    FAILED=1
    NOTES+=("FAIL $1: $2")
    say "FAIL $1: $2"
}

# predict on a folder; prints its seconds, or writes why not to OUT.fail (it runs in a subshell)
predict() { # MODEL DATA OUT DEVICE
    local model=$1 data=$2 out=$3 device=$4 runner=lens_cpu
    [ "$device" = gpu ] && runner=lens_dev
    [ "$device" = gpu ] && [ "$CPU_ONLY" = 1 ] && device=cpu
    if ! $runner predict --model "$model" --data "$data" --out "$out" --device "$device" --no-cache --json \
            > "$out.json" 2> "$out.err"; then
        echo "predict --device $device on $(basename "$data") exited non-zero: $(grep -m1 -i 'error' "$out.err" || tail -1 "$out.err")" > "$out.fail"
        return 1
    fi
    if [ "$(helper json "$out.json" fallback)" != null ]; then
        echo "predict --device $device fell back to the CPU: $(helper json "$out.json" fallback)" > "$out.fail"
        return 1
    fi
    if [ "$(helper json "$out.json" failed)" != 0 ]; then
        echo "predict --device $device could not label $(helper json "$out.json" failed) receipt(s)" > "$out.fail"
        return 1
    fi
    helper json "$out.json" seconds
}

rate() { # N T_N T_1 -> receipts/s
    awk -v n="$1" -v tn="$2" -v t1="$3" 'BEGIN { d = tn - t1; if (n > 1 && d > 0) printf "%.2f", (n - 1) / d; else print "n/a" }'
}

for family in $FAMILIES; do
    W=$WORK/$family
    mkdir -p "$W"
    say "== $family: train --config $CONFIG, $STEPS steps on the $DEV"
    steps_s="n/a"
    model=$W/train/best
    if lens_dev train --config "$CONFIG" --model "$family" --data "$WORK/receipts" --out "$W/train" \
            --steps "$STEPS" --batch "$BATCH" --dev-fraction 0 --eval-every 100000 --checkpoint-every 100000 \
            --device "$DEV" --json > "$W/train.json" 2> "$W/train.err"; then
        if grep -q '^warning:' "$W/train.err"; then
            fail "$family" "training left the $DEV: $(grep -m1 '^warning:' "$W/train.err")"
        else
            steps_s=$(helper steps "$W/train/training_log.csv")
        fi
    else
        fail "$family" "train on the $DEV exited non-zero: $(grep -m1 -i 'error' "$W/train.err" || tail -1 "$W/train.err")"
    fi
    if [ ! -f "$model/config.json" ]; then
        say "$family: a model for the inference checks from one step on the CPU"
        rm -rf "$W/train"
        if ! lens_cpu train --config "$CONFIG" --model "$family" --data "$WORK/receipts" --out "$W/train" --steps 1 \
                --batch 1 --dev-fraction 0 --device cpu --json > "$W/train-cpu.json" 2> "$W/train-cpu.err"; then
            fail "$family" "no model: train on the CPU failed too: $(tail -1 "$W/train-cpu.err")"
            ROWS+=("$family|n/a|n/a|n/a|n/a|$steps_s")
            continue
        fi
    fi

    say "$family: forward on the same inputs, $DEV and cpu"
    logit_d="n/a"
    fwd_dev=$DEV
    if helper inputs "$model" "$W/inputs.safetensors" 2> "$W/inputs.err" \
            && lens_dev forward --model "$model" --inputs "$W/inputs.safetensors" --out "$W/logits-dev.safetensors" \
                --device "$fwd_dev" > "$W/forward-dev.out" 2>&1 \
            && lens_cpu forward --model "$model" --inputs "$W/inputs.safetensors" --out "$W/logits-cpu.safetensors" \
                --device cpu > "$W/forward-cpu.out" 2>&1; then
        logit_d=$(helper logits "$W/logits-dev.safetensors" "$W/logits-cpu.safetensors")
        if ! awk -v d="$logit_d" -v t="$TOLERANCE" 'BEGIN { exit !(d + 0 <= t + 0) }'; then
            fail "$family" "max |logit difference| $logit_d > $TOLERANCE"
        fi
    else
        fail "$family" "forward failed: $(cat "$W/inputs.err"; grep -h -m1 -i 'error' "$W/forward-dev.out" "$W/forward-cpu.out" 2>/dev/null | head -1)"
    fi

    say "$family: predict on $N receipts and on 1, gpu and cpu"
    dev_rate="n/a"; cpu_rate="n/a"; differing="n/a"
    if t1=$(predict "$model" "$WORK/one" "$W/dev-one" gpu) \
            && tn=$(predict "$model" "$WORK/receipts" "$W/dev-all" gpu); then
        dev_rate=$(rate "$N" "$tn" "$t1")
    fi
    if t1=$(predict "$model" "$WORK/one" "$W/cpu-one" cpu) \
            && tn=$(predict "$model" "$WORK/receipts" "$W/cpu-all" cpu); then
        cpu_rate=$(rate "$N" "$tn" "$t1")
    fi
    for f in "$W"/*.fail; do
        [ -f "$f" ] && fail "$family" "$(cat "$f")"
    done
    if [ -d "$W/dev-all" ] && [ -d "$W/cpu-all" ] && [ ! -f "$W/dev-all.fail" ] && [ ! -f "$W/cpu-all.fail" ]; then
        read -r d words <<< "$(helper labels "$W/dev-all" "$W/cpu-all")"
        differing="$d of $words"
        [ "$d" = 0 ] || fail "$family" "$d of $words words labelled differently on the $DEV and the CPU"
    fi
    ROWS+=("$family|$dev_rate|$cpu_rate|$logit_d|$differing|$steps_s")
done

# ---- 5. the summary -----------------------------------------------------------------------------
TOTAL=$(elapsed)
{
    echo
    echo "GPU check: $GPU"
    echo "PyTorch $PT from $SOURCE; preset $CONFIG; $N receipts; $STEPS training steps, batch $BATCH"
    printf '%-11s %15s %15s %15s %18s %16s\n' family "GPU receipts/s" "CPU receipts/s" "max |logit d|" "differing labels" "train steps/s"
    for row in "${ROWS[@]}"; do
        IFS='|' read -r f a b c d e <<< "$row"
        printf '%-11s %15s %15s %15s %18s %16s\n' "$f" "$a" "$b" "$c" "$d" "$e"
    done
    for note in "${NOTES[@]}"; do
        echo "$note"
    done
    if [ "$FAILED" = 0 ]; then
        echo "all checks passed (logits within $TOLERANCE, same labels) in ${TOTAL} s"
    else
        echo "some checks FAILED, ${TOTAL} s"
    fi
    if [ "$CPU_ONLY" = 0 ] && [ "$TOTAL" -gt 480 ]; then
        echo "note: took more than the 8 minutes this check is sized for"
    fi
}
exit "$FAILED"
