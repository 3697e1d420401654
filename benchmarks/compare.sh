#!/usr/bin/env bash
# Saturn vs PyTorch training throughput on this machine (issue 5's benchmark).
#  1. per run: `saturn bench --json` and torch_peer.py back to back, one thread each, with ratios
#     (wall-clock tokens/s, and tokens per CPU-second of the training thread, which other jobs on
#     the machine disturb far less);
#  2. study throughput: 8 seeds of one configuration on both cores, Saturn as two workers training
#     4 batched seeds each vs PyTorch running the 8 seeds as separate one-thread processes two at a
#     time (steady-state tokens/s summed over the two concurrent processes);
#  3. with --whole-study: the reduced case study 1 end to end, `saturn bench --study` (2 workers)
#     and torch_study_peer.py (2 processes) back to back, wall and user+system CPU seconds of each.
# OpenBLAS is pinned to one thread for both sides (Debian's spins a second thread otherwise).
# Usage: benchmarks/compare.sh [--steps N] [--study "transformer:64 lstm:64"] [--rounds R] [--whole-study]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STEPS=20
STUDY="transformer:64 lstm:64"
ROUNDS=4
WHOLE_STUDY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --steps) STEPS="$2"; shift 2 ;;
    --study) STUDY="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --whole-study) WHOLE_STUDY=1; shift ;;
    *) echo "usage: $0 [--steps N] [--study \"model:width ...\"] [--rounds R] [--whole-study]" >&2; exit 2 ;;
  esac
done
export OMP_NUM_THREADS=1
export OPENBLAS_NUM_THREADS=1
SATURN="${SATURN:-$ROOT/saturn}"   # override with another launcher of the same CLI if needed

TORCH_PY=""
for py in python3 /usr/bin/python3; do
  if "$py" -c 'import torch' 2>/dev/null; then TORCH_PY="$py"; break; fi
done
[ -n "$TORCH_PY" ] || { echo "compare.sh: no python3 with torch; apt-get install -y python3-torch libopenblas0-pthread" >&2; exit 1; }
JSON_PY=python3

OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
echo "machine: $(getconf _NPROCESSORS_ONLN) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (other jobs disturb wall-clock figures)"

"$SATURN" bench --json --steps "$STEPS" > "$OUT/saturn.json"
"$TORCH_PY" "$ROOT/benchmarks/torch_peer.py" --steps "$STEPS" > "$OUT/torch.json"
"$JSON_PY" - "$OUT/saturn.json" "$OUT/torch.json" <<'PY'
import json, sys
def rows(path):
    text = open(path).read()
    doc = json.loads(text[text.index('{"results"'):].splitlines()[0])
    return {(r["model"], r["width"], r["seeds"]): r for r in doc["results"]}
saturn, torch = rows(sys.argv[1]), rows(sys.argv[2])
print("\nper run (tokens/s, padding counted, all seeds together)")
print(f'{"model":12} {"width":>5} {"seeds":>5} {"saturn":>9} {"pytorch":>9} {"ratio":>6}   {"saturn/cpu-s":>12} {"pytorch/cpu-s":>13} {"ratio":>6}')
for key in sorted(saturn, key=lambda k: (k[2], k[0] != "transformer", k[1])):
    s, t = saturn[key], torch.get(key)
    if not t:
        continue
    print(f'{key[0]:12} {key[1]:>5} {key[2]:>5} {s["tokensPerSecond"]:>9} {t["tokensPerSecond"]:>9} '
          f'{s["tokensPerSecond"] / t["tokensPerSecond"]:>6.2f}   {s["tokensPerCpuSecond"]:>12} '
          f'{t["tokensPerCpuSecond"]:>13} {s["tokensPerCpuSecond"] / t["tokensPerCpuSecond"]:>6.2f}')
PY

echo
echo "study throughput: 8 seeds of one configuration on both cores (tokens/s of all seeds)"
for config in $STUDY; do
  model="${config%%:*}"; width="${config##*:}"
  # Saturn: two workers, 4 batched seeds each, at the same time
  "$SATURN" bench --json --steps "$STEPS" --model "$model" --width "$width" --seeds 4 > "$OUT/s1.json" &
  p1=$!
  "$SATURN" bench --json --steps "$STEPS" --model "$model" --width "$width" --seeds 4 > "$OUT/s2.json" &
  p2=$!
  wait "$p1" "$p2"
  # PyTorch: 8 one-seed processes, two at a time
  : > "$OUT/torch-study.txt"
  for round in $(seq 1 "$ROUNDS"); do
    "$TORCH_PY" "$ROOT/benchmarks/torch_peer.py" --steps "$STEPS" --model "$model" --width "$width" --seeds 1 > "$OUT/t1.json" &
    q1=$!
    "$TORCH_PY" "$ROOT/benchmarks/torch_peer.py" --steps "$STEPS" --model "$model" --width "$width" --seeds 1 > "$OUT/t2.json" &
    q2=$!
    wait "$q1" "$q2"
    cat "$OUT/t1.json" "$OUT/t2.json" >> "$OUT/torch-study.txt"
  done
  "$JSON_PY" - "$model" "$width" "$OUT/s1.json" "$OUT/s2.json" "$OUT/torch-study.txt" "$ROUNDS" <<'PY'
import json, sys
model, width, s1, s2, tfile, rounds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6])
def first(path):
    text = open(path).read()
    return json.loads(text[text.index('{"results"'):].splitlines()[0])["results"][0]["tokensPerSecond"]
saturn = first(s1) + first(s2)
runs = [json.loads(line)["results"][0]["tokensPerSecond"] for line in open(tfile) if line.startswith("{")]
torch = sum(runs) / rounds  # two concurrent processes per round: their sum is the study's rate
print(f"{model:12} {width:>5}  saturn 2 workers x 4 seeds: {saturn:>8.0f}   pytorch 8 x 1 seed, 2 at a time: {torch:>8.0f}   ratio {saturn / torch:.2f}")
PY
done

if [ -n "$WHOLE_STUDY" ]; then
  echo
  echo "whole study: examples/case-study-1-reduced.saturn, 9 runs on 2 cores (load $(cut -d' ' -f1-3 /proc/loadavg))"
  "$SATURN" bench --study "$ROOT/examples/case-study-1-reduced.saturn" --workers 2 > "$OUT/study-saturn.json" 2>/dev/null
  "$TORCH_PY" "$ROOT/benchmarks/torch_study_peer.py" --processes 2 > "$OUT/study-torch.json"
  "$JSON_PY" - "$OUT/study-saturn.json" "$OUT/study-torch.json" <<'PY'
import json, sys
s, t = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
print(f'saturn : {s["wallSeconds"]:7.1f} s wall, {s["cpuSeconds"]:7.1f} s user+system; worker seconds {s["workerSeconds"]}')
print(f'pytorch: {t["wallSeconds"]:7.1f} s wall, {t["cpuSeconds"]:7.1f} s user+system; worker seconds {t["workerSeconds"]}')
print(f'ratio (pytorch / saturn): wall {t["wallSeconds"] / s["wallSeconds"]:.2f}, cpu {t["cpuSeconds"] / s["cpuSeconds"]:.2f}')
PY
fi
