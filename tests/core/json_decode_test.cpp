// pcu::decode<T>: the wire format of every request (RULES.md "Identifiers"). Decoding never
// throws; a bad document becomes problems that name the field they are about.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pcu/pcu.hpp"

namespace {

using pcu::json;
using Lines = std::vector<std::string>;

// The stable parts of each problem, "code|field|position|item"; messages may change.
Lines summary(const pcu::Problems& problems) {
  Lines out;
  for (const auto& p : problems) out.push_back(p.code + "|" + p.field + "|" + std::to_string(p.position) + "|" + p.item);
  return out;
}

template <typename T>
Lines problems_of(std::string_view text) {
  const auto d = pcu::decode<T>(text);
  EXPECT_EQ(d.value.has_value(), d.problems.empty()) << text;
  return summary(d.problems);
}

// The value of a document that must decode.
template <typename T>
T decoded(std::string_view text) {
  auto d = pcu::decode<T>(text);
  EXPECT_EQ(summary(d.problems), Lines{}) << text;
  return d.value.value_or(T{});
}

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

const std::string rules_decision_request = R"({
  "actor": {"kind": "user", "id": "u1", "tenant": "t1", "type": "member", "global_admin": false,
            "access": {"roles": ["manager"]},
            "groups": [{"id": "g1", "access": {"roles": [], "account": {"account_users": "read"}}}]},
  "action": "invite_users",
  "tenant": "t1",
  "target": {"kind": "user", "id": "u2", "tenant": "t1", "type": "member", "access": {"roles": ["developer"]}}
})";

const std::string rules_custom_access =
    R"({"roles": [], "account": {"account_users": "read"}, "products": {"*": {"packages": "read_write"},)"
    R"( "app-42": {"usage": "read"}, "app-42/add-ons": {"pricing_and_availability": "read"}}})";

// A decision request written back with the names RULES.md gives, to compare with its input.
json encode(const pcu::Actor& a) {
  json groups = json::array();
  for (const auto& g : a.groups) groups.push_back({{"id", g.id}, {"access", pcu::access_to_json(g.access)}});
  return {{"kind", pcu::name_of(a.kind)}, {"id", a.id},         {"tenant", a.tenant},
          {"type", pcu::name_of(a.type)}, {"global_admin", a.global_admin},
          {"access", pcu::access_to_json(a.access)}, {"groups", groups}};
}
json encode(const pcu::DecisionRequest& r) {
  json j = {{"actor", encode(r.actor)}, {"action", pcu::name_of(r.action)}, {"tenant", r.tenant}};
  if (r.target)
    j["target"] = {{"kind", pcu::name_of(r.target->kind)}, {"id", r.target->id}, {"tenant", r.target->tenant},
                   {"type", pcu::name_of(r.target->type)}, {"access", pcu::access_to_json(r.target->access)}};
  if (!r.product.empty()) j["product"] = r.product;
  return j;
}

// Every type the core decodes, for the tests that hold for all of them.
template <typename T>
struct Decode : ::testing::Test {};
using RequestTypes = ::testing::Types<pcu::DecisionRequest, pcu::CreateUserRequest, pcu::InviteRequest,
                                      pcu::AddExistingRequest, pcu::EditUserRequest, pcu::GroupRequest,
                                      pcu::TenantSnapshot, pcu::Access>;
TYPED_TEST_SUITE(Decode, RequestTypes);

// R-UM7 R-UM3 (every request arrives as JSON)
TYPED_TEST(Decode, MalformedJsonIsInvalidJson) {
  for (const char* text : {"", " ", "{", "{\"a\": }", "{\"a\": 1,}", "nul", "{'a': 1}", "[1, 2", "{} {}",
                           "\"\xFF\"", "{\"a\": \"\\uD800\"}", "1e99999"})
    EXPECT_EQ(problems_of<TypeParam>(text), Lines{"invalid_json||0|"}) << text;
}

// R-UM7 R-UM3
TYPED_TEST(Decode, DocumentThatIsNoObjectIsWrongType) {
  for (const char* text : {"[]", "null", "1", "\"text\"", "true"}) {
    const auto d = pcu::decode<TypeParam>(text);
    ASSERT_EQ(d.problems.size(), 1U) << text;
    EXPECT_EQ(d.problems[0].code, "wrong_type");
    EXPECT_FALSE(d.value.has_value());
  }
}

// R-UM7 R-UM3
TYPED_TEST(Decode, DocumentOverJsonMaxIsTooLarge) {
  ASSERT_EQ(pcu::limits::json_max, 65536U);
  const auto at_limit = "{}" + std::string(pcu::limits::json_max - 2, ' ');
  for (const auto& p : pcu::decode<TypeParam>(at_limit).problems) EXPECT_EQ(p.code, "missing_field");
  EXPECT_EQ(problems_of<TypeParam>(at_limit + " "), Lines{"document_too_large||0|"});
}

// R-UM7 R-UM3
TYPED_TEST(Decode, DocumentNestedTooDeeplyIsRefused) {
  EXPECT_EQ(problems_of<TypeParam>(nested(40)), Lines{"document_too_deep||0|"});
  EXPECT_EQ(problems_of<TypeParam>(nested(pcu::json_max_depth + 1)), Lines{"document_too_deep||0|"});
  // At the limit the document parses; it is refused for its type, not its depth.
  const auto d = pcu::decode<TypeParam>(nested(pcu::json_max_depth));
  ASSERT_EQ(d.problems.size(), 1U);
  EXPECT_EQ(d.problems[0].code, "wrong_type");
}

// R-UM7 R-UM3
TYPED_TEST(Decode, NeverThrows) {
  for (const std::string& text : {std::string("\0\xFF{", 3), std::string(100000, '['), std::string(70000, '"'),
                                 std::string("{\"a\":") + std::string(5000, '{'), std::string("[\"\\")})
    EXPECT_NO_THROW(pcu::decode<TypeParam>(text));
}

// R-A1
TEST(DecodeDecisionRequest, RulesExampleRoundTrips) {
  const auto r = decoded<pcu::DecisionRequest>(rules_decision_request);
  EXPECT_EQ(r.actor.kind, pcu::ActorKind::user);
  EXPECT_EQ(r.actor.id, "u1");
  EXPECT_EQ(r.actor.tenant, "t1");
  EXPECT_EQ(r.actor.type, pcu::UserType::member);
  EXPECT_FALSE(r.actor.global_admin);
  EXPECT_EQ(r.actor.access.roles, pcu::roles_of({pcu::Role::manager}));
  ASSERT_EQ(r.actor.groups.size(), 1U);
  EXPECT_EQ(r.actor.groups[0].id, "g1");
  EXPECT_EQ(r.actor.groups[0].access.account[static_cast<std::size_t>(pcu::AccountArea::account_users)],
            pcu::Level::read);
  EXPECT_EQ(r.action, pcu::Action::invite_users);
  EXPECT_EQ(r.tenant, "t1");
  ASSERT_TRUE(r.target.has_value());
  EXPECT_EQ(r.target->id, "u2");
  EXPECT_EQ(r.target->access.roles, pcu::roles_of({pcu::Role::developer}));
  EXPECT_EQ(r.product, "");
  EXPECT_EQ(encode(r), json::parse(rules_decision_request));
  // The answer, in the form RULES.md gives: a Manager without the flag cannot invite (R-A4).
  const json answer = pcu::decision_to_json(pcu::decide(r));
  EXPECT_EQ(answer["allowed"], false);
  EXPECT_EQ(answer["code"], "not_global_admin");
  EXPECT_FALSE(answer["message"].get<std::string>().empty());
}

// R-A2
TEST(DecodeDecisionRequest, OwnerWithoutTargetOrProduct) {
  const auto r = decoded<pcu::DecisionRequest>(R"({"actor": {"kind": "owner"}, "action": "view_payout_summary",
                                                 "tenant": "t1", "target": null})");
  EXPECT_EQ(r.actor.kind, pcu::ActorKind::owner);
  EXPECT_FALSE(r.target.has_value());
  EXPECT_EQ(pcu::decision_to_json(pcu::decide(r)), json({{"allowed", true}}));
  const auto p = decoded<pcu::DecisionRequest>(
      R"({"actor": {"kind": "user"}, "action": "view_usage_report", "product": "app-42/add-ons"})");
  EXPECT_EQ(p.product, "app-42/add-ons");
}

// R-A1
TEST(DecodeDecisionRequest, WrongTypesNameTheirField) {
  EXPECT_EQ(problems_of<pcu::DecisionRequest>(
                R"({"actor": {"kind": "user", "groups": [{"id": "g1", "access": 5}]}, "action": "list_users"})"),
            Lines{"wrong_type|actor.groups[0].access|0|"});
  EXPECT_EQ(problems_of<pcu::DecisionRequest>(
                R"({"actor": {"kind": "user", "global_admin": "yes", "id": 7}, "action": 3, "tenant": []})"),
            (Lines{"wrong_type|actor.id|0|", "wrong_type|actor.global_admin|0|", "wrong_type|action|0|",
                   "wrong_type|tenant|0|"}));
  EXPECT_EQ(problems_of<pcu::DecisionRequest>(R"({"actor": {"kind": "user", "groups": {}}, "action": "list_users"})"),
            Lines{"wrong_type|actor.groups|0|"});
  EXPECT_EQ(problems_of<pcu::DecisionRequest>(R"({"actor": [], "action": "list_users", "target": "u2"})"),
            (Lines{"wrong_type|actor|0|", "wrong_type|target|0|"}));
}

// R-A1
TEST(DecodeDecisionRequest, MissingFieldsAreNamed) {
  EXPECT_EQ(problems_of<pcu::DecisionRequest>("{}"), (Lines{"missing_field|actor|0|", "missing_field|action|0|"}));
  EXPECT_EQ(problems_of<pcu::DecisionRequest>(R"({"actor": {"groups": [{"id": "g1"}]}, "action": "list_users",
                                               "target": {"id": "u2"}})"),
            (Lines{"missing_field|actor.kind|0|", "missing_field|actor.groups[0].access|0|",
                   "missing_field|target.kind|0|"}));
}

// R-A1
TEST(DecodeDecisionRequest, UnknownFieldsAreNamed) {
  EXPECT_EQ(problems_of<pcu::DecisionRequest>(
                R"({"actor": {"kind": "owner", "role": "x", "groups": [{"id": "g", "access": {"roles": ["marketer"]},
                    "name": "G"}]}, "action": "list_users", "extra": 1, "target": {"kind": "user", "global_admin": true}})"),
            (Lines{"unknown_field|extra|0|extra", "unknown_field|actor.role|0|role",
                   "unknown_field|actor.groups[0].name|0|name", "unknown_field|target.global_admin|0|global_admin"}));
}

// R-A1
TEST(DecodeDecisionRequest, UnknownNamesHaveTheirCodes) {
  EXPECT_EQ(problems_of<pcu::DecisionRequest>(R"({"actor": {"kind": "admin"}, "action": "delete_everything"})"),
            (Lines{"unknown_kind|actor.kind|0|admin", "unknown_action|action|0|delete_everything"}));
  EXPECT_EQ(problems_of<pcu::DecisionRequest>(R"({"actor": {"kind": "user", "type": "visitor"}, "action": "List_users"})"),
            (Lines{"unknown_type|actor.type|0|visitor", "unknown_action|action|0|List_users"}));
}

// R-RP1..R-RP3
TEST(DecodeDecisionRequest, EveryActionNameDecodes) {
  for (std::size_t i = 0; i < pcu::action_count; ++i) {
    const auto r = decoded<pcu::DecisionRequest>(R"({"actor": {"kind": "owner"}, "action": ")" +
                                                 std::string(pcu::action_names[i]) + "\"}");
    EXPECT_EQ(r.action, static_cast<pcu::Action>(i));
  }
}

// R-A5
TEST(DecodeDecisionRequest, IdentifiersHaveALimit) {
  ASSERT_EQ(pcu::limits::id_max, 128U);
  const auto with_id = [](std::size_t n) {
    return R"({"actor": {"kind": "user", "id": ")" + std::string(n, 'u') + R"("}, "action": "list_users"})";
  };
  EXPECT_EQ(decoded<pcu::DecisionRequest>(with_id(128)).actor.id, std::string(128, 'u'));
  EXPECT_EQ(problems_of<pcu::DecisionRequest>(with_id(129)), Lines{"too_long|actor.id|0|"});
}

// R-RP2
TEST(DecodeAccess, StandardRolesAndCustomPermissions) {
  const auto roles = decoded<pcu::Access>(R"({"roles": ["developer", "marketer"]})");
  EXPECT_EQ(roles.roles, pcu::roles_of({pcu::Role::developer, pcu::Role::marketer}));
  EXPECT_FALSE(roles.has_custom());
  const auto custom = decoded<pcu::Access>(rules_custom_access);
  EXPECT_TRUE(custom.roles.empty());
  EXPECT_EQ(custom.account[static_cast<std::size_t>(pcu::AccountArea::account_users)], pcu::Level::read);
  ASSERT_EQ(custom.products.size(), 3U);
  ASSERT_NE(custom.row("app-42/add-ons"), nullptr);
  EXPECT_EQ(custom.row("app-42/add-ons")->levels[static_cast<std::size_t>(pcu::ProductPermission::pricing_and_availability)],
            pcu::Level::read);
  EXPECT_EQ(custom.row("*")->levels[static_cast<std::size_t>(pcu::ProductPermission::packages)], pcu::Level::read_write);
}

// R-UM2 R-RP2 R-RP3
TEST(DecodeAccess, WrongTypesNameTheirField) {
  EXPECT_EQ(problems_of<pcu::Access>(R"({"roles": ["developer", 7]})"), Lines{"wrong_type|access.roles[1]|0|"});
  EXPECT_EQ(problems_of<pcu::Access>(R"({"roles": "developer"})"), Lines{"wrong_type|access.roles|0|"});
  EXPECT_EQ(problems_of<pcu::Access>(R"({"account": ["account_users"]})"), Lines{"wrong_type|access.account|0|"});
  EXPECT_EQ(problems_of<pcu::Access>(R"({"account": {"account_users": 2}})"),
            Lines{"wrong_type|access.account.account_users|0|"});
  EXPECT_EQ(problems_of<pcu::Access>(R"({"products": {"app-42": "read"}})"), Lines{"wrong_type|access.products.app-42|0|"});
  EXPECT_EQ(problems_of<pcu::Access>(R"({"products": {"*": {"usage": null}}})"),
            Lines{"wrong_type|access.products.*.usage|0|"});
}

// R-UM2 R-RP1 R-RP2 R-RP3 R-RP7
TEST(DecodeAccess, UnknownNamesHaveTheirCodes) {
  EXPECT_EQ(problems_of<pcu::Access>(R"({"roles": ["developer", "admin"]})"), Lines{"unknown_role|access.roles[1]|0|admin"});
  EXPECT_EQ(problems_of<pcu::Access>(R"({"roles": ["Manager"]})"), Lines{"unknown_role|access.roles[0]|0|Manager"});
  EXPECT_EQ(problems_of<pcu::Access>(R"({"roles": ["marketer", "owner"]})"),
            Lines{"owner_role_not_assignable|access.roles[1]|2|owner"});
  EXPECT_EQ(problems_of<pcu::Access>(R"({"account": {"billing": "read"}})"), Lines{"unknown_area|access.account.billing|0|billing"});
  EXPECT_EQ(problems_of<pcu::Access>(R"({"products": {"*": {"downloads": "read"}}})"),
            Lines{"unknown_permission|access.products.*.downloads|0|downloads"});
  EXPECT_EQ(problems_of<pcu::Access>(R"({"account": {"new_apps": "write"}})"),
            Lines{"unknown_level|access.account.new_apps|0|write"});
  EXPECT_EQ(problems_of<pcu::Access>(R"({"products": {"*": {"packages": "mixed"}}})"),
            Lines{"mixed_not_choosable|access.products.*.packages|0|mixed"});
  EXPECT_EQ(problems_of<pcu::Access>(R"({"roles": [], "color": "red"})"), Lines{"unknown_field|access.color|0|color"});
}

// R-RP2 R-RP3
TEST(DecodeAccess, RowAndRoleCountsHaveLimits) {
  ASSERT_EQ(pcu::limits::max_product_rows, 256U);
  const auto rows = [](std::size_t n) {
    json products = json::object();
    for (std::size_t i = 0; i < n; ++i) products["app-" + std::to_string(i)] = {{"usage", "read"}};
    return json{{"products", products}}.dump();
  };
  EXPECT_EQ(decoded<pcu::Access>(rows(256)).products.size(), 256U);
  EXPECT_EQ(problems_of<pcu::Access>(rows(257)), Lines{"too_many_product_rows|access.products|0|"});
  // Repeating a role is harmless up to twice the number of roles.
  json roles = json::array();
  for (std::size_t i = 0; i < 2 * pcu::role_count; ++i) roles.push_back("developer");
  EXPECT_EQ(decoded<pcu::Access>(json{{"roles", roles}}.dump()).roles, pcu::roles_of({pcu::Role::developer}));
  roles.push_back("developer");
  EXPECT_EQ(problems_of<pcu::Access>(json{{"roles", roles}}.dump()), Lines{"too_many_items|access.roles|0|"});
}

// R-UM2 R-RP2 R-RP3
TEST(DecodeAccess, AccessToJsonThenReadGivesTheSameAccess) {
  std::vector<pcu::Access> accesses;
  accesses.push_back(decoded<pcu::Access>(R"({"roles": ["manager", "finance_contributor"]})"));
  accesses.push_back(decoded<pcu::Access>(rules_custom_access));
  pcu::Access every;  // every area and permission at the highest level it allows, rows in key order
  for (std::size_t i = 0; i < pcu::account_area_count; ++i)
    every.account[i] = pcu::level_allowed(static_cast<pcu::AccountArea>(i), pcu::Level::read_write) ? pcu::Level::read_write
                                                                                                     : pcu::Level::read;
  for (const char* key : {"*", "app-1", "app-1/add-ons", "app-2"}) {
    pcu::ProductRow row{key, {}};
    for (std::size_t i = 0; i < pcu::product_permission_count; ++i)
      row.levels[i] = pcu::level_allowed(static_cast<pcu::ProductPermission>(i), pcu::Level::read_write)
                          ? pcu::Level::read_write
                          : pcu::Level::read;
    every.products.push_back(row);
  }
  every.products.push_back({"app-3", {}});  // a row of "no access" survives too
  accesses.push_back(every);
  accesses.push_back(pcu::Access{});
  for (const auto& a : accesses) {
    const auto text = pcu::access_to_json(a).dump();
    EXPECT_EQ(decoded<pcu::Access>(text), a) << text;
  }
  // The RULES.md example is written exactly as access_to_json writes it.
  EXPECT_EQ(pcu::access_to_json(decoded<pcu::Access>(rules_custom_access)), json::parse(rules_custom_access));
}

// R-UM2 R-RP3
// A JSON object has no order, so rows come back in the order of their keys; the access
// means the same, and writing it again gives the same document.
TEST(DecodeAccess, RowOrderIsNotKeptButTheMeaningIs) {
  pcu::Access a;
  a.products.push_back({"app-9", {}});
  a.products.push_back({"*", {}});
  a.products[0].levels[static_cast<std::size_t>(pcu::ProductPermission::usage)] = pcu::Level::read;
  const json written = pcu::access_to_json(a);
  const auto back = decoded<pcu::Access>(written.dump());
  ASSERT_EQ(back.products.size(), 2U);
  EXPECT_EQ(*back.row("app-9"), *a.row("app-9"));
  EXPECT_EQ(*back.row("*"), *a.row("*"));
  EXPECT_EQ(pcu::access_to_json(back), written);
}

// R-UM3 R-UM4 R-UM5
TEST(DecodeCreateUser, FullRequest) {
  const auto r = decoded<pcu::CreateUserRequest>(
      R"({"first_name": "Zo\u00eb", "last_name": "\u674e", "username": "zoe@example.org", "global_admin": true,
          "recovery_email": "zoe@contoso.net", "groups": ["g-dev", "Designers"], "access": {"roles": ["developer"]}})");
  EXPECT_EQ(r.first_name, "Zo\xC3\xAB");
  EXPECT_EQ(r.last_name, "\xE6\x9D\x8E");
  EXPECT_EQ(r.username, "zoe@example.org");
  EXPECT_TRUE(r.global_admin);
  EXPECT_EQ(r.recovery_email, "zoe@contoso.net");
  EXPECT_EQ(r.groups, (std::vector<std::string>{"g-dev", "Designers"}));
  EXPECT_EQ(r.access.roles, pcu::roles_of({pcu::Role::developer}));
  // Optional members may be left out; a null recovery email is none.
  const auto minimal = decoded<pcu::CreateUserRequest>(
      R"({"first_name": "A", "last_name": "B", "username": "a@b.org", "recovery_email": null, "access": {}})");
  EXPECT_FALSE(minimal.global_admin);
  EXPECT_EQ(minimal.recovery_email, "");
  EXPECT_TRUE(minimal.groups.empty());
}

// R-UM3 R-UM5
TEST(DecodeCreateUser, ProblemsNameTheirFields) {
  EXPECT_EQ(problems_of<pcu::CreateUserRequest>("{}"),
            (Lines{"missing_field|first_name|0|", "missing_field|last_name|0|", "missing_field|username|0|",
                   "missing_field|access|0|"}));
  EXPECT_EQ(problems_of<pcu::CreateUserRequest>(
                R"({"first_name": 1, "last_name": "B", "username": "a@b.org", "global_admin": "yes",
                    "groups": ["g1", 2], "access": {"roles": [null]}, "password": "x"})"),
            (Lines{"unknown_field|password|0|password", "wrong_type|first_name|0|", "wrong_type|global_admin|0|",
                   "wrong_type|groups[1]|0|", "wrong_type|access.roles[0]|0|"}));
}

// R-UM5 R-GR1
// Groups may be named by display name, which has up to 256 characters.
TEST(DecodeCreateUser, GroupsCanBeNamedByTheirLongestDisplayName) {
  const std::string name(pcu::limits::group_name_max, 'g');
  const auto r = decoded<pcu::CreateUserRequest>(R"({"first_name": "A", "last_name": "B", "username": "a@b.org",
      "groups": [")" + name + R"("], "access": {"roles": ["developer"]}})");
  EXPECT_EQ(r.groups, std::vector<std::string>{name});
  std::vector<std::string> many(pcu::limits::max_groups_per_user + 1, "g");
  EXPECT_EQ(problems_of<pcu::CreateUserRequest>(
                json{{"first_name", "A"}, {"last_name", "B"}, {"username", "a@b.org"}, {"groups", many}, {"access", json::object()}}
                    .dump()),
            Lines{"too_many_items|groups|0|"});
}

// R-UM7
TEST(DecodeInvite, TextAndAccess) {
  const auto r = decoded<pcu::InviteRequest>(
      R"({"text": "\"Doe, Jane\" <jane@example.com>; bob@example.com", "access": {"roles": ["marketer"]}})");
  EXPECT_EQ(r.text, "\"Doe, Jane\" <jane@example.com>; bob@example.com");
  EXPECT_EQ(r.access.roles, pcu::roles_of({pcu::Role::marketer}));
  EXPECT_EQ(problems_of<pcu::InviteRequest>(R"({"text": ["a@b.org"], "cc": "x"})"),
            (Lines{"unknown_field|cc|0|cc", "wrong_type|text|0|", "missing_field|access|0|"}));
}

// R-UM7
TEST(DecodeInvite, TextHasTheInviteTextLimit) {
  const auto with_text = [](std::size_t n) {
    return json{{"text", std::string(n, 'a')}, {"access", {{"roles", {"marketer"}}}}}.dump();
  };
  EXPECT_EQ(decoded<pcu::InviteRequest>(with_text(pcu::limits::invite_text_max)).text.size(), pcu::limits::invite_text_max);
  EXPECT_EQ(problems_of<pcu::InviteRequest>(with_text(pcu::limits::invite_text_max + 1)), Lines{"too_long|text|0|"});
}

// R-UM1 R-UM2
TEST(DecodeAddExisting, UsersAndAccess) {
  const auto r = decoded<pcu::AddExistingRequest>(R"({"user_ids": ["u1", "u2"], "access": {"roles": ["developer"]}})");
  EXPECT_EQ(r.user_ids, (std::vector<std::string>{"u1", "u2"}));
  EXPECT_EQ(problems_of<pcu::AddExistingRequest>(R"({"user_ids": "u1", "access": {"roles": ["x"]}})"),
            (Lines{"wrong_type|user_ids|0|", "unknown_role|access.roles[0]|0|x"}));
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < pcu::limits::max_add_users; ++i) ids.push_back("u" + std::to_string(i));
  EXPECT_EQ(decoded<pcu::AddExistingRequest>(json{{"user_ids", ids}, {"access", json::object()}}.dump()).user_ids, ids);
  ids.push_back("one-more");
  EXPECT_EQ(problems_of<pcu::AddExistingRequest>(json{{"user_ids", ids}, {"access", json::object()}}.dump()),
            Lines{"too_many_items|user_ids|0|"});
}

// R-UM13
TEST(DecodeEditUser, OnlyTheFieldsGivenArePresent) {
  const auto none = decoded<pcu::EditUserRequest>("{}");
  EXPECT_FALSE(none.directory_change());
  EXPECT_FALSE(none.access.has_value());
  const auto access = decoded<pcu::EditUserRequest>(R"({"access": {"roles": ["marketer"]}})");
  EXPECT_FALSE(access.directory_change());
  ASSERT_TRUE(access.access.has_value());
  EXPECT_EQ(access.access->roles, pcu::roles_of({pcu::Role::marketer}));
  const auto groups = decoded<pcu::EditUserRequest>(R"({"groups": [], "last_name": "Doe"})");
  EXPECT_TRUE(groups.directory_change());
  EXPECT_EQ(groups.groups, std::vector<std::string>{});
  EXPECT_EQ(groups.last_name, "Doe");
  EXPECT_FALSE(groups.first_name.has_value());
  EXPECT_EQ(problems_of<pcu::EditUserRequest>(R"({"username": null, "groups": [1], "access": {"account": 1}, "id": "u1"})"),
            (Lines{"unknown_field|id|0|id", "wrong_type|username|0|", "wrong_type|groups[0]|0|",
                   "wrong_type|access.account|0|"}));
}

// R-GR1
TEST(DecodeGroup, FullAndMinimalGroups) {
  const auto g = decoded<pcu::GroupRequest>(
      R"({"display_name": "Release", "description": "Ships", "members": ["u1"], "access": {"roles": ["developer"]}})");
  EXPECT_EQ(g.display_name, "Release");
  EXPECT_EQ(g.description, "Ships");
  EXPECT_EQ(g.members, std::vector<std::string>{"u1"});
  ASSERT_TRUE(g.access.has_value());
  const auto minimal = decoded<pcu::GroupRequest>(R"({"display_name": "Release", "access": null})");
  EXPECT_FALSE(minimal.access.has_value());
  EXPECT_EQ(problems_of<pcu::GroupRequest>(R"({"description": 5, "owner": "u1"})"),
            (Lines{"unknown_field|owner|0|owner", "missing_field|display_name|0|", "wrong_type|description|0|"}));
}

// R-UM3 R-UM5 R-UM7
TEST(DecodeTenantSnapshot, ListsAndTheirProblems) {
  const auto t = decoded<pcu::TenantSnapshot>(
      R"({"verified_domains": ["example.org"], "usernames": ["jane@example.org"], "groups": ["g-dev"],
          "directory_users": ["u1"], "account_users": ["u1"], "account_emails": ["jane@example.org"],
          "pending_invitations": ["bob@partner.com"]})");
  EXPECT_TRUE(t.domain_verified("EXAMPLE.org"));
  EXPECT_TRUE(t.username_taken("Jane@example.org"));
  EXPECT_TRUE(t.group_exists("g-dev"));
  EXPECT_TRUE(t.is_account_user("u1"));
  EXPECT_TRUE(t.email_in_use("BOB@partner.com"));
  EXPECT_EQ(problems_of<pcu::TenantSnapshot>(R"({"groups": "g-dev", "usernames": [1], "domains": []})"),
            (Lines{"unknown_field|tenant.domains|0|domains", "wrong_type|tenant.usernames[0]|0|",
                   "wrong_type|tenant.groups|0|"}));
}

// R-GR1 R-UM5
// A tenant can hold a group with the longest display name R-GR1 allows.
TEST(DecodeTenantSnapshot, GroupWithTheLongestDisplayNameFits) {
  std::string name;
  for (std::size_t i = 0; i < pcu::limits::group_name_max; ++i) name += "\xE6\x9D\x8E";  // 李
  const auto t = decoded<pcu::TenantSnapshot>(json{{"groups", {name}}}.dump());
  pcu::GroupRequest again;
  again.display_name = name;
  ASSERT_EQ(pcu::validate_group(again, t).size(), 1U);
  EXPECT_EQ(pcu::validate_group(again, t)[0].code, "group_exists");
}

// R-UM3 (a decoded document is the checked one: the adapters refuse what read() refuses)
TEST(DecodeAdapters, FromJsonThrowsDecodeErrorWithProblems) {
  const json good = json::parse(R"({"user_ids": ["u1"], "access": {"roles": ["developer"]}})");
  EXPECT_EQ(good.get<pcu::AddExistingRequest>().user_ids, std::vector<std::string>{"u1"});
  EXPECT_EQ(json::parse(rules_custom_access).get<pcu::Access>(), decoded<pcu::Access>(rules_custom_access));
  const json bad = json::parse(R"({"user_ids": ["u1"], "access": {"roles": ["admin"]}})");
  try {
    (void)bad.get<pcu::AddExistingRequest>();
    FAIL() << "no DecodeError";
  } catch (const pcu::DecodeError& e) {
    ASSERT_EQ(e.problems.size(), 1U);
    EXPECT_EQ(e.problems[0].code, "unknown_role");
    EXPECT_EQ(e.problems[0].field, "access.roles[0]");
  }
}

}  // namespace
