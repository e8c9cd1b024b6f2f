#!/usr/bin/env bash
# Builds the Windows (.msi) or macOS (.dmg) installer from the app image, on that platform
# (jpackage cannot cross-build). Windows: run from Git Bash with the WiX Toolset 3 on PATH.
# macOS: Xcode command-line tools; signing is left to the caller (--mac-sign options in mac.conf).
#
# Usage: installer/build-installer.sh [--skip-build|--skip-image]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root"
case "$(uname -s)" in
  Darwin*) type=dmg; conf=mac.conf; image=LayoutLens.app ;;
  MINGW*|MSYS*|CYGWIN*) type=msi; conf=windows.conf; image=LayoutLens ;;
  Linux*) exec "$here/build-deb.sh" "$@" ;;
  *) echo "unsupported OS: $(uname -s)" >&2; exit 2 ;;
esac
case "${1:-}" in
  --skip-image) ;;
  --skip-build) "$here/build-app-image.sh" --skip-build ;;
  "") "$here/build-app-image.sh" ;;
  *) echo "usage: $0 [--skip-build|--skip-image]" >&2; exit 2 ;;
esac
jdk=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
version=$(sed -n 's:.*<version>\([0-9][0-9.]*\)\(-SNAPSHOT\)\{0,1\}</version>.*:\1:p' pom.xml | head -1)
"$jdk/bin/jpackage" --type "$type" --dest target/installer \
  --app-image "target/installer/image/$image" --name LayoutLens --app-version "$version" \
  --vendor "LayoutLens" --description "Key-information extraction from scanned receipts" \
  @"$here/$conf"
