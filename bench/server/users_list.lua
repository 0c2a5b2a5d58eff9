-- GET /api/v1/users?limit=50 as the signed-in owner.
dofile(os.getenv("PCU_BENCH_DIR") .. "/session.lua")
wrk.method = "GET"
wrk.path = "/api/v1/users?limit=50"
