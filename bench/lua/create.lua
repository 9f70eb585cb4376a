-- create-only: POST /v1/sessions, one new user per request (userId "c<run>.<wrk run>-<thread>-<n>"), same device
-- shape and client as the seeded sessions. Errors: socket errors and every status >= 400.
dofile(os.getenv("LUA_DIR") .. "/common.lua")

local h
local n = 0
local prefix

function init(args)
  h = headers()
  prefix = string.format("c%s-%d-", RUN_TAG, tid or 0)
end

function request()
  n = n + 1
  local user = prefix .. n
  return wrk.format("POST", "/v1/sessions", h, string.format(
    '{"userId":"%s","device":{"id":"d-%s","name":"bench","type":"browser"},"client":%s}', user, user, CLIENT_JSON))
end
