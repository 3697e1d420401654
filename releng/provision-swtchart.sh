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

# Debian's jars say Bundle-Version 0.13.0.qualifier (the literal, unexpanded): p2 then cannot tell builds
# apart and an Eclipse that installs Saturn gets a bundle with a placeholder version. The copies here get
# a real qualifier: the jar's build date and the Debian revision (0.13.0.v20201127-debian4).
real_qualifiers() {
  python3 - "$dest" "$1" <<'PY'
import re, sys, zipfile, os, glob, shutil
dest, revision = sys.argv[1], sys.argv[2]
for jar in glob.glob(os.path.join(dest, "org.eclipse.swtchart*.jar")):
    with zipfile.ZipFile(jar) as z:
        info = z.getinfo("META-INF/MANIFEST.MF")
        manifest = z.read(info).decode("utf-8")
        if ".qualifier" not in manifest:
            continue
        qualifier = "v%04d%02d%02d-debian%s" % (info.date_time[0], info.date_time[1], info.date_time[2], revision)
        manifest = re.sub(r"(?m)^(Bundle-Version: \d+\.\d+\.\d+)\.qualifier\r?$", r"\1." + qualifier, manifest)
        tmp = jar + ".tmp"
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
            for entry in z.infolist():
                data = manifest.encode("utf-8") if entry.filename == "META-INF/MANIFEST.MF" else z.read(entry)
                out.writestr(entry, data)
    shutil.move(tmp, jar)
PY
}

if [ -f "$dest/org.eclipse.swtchart.jar" ]; then
  if unzip -p "$dest/org.eclipse.swtchart.jar" META-INF/MANIFEST.MF 2>/dev/null | grep -q '^Bundle-Version: .*\.qualifier'; then
    real_qualifiers 4   # provisioned by an earlier version of this script
  fi
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
revision="$(dpkg-deb -f "$package"_*.deb Version | sed 's/.*-//; s/[^0-9A-Za-z]//g')"
real_qualifiers "${revision:-0}"
echo "SWTChart $version provisioned into releng/thirdparty: $(cd "$dest" && ls | tr '\n' ' ')"
