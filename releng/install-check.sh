#!/usr/bin/env bash
# The p2 install test's last step (releng/org.saturn.platform, integration-test): ECLIPSE is the bare
# platform into which the p2 director has just installed org.saturn.feature.feature.group from the
# Saturn site. Unpacks the engine archive as a user would, starts the installed workbench under Xvfb
# with the install check (org.saturn.installcheck) set to: Window > Preferences > Saturn > Engine
# folder = the unpacked archive, 2 workers; launch examples/quick-study.saturn as a Saturn Study;
# then requires its 4 runs FINISHED in the store. Skips (exit 0, reason printed) only where a
# display cannot be had: no DISPLAY and no Xvfb, or no GTK 3.
set -euo pipefail
eclipse="$1"
work="$2"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
say() { printf 'install-check: %s\n' "$*" >&2; }
fail() { say "FAILED: $*"; exit 1; }
skip() { say "SKIPPED: $*"; exit 0; }
start=$(date +%s)

launcher="$(ls "$eclipse"/plugins/org.eclipse.equinox.launcher_*.jar 2>/dev/null | head -n 1)"
[ -n "$launcher" ] || fail "no Equinox launcher in $eclipse/plugins"
for bundle in org.saturn.ui org.saturn.core org.saturn.dsl org.saturn.dsl.ide org.saturn.help org.eclipse.swtchart \
    org.eclipse.xtext org.eclipse.ui.genericeditor org.eclipse.debug.ui; do
  ls "$eclipse/plugins/${bundle}_"* >/dev/null 2>&1 || fail "the director did not install $bundle into $eclipse"
done
# every Saturn bundle carries a real build qualifier, not the literal 'qualifier'
if ls "$eclipse"/plugins/org.saturn.* | grep -q '\.qualifier'; then
  fail "bundles with a literal qualifier: $(ls "$eclipse"/plugins | grep '\.qualifier' | tr '\n' ' ')"
fi
say "director installed: $(cd "$eclipse/plugins" && ls -d org.saturn.* | tr '\n' ' ')"

archive="$(ls "$root"/bundles/org.saturn.engine/target/saturn-engine-*-linux-x86_64-*.tar.gz 2>/dev/null | head -n 1)"
[ -n "$archive" ] || fail "no engine archive in bundles/org.saturn.engine/target (built at its package phase; -DskipEngineArchive=true leaves it out)"
rm -rf "$work"
mkdir -p "$work"
tar -xzf "$archive" -C "$work"
engine="$work/saturn-engine"   # the archive unpacks to saturn-engine/
"$engine/bin/saturn" --version >/dev/null || fail "the engine archive's bin/saturn does not start"

command -v java >/dev/null || fail "no java on PATH"
if ! ldconfig -p 2>/dev/null | grep -q 'libgtk-3\.so\.0'; then
  skip "GTK 3 is not installed (apt-get install libgtk-3-0), so the installed workbench cannot start"
fi
run=()
if [ -z "${DISPLAY:-}" ]; then
  if command -v xvfb-run >/dev/null; then
    run=(xvfb-run -a -s "-screen 0 1600x1000x24")
  else
    skip "no DISPLAY and no xvfb-run (apt-get install xvfb xauth; ./saturn test starts its own Xvfb)"
  fi
fi

result="$work/result.txt"
say "starting the installed workbench (log: $work/workbench.log)"
"${run[@]}" java -Xmx1g \
  -Dsaturn.installcheck.result="$result" \
  -Dsaturn.installcheck.spec="$root/examples/quick-study.saturn" \
  -Dsaturn.installcheck.engine="$engine" \
  -Dsaturn.installcheck.workers=2 \
  -jar "$launcher" -data "$work/workspace" -nl en -consoleLog >"$work/workbench.log" 2>&1 &
workbench=$!
# the check closes the workbench itself; a workbench that hangs on the way out is stopped 30 s after
# the result, one that never writes one after 8 minutes
for _ in $(seq 1 480); do
  kill -0 "$workbench" 2>/dev/null || break
  if [ -f "$result" ] && [ $(( $(date +%s) - $(stat -c %Y "$result") )) -gt 30 ]; then break; fi
  sleep 1
done
if kill -0 "$workbench" 2>/dev/null; then
  say "stopping the workbench (pid $workbench)"
  kill "$workbench" 2>/dev/null || true
fi
wait "$workbench" 2>/dev/null || true
[ -f "$result" ] || { tail -n 40 "$work/workbench.log" >&2; fail "the installed workbench wrote no result within 8 minutes"; }
cat "$result" >&2
[ "$(tail -n 1 "$result")" = "RESULT OK" ] || fail "the installed workbench could not train the quick study"

# as in the UI tests (NoErrorsLoggedExtension): a workbench that works while logging errors is broken
log="$work/workspace/.metadata/.log"
if [ -f "$log" ] && grep -q '^!ENTRY [^ ]* 4 ' "$log"; then
  grep -A 3 '^!ENTRY [^ ]* 4 ' "$log" | head -n 40 >&2
  fail "the installed workbench logged errors ($log)"
fi

store="$work/workspace/installcheck/runs/QuickStudy"
finished=$(grep -l 'status="FINISHED"' "$store"/*/record.xmi 2>/dev/null | wc -l)
[ "$finished" -eq 4 ] || fail "$finished of 4 quick-study runs FINISHED in $store"
say "OK: the Saturn feature installed into a bare platform trained the quick study (4 runs FINISHED) in $(( $(date +%s) - start )) s"
