-- wrk script of the server benchmark: each connection's requests rotate through the paths of
-- $BENCH_PATHS (one per line, written by paths.mjs), each thread starting at its own place;
-- $BENCH_TOKEN, when set, goes in an Authorization: Bearer header. At the end it prints one
-- line for run.sh: "result rps=… p50_ms=… p99_ms=… requests=… errors=…" (socket errors and
-- timeouts; wrk's own "Non-2xx or 3xx responses" line counts the bad statuses; no response()
-- function, so that wrk does not hand every body to Lua).

local paths = {}
local counter = 1
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local file = os.getenv("BENCH_PATHS")
  for line in io.lines(file) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  counter = (id * 7919) % #paths + 1
  local token = os.getenv("BENCH_TOKEN")
  if token ~= nil and token ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. token
  end
end

function request()
  local p = paths[counter]
  counter = counter % #paths + 1
  return wrk.format("GET", p)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "result rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f requests=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests, e.connect + e.read + e.write + e.timeout))
end
