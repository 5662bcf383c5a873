-- wrk script for the purchase benchmark: POST /api/v1/orders, round-robin over the API tokens listed one
-- per line in the file named by BENCH_TOKENS (one account each, so no account hits its active-order cap).
local tokens = {}
for line in io.lines(os.getenv("BENCH_TOKENS")) do tokens[#tokens + 1] = line end
local i = math.random(#tokens)
local body = '{"service":"tg","country":"ID"}'

request = function()
    i = i % #tokens + 1
    return wrk.format("POST", "/api/v1/orders", { ["Authorization"] = "Bearer " .. tokens[i], ["Content-Type"] = "application/json" }, body)
end
