#!/usr/bin/env bash
# Cost of ONE training fit against the number of rows and the feature cap:
# `stance train --alpha 1 --max-features F` on R rows, timed with
# /usr/bin/time (wall seconds, peak RSS of the whole process: reading,
# vectorising, Naive-Bayes score columns and the sparse fit). Prints a
# markdown table.
#
# The rows are the bundled corpus (data/train.csv) followed by the sentence
# polarity data (their labels are kept as they are: five labels in all),
# read in a seeded shuffle and cycled until R rows are drawn; from the second
# pass on, each copy of a sentence gets a number appended ("... 2"), so that
# the vocabulary keeps growing a little as a stream of new text would. The
# data is not all in the repository: pass the folder that holds rt-polarity/
# (default: ../shared/benchmarks). Slices go to a temporary directory.
#
#   benches/scaling.sh [BENCH_DIR]
#   ROWS="1000 5000" FEATURES="4000 0" benches/scaling.sh   # a smaller grid (0 = every n-gram)
#   EXTRA_FLAGS="--ngrams 1..3" benches/scaling.sh           # other train flags
#   STANCE_BIN=path/to/stance benches/scaling.sh             # no cargo build
#
# Needs: cargo (unless STANCE_BIN is set), python3, GNU time at /usr/bin/time
# (Debian package `time`).
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DIR=${1:-../shared/benchmarks}
ROWS=${ROWS:-10000 25000 50000 100000 200000}
FEATURES=${FEATURES:-4000 0}
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
echo "command per cell: stance train --data <R rows> --alpha 1 --max-features F $EXTRA_FLAGS (F = 0: every n-gram kept)"
echo
echo "| rows | --max-features | features kept | wall s | peak RSS MB | fit |"
echo "|---:|---:|---:|---:|---:|---|"
for r in $ROWS; do
  slice=$tmp/rows_$r.csv
  python3 - "$pol" "$r" "$slice" <<'PY'
import csv, random, sys
pol, r, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rows = [(x["text"], x["label"]) for x in csv.DictReader(open("data/train.csv", newline="", encoding="utf-8"))]
rows += [(x["text"], x["label"]) for x in csv.DictReader(open(pol, newline="", encoding="utf-8"))]
random.Random(42).shuffle(rows)
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["text", "label"])
    for i in range(r):
        text, label = rows[i % len(rows)]
        copy = i // len(rows)
        w.writerow([f"{text} {copy + 1}" if copy else text, label])
PY
  for f in $FEATURES; do
    # shellcheck disable=SC2086
    if ! /usr/bin/time -f "%e %M" -o "$tmp/time" "$STANCE" train --data "$slice" \
      --out "$tmp/model.json" --alpha 1 --max-features "$f" $EXTRA_FLAGS > "$tmp/out" 2> "$tmp/err"; then
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
