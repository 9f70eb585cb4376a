-- validate-only: POST /v1/sessions/validate, each thread cycling through its own slice of the sessions.
-- Requests are formatted once in init(); no response() callback, so wrk does not hand bodies to Lua.
-- Errors: wrk counts socket errors and every status >= 400 (the product answers no 3xx here).
dofile(os.getenv("LUA_DIR") .. "/common.lua")

local reqs = {}
local n = 0
local i = 0

function init(args)
  local h = headers()
  for _, p in ipairs(load_pairs()) do
    n = n + 1
    reqs[n] = wrk.format("POST", "/v1/sessions/validate", h, validate_body(p[1]))
  end
end

function request()
  i = i + 1
  if i > n then i = 1 end
  return reqs[i]
end
