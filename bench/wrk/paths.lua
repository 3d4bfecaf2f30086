-- wrk script of `make bench-load`: each connection walks a list of request
-- paths (one per line, in the file named after --), starting at a random
-- place, and the run ends with the counts wrk does not print itself: 4xx
-- and 5xx answers, and latency percentiles in microseconds, as lines the
-- benchmark reads.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  -- Threads start at different places of the list.
  counter = math.floor(#paths * (id - 1) / 8) % #paths
  s4xx, s5xx = 0, 0
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

function response(status, headers, body)
  if status >= 500 then
    s5xx = s5xx + 1
  elseif status >= 400 then
    s4xx = s4xx + 1
  end
end

function done(summary, latency, requests)
  local t4, t5 = 0, 0
  for _, t in ipairs(threads) do
    t4 = t4 + t:get("s4xx")
    t5 = t5 + t:get("s5xx")
  end
  local e = summary.errors
  io.write(string.format("HUB requests=%d duration_us=%d bytes=%d status4xx=%d status5xx=%d connect=%d read=%d write=%d timeout=%d status=%d\n",
    summary.requests, summary.duration, summary.bytes, t4, t5, e.connect, e.read, e.write, e.timeout, e.status))
  io.write(string.format("HUB latency_us p50=%d p90=%d p99=%d max=%d mean=%d\n",
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
