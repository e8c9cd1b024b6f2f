#!/usr/bin/env bash
# Prints the JDK modules the app and its libraries use, as jdeps finds them, comma-separated:
# the source of the explicit module list in build-app-image.sh. Run it after changing
# dependencies and update JLINK_MODULES there if the list changed.
#
# jdeps cannot take the libraries as they are (some are modular jars whose own requirements are
# not on the path), so each jar is unpacked without its module-info and read as plain classes.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f target/layoutlens.jar && -d target/lib ]] || { echo "run 'mvn -B package -DskipTests' first" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for jar in target/layoutlens.jar target/lib/*.jar; do
  name=$(basename "$jar" .jar)
  case "$name" in pytorch-native-*) continue ;; esac  # native libraries only, no classes
  mkdir -p "$work/$name"
  (cd "$work/$name" && jar xf "$OLDPWD/$jar" && find . -name module-info.class -delete)
  # multi-release classes for newer JDKs are not used on 17
  rm -rf "$work/$name/META-INF/versions"
done
jdeps --ignore-missing-deps --print-module-deps --multi-release 17 "$work"/*
