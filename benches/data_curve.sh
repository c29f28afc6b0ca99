#!/usr/bin/env bash
# What each part of the training data is worth: macro-F1 on data/test_real.csv
# (and data/test.csv) when training on N real-style rows, alone and with all
# the fictional rows added, for N = 1000, 2000, 5000, 10000 and all of them.
# The N rows are the first N of a seeded shuffle of the real-style rows, so
# each size holds the smaller ones. Every fit uses the default model's
# settings with a fixed alpha (no tuning), so the curve shows the data, not
# the alpha search.
#
#   benches/data_curve.sh                 # prints a markdown table
#   SIZES="1000 5000" benches/data_curve.sh
#   ALPHA=1 EXTRA_FLAGS="--ngrams 1..2" benches/data_curve.sh
#   STANCE_BIN=path/to/stance benches/data_curve.sh   # no cargo build
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-1000 2000 5000 10000 all}
ALPHA=${ALPHA:-0.3}
EXTRA_FLAGS=${EXTRA_FLAGS:-}
# shellcheck source=benches/common.sh
source benches/common.sh
pick_stance
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Split train.csv by its style column (the last field; texts may hold
# commas and quoted newlines, so let a CSV-aware tool do it).
python3 - "$tmp" <<'PY'
import csv, random, sys
rows = list(csv.DictReader(open("data/train.csv", newline="", encoding="utf-8")))
real = [r for r in rows if r["style"] == "real-style"]
fictional = [r for r in rows if r["style"] == "fictional"]
random.Random(42).shuffle(real)
def write(name, rs):
    with open(f"{sys.argv[1]}/{name}", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f); w.writerow(["text", "label"])
        for r in rs: w.writerow([r["text"], r["label"]])
write("real.csv", real)
write("fictional.csv", fictional)
PY

macro_f1() {
  "$STANCE" evaluate --model "$1" --data "$2" --format json |
    python3 -c "import json,sys; print(f\"{json.load(sys.stdin)['macro_f1']:.4f}\")"
}

machine_line
echo "command per cell: stance train --data <rows> --alpha $ALPHA $EXTRA_FLAGS, then stance evaluate"
echo
echo "| real-style rows | + fictional rows | rows in all | test_real macro-F1 | test macro-F1 |"
echo "|---:|---:|---:|---:|---:|"
total=$(($(python3 -c "import csv; print(sum(1 for _ in csv.reader(open('$tmp/real.csv'))))") - 1))
for n in $SIZES; do
  [[ $n == all ]] && n=$total
  ((n > total)) && continue
  python3 - "$tmp" "$n" <<'PY'
import csv, sys
d, n = sys.argv[1], int(sys.argv[2])
real = list(csv.reader(open(f"{d}/real.csv", newline="", encoding="utf-8")))
fic = list(csv.reader(open(f"{d}/fictional.csv", newline="", encoding="utf-8")))
for name, rows in (("alone", real[1:n + 1]), ("mixed", real[1:n + 1] + fic[1:])):
    with open(f"{d}/{name}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f); w.writerow(["text", "label"]); w.writerows(rows)
PY
  for part in alone mixed; do
    # shellcheck disable=SC2086
    "$STANCE" train --data "$tmp/$part.csv" --out "$tmp/$part.json" --alpha "$ALPHA" $EXTRA_FLAGS > /dev/null 2>&1
    fic=0
    [[ $part == mixed ]] && fic=$(($(python3 -c "import csv; print(sum(1 for _ in csv.reader(open('$tmp/fictional.csv'))))") - 1))
    echo "| $n | $fic | $((n + fic)) | $(macro_f1 "$tmp/$part.json" data/test_real.csv) | $(macro_f1 "$tmp/$part.json" data/test.csv) |"
  done
done
