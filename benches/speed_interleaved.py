#!/usr/bin/env python3
"""Classification speed of stance beside the peers, in interleaved slices.

    PEERS_PYTHON benches/speed_interleaved.py MODEL.json TRAIN.csv TEST.csv [ROUNDS] [SLICE_SECONDS]

This shared machine has slow and fast phases that last a few seconds (stance's
own single-thread rate moves between about 180k and 300k sentences/s from one
process to the next), so rates measured minutes apart give ratios that are
mostly noise. Here every round measures, back to back and for SLICE_SECONDS
each: stance with 1 thread, stance with 2 threads, fastText and scikit-learn's
TF-IDF + LR, all on the same sentences (raw text -> label). Each ratio is taken
within one round; the script prints every round and the median of each ratio.

The peers are the ones `../shared/peers/peer_eval.py` builds (imported from
there, same parameters, same C search); stance runs as a resident
`examples/throughput MODEL DATA serve` process so that no process start falls
inside a slice.
"""
import csv
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.environ.get('PEERS_DIR', os.path.join(HERE, '..', '..', 'shared', 'peers')))
import peer_eval  # noqa: E402  (the peers' own models)


def peer_rate(model, texts, seconds):
    n, t = 0, time.perf_counter()
    while time.perf_counter() - t < seconds:
        model.predict(texts)
        n += len(texts)
    return n / (time.perf_counter() - t)


def main():
    model_path, train_path, test_path = sys.argv[1:4]
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 15
    slice_s = float(sys.argv[5]) if len(sys.argv) > 5 else 0.5
    train = peer_eval.read_csv(train_path)
    texts = [r['text'] for r in peer_eval.read_csv(test_path)]
    y = [r['label'] for r in train]
    peers = {name: peer_eval.make(name).fit([r['text'] for r in train], y)
             for name in ('fasttext', 'tfidf_lr')}
    exe = os.path.join(HERE, '..', 'target', 'release', 'examples', 'throughput')
    stance = subprocess.Popen([exe, model_path, test_path, 'serve'], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)

    def stance_rate(threads):
        stance.stdin.write(f'{threads} {slice_s}\n')
        stance.stdin.flush()
        return float(stance.stdout.readline())

    for warm in (1, 2):
        stance_rate(warm)
    for p in peers.values():
        peer_rate(p, texts, slice_s)
    ratios = {'1 thread / fastText': [], '1 thread / sklearn TF-IDF+LR': [],
              '2 threads / 1 thread': []}
    rates = {'stance-1': [], 'stance-2': [], 'fasttext': [], 'tfidf_lr': []}
    print(f'{len(texts)} sentences, {rounds} rounds of {slice_s} s slices')
    for r in range(1, rounds + 1):
        s1 = stance_rate(1)
        s2 = stance_rate(2)
        ft = peer_rate(peers['fasttext'], texts, slice_s)
        lr = peer_rate(peers['tfidf_lr'], texts, slice_s)
        for k, v in zip(rates, (s1, s2, ft, lr)):
            rates[k].append(v)
        ratios['1 thread / fastText'].append(s1 / ft)
        ratios['1 thread / sklearn TF-IDF+LR'].append(s1 / lr)
        ratios['2 threads / 1 thread'].append(s2 / s1)
        print(f'round {r:2}: stance-1 {s1:8.0f}  stance-2 {s2:8.0f}  fasttext {ft:7.0f}  '
              f'tfidf_lr {lr:6.0f}  | x{s1 / ft:.2f} x{s1 / lr:.1f} x{s2 / s1:.2f}')
    stance.stdin.close()
    stance.wait()
    print('median sentences/s: ' + ', '.join(f'{k} {statistics.median(v):.0f}' for k, v in rates.items()))
    for k, v in ratios.items():
        q = statistics.quantiles(v, n=4)
        print(f'median ratio {k}: {statistics.median(v):.2f}x (quartiles {q[0]:.2f}-{q[2]:.2f}, '
              f'min {min(v):.2f}, max {max(v):.2f})')


if __name__ == '__main__':
    main()
