#!/usr/bin/env bash
# Builds a self-contained LayoutLens app image with jlink + jpackage:
#   target/installer/image/LayoutLens/   (Linux; LayoutLens.app on macOS, LayoutLens/ on Windows)
# holding a trimmed Java runtime, the app, JavaFX, DJL and PyTorch's CPU native library, so the
# installed app needs no network at all. Installers are made from it by build-deb.sh (Linux) or build-installer.sh (Windows, macOS).
#
# Usage: installer/build-app-image.sh [--skip-build]
#   --skip-build   reuse target/layoutlens.jar and target/lib from an earlier 'mvn package'
# Environment: JAVA_HOME (a JDK 17+ with jmods/, jlink and jpackage), MVN (default: mvn),
# MVN_ARGS (extra Maven options, e.g. -Dpytorch.native.classifier=win-x86_64).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root"

# The JDK modules the app and its libraries use. Found with installer/find-modules.sh (jdeps),
# plus what jdeps cannot see: java.net.http (model downloads, reached through the code but kept
# explicit), jdk.crypto.ec (TLS to the model hub), java.desktop (AWT image I/O, JavaFX-Swing),
# jdk.localedata left out on purpose (English only).
JLINK_MODULES="java.base,java.compiler,java.desktop,java.logging,java.management,java.naming,java.net.http,java.prefs,java.sql,java.xml,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.unsupported,jdk.unsupported.desktop,jdk.zipfs"

case "$(uname -s)" in
  Linux*) os=linux ;;
  Darwin*) os=mac ;;
  MINGW*|MSYS*|CYGWIN*) os=windows ;;
  *) echo "unsupported OS: $(uname -s)" >&2; exit 2 ;;
esac

jdk=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
for tool in jlink jpackage; do
  [[ -x "$jdk/bin/$tool" || -x "$jdk/bin/$tool.exe" ]] || { echo "$jdk has no $tool: set JAVA_HOME to a full JDK 17+" >&2; exit 2; }
done
[[ -d "$jdk/jmods" ]] || { echo "$jdk has no jmods/ (install the JDK's jmods package, e.g. openjdk-17-jdk)" >&2; exit 2; }

if [[ "${1:-}" != "--skip-build" ]]; then
  # the platform's JavaFX and PyTorch native jars are chosen by the build (pom properties)
  # shellcheck disable=SC2086 # MVN_ARGS is a list of options
  ${MVN:-mvn} -B -q package -DskipTests ${MVN_ARGS:-}
fi
[[ -f target/layoutlens.jar && -d target/lib ]] || { echo "target/layoutlens.jar or target/lib missing: run without --skip-build" >&2; exit 2; }
ls target/lib/pytorch-native-cpu-*.jar >/dev/null 2>&1 \
  || { echo "target/lib has no pytorch-native-cpu jar: the installed app would need the network" >&2; exit 2; }

version=$(sed -n 's:.*<version>\([0-9][0-9.]*\)\(-SNAPSHOT\)\{0,1\}</version>.*:\1:p' pom.xml | head -1)
out=target/installer
rm -rf "$out/runtime" "$out/input" "$out/image"
mkdir -p "$out/input"

# 1. a trimmed runtime
"$jdk/bin/jlink" --add-modules "$JLINK_MODULES" --strip-debug --no-man-pages --no-header-files \
  --compress=2 --output "$out/runtime"

# 2. the class path: DJL, JavaFX (platform jars with their natives) and the rest are not used as
#    modules; the main jar's manifest names lib/*.jar, so the layout is kept as Maven made it.
cp target/layoutlens.jar "$out/input/"
cp -r target/lib "$out/input/lib"

# 3. the app image. -Dai.djl.offline=true: DJL never looks for a newer native library online;
#    PyTorch's CPU library is unpacked from lib/pytorch-native-cpu-*.jar into ~/.djl.ai on the
#    first model run (about 430 MB, DJL_CACHE_DIR moves it), with no network.
os_opts=()
[[ $os == mac ]] && os_opts=(--mac-package-identifier com.layoutlens.app --mac-package-name LayoutLens)
common_opts=(--java-options "-Dai.djl.offline=true"
             --java-options "-XX:MaxRAMPercentage=60"
             --java-options "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
"$jdk/bin/jpackage" --type app-image --dest "$out/image" \
  --name LayoutLens --app-version "$version" \
  --vendor "LayoutLens" --description "Key-information extraction from scanned receipts" \
  --runtime-image "$out/runtime" --input "$out/input" \
  --main-jar layoutlens.jar --main-class com.layoutlens.Main \
  "${common_opts[@]}" \
  --add-launcher "layoutlens=$here/cli-launcher.properties" \
  "${os_opts[@]}"

echo "app image: $out/image"
