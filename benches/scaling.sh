#!/usr/bin/env bash
# Cost of ONE training fit against the number of rows and the feature cap:
# `stance train --alpha 1 --max-features F --nb-score 0` on R rows of the sentence
# polarity data, timed with /usr/bin/time (wall seconds, peak RSS). Prints a
# markdown table. The data is not in the repository: pass the folder that
# holds rt-polarity/ (default: ../shared/benchmarks). Slices are written to a
# temporary directory, never into the repository.
#
#   benches/scaling.sh [BENCH_DIR]
#   ROWS="1000 5000" FEATURES="1000 4000" benches/scaling.sh   # a smaller grid
#   EXTRA_FLAGS="--min-df 1" benches/scaling.sh                # other train flags
# (--nb-score 0: the dense fit alone, as first measured; the Naive-Bayes score
# columns `train` adds by default are 2 or 3 more columns and one counting pass.)
#   STANCE_BIN=path/to/stance benches/scaling.sh               # no cargo build
#
# all.csv lists the 5,331 positive snippets first, then the 5,331 negative
# ones, so "the first R rows" would hold a single label: a slice of R rows is
# the first R/2 rows of each label, in file order.
#
# Needs: cargo (unless STANCE_BIN is set), GNU time at /usr/bin/time
# (Debian package `time`).
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DIR=${1:-../shared/benchmarks}
ROWS=${ROWS:-1000 2500 5000 10000}
FEATURES=${FEATURES:-1000 2000 4000 8000 16000}
EXTRA_FLAGS=${EXTRA_FLAGS:-}
pol=$BENCH_DIR/rt-polarity/all.csv
if [[ ! -f "$pol" ]]; then
  echo "scaling: no $pol (pass the folder that holds rt-polarity/)" >&2
  exit 2
fi
if [[ ! -x /usr/bin/time ]]; then
  echo "scaling: needs GNU time at /usr/bin/time (apt-get install time)" >&2
  exit 2
fi
# shellcheck source=benches/common.sh
source benches/common.sh
pick_stance
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

machine_line
echo "command per cell: stance train --data <R rows> --alpha 1 --max-features F --nb-score 0 $EXTRA_FLAGS"
echo
echo "| rows | --max-features | features kept | wall s | peak RSS MB | fit |"
echo "|---:|---:|---:|---:|---:|---|"
for r in $ROWS; do
  half=$((r / 2))
  slice=$tmp/pol_$r.csv
  awk -F, -v half="$half" '
    NR == 1 { print; next }
    { label = $(NF - 1); if (++seen[label] <= half) print }
  ' "$pol" > "$slice"
  for f in $FEATURES; do
    # shellcheck disable=SC2086
    if ! /usr/bin/time -f "%e %M" -o "$tmp/time" "$STANCE" train --data "$slice" \
      --out "$tmp/model.json" --alpha 1 --max-features "$f" --nb-score 0 $EXTRA_FLAGS > "$tmp/out" 2> "$tmp/err"; then
      echo "scaling: the fit with $r rows and cap $f failed:" >&2
      cat "$tmp/err" >&2
      exit 1
    fi
    read -r wall kb < <(tail -n 1 "$tmp/time")
    kept=$(awk '$1 == "features" { print $2 }' "$tmp/out")
    fit=$(awk '$1 == "fit" { print $2 == "converged" ? "converged" : "NOT converged" }' "$tmp/out")
    awk -v r="$r" -v f="$f" -v kept="$kept" -v wall="$wall" -v kb="$kb" -v fit="$fit" \
      'BEGIN { printf "| %s | %s | %s | %s | %.0f | %s |\n", r, f, kept, wall, kb / 1024, fit }'
  done
done
