// routes_groups.cpp: groups of the acting tenant: list, get, create (a directory change,
// R-A4), and giving several groups one access at once (R-GR1, R-RP6).
#include "http_app.hpp"
#include "tokens.hpp"

namespace pcu::server {

namespace {

pcu::json group_json(const GroupRow& g) {
  return {{"id", g.id},
          {"tenant", g.tenant_id},
          {"display_name", g.display_name},
          {"description", g.description},
          {"access", g.access ? pcu::access_to_json(*g.access) : pcu::json(nullptr)},
          {"members", g.members},
          {"created_at", g.created_at}};
}

void list_groups(Call& c) {
  c.require(pcu::Action::list_users);
  pcu::json out = pcu::json::array();
  for (const auto& g : c.store().groups(c.me().acting_tenant)) out.push_back(group_json(g));
  c.reply(200, {{"groups", std::move(out)}});
}

// R-A5: a group is in a tenant's directory; as in the list, only the acting tenant's are seen.
void get_group(Call& c) {
  c.require(pcu::Action::list_users);
  const auto g = c.store().group(c.path_param(1));
  if (!g || g->tenant_id != c.me().acting_tenant) throw not_found("The group");
  c.reply(200, group_json(*g));
}

void create_group(Call& c) {
  c.require(pcu::Action::create_group);
  const auto request = c.decode_body<pcu::GroupRequest>();
  const std::string tenant = c.me().acting_tenant;
  StoreFacts facts(c.store(), tenant);
  reject_problems(pcu::validate_group(request, facts));
  if (c.store().group_count(tenant) >= pcu::limits::groups_max)
    throw ApiError(409, "too_many_groups",
                   "A tenant has at most " + std::to_string(pcu::limits::groups_max) + " groups; remove one first.");
  GroupRow g;
  g.id = random_id("g-");
  g.tenant_id = tenant;
  g.display_name = std::string(pcu::detail::trim(request.display_name));
  g.description = request.description;
  g.access = request.access;
  g.members = request.members;
  std::sort(g.members.begin(), g.members.end());
  g.members.erase(std::unique(g.members.begin(), g.members.end()), g.members.end());
  g.created_at = c.now;
  c.store().insert_group(g);
  // R-UM13: a member's groups changed, so its version does: an edit made from the user as read
  // before would otherwise set its groups back without the new one.
  for (const auto& member : g.members) {
    const auto u = c.store().user(member);
    if (!u || !u->account) continue;
    AccountUserRow a = *u->account;
    a.version += 1;
    c.store().update_account_user(a);
  }
  c.audit("create_group", g.id, nullptr, group_json(g));
  c.reply(201, group_json(g));
}

// R-GR1: several groups get one access, given once for the request (like R-UM1 for users).
void set_groups_access(Call& c) {
  c.require(pcu::Action::add_existing_users);
  const pcu::json body = c.json_body();
  pcu::Problems problems;
  pcu::detail::Reader r{problems};
  std::vector<std::string> ids;
  pcu::Access access;
  if (r.object(body, "", {"group_ids", "access"})) {
    if (const auto* v = r.member(body, "group_ids", "", true))
      r.strings(*v, "group_ids", ids, pcu::limits::max_groups_per_user, pcu::limits::id_max);
    if (const auto* v = r.member(body, "access", "", true)) pcu::read(*v, access, problems, "access");
  }
  if (!problems.empty()) throw_problems(std::move(problems));
  StoreFacts facts(c.store(), c.me().acting_tenant);
  if (ids.empty()) problems.push_back({"group_ids", "", 0, "no_groups", "Choose at least one group."});
  pcu::check_groups(problems, "group_ids", ids, facts);
  pcu::append(problems, pcu::validate_access(access));
  reject_problems(std::move(problems));
  pcu::json out = pcu::json::array();
  for (const auto& id : group_ids_of(c, c.me().acting_tenant, ids, "group_ids")) {
    const auto before = c.store().group(id);
    c.store().set_group_access(id, access);
    const auto after = c.store().group(id);
    c.audit("set_group_access", id, group_json(*before), group_json(*after));
    out.push_back(group_json(*after));
  }
  c.reply(200, {{"groups", std::move(out)}});
}

}  // namespace

void add_group_routes(RouteTable& t) {
  t.push_back({"GET", "/api/v1/groups", Auth::session, false, list_groups});
  t.push_back({"POST", "/api/v1/groups", Auth::session, true, create_group});
  t.push_back({"PUT", "/api/v1/groups/access", Auth::session, true, set_groups_access});
  t.push_back({"GET", "/api/v1/groups/{id}", Auth::session, false, get_group});
}

}  // namespace pcu::server
