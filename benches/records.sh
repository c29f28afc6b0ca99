#!/usr/bin/env bash
# Records mode (`classify --input-format jsonl`) beside plain-text classify
# of the same sentences: wall time, peak RSS, records/s and sentences/s, on
# each thread count.
#
#   benches/records.sh [RECORDS]        (default 550000: about 1 GB of JSONL)
#   THREADS="1 2" benches/records.sh    (RAYON_NUM_THREADS values; default "2 1")
#   STANCE_BIN=path/to/stance benches/records.sh   (skip the build)
#   KEEP_INPUT=dir benches/records.sh   (read dir/records.jsonl if it exists,
#                                        else write it there and keep it)
#
# The records come from benches/gen_records.py (seeded: the same bytes every
# run). The plain-text input is every record's text, one after another with
# a blank line between them (a blank line always ends a sentence, so it
# holds the same sentences). Runs, on each thread count:
#   stance classify --input-format jsonl --per sentence FILE.jsonl | wc -l
#       (its line count is the sentence count every rate divides)
#   stance classify --input-format jsonl FILE.jsonl | wc -l
#   stance classify --format jsonl FILE.txt | wc -l
# each timed by /usr/bin/time (wall seconds, peak RSS of stance alone).
set -euo pipefail
cd "$(dirname "$0")/.."
RECORDS=${1:-550000}
THREADS=${THREADS:-"2 1"}
# shellcheck source=benches/common.sh
source benches/common.sh
pick_stance
if [[ -n "${KEEP_INPUT:-}" ]]; then
  dir=$KEEP_INPUT
  mkdir -p "$dir"
else
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
fi
jsonl=$dir/records.jsonl
txt=$dir/records.txt
[[ -s $jsonl ]] || python3 benches/gen_records.py --records "$RECORDS" > "$jsonl"
[[ -s $txt ]] || python3 - "$jsonl" "$txt" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in f:
        out.write(json.loads(line)["text"] + "\n\n")
PY
machine_line
records=$(wc -l < "$jsonl")
echo "input: $records records, $(stat -c %s "$jsonl") bytes of JSONL; $(stat -c %s "$txt") bytes of plain text"

# Run "$@" on $1 threads, its output counted by wc -l (not timed); print
# wall time, peak RSS and rates. Sets $lines to the output's line count.
measure() {
  local threads=$1 label=$2
  shift 2
  RAYON_NUM_THREADS=$threads /usr/bin/time -o "$dir/time" -f "%e %M" "$@" | wc -l > "$dir/lines"
  lines=$(cat "$dir/lines")
  [[ $label == "records, per sentence" ]] && sentences=$lines
  python3 -c "
import sys
wall, kb = open(sys.argv[1]).read().split()[-2:]
wall, kb, recs, sents = float(wall), int(kb), int(sys.argv[2]), int(sys.argv[3])
print(f'{sys.argv[4]:<24} threads {sys.argv[5]}  {wall:7.1f} s  {kb / 1024:6.1f} MB peak RSS  {recs / wall:8.0f} records/s  {sents / wall:9.0f} sentences/s')
" "$dir/time" "$records" "${sentences:-0}" "$label" "$threads"
}

for n in $THREADS; do
  # One output line per sentence: the count every rate divides.
  measure "$n" "records, per sentence" "$STANCE" classify --input-format jsonl --per sentence "$jsonl"
  measure "$n" "records, per article" "$STANCE" classify --input-format jsonl "$jsonl"
  measure "$n" "plain text, jsonl" "$STANCE" classify --format jsonl "$txt"
done
echo "sentences: $sentences"
