-- POST /api/v1/authorize, one check per request.
dofile(os.getenv("PCU_BENCH_DIR") .. "/session.lua")
wrk.method = "POST"
wrk.path = "/api/v1/authorize"
wrk.body = '{"user_id":"u-ivan","action":"view_usage_report","product":"app-42"}'
