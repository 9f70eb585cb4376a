-- forward-auth: GET /v1/auth as a reverse proxy sends it (X-Api-Key, the user's Authorization: Bearer, their
-- User-Agent and X-Forwarded-For = the client the sessions were created with), each wrk thread cycling through its own
-- slice of the sessions. Requests are formatted once in init(); no response() callback.
--   AUTH_PATH  the path (default /v1/auth)
--   VIA_PROXY  1 = a browser's request to the app through the proxy (bench/forward-auth.sh): only Authorization and
--              User-Agent; the proxy adds the API key, the original method and URI, and X-Forwarded-For itself.
-- Errors: wrk counts socket errors and every status >= 400.
dofile(os.getenv("LUA_DIR") .. "/common.lua")

local reqs = {}
local n = 0
local i = 0

function init(args)
  local path = os.getenv("AUTH_PATH") or "/v1/auth"
  local via_proxy = os.getenv("VIA_PROXY") == "1"
  for _, p in ipairs(load_pairs()) do
    local h = { ["Host"] = wrk.headers["Host"], ["Authorization"] = "Bearer " .. p[1], ["User-Agent"] = CLIENT_UA }
    if not via_proxy then
      h["X-Api-Key"] = API_KEY
      h["X-Forwarded-For"] = CLIENT_IP
    end
    n = n + 1
    reqs[n] = wrk.format("GET", path, h)
  end
end

function request()
  i = i + 1
  if i > n then i = 1 end
  return reqs[i]
end
