-- validate-heavy: per 200 requests 190 validate, 8 refresh, 1 create, 1 revoke (95% / 4% / 1% create+revoke).
--
-- Each thread owns its slice of the sessions (see common.lua) in a table of slots. A refresh answer
-- carries the new pair, and its token names its session, so response() can put the new pair into
-- that session's slot without knowing which request it answers. A slot is never validated while its
-- refresh is in flight, and refreshes and revokes pick the slot half the table away from the
-- validate cursor, so no validate of the old token is still in flight when the pair rotates: no 401
-- is expected, and every non-2xx answer counts as an error (broken down by its problem "code").
--
-- TOKENS_OUT: done() writes the pairs every thread holds at the end (those with a refresh still in
-- flight are left out), so the next wrk run (the measurement after the warm-up) starts from pairs that
-- are all current. Running the mix twice on the same TOKENS_FILE would present rotated refresh tokens
-- after the reuse grace and revoke those sessions.
dofile(os.getenv("LUA_DIR") .. "/common.lua")

local FREE, LIVE, PENDING = 0, 1, 2
local h
local slots = {}      -- i -> { access, refresh, sid, state, validate request }
-- i -> "access refresh" while the slot is LIVE, else "": a flat table of strings, because done() reads it
-- through thread:get, and wrk 4.1 copies only flat tables between Lua states (nested ones crash it).
held = {}
local by_sid = {}     -- session id -> slot index
local free = {}       -- indices of slots whose session was revoked
local n = 0
local live = 0
local cur = 0
local seq = 0
local run_prefix

-- per-thread counters (summed in done())
ok_validate, ok_refresh, ok_create, ok_revoke, non2xx = 0, 0, 0, 0, 0
code_counts = {}

local function fill(i, access, refresh)
  local sid = session_id(access)
  slots[i] = { access, refresh, sid, LIVE,
    wrk.format("POST", "/v1/sessions/validate", h, validate_body(access)) }
  held[i] = access .. " " .. refresh
  by_sid[sid] = i
end

function init(args)
  h = headers()
  run_prefix = string.format("m%s-%d-", RUN_TAG, tid or 0)
  for _, p in ipairs(load_pairs()) do
    n = n + 1
    fill(n, p[1], p[2])
  end
  live = n
end

-- next LIVE slot at or after index j (wrapping), or nil
local function live_from(j)
  for _ = 1, n do
    if j > n then j = 1 end
    local s = slots[j]
    if s and s[4] == LIVE then return j end
    j = j + 1
  end
  return nil
end

local function validate_req()
  local j = live_from(cur + 1)
  if not j then return nil end
  cur = j
  return slots[j][5]
end

local function far_slot()
  return live_from(((cur + math.floor(n / 2)) % n) + 1)
end

local function refresh_req()
  local j = far_slot()
  if not j then return nil end
  slots[j][4] = PENDING
  held[j] = ""
  return wrk.format("POST", "/v1/sessions/refresh", h,
    string.format('{"refreshToken":"%s","client":%s}', slots[j][2], CLIENT_JSON))
end

local function revoke_req()
  if live < n / 2 then return nil end -- never drain a thread's sessions
  local j = far_slot()
  if not j then return nil end
  local s = slots[j]
  s[4] = FREE
  held[j] = ""
  by_sid[s[3]] = nil
  free[#free + 1] = j
  live = live - 1
  return wrk.format("DELETE", "/v1/sessions/" .. s[3], h, nil)
end

local function create_req()
  local user = run_prefix .. seq
  return wrk.format("POST", "/v1/sessions", h, string.format(
    '{"userId":"%s","device":{"id":"d-%s","name":"bench","type":"browser"},"client":%s}', user, user, CLIENT_JSON))
end

function request()
  seq = seq + 1
  local k = seq % 100
  local r
  if k < 4 then
    r = refresh_req()
  elseif k == 4 then
    if math.floor(seq / 100) % 2 == 0 then r = create_req() else r = revoke_req() end
  end
  return r or validate_req() or create_req()
end

function response(status, hdrs, body)
  if status == 200 then
    local a = body:match('"accessToken":"([^"]+)"')
    if a then
      ok_refresh = ok_refresh + 1
      local i = by_sid[session_id(a)]
      if i then fill(i, a, body:match('"refreshToken":"([^"]+)"')) end
    else
      ok_validate = ok_validate + 1
    end
  elseif status == 201 then
    ok_create = ok_create + 1
    local a = body:match('"accessToken":"([^"]+)"')
    local r = body:match('"refreshToken":"([^"]+)"')
    if a and r then
      local i = table.remove(free)
      if not i then n = n + 1; i = n end
      fill(i, a, r)
      live = live + 1
    end
  elseif status == 204 then
    ok_revoke = ok_revoke + 1
  else
    non2xx = non2xx + 1
    local code = body and body:match('"code":"([^"]+)"') or ("http_" .. status)
    code_counts[code] = (code_counts[code] or 0) + 1
  end
end

extra_result = function(summary)
  local codes = {}
  for _, th in ipairs(all_threads()) do
    for c, v in pairs(th:get("code_counts") or {}) do codes[c] = (codes[c] or 0) + v end
  end
  local parts = {}
  for c, v in pairs(codes) do parts[#parts + 1] = c .. ":" .. v end
  table.sort(parts)
  local out = os.getenv("TOKENS_OUT")
  local kept = 0
  if out and #out > 0 then
    local f = assert(io.open(out, "w"))
    for _, th in ipairs(all_threads()) do
      for _, line in pairs(th:get("held") or {}) do
        if #line > 0 then f:write(line, "\n"); kept = kept + 1 end
      end
    end
    f:close()
  end
  return string.format(" ok_validate=%d ok_refresh=%d ok_create=%d ok_revoke=%d non2xx=%d codes=%s tokens_kept=%d",
    sum_threads("ok_validate"), sum_threads("ok_refresh"), sum_threads("ok_create"), sum_threads("ok_revoke"),
    sum_threads("non2xx"), (#parts > 0 and table.concat(parts, ",") or "-"), kept)
end
