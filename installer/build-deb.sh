#!/usr/bin/env bash
# Builds the Linux installer target/installer/layoutlens_<version>_amd64.deb from the app image
# (built first unless --skip-image). Installs to /opt/layoutlens with a menu entry; the command
# line is /opt/layoutlens/bin/layoutlens.
#
# Usage: installer/build-deb.sh [--skip-build|--skip-image]
# jpackage --type deb needs fakeroot and dpkg-deb; on Debian/Ubuntu they are installed when
# missing (as root, or with sudo).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root"

need=()
command -v fakeroot >/dev/null || need+=(fakeroot)
command -v dpkg-deb >/dev/null || need+=(dpkg)
if ((${#need[@]})); then
  if command -v apt-get >/dev/null; then
    sudo=""; [[ $(id -u) -ne 0 ]] && sudo=sudo
    $sudo apt-get install -y --no-install-recommends "${need[@]}"
  else
    echo "jpackage --type deb needs: ${need[*]}" >&2; exit 2
  fi
fi

case "${1:-}" in
  --skip-image) ;;
  --skip-build) "$here/build-app-image.sh" --skip-build ;;
  "") "$here/build-app-image.sh" ;;
  *) echo "usage: $0 [--skip-build|--skip-image]" >&2; exit 2 ;;
esac

jdk=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
version=$(sed -n 's:.*<version>\([0-9][0-9.]*\)\(-SNAPSHOT\)\{0,1\}</version>.*:\1:p' pom.xml | head -1)
out=target/installer
rm -f "$out"/layoutlens_*.deb
"$jdk/bin/jpackage" --type deb --dest "$out" \
  --app-image "$out/image/LayoutLens" --name LayoutLens --app-version "$version" \
  --vendor "LayoutLens" --description "Key-information extraction from scanned receipts" \
  @"$here/linux.conf"
ls -l "$out"/*.deb
