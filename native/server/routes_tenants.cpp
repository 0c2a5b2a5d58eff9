// routes_tenants.cpp: the tenants linked to the account, with their verified domains; the
// acting one is marked (the owner switches with PUT /api/v1/session/tenant).
#include "http_app.hpp"

namespace pcu::server {

namespace {

void list_tenants(Call& c) {
  pcu::json out = pcu::json::array();
  for (const auto& t : c.store().tenants())
    out.push_back({{"id", t.id}, {"name", t.name}, {"domains", t.domains}, {"acting", t.id == c.me().acting_tenant}});
  c.reply(200, {{"tenants", std::move(out)}});
}

}  // namespace

void add_tenant_routes(RouteTable& t) { t.push_back({"GET", "/api/v1/tenants", Auth::session, false, list_tenants}); }

}  // namespace pcu::server
