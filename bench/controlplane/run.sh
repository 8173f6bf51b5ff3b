#!/usr/bin/env bash
# Control-plane benchmarks: what the control plane adds to a warm apply and to the first apply after
# `./berth up`, idle memory, `berth status` wall time; with the default JDK and, if one is present,
# a JDK 24 or newer with the launcher's AOT cache, side by side (see bench.py).
# Usage: bench/controlplane/run.sh   (ROUNDS=N, COLD_STARTS=N, AOT_JAVA_HOME=DIR, BASE_JAVA_HOME=DIR)
set -euo pipefail
cd "$(dirname "$0")/../.."
./berth --version >/dev/null            # builds the jar (and its CDS archive) if needed
command -v python3 >/dev/null || { echo "needs python3 (the benchmark's driver and test app)"; exit 1; }
out="bench/controlplane/RESULTS.md"
{
  echo "# Control-plane benchmark"
  echo
  echo "Produced by \`bench/controlplane/run.sh\` on $(date -u +%Y-%m-%dT%H:%MZ)."
  echo
  python3 bench/controlplane/bench.py
} | tee "$out.tmp"
mv "$out.tmp" "$out"
