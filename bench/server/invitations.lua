-- POST /api/v1/invitations with ten fresh addresses per request (a counter per thread).
-- By default the ten addresses of a request sort next to each other (b1-17-1@... to
-- b1-17-10@...), so they share one page of each index by address. PCU_BENCH_SPREAD=random puts
-- a random 32-bit prefix on each address, spread over the alphabet as real invitees'
-- addresses are: every address then touches its own page of each of those indexes.
dofile(os.getenv("PCU_BENCH_DIR") .. "/session.lua")
local spread = os.getenv("PCU_BENCH_SPREAD") == "random"
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
function init(args)
  math.randomseed(id * 7919 + os.time())
end
local counter = 0
function request()
  counter = counter + 1
  local list = {}
  for i = 1, 10 do
    local prefix = spread and string.format("%08x.", math.random(0, 0x7fffffff)) or ""
    list[i] = string.format("%sb%d-%d-%d@bench.example", prefix, id, counter, i)
  end
  local body = '{"text":"' .. table.concat(list, "; ") .. '","access":{"roles":["developer"]}}'
  return wrk.format("POST", "/api/v1/invitations", nil, body)
end
local failures = 0
function response(status, headers, body)
  if status ~= 201 then failures = failures + 1 end
end
