-- POST /api/v1/invitations with ten fresh addresses per request spread over the whole key
-- space (a random 32-bit prefix each), as real invitees' addresses are: every address lands
-- on its own page of each index by address. invitations.lua's addresses of one request sort
-- next to each other, so they share those pages.
dofile(os.getenv("PCU_BENCH_DIR") .. "/session.lua")
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
    list[i] = string.format("%08x.r%d-%d-%d@bench.example", math.random(0, 0x7fffffff), id, counter, i)
  end
  local body = '{"text":"' .. table.concat(list, "; ") .. '","access":{"roles":["developer"]}}'
  return wrk.format("POST", "/api/v1/invitations", nil, body)
end
