-- wrk script: cycles through pre-collected session cookies.
-- Env: COOKIES_FILE (one "name=value" per line), METHOD (GET|POST), URL_PATH (/me).
-- Each wrk thread starts at a different offset in the list so threads don't
-- hammer the same sessions. Requests are pre-formatted in init() (cheap request()).
-- done() prints one machine-readable RESULT line (latency in microseconds).
-- (Copied from shared/bench-peers; this copy adds p999_us.)

local thread_counter = 0

function setup(thread)
  thread:set("tid", thread_counter)
  thread_counter = thread_counter + 1
end

local reqs = {}
local n = 0
local i = 0

function init(args)
  local file = os.getenv("COOKIES_FILE")
  local method = os.getenv("METHOD") or "GET"
  local path = os.getenv("URL_PATH") or "/me"
  local body = nil
  if method == "POST" then body = "" end
  for line in io.lines(file) do
    if #line > 0 then
      n = n + 1
      reqs[n] = wrk.format(method, path, { ["Host"] = wrk.headers["Host"], ["Cookie"] = line }, body)
    end
  end
  if n == 0 then error("no cookies in " .. tostring(file)) end
  -- spread threads over the cookie list (WRK_THREADS = the -t value)
  local threads = tonumber(os.getenv("WRK_THREADS") or "2")
  i = math.floor((tid or 0) * n / threads) % n
end

function request()
  i = i + 1
  if i > n then i = 1 end
  return reqs[i]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d mean_us=%.1f err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout))
end
