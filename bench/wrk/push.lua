-- POSTs BENCH_BODY with BENCH_AUTH and counts response statuses over all threads.
-- Each wrk thread has its own Lua state, so done() collects the per-thread tables.
wrk.method = 'POST'
wrk.body = os.getenv('BENCH_BODY') or '{}'
wrk.headers['Content-Type'] = 'application/json'
local auth = os.getenv('BENCH_AUTH')
if auth and auth ~= '' then wrk.headers['Authorization'] = auth end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for code, n in pairs(t:get('statuses')) do
      total[code] = (total[code] or 0) + n
    end
  end
  for code, n in pairs(total) do
    io.write(string.format('STATUS %d %d\n', code, n))
  end
end
