#!/usr/bin/env bash
# make-distribution.sh TARGET ENGINE_JAR ARCHIVE (the engine module's package phase): completes
# TARGET/saturn-engine (lib/ already holds the runtime classpath) with the engine jar, bin/saturn
# and README.txt, and packs it as TARGET/ARCHIVE (saturn-engine/ at its top).
set -euo pipefail
target="$1"
jar="$2"
archive="$3"
dist="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
folder="$target/saturn-engine"
mkdir -p "$folder/bin" "$folder/lib"
cp "$target/$jar" "$folder/lib/"
cp "$dist/launcher/saturn" "$folder/bin/saturn"
chmod 755 "$folder/bin/saturn"
cp "$dist/README.txt" "$folder/README.txt"
rm -f "$target/$archive"
# the jars are compressed already: gzip -1 costs little and saves little more
tar -C "$target" -cf - saturn-engine | gzip -1 >"$target/$archive"
echo "engine folder: $folder ($(ls "$folder/lib" | wc -l) jars); archive: $target/$archive ($(du -h "$target/$archive" | cut -f1))"
