#!/usr/bin/env bash
# Build the Python package as a wheel, install it in a fresh venv and run
# its tests (python/tests) under pytest. Run from anywhere; CI runs it from
# .ci/run after `cargo test --release`, whose build it reuses (python/ is a
# member of the cargo workspace, sharing target/ and Cargo.lock).
#
#   bash python/ci.sh            (venv in python/.venv, or $STANCE_VENV)
#
# PyPI is used for maturin, pytest, numpy, pandas and pyarrow only.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=$(realpath -m "${STANCE_VENV:-python/.venv}")
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --upgrade pip
"$venv/bin/python" -m pip install -q "maturin>=1.9,<2" pytest numpy pandas pyarrow
# The tests compare with the command line's output.
cargo build --release --quiet --bin stance
rm -rf target/wheels
"$venv/bin/maturin" build --release --quiet -m python/Cargo.toml --out target/wheels
"$venv/bin/python" -m pip install -q --force-reinstall --no-deps target/wheels/stance-*.whl
cd python
"$venv/bin/python" -m pytest -q tests
