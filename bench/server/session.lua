-- session.lua: shared by the wrk scripts: the session cookie and CSRF token come from the
-- environment (run.sh signs in once), and every request carries them.
local cookie = os.getenv("PCU_COOKIE") or ""
local csrf = os.getenv("PCU_CSRF") or ""
wrk.headers["Cookie"] = cookie
wrk.headers["X-CSRF-Token"] = csrf
wrk.headers["Content-Type"] = "application/json"
