// routes_directory.cpp: the picker of "Add existing users": directory users of the acting
// tenant, searched by name or username, each marked when already an account user (R-UM1).
#include "http_app.hpp"

namespace pcu::server {

namespace {

void search_directory(Call& c) {
  c.require(pcu::Action::add_existing_users);
  DirectoryQuery q;
  q.tenant_id = c.me().acting_tenant;
  q.search = search_param(c);
  q.limit = page_limit(c, 50, 200);
  pcu::json out = pcu::json::array();
  for (const auto& u : c.store().search_directory(q)) {
    pcu::json j = user_summary_json(u);
    j["account_user"] = u.account.has_value();
    out.push_back(std::move(j));
  }
  c.reply(200, {{"users", std::move(out)}});
}

}  // namespace

void add_directory_routes(RouteTable& t) {
  t.push_back({"GET", "/api/v1/directory/users", Auth::session, false, search_directory});
}

}  // namespace pcu::server
