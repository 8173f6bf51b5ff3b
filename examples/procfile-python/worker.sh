#!/bin/sh
# A tiny worker for Berth: prints a line every 2 s until it gets SIGTERM, then exits 0.
# `sleep & wait` instead of a plain `sleep`: the shell runs the trap as soon as TERM arrives
# instead of after the sleep ends.
replica=${BERTH_REPLICA:-worker-local}
trap 'echo "SIGTERM received, stopping after $n ticks"; exit 0' TERM INT
echo "$replica started"
n=0
while :; do
  n=$((n + 1))
  echo "tick $n"
  sleep 2 &
  wait $! 2>/dev/null # quiet: no "Terminated" when TERM also hits the sleep
done
