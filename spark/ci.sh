#!/usr/bin/env bash
# The Spark recipe's CI check: Java (Debian's openjdk-17-jre-headless, only
# when no java is on the PATH), pyspark and pyarrow from PyPI into the venv
# python/ci.sh made (run that first: it installs the stance wheel), then
# spark/ci_check.py on 20,000 generated articles in local[2] mode.
#
#   bash spark/ci.sh [RECORDS]      (venv: python/.venv, or $STANCE_VENV)
set -euo pipefail
cd "$(dirname "$0")/.."
venv=$(realpath -m "${STANCE_VENV:-python/.venv}")
if ! command -v java >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
"$venv/bin/python" -m pip install -q pyspark pyarrow
"$venv/bin/python" spark/ci_check.py --records "${1:-20000}" --master 'local[2]'
