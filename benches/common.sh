# Shared by the benchmark scripts (sourced, not run).

# Set STANCE to $STANCE_BIN when given, else build the release binary.
pick_stance() {
  if [[ -n "${STANCE_BIN:-}" ]]; then
    STANCE=$STANCE_BIN
  else
    cargo build --release --quiet
    STANCE=target/release/stance
  fi
}

# "machine: N cores, CPU MODEL", the first line of every benchmark's output.
machine_line() {
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
}

# Seconds elapsed since START (a `date +%s.%N` reading), with DIGITS decimals
# (default 1).
seconds_since() {
  python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.{sys.argv[3]}f}')" \
    "$1" "$(date +%s.%N)" "${2:-1}"
}
