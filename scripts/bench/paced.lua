-- wrk script for the paced polling runs: each connection waits PACE_MS (default 10) after every answer
-- before it sends the next request, so 64 connections offer at most 64 × 1000 / PACE_MS requests a second
-- instead of as many as the CPUs can take. wrk starts a request's clock when it sends it, after the
-- pause, so the latency it reports is the answer time under that load, not the time spent queueing
-- behind 63 other connections of a saturated closed loop (which is connections ÷ throughput).
local pace = tonumber(os.getenv("PACE_MS") or "10")

delay = function()
    return pace
end
