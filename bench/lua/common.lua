-- Shared by the product's wrk scripts (loaded with dofile from $LUA_DIR).
--   API_ADDRS    "127.0.0.1:15111,127.0.0.1:15112": thread i sends to node i mod n (one wrk run drives
--                several API nodes; wrk merges their latencies). Empty: the URL given to wrk.
--   TOKENS_FILE  one "accessToken refreshToken" pair per line (bench/tools/seed.js writes it).
--   WRK_THREADS  the -t value: thread t owns the lines with (line - 1) % WRK_THREADS == t, so no two
--                threads ever use (or rotate) the same session.
--   API_KEY, CLIENT_IP, CLIENT_UA   the X-Api-Key header and the client the sessions were created with.
--   RUN_ID, WRK_RUN  make the user ids of created sessions unique per wrk run.
-- done() prints one machine-readable RESULT line (latencies in microseconds).

API_KEY = os.getenv("API_KEY") or "bench-key"
CLIENT_IP = os.getenv("CLIENT_IP") or "127.0.0.1"
CLIENT_UA = os.getenv("CLIENT_UA") or "bench/1.0"
CLIENT_JSON = string.format('{"ip":"%s","userAgent":"%s"}', CLIENT_IP, CLIENT_UA)
THREADS = tonumber(os.getenv("WRK_THREADS") or "2")
-- RUN_ID (the driver's run) and WRK_RUN (which wrk invocation of it) keep created user ids unique across runs
RUN_TAG = (os.getenv("RUN_ID") or "0") .. "." .. (os.getenv("WRK_RUN") or "0")

local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("tid", thread_count)
  local addrs = os.getenv("API_ADDRS") or ""
  local list = {}
  for hp in string.gmatch(addrs, "[^,]+") do
    local h, p = hp:match("^(.*):(%d+)$")
    list[#list + 1] = wrk.lookup(h, p)[1]
  end
  if #list > 0 then thread.addr = list[(thread_count % #list) + 1] end
  thread_count = thread_count + 1
  threads[#threads + 1] = thread
end

function headers()
  return { ["Host"] = wrk.headers["Host"], ["X-Api-Key"] = API_KEY, ["Content-Type"] = "application/json" }
end

-- The pairs of this thread's slice of TOKENS_FILE: { {access, refresh}, ... }.
function load_pairs()
  local file = os.getenv("TOKENS_FILE")
  local t = tid or 0
  local pairs_ = {}
  local line_no = 0
  for line in io.lines(file) do
    if #line > 0 then
      if line_no % THREADS == t then
        local a, r = line:match("^(%S+)%s+(%S+)")
        pairs_[#pairs_ + 1] = { a, r }
      end
      line_no = line_no + 1
    end
  end
  if #pairs_ == 0 then error("no tokens for thread " .. t .. " in " .. tostring(file)) end
  return pairs_
end

function session_id(token) return token:match("^[^.]+%.([^.]+)%.") end

function validate_body(access)
  return string.format('{"accessToken":"%s","client":%s}', access, CLIENT_JSON)
end

-- Sum of a numeric global over all threads (read in done()).
function sum_threads(name)
  local s = 0
  for _, th in ipairs(threads) do s = s + (th:get(name) or 0) end
  return s
end

function all_threads() return threads end

extra_result = nil -- a script may set a function returning " key=value ..." appended to RESULT

function done(summary, latency, requests)
  local e = summary.errors
  local extra = extra_result and extra_result(summary) or ""
  io.write(string.format(
    "RESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d mean_us=%.1f err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d%s\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout, extra))
end
