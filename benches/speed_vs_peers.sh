#!/usr/bin/env bash
# Classification speed of stance beside the peers, measured in the same run
# on the same sentences (raw text -> label), so the ratios are fair on a
# shared, noisy machine.
#
#   benches/speed_vs_peers.sh [TRAIN.csv] [TEST.csv]      (default: data/train.csv data/test.csv)
#
# Needs the peers' venv (see ../shared/peers/README.md): PEERS_PYTHON defaults
# to $HOME/peers-venv/bin/python, PEER_EVAL to ../shared/peers/peer_eval.py.
set -euo pipefail
cd "$(dirname "$0")/.."
TRAIN=${1:-data/train.csv}
TEST=${2:-data/test.csv}
PEERS_PYTHON=${PEERS_PYTHON:-$HOME/peers-venv/bin/python}
PEER_EVAL=${PEER_EVAL:-../shared/peers/peer_eval.py}
[[ -x "$PEERS_PYTHON" && -f "$PEER_EVAL" ]] || {
  echo "speed_vs_peers: needs $PEERS_PYTHON and $PEER_EVAL" >&2
  exit 2
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo build --release --quiet --example throughput
target/release/stance train --data "$TRAIN" --out "$tmp/model.json" --alpha 0.3 > /dev/null
for round in 1 2; do
  target/release/examples/throughput "$tmp/model.json" "$TEST" 1 5 | sed "s/^/stance-1-thread round $round: /"
  target/release/examples/throughput "$tmp/model.json" "$TEST" 2 5 | sed "s/^/stance-2-threads round $round: /"
  "$PEERS_PYTHON" "$PEER_EVAL" --train "$TRAIN" --test "$TEST" --peers tfidf_lr,fasttext 2> /dev/null \
    | python3 -c 'import sys, json
for line in sys.stdin:
    r = json.loads(line)
    print(r["peer"], "round " + sys.argv[1] + ":", "sentences_per_second", round(r["predict_sentences_per_second"]))' "$round"
done
