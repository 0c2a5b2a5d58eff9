-- POST /api/v1/invitations with ten fresh addresses per request (a counter per thread).
dofile(os.getenv("PCU_BENCH_DIR") .. "/session.lua")
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
local counter = 0
function request()
  counter = counter + 1
  local list = {}
  for i = 1, 10 do
    list[i] = string.format("b%d-%d-%d@bench.example", id, counter, i)
  end
  local body = '{"text":"' .. table.concat(list, "; ") .. '","access":{"roles":["developer"]}}'
  return wrk.format("POST", "/api/v1/invitations", nil, body)
end
local failures = 0
function response(status, headers, body)
  if status ~= 201 then failures = failures + 1 end
end
