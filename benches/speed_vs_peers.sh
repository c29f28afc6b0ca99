#!/usr/bin/env bash
# Classification speed of stance beside the peers, measured in the same run
# on the same sentences (raw text -> label): trains stance on TRAIN, then runs
# benches/speed_interleaved.py, which alternates short slices of stance (1 and
# 2 threads), fastText and scikit-learn's TF-IDF + LR and prints the median of
# each same-round ratio.
#
#   benches/speed_vs_peers.sh [TRAIN.csv] [TEST.csv] [ROUNDS] [SLICE_SECONDS]
#   (defaults: data/train.csv data/test.csv 20 0.5)
#   TRAIN_FLAGS="--alpha 0.3 --nb-score 0" benches/speed_vs_peers.sh   # another stance model
#   (default --alpha 0.3: the default features, Naive-Bayes score columns included)
#
# Needs the peers' venv (see ../shared/peers/README.md): PEERS_PYTHON defaults
# to $HOME/peers-venv/bin/python, PEERS_DIR to ../shared/peers.
set -euo pipefail
cd "$(dirname "$0")/.."
TRAIN=${1:-data/train.csv}
TEST=${2:-data/test.csv}
PEERS_PYTHON=${PEERS_PYTHON:-$HOME/peers-venv/bin/python}
PEERS_DIR=${PEERS_DIR:-../shared/peers}
[[ -x "$PEERS_PYTHON" && -f "$PEERS_DIR/peer_eval.py" ]] || {
  echo "speed_vs_peers: needs $PEERS_PYTHON and $PEERS_DIR/peer_eval.py" >&2
  exit 2
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo build --release --quiet --example throughput
# shellcheck source=benches/common.sh
source benches/common.sh
pick_stance
machine_line
TRAIN_FLAGS=${TRAIN_FLAGS:---alpha 0.3}
echo "stance model: train $TRAIN_FLAGS"
# shellcheck disable=SC2086
$STANCE train --data "$TRAIN" --out "$tmp/model.json" $TRAIN_FLAGS > /dev/null
PEERS_DIR=$PEERS_DIR "$PEERS_PYTHON" benches/speed_interleaved.py "$tmp/model.json" "$TRAIN" "$TEST" "${3:-20}" "${4:-0.5}"
