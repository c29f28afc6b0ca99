#!/usr/bin/env bash
# Whole-process `stance classify` of a large generated article file with one
# thread and with two (RAYON_NUM_THREADS), alternated run by run so that each
# pair shares the machine's phase; prints every pair and the median ratio.
#
#   benches/classify_threads.sh [MB] [PAIRS]      (default: 40 MB, 7 pairs)
#
# The file is made of the bundled train/test sentences, five to a paragraph
# in a seeded random order (no benchmark data needed). Output goes to
# /dev/null as JSONL, so splitting, features, scoring and writing are timed.
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-40}
PAIRS=${2:-7}
# shellcheck source=benches/common.sh
source benches/common.sh
pick_stance
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp/big.txt" "$MB" <<'PY'
import csv, random, sys
texts = [r['text'] for f in ('data/train.csv', 'data/test.csv') for r in csv.DictReader(open(f, encoding='utf-8'))]
rng, size, limit = random.Random(1), 0, int(sys.argv[2]) * 1_000_000
with open(sys.argv[1], 'w', encoding='utf-8') as out:
    while size < limit:
        para = ' '.join(rng.choice(texts) for _ in range(5)) + '\n\n'
        out.write(para)
        size += len(para.encode())
PY
machine_line
secs() {
  local start
  start=$(date +%s.%N)
  RAYON_NUM_THREADS=$1 $STANCE classify --format jsonl "$tmp/big.txt" > /dev/null
  seconds_since "$start" 3
}
ratios=()
for pair in $(seq 1 "$PAIRS"); do
  one=$(secs 1)
  two=$(secs 2)
  r=$(python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$one" "$two")
  echo "pair $pair: 1 thread ${one} s, 2 threads ${two} s, ratio ${r}x"
  ratios+=("$r")
done
python3 -c "import statistics, sys; v = [float(x) for x in sys.argv[1:]]; print(f'median ratio 2 threads / 1 thread: {statistics.median(v):.2f}x (min {min(v):.2f}, max {max(v):.2f}) over {len(v)} pairs, ${MB} MB')" "${ratios[@]}"
