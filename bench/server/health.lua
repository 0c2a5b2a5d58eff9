-- GET /api/v1/health: the floor of a trivial route.
wrk.method = "GET"
wrk.path = "/api/v1/health"
