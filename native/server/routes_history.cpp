// routes_history.cpp: page visits reported by the console, and the history only the owner
// reads (R-UM14). Visits older than the retention are deleted on every read and write.
#include "http_app.hpp"

namespace pcu::server {

namespace {

std::int64_t retention_start(const Call& c) { return c.now - std::int64_t{pcu::limits::history_days} * 86400; }

void record_visit(Call& c) {
  const auto fields = read_string_fields(c.json_body(), {{"path", true, 2048}});
  if (fields[0].empty() || pcu::detail::scan_utf8(fields[0]).has_control)  // a line break among them
    reject_problems({{"path", "", 0, "invalid_path", "Name the page as a path or address on one line, without control "
                                                     "characters."}});
  c.store().purge_visits(retention_start(c));
  c.store().insert_visit(c.me().user.directory.id, fields[0], c.now);
  c.store().set_last_activity(c.me().user.directory.id, c.now);
  c.reply(200, {{"recorded", true}});
}

void history(Call& c) {
  const UserRecord target = c.account_user(c.path_param(1));
  c.require(pcu::Action::view_history, &target);
  c.store().purge_visits(retention_start(c));
  pcu::json visits = pcu::json::array();
  for (const auto& v : c.store().visits(target.directory.id, retention_start(c), page_limit(c, 1000, 10000)))
    visits.push_back({{"path", v.path}, {"at", v.at}});
  const auto& last = target.account->last_activity;
  c.reply(200, {{"user_id", target.directory.id},
                {"last_activity", last ? pcu::json(*last) : pcu::json(nullptr)},
                {"visits", std::move(visits)}});
}

}  // namespace

void add_history_routes(RouteTable& t) {
  t.push_back({"POST", "/api/v1/activity", Auth::session, true, record_visit});
  // A read that deletes expired visits, so it runs as a write.
  t.push_back({"GET", "/api/v1/users/{id}/history", Auth::session, true, history});
}

}  // namespace pcu::server
