#!/usr/bin/env bash
# Training time of stance against scikit-learn doing the same work, measured
# in one run on the same machine (`../shared/peers/train_time.py`):
#
# - tune: `stance train --data data/train.csv --tune` (5-fold CV over the
#   alpha grid, then the final fit; the default features are wider than
#   scikit-learn's) against scikit-learn's 5-fold CV over 3 values of C and
#   the final fit, TF-IDF word 1..2-grams, lbfgs; then stance doing exactly
#   scikit-learn's work (its features and its grid);
# - cv10: `stance cv --data polarity --fold-col fold --preset snippets`
#   (10 folds, alpha tuned by 3-fold CV inside each) against the same in
#   scikit-learn.
#
# scikit-learn runs on one thread; stance is timed on one thread
# (RAYON_NUM_THREADS=1) and on all cores. Each command runs RUNS times (default
# 3) and the median wall time is printed.
#
#   benches/train_speed.sh [BENCH_DIR]        # BENCH_DIR holds rt-polarity/ (default ../shared/benchmarks)
#   PEERS_PYTHON=~/peers-venv/bin/python RUNS=5 benches/train_speed.sh
#   MODES=tune benches/train_speed.sh         # only the tune rows (default: "tune cv10")
#
# Needs: a Python with scikit-learn and numpy (see ../shared/peers/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DIR=${1:-../shared/benchmarks}
PEERS=${PEERS:-$BENCH_DIR/../peers}
PY=${PEERS_PYTHON:-$HOME/peers-venv/bin/python}
RUNS=${RUNS:-3}
pol=$BENCH_DIR/rt-polarity/all.csv
for f in "$pol" "$PEERS/train_time.py"; do
  [[ -f $f ]] || { echo "train_speed: no $f" >&2; exit 2; }
done
# shellcheck source=benches/common.sh
source benches/common.sh
pick_stance
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Median wall seconds of RUNS runs of a command.
median_of() {
  local times=()
  for _ in $(seq "$RUNS"); do
    local start
    start=$(date +%s.%N)
    "$@" > /dev/null 2>&1
    times+=("$(seconds_since "$start" 2)")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

sk_seconds() {
  local times=()
  for _ in $(seq "$RUNS"); do
    times+=("$("$PY" "$PEERS/train_time.py" "$1" "$2" | python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds"])')")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

machine_line
echo "median of $RUNS runs each, wall seconds"
echo
echo "| work | stance, 1 thread | stance, $(nproc) threads | scikit-learn, 1 thread | scikit-learn / stance (1 thread) |"
echo "|---|---:|---:|---:|---:|"
row() {
  local name=$1 sk=$2 one=$3 all=$4
  echo "| $name | $one | $all | $sk | $(python3 -c "print(f'{$sk / $one:.1f}x')") |"
}
MODES=${MODES:-tune cv10}
if [[ " $MODES " == *" tune "* ]]; then
one=$(RAYON_NUM_THREADS=1 median_of "$STANCE" train --data data/train.csv --tune --out "$tmp/m.json")
all=$(median_of "$STANCE" train --data data/train.csv --tune --out "$tmp/m.json")
sk=$(sk_seconds tune data/train.csv)
row "tune: \`stance train --data data/train.csv --tune\`" "$sk" "$one" "$all"
# The same work as scikit-learn's: TF-IDF word 1..2-grams, min_df 2, no cap,
# no Naive-Bayes columns, alpha = 1/C over C in {1, 3, 10}.
SAME=(--ngrams 1..2 --max-features 0 --nb-score 0 --alphas 0.1,0.3333,1)
one=$(RAYON_NUM_THREADS=1 median_of "$STANCE" train --data data/train.csv --tune "${SAME[@]}" --out "$tmp/m.json")
all=$(median_of "$STANCE" train --data data/train.csv --tune "${SAME[@]}" --out "$tmp/m.json")
row "tune, scikit-learn's features and grid: \`stance train --data data/train.csv --tune ${SAME[*]}\`" "$sk" "$one" "$all"
fi
if [[ " $MODES " == *" cv10 "* ]]; then
one=$(RAYON_NUM_THREADS=1 median_of "$STANCE" cv --data "$pol" --fold-col fold --preset snippets)
all=$(median_of "$STANCE" cv --data "$pol" --fold-col fold --preset snippets)
sk=$(sk_seconds cv10 "$pol")
row "cv10: \`stance cv --data polarity --fold-col fold --preset snippets\`" "$sk" "$one" "$all"
fi
