#!/usr/bin/env bash
# Control-plane benchmarks: apply-to-ready overhead, idle memory, `berth status` wall time.
# Usage: bench/controlplane/run.sh   (ROUNDS=N to change the number of rounds)
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
