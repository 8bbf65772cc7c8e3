-- wrk script of bench/api_latency.sh: sends WRK_METHOD (default GET) with WRK_BODY as a JSON
-- body when set, and prints one machine-readable line at the end, so the shell script need not
-- parse wrk's human report (whose units change between us, ms and s).
-- RESULT requests duration_us p50_us p99_us socket_errors status_errors(>399)
wrk.method = os.getenv("WRK_METHOD") or "GET"
local body = os.getenv("WRK_BODY")
if body and body ~= "" then
  wrk.body = body -- wrk adds Content-Length, which the server requires on a POST
  wrk.headers["Content-Type"] = "application/json"
end

function done(summary, latency, _)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.connect + e.read + e.write + e.timeout,
    e.status))
end
