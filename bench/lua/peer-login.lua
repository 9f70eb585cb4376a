-- create-only for the peers: POST /login?user=<new id>, one new user (and session) per request, no cookie sent, so
-- each request makes the peer write a new session to Redis. Errors: socket errors and every status >= 400.
dofile(os.getenv("LUA_DIR") .. "/common.lua")

local n = 0
local prefix

function init(args)
  prefix = string.format("p%s-%d-", RUN_TAG, tid or 0)
end

function request()
  n = n + 1
  return wrk.format("POST", "/login?user=" .. prefix .. n, { ["Host"] = wrk.headers["Host"] }, "")
end
