#!/usr/bin/env bash
# Log read benchmark (issue 7, item 2): `berth logs worker -n 100000` on a replica log of 3,000,000
# short lines, against `berth status` (target: at most 2x, JVM start included) and `tail -n 100000`
# on the same file, in alternating rounds. Runs on a clean clone: builds the jar through ./berth,
# starts `./berth up` as a user does (its own --data-dir, ports and client config), deploys a
# worker that writes the lines, and stops everything it started.
# Usage: bench/logs/run.sh   (ROUNDS=N, LINES=N, N=lines to read; results in bench/logs/RESULTS.md)
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v python3 >/dev/null || { echo "needs python3 (the benchmark's driver)"; exit 1; }
./berth --version >/dev/null            # builds the jar (and its CDS archive) if needed
out="bench/logs/RESULTS.md"
{
  echo "# Log read benchmark"
  echo
  echo "Produced by \`bench/logs/run.sh\` on $(date -u +%Y-%m-%dT%H:%MZ)."
  echo
  python3 bench/logs/bench.py
} | tee "$out.tmp"
mv "$out.tmp" "$out"
