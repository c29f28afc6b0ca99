#!/usr/bin/env bash
# Time and peak memory of every input path against input size, for input
# shapes that break naive parsers: deep nesting, very long lines, millions
# of tiny paragraphs, huge attributes, huge fields. A path that is linear in
# its input shows time and memory growing 4x from one size to the next.
#
#   benches/input_shapes.sh [SIZES_MB] [SHAPES]
#       SIZES_MB  space-separated sizes in MB      (default: "1 4 16 64")
#       SHAPES    space-separated shape names       (default: all below)
#   STANCE_BIN=path/to/stance benches/input_shapes.sh   (skip the build)
#   TIMEOUT=600 benches/input_shapes.sh   (seconds a run may take; default 300,
#                                          exit 124 in the table when it is hit)
#
# Shapes (each generated into a temporary directory, removed at the end):
#   html-nested      <div> nested N deep around one sentence ("<div>"*N text "</div>"*N)
#   html-paragraphs  millions of tiny <p> paragraphs
#   html-long-line   one paragraph of prose with no line break
#   html-attribute   one paragraph whose data- attribute is the whole file
#   html-attributes  one element with as many attributes as fit
#   html-inline      <b><i><span> nested N deep around one sentence
#   md-nested        block quotes nested N deep ("> " * N)
#   md-paragraphs    millions of tiny Markdown paragraphs
#   md-long-line     one Markdown paragraph with no line break
#   text-paragraphs  millions of tiny plain-text paragraphs
#   text-long-line   plain-text prose with no line break
#   csv-rows         a labelled CSV of millions of short rows (stance evaluate)
#   csv-long-field   a labelled CSV whose one text field is the whole file
#   model-vocabulary the bundled model with its vocabulary cut or padded to the size
#   model-nested     a model file whose labels are JSON arrays nested N deep
#                    (refused as a damaged model file)
#
# Each run is `stance classify FILE --format jsonl > /dev/null` (CSV:
# `stance evaluate --data FILE`; model: `stance classify --model FILE` on a
# one-line text), timed by /usr/bin/time (wall seconds, peak RSS in MB). The
# exit code is printed: 2 is a clear refusal (the message is shown).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${1:-"1 4 16 64"}
SHAPES=${2:-"html-nested html-paragraphs html-long-line html-attribute html-attributes html-inline md-nested md-paragraphs md-long-line text-paragraphs text-long-line csv-rows csv-long-field model-vocabulary model-nested"}
# shellcheck source=benches/common.sh
source benches/common.sh
pick_stance
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Write shape $1 at $2 MB to the file $3.
generate() {
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys
shape, mb, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
size = mb * 1_000_000
sentence = "Open weights let anyone audit the model. "
def repeat(unit, prefix="", suffix=""):
    n = max(1, (size - len(prefix) - len(suffix)) // len(unit))
    return prefix + unit * n + suffix
def nested(open_tag, close_tag, inner):
    n = max(1, (size - len(inner)) // (len(open_tag) + len(close_tag)))
    return open_tag * n + inner + close_tag * n
if shape == "html-nested":
    doc = nested("<div>", "</div>", "<p>Deep text.</p>")
elif shape == "html-paragraphs":
    doc = repeat("<p>Yes.</p>\n", "<!DOCTYPE html><body>")
elif shape == "html-long-line":
    doc = repeat(sentence, "<!DOCTYPE html><body><p>", "</p>")
elif shape == "html-attribute":
    doc = repeat("x", '<!DOCTYPE html><body><p data-blob="', '">After a huge attribute.</p>')
elif shape == "html-attributes":
    n = size // 9
    doc = "<!DOCTYPE html><body><p " + " ".join(f"a{i:06d}" for i in range(n)) + ">Many attributes.</p>"
elif shape == "html-inline":
    doc = nested("<b><i><span>", "</span></i></b>", "Deep inline text.")
elif shape == "md-nested":
    doc = nested("> ", "", "Deep quote.\n")
elif shape == "md-paragraphs":
    doc = repeat("Yes.\n\n")
elif shape == "md-long-line":
    doc = repeat(sentence, "", "\n")
elif shape == "text-paragraphs":
    doc = repeat("Yes.\n\n")
elif shape == "text-long-line":
    doc = repeat(sentence, "", "\n")
elif shape == "csv-rows":
    doc = repeat("Open weights help.,neutral\n", "text,label\n")
elif shape == "csv-long-field":
    doc = repeat(sentence, 'text,label\n"', '",neutral\n')
elif shape == "model-vocabulary":
    model = json.load(open("models/stance.json", encoding="utf-8"))
    k, v = len(model["labels"]), len(model["vocabulary"])
    nb_rows = model["coefficients"][v:]
    per_term = len(json.dumps(model)) / v
    n = int(size / per_term)
    terms = model["vocabulary"][:n] + [f"zzpad{i:09d}" for i in range(max(0, n - v))]
    def fit(values, pad):
        return values[:n] + [pad] * max(0, n - v)
    model["vocabulary"] = terms
    model["idf"] = fit(model["idf"], 1.0)
    if model.get("surfaces"):
        model["surfaces"] = fit(model["surfaces"], "pad")
    model["coefficients"] = fit(model["coefficients"][:v], [0.001] * k) + nb_rows
    doc = json.dumps(model)
elif shape == "model-nested":
    doc = nested("[", "]", "0")
    doc = '{"format": "stance-model", "version": 1, "labels": ' + doc + "}"
else:
    sys.exit(f"unknown shape {shape}")
open(path, "w", encoding="utf-8").write(doc)
PY
}

# Print one table row: shape, MB, seconds, peak MB, exit code (and the
# message of a refusal).
run() {
  local shape=$1 mb=$2 file=$3
  local cmd
  case $shape in
    csv-*) cmd=("$STANCE" evaluate --data "$file") ;;
    model-*) cmd=("$STANCE" classify --model "$file" "$tmp/one.txt" --format jsonl) ;;
    *) cmd=("$STANCE" classify "$file" --format jsonl) ;;
  esac
  local rc=0
  /usr/bin/time -f "%e %M" -o "$tmp/time" timeout "${TIMEOUT:-300}" "${cmd[@]}" >/dev/null 2>"$tmp/err" || rc=$?
  read -r secs kb <"$tmp/time" || true
  # /usr/bin/time writes "Command exited with non-zero status N" first.
  if [[ $rc -ne 0 ]]; then read -r secs kb < <(tail -n1 "$tmp/time"); fi
  local note=""
  if [[ $rc -ne 0 ]]; then note=$(grep -v '^Command exited' "$tmp/err" | head -n1 | cut -c1-110); fi
  printf "| %-16s | %5s | %8s | %8s | %4s | %s\n" "$shape" "$mb" "$secs" "$((kb / 1024))" "$rc" "$note"
}

echo "Open weights let anyone audit the model." >"$tmp/one.txt"
machine_line
echo "stance: $("$STANCE" --version)"
echo
echo "| shape            |    MB |  seconds |  peak MB | exit | refusal"
echo "|------------------|------:|---------:|---------:|-----:|--------"
for shape in $SHAPES; do
  for mb in $SIZES; do
    ext=html
    case $shape in md-*) ext=md ;; text-*) ext=txt ;; csv-*) ext=csv ;; model-*) ext=json ;; esac
    file="$tmp/$shape-$mb.$ext"
    generate "$shape" "$mb" "$file"
    run "$shape" "$mb" "$file"
    rm -f "$file"
  done
done
