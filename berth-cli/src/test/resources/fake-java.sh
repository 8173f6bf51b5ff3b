#!/usr/bin/env bash
# A fake java for the launcher's tests: logs its arguments, plays the parts the launcher needs.
echo "$*" >>"$FAKE_LOG"
out="" record="" create="" conf="" cache=""
for a in "$@"; do
  case "$a" in
    -XX:AOTCacheOutput=*) out="${a#*=}" ;;
    -XX:AOTMode=record) record=1 ;;
    -XX:AOTMode=create) create=1 ;;
    -XX:AOTConfiguration=*) conf="${a#*=}" ;;
    -XX:AOTCache=*) cache="${a#*=}" ;;
  esac
done
if [ -n "$create" ]; then echo cache >"$cache"; exit 0; fi
if [ -n "$out$record" ]; then
  [ -n "${FAKE_TRAINING_FAILS:-}" ] && exit 1
  echo "Berth is up."
  echo "  Router   http://<service>.<environment>.<project>.localhost:1/"
  trap '[ -n "$out" ] && echo cache >"$out"; [ -n "$record" ] && echo conf >"$conf"; exit 143' TERM
  while true; do sleep 0.05; done
fi
exit 0
