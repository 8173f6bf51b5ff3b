-- Moderate load: every connection waits PACED_DELAY_MS between requests (wrk has no fixed-rate
-- mode; Debian ships no wrk2), so the proxies are far from saturated and latency is what they add.
local pause = tonumber(os.getenv("PACED_DELAY_MS") or "5")
function delay()
  return pause
end
dofile(os.getenv("RESULT_LUA"))
