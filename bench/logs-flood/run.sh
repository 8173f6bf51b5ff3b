#!/usr/bin/env bash
# Logs under a flood: disk use of one replica's logs against the documented bound, the control
# plane's CPU while it drains the flood, and whether the line written right after the flood is the
# last line `berth logs` shows. Drives `./berth up` as a user starts it (own data dir and ports).
# Usage: bench/logs-flood/run.sh   (FLOOD_SECONDS=3 SAMPLE_MS=50 to change the defaults)
set -euo pipefail
cd "$(dirname "$0")/../.."
./berth --version >/dev/null            # builds the jar if needed
for tool in python3 perl; do
  command -v "$tool" >/dev/null || { echo "needs $tool (the driver and the flooding app)"; exit 1; }
done
out="bench/logs-flood/RESULTS.md"
{
  echo "# Logs under a flood"
  echo
  echo "Produced by \`bench/logs-flood/run.sh\` on $(date -u +%Y-%m-%dT%H:%MZ)."
  echo
  python3 bench/logs-flood/flood.py
} | tee "$out.tmp"
mv "$out.tmp" "$out"
