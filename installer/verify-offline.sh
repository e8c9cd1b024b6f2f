#!/usr/bin/env bash
# Checks a built app image with the network cut off: the command line labels the sample
# receipts with a model folder, and the app opens a window on a virtual display, of which a
# screenshot is saved. PyTorch is unpacked into a fresh, empty DJL cache, so nothing can come
# from an earlier run or from the network.
#
# Usage: installer/verify-offline.sh [MODEL_DIR] [SCREENSHOT.png]
#   MODEL_DIR   default: the tiny test model src/test/resources/fixtures/layoutlm/tiny-a
# Needs: root (for 'unshare -n'; otherwise a user namespace is tried), Xvfb, ImageMagick 'import',
# libgtk-3-0.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
image="$root/target/installer/image/LayoutLens"
model=$(readlink -f "${1:-$root/src/test/resources/fixtures/layoutlm/tiny-a}")
shot=$(readlink -f "${2:-$root/target/installer/offline-app.png}")
[[ -x "$image/bin/layoutlens" ]] || { echo "no app image: run installer/build-app-image.sh" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ns=(unshare -n)
[[ $(id -u) -eq 0 ]] || ns=(unshare -rn)

"${ns[@]}" env IMAGE="$image" MODEL="$model" DATA="$root/sample-receipts" WORK="$work" SHOT="$shot" bash -c '
set -euo pipefail
export DJL_CACHE_DIR="$WORK/djl" HOME="$WORK/home"
mkdir -p "$HOME"
echo "== network interfaces up: $(ip -o link show up 2>/dev/null | wc -l)"
if getent hosts huggingface.co >/dev/null 2>&1 || (exec 3<>/dev/tcp/1.1.1.1/443) 2>/dev/null; then
  echo "network is reachable: not an offline check" >&2; exit 1
fi
echo "== command line"
"$IMAGE/bin/layoutlens" predict --model "$MODEL" --data "$DATA" --out "$WORK/labels" --device cpu
n=$(ls "$WORK/labels" | wc -l)
echo "label files: $n; PyTorch unpacked offline: $(du -sh "$DJL_CACHE_DIR" | cut -f1)"
[[ $n -gt 0 ]]
echo "== app window"
Xvfb :97 -screen 0 1600x1000x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
xvfb=$!
export DISPLAY=:97
sleep 2
cd "$WORK"
"$IMAGE/bin/LayoutLens" app --data "$DATA" --model-a "$MODEL" >"$WORK/app.log" 2>&1 &
app=$!
for i in $(seq 1 60); do
  sleep 1
  kill -0 $app 2>/dev/null || { echo "the app exited:"; cat "$WORK/app.log"; kill $xvfb; exit 1; }
  [[ $i -ge 40 ]] && break
done
import -window root "$SHOT"
kill $app; wait $app 2>/dev/null || true
kill $xvfb; wait $xvfb 2>/dev/null || true
echo "app log:"; cat "$WORK/app.log"
echo "screenshot: $SHOT"
'
