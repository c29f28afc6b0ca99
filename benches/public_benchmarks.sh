#!/usr/bin/env bash
# Run stance on the two public benchmarks and print our figures beside the
# published ones and the peers'. The data is not in the repository: pass the
# folder that holds semeval2016-task6/ and rt-polarity/ (default: ../shared/benchmarks).
#
#   benches/public_benchmarks.sh [BENCH_DIR]
#   SEMEVAL_FLAGS="..." POLARITY_FLAGS="..." benches/public_benchmarks.sh   # other settings
#   QUICK=1 benches/public_benchmarks.sh    # a small slice of each, to check the command works
#   STANCE_BIN=path/to/stance benches/public_benchmarks.sh   # use this binary, no cargo build
#
# Needs: cargo (unless STANCE_BIN is set), python3 (only to read the JSON that stance prints).
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DIR=${1:-../shared/benchmarks}
# The presets expand to the flags that suited each benchmark (README, "Presets");
# SemEval adds borrowing across targets (README, "Borrowing across groups").
SEMEVAL_FLAGS=${SEMEVAL_FLAGS:---preset tweets --alpha 0.1 --no-nb-scale --borrow 0.1}
POLARITY_FLAGS=${POLARITY_FLAGS:---preset snippets}
if [[ ! -d "$BENCH_DIR/semeval2016-task6" || ! -d "$BENCH_DIR/rt-polarity" ]]; then
  echo "public_benchmarks: no benchmark data under $BENCH_DIR (expected semeval2016-task6/ and rt-polarity/)" >&2
  exit 2
fi
# shellcheck source=benches/common.sh
source benches/common.sh
pick_stance
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

sem_train=$BENCH_DIR/semeval2016-task6/train.csv
sem_test=$BENCH_DIR/semeval2016-task6/test.csv
pol=$BENCH_DIR/rt-polarity/all.csv
if [[ -n "${QUICK:-}" ]]; then
  # A slice of each file (header kept), the same flags: checks the command end
  # to end in under a minute (485 training tweets, at least 4 of every label in
  # every target, so per-target tuning still has every label in each fold's
  # training part; 125 test tweets; 533 polarity snippets).
  awk 'NR == 1 || NR % 6 == 0' "$sem_train" > "$tmp/sem_train.csv"
  awk 'NR == 1 || NR % 10 == 0' "$sem_test" > "$tmp/sem_test.csv"
  awk 'NR == 1 || NR % 20 == 0' "$pol" > "$tmp/pol.csv"
  sem_train=$tmp/sem_train.csv sem_test=$tmp/sem_test.csv pol=$tmp/pol.csv
fi

machine_line
echo "SemEval-2016 Task 6 A: one model per target, predictions pooled; flags: $SEMEVAL_FLAGS"
start=$(date +%s.%N)
# shellcheck disable=SC2086
$STANCE evaluate --train "$sem_train" --data "$sem_test" --group-col target \
  --favg-labels FAVOR,AGAINST --format json $SEMEVAL_FLAGS > "$tmp/sem.json"
sem_s=$(seconds_since "$start")

# The figure settings are chosen on: 5-fold CV of the same protocol on the
# training file alone (README, "Choosing tweets on the training file only").
echo "SemEval-2016 Task 6 A, train.csv alone: 5-fold CV of the same protocol; flags: $SEMEVAL_FLAGS"
start=$(date +%s.%N)
# shellcheck disable=SC2086
$STANCE cv --data "$sem_train" --group-col target --favg-labels FAVOR,AGAINST \
  --format json $SEMEVAL_FLAGS > "$tmp/sem_cv.json"
sem_cv_s=$(seconds_since "$start")

echo "Sentence polarity v1.0: 10-fold CV over the fixed fold column; flags: $POLARITY_FLAGS"
start=$(date +%s.%N)
# shellcheck disable=SC2086
$STANCE cv --data "$pol" --fold-col fold --format json $POLARITY_FLAGS > "$tmp/pol.json"
pol_s=$(seconds_since "$start")

python3 - "$tmp/sem.json" "$tmp/pol.json" "$sem_s" "$pol_s" "$tmp/sem_cv.json" "$sem_cv_s" <<'PY'
import json, sys
sem = json.load(open(sys.argv[1])); pol = json.load(open(sys.argv[2]))
sem_cv = json.load(open(sys.argv[5]))
f = lambda x: f"{100 * x:.2f}"
print()
print("| benchmark | metric | stance (this run) | wall s | peers measured here (RESULTS.md) | published best |")
print("|---|---|---:|---:|---|---|")
print(f"| SemEval-2016 Task 6 A | F_avg | {f(sem['favg'])} | {sys.argv[3]} | LinearSVC 68.15, TF-IDF LR 66.99, fastText 64.17 | SVM-ngrams 68.98; best team 67.82 |")
print(f"| Sentence polarity v1.0 | accuracy | {f(pol['accuracy'])} (folds {f(pol['fold_accuracy_mean'])} ± {f(pol['fold_accuracy_std'])}) | {sys.argv[4]} | TF-IDF LR 78.69, LinearSVC 78.38, fastText 76.89 | NBSVM-bi 79.4 |")
print()
print(f"SemEval per label F1: " + ", ".join(f"{k} {f(v['f1'])}" for k, v in sem['per_label'].items()) + f"; n = {sem['n']}")
print(f"SemEval train.csv 5-fold CV (no test data; what settings are chosen on): F_avg {f(sem_cv['favg'])}, macro-F1 {f(sem_cv['macro_f1'])}; n = {sem_cv['n']}; {sys.argv[6]} s")
print(f"Polarity macro-F1 {f(pol['macro_f1'])}; n = {pol['n']}")
PY
