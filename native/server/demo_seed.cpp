// demo_seed.cpp: the demo tenant example.org (members, a global admin, guests, groups,
// products, a second tenant, history, a pending invitation) and bulk users for benchmarks.
#include <cstdio>

#include <pcu/json.hpp>

#include "account_init.hpp"
#include "mail_message.hpp"
#include "tokens.hpp"

namespace pcu::server {

namespace {

pcu::Access roles(std::initializer_list<pcu::Role> r) {
  pcu::Access a;
  a.roles = pcu::roles_of(r);
  return a;
}

pcu::Access custom(const char* json_text) {
  pcu::Access a;
  pcu::Problems problems;
  pcu::read(pcu::json::parse(json_text), a, problems);
  return a;
}

struct DemoUser {
  const char* id;
  const char* first;
  const char* last;
  const char* username;
  pcu::UserType type;
  bool global_admin;
  const char* recovery;
  std::optional<pcu::Access> access;  // none: directory only
};

}  // namespace

void seed_demo(Store& store, const std::string& password_hash, std::int64_t now, const std::string& public_url) {
  using pcu::Role;
  const auto member = pcu::UserType::member;
  const auto guest = pcu::UserType::guest;
  const std::string example = tenant_id_of("example.org");
  const std::string contoso = tenant_id_of("contoso.example");
  if (!store.tenant(example)) store.insert_tenant({example, "Example", {"example.org"}});
  store.insert_tenant({contoso, "Contoso", {"contoso.example"}});

  const DemoUser users[] = {
      {"u-alice", "Alice", "Adams", "alice@example.org", member, true, "alice.recovery@mail.example", roles({Role::manager})},
      {"u-bob", "Bob", "Brown", "bob@example.org", member, false, "", roles({Role::manager})},
      {"u-carol", "Carol", "Clark", "carol@example.org", member, false, "", roles({Role::developer})},
      {"u-dave", "Dave", "Davis", "dave@example.org", member, false, "",
       custom(R"({"account": {"account_users": "read"}})")},
      {"u-erin", "Erin", "Evans", "erin@example.org", member, false, "",
       custom(R"({"account": {"account_users": "read_write"}})")},
      {"u-frank", "Frank", "Fisher", "frank@example.org", member, false, "", roles({Role::business_contributor})},
      {"u-grace", "Grace", "Green", "grace@example.org", member, false, "", roles({Role::finance_contributor})},
      {"u-heidi", "Heidi", "Hill", "heidi@example.org", member, false, "", roles({Role::marketer})},
      {"u-ivan", "Ivan", "Irwin", "ivan@example.org", member, false, "",
       custom(R"({"products": {"*": {"usage": "read", "health": "read"}, "app-42": {"customer_feedback": "read"}}})")},
      {"u-judy", "Judy", "Jones", "judy@example.org", member, false, "", std::nullopt},
      {"u-mallory", "Mallory", "Moore", "mallory@example.org", member, false, "", std::nullopt},
      {"u-niaj", "Niaj", "Nolan", "niaj@example.org", member, false, "", std::nullopt},
      {"u-gina", "Gina", "Garcia", "gina@partner.example", guest, false, "", roles({Role::developer})},
      {"u-zed", "Zed", "Zimmer", "zed@contoso.example", member, true, "zed.recovery@mail.example",
       roles({Role::manager})},
      {"u-yara", "Yara", "Young", "yara@contoso.example", member, false, "", std::nullopt},
  };
  for (const auto& u : users) {
    DirectoryUserRow d;
    d.id = u.id;
    d.tenant_id = std::string(u.username).ends_with("@contoso.example") ? contoso : example;
    d.first_name = u.first;
    d.last_name = u.last;
    d.username = u.username;
    d.recovery_email = u.recovery;
    d.type = u.type;
    d.global_admin = u.global_admin;
    d.password_hash = password_hash;
    d.created_at = now - 90 * 86400;
    store.insert_directory_user(d);
    if (!u.access) continue;
    AccountUserRow a;
    a.user_id = d.id;
    a.access = *u.access;
    a.added_at = now - 60 * 86400;
    store.insert_account_user(a);
    store.append_audit({0, now - 60 * 86400, "u-owner", "add_user", d.id, "null",
                        pcu::json({{"access", pcu::access_to_json(a.access)}}).dump()});
  }

  // A pending invitation whose link the mail directory receives when the server starts.
  DirectoryUserRow pat;
  pat.id = "u-pat";
  pat.tenant_id = example;
  pat.first_name = "Pat Partner";
  pat.username = "pat@partner.example";
  pat.type = guest;
  pat.created_at = now - 86400;
  store.insert_directory_user(pat);
  AccountUserRow pending;
  pending.user_id = pat.id;
  pending.status = pcu::UserStatus::invitation_pending;
  pending.access = roles({Role::developer});
  pending.added_at = now - 86400;
  store.insert_account_user(pending);
  const std::string token = random_token();
  store.insert_invitation({"i-pat", pat.id, example, pat.username, "Pat Partner", InvitationStatus::pending,
                           token_hash(token), "u-alice", now - 86400, now + 6 * 86400, now - 86400});
  OutboxMessage invite = invitation_message("Pat Partner", pat.username, "Alice Adams",
                                            console_link(public_url, "accept", token), now + 6 * 86400);
  invite.created_at = now - 86400;
  invite.invitation_id = "i-pat";
  store.enqueue_mail(invite);
  store.append_audit({0, now - 86400, "u-alice", "invite_user", pat.id, "null",
                      pcu::json({{"email", pat.username}}).dump()});

  GroupRow release{"g-release", example, "Release managers", "People who ship builds.", roles({Role::developer}),
                   {"u-carol", "u-ivan"}, now - 30 * 86400};
  GroupRow analysts{"g-analysts", example, "Analysts", "Reports only.",
                    custom(R"({"products": {"*": {"acquisitions": "read"}}})"), {"u-heidi", "u-ivan"}, now - 30 * 86400};
  GroupRow everyone{"g-everyone", example, "Everyone", "", std::nullopt, {"u-alice", "u-bob", "u-judy"}, now - 30 * 86400};
  for (const auto& g : {release, analysts, everyone}) store.insert_group(g);

  for (const ProductRecord& p : {ProductRecord{"app-42", "Contoso Notes"}, ProductRecord{"app-7", "Photo Sorter"},
                                 ProductRecord{"app-99", "Tile Puzzle"}})
    store.insert_product(p);

  const std::pair<const char*, std::int64_t> alice_visits[] = {
      {"/users", now - 3600}, {"/users/u-bob", now - 7200}, {"/audit", now - 2 * 86400}, {"/groups", now - 40 * 86400}};
  for (const auto& [path, at] : alice_visits) store.insert_visit("u-alice", path, at);
  store.set_last_activity("u-alice", now - 3600);
  store.insert_visit("u-carol", "/products/app-42", now - 3 * 86400);
  store.set_last_activity("u-carol", now - 3 * 86400);
}

void seed_users(Store& store, const std::string& tenant_id, const std::string& domain, const std::string& password_hash,
                std::size_t count, std::int64_t now) {
  static constexpr pcu::Role cycle[] = {pcu::Role::developer, pcu::Role::marketer, pcu::Role::business_contributor,
                                        pcu::Role::finance_contributor};
  DirectoryUserRow d;
  d.tenant_id = tenant_id;
  d.first_name = "User";
  d.type = pcu::UserType::member;
  d.password_hash = password_hash;
  d.created_at = now;
  AccountUserRow a;
  a.added_at = now;
  char number[16];
  for (std::size_t i = 1; i <= count; ++i) {
    std::snprintf(number, sizeof number, "%07zu", i);
    d.id = random_id("u-");  // ordered by time, as every id the server makes
    d.last_name = number;
    d.username = std::string("user") + number + "@" + domain;
    store.insert_directory_user(d);
    a.user_id = d.id;
    a.access = roles({cycle[i % 4]});
    store.insert_account_user(a);
  }
}

}  // namespace pcu::server
