#!/usr/bin/env bash
# Provision SWTChart 0.13.0 (not on Maven Central for Java 17) from Debian's
# libeclipse-swtchart-java: download the .deb, unpack it without installing, and copy the
# OSGi bundles into releng/thirdparty/, which the target platform reads as a Directory location.
# Never copies from /usr/share/java (that folder also holds Debian's Eclipse 4.26 jars).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest="$here/thirdparty"
package=libeclipse-swtchart-java
version=0.13.0   # what Debian 12 ships; the target platform expects this version

if [ -f "$dest/org.eclipse.swtchart.jar" ]; then
  exit 0
fi
command -v apt-get >/dev/null || { echo "saturn: SWTChart comes from Debian's $package, but apt-get is not available here" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
if ! apt-get download "$package" >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null
    apt-get download "$package" >/dev/null
  else
    echo "saturn: cannot download $package (the package lists may be stale); run 'sudo apt-get update' and try again" >&2
    exit 1
  fi
fi
dpkg -x "$package"_*.deb unpacked
mkdir -p "$dest"
found=0
for jar in unpacked/usr/share/java/org.eclipse.swtchart*.jar; do
  [ -L "$jar" ] && continue
  cp "$jar" "$dest/"
  found=1
done
[ "$found" = 1 ] || { echo "saturn: $package contains no org.eclipse.swtchart jar" >&2; exit 1; }
echo "SWTChart $version provisioned into releng/thirdparty: $(cd "$dest" && ls | tr '\n' ' ')"
