// Roles, permission levels, product keys, effective permissions and Mixed (R-RP1..R-RP7,
// R-UM2), tested through decide(), validate_access() and the JSON decoders.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "actors.hpp"
#include "pcu/pcu.hpp"

namespace {

using pcu::AccountArea;
using pcu::Action;
using pcu::Level;
using pcu::Role;
using P = pcu::ProductPermission;
using pcu_test::owner;
using pcu_test::user;
using pcu_test::with_roles;

pcu::ProductRow row(std::string key, std::initializer_list<std::pair<P, Level>> levels) {
  pcu::ProductRow r{std::move(key), {}};
  for (auto [p, l] : levels) r.levels[static_cast<std::size_t>(p)] = l;
  return r;
}

pcu::Access with_rows(std::initializer_list<pcu::ProductRow> rows) {
  pcu::Access a;
  a.products = rows;
  return a;
}

pcu::Access with_account(AccountArea area, Level level) {
  pcu::Access a;
  a.account[static_cast<std::size_t>(area)] = level;
  return a;
}

pcu::Decision decide(const pcu::Actor& actor, Action action, std::string product = {}) {
  pcu::DecisionRequest request;
  request.actor = actor;
  request.action = action;
  request.tenant = "t1";
  request.product = std::move(product);
  return pcu::decide(request);
}

std::vector<std::string> codes_of(const pcu::Problems& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(p.code);
  return out;
}

// ---- R-RP1 ------------------------------------------------------------------------------

constexpr std::array<Role, 5> all_roles = {Role::manager, Role::developer, Role::business_contributor,
                                           Role::finance_contributor, Role::marketer};

struct MatrixCase {
  Action action;
  std::array<bool, 5> allowed;  // Manager, Developer, Business Contributor, Finance Contributor, Marketer
  std::string_view denied_code;
};

// RULES.md R-RP1, written out cell by cell.
constexpr std::array<MatrixCase, 13> role_matrix = {{
    //                                    Mgr    Dev    BC     FC     Mkt
    {Action::submit_app,               {true,  true,  false, false, false}, "missing_permission"},
    {Action::store_create_package,     {true,  true,  false, false, false}, "missing_permission"},
    {Action::store_associate_app,      {true,  true,  false, false, false}, "missing_permission"},
    {Action::change_account_settings,  {true,  false, false, false, false}, "missing_permission"},
    {Action::view_acquisitions_report, {true,  false, false, true,  false}, "missing_permission"},
    {Action::view_feedback,            {true,  true,  false, false, true }, "missing_permission"},
    {Action::respond_feedback,         {true,  true,  false, false, true }, "missing_permission"},
    {Action::view_health_report,       {true,  true,  true,  false, false}, "missing_permission"},
    {Action::view_usage_report,        {true,  true,  true,  false, false}, "missing_permission"},
    {Action::update_payout_account,    {false, false, false, true,  false}, "missing_permission"},
    {Action::update_tax_profile,       {false, false, false, true,  false}, "missing_permission"},
    {Action::view_payout_summary,      {false, false, false, true,  false}, "missing_permission"},
    {Action::list_users,               {true,  false, false, false, false}, "missing_account_users_permission"},
}};

// R-RP1
TEST(FeatureMatrix, EachRoleAloneGetsExactlyItsCells) {
  for (const auto& c : role_matrix)
    for (std::size_t r = 0; r < all_roles.size(); ++r) {
      const pcu::Decision d = decide(user(with_roles({all_roles[r]})), c.action);
      SCOPED_TRACE(std::string(pcu::name_of(c.action)) + " / " + std::string(pcu::name_of(all_roles[r])));
      EXPECT_EQ(d.allowed, c.allowed[r]);
      EXPECT_EQ(d.code, c.allowed[r] ? "" : c.denied_code);
    }
}

// R-RP1
TEST(FeatureMatrix, OwnerHoldsEveryCell) {
  for (const auto& c : role_matrix) {
    SCOPED_TRACE(std::string(pcu::name_of(c.action)));
    EXPECT_TRUE(decide(owner(), c.action).allowed);
  }
}

// R-RP1: the displayed matrix names the same roles as the rules.
TEST(FeatureMatrix, DisplayedRowsMatchTheRules) {
  using pcu::roles_of;
  using pcu::roles_with_feature;
  EXPECT_EQ(roles_with_feature("manage_account_users"), roles_of({Role::manager}));
  EXPECT_EQ(roles_with_feature("account_settings"), roles_of({Role::manager}));
  EXPECT_EQ(roles_with_feature("apps"), roles_of({Role::manager, Role::developer}));
  EXPECT_EQ(roles_with_feature("acquisitions_report"), roles_of({Role::manager, Role::finance_contributor}));
  EXPECT_EQ(roles_with_feature("feedback"), roles_of({Role::manager, Role::developer, Role::marketer}));
  EXPECT_EQ(roles_with_feature("health_report"),
            roles_of({Role::manager, Role::developer, Role::business_contributor}));
  EXPECT_EQ(roles_with_feature("usage_report"),
            roles_of({Role::manager, Role::developer, Role::business_contributor}));
  EXPECT_EQ(roles_with_feature("payout_and_tax"), roles_of({Role::finance_contributor}));
  EXPECT_EQ(roles_with_feature("payout_summary"), roles_of({Role::finance_contributor}));
  EXPECT_TRUE(roles_with_feature("no_such_feature").empty());
  for (const auto& r : pcu::feature_matrix) EXPECT_FALSE(r.cells[0].empty()) << r.id;  // the owner column
}

// ---- R-RP2 ------------------------------------------------------------------------------

// R-RP2
TEST(AccountLevels, EachAreaAllowsItsLevels) {
  struct Case {
    AccountArea area;
    bool read, read_write;
  };
  constexpr std::array<Case, 12> cases = {{
      {AccountArea::account_settings, true, true},  {AccountArea::account_users, true, true},
      {AccountArea::ad_campaigns, true, true},      {AccountArea::contact_info, true, true},
      {AccountArea::customer_groups, true, true},   {AccountArea::new_apps, true, true},
      {AccountArea::payout_account, true, true},    {AccountArea::payout_summary, true, false},
      {AccountArea::tax_profile, true, true},       {AccountArea::test_accounts, true, true},
      {AccountArea::sandboxes, true, true},         {AccountArea::ticketing_administrator, false, true},
  }};
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(pcu::name_of(c.area)));
    EXPECT_TRUE(pcu::level_allowed(c.area, Level::none));
    EXPECT_EQ(pcu::level_allowed(c.area, Level::read), c.read);
    EXPECT_EQ(pcu::level_allowed(c.area, Level::read_write), c.read_write);
  }
}

// R-RP2
TEST(AccountLevels, ValidateAccessRejectsALevelTheAreaDoesNotAllow) {
  const auto problems = pcu::validate_access(with_account(AccountArea::payout_summary, Level::read_write));
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0].code, "level_not_allowed");
  EXPECT_EQ(problems[0].field, "access.account.payout_summary");
  EXPECT_EQ(problems[0].item, "read_write");

  const auto ticketing = pcu::validate_access(with_account(AccountArea::ticketing_administrator, Level::read));
  ASSERT_EQ(ticketing.size(), 1U);
  EXPECT_EQ(ticketing[0].code, "level_not_allowed");
  EXPECT_EQ(ticketing[0].field, "access.account.ticketing_administrator");

  EXPECT_TRUE(pcu::validate_access(with_account(AccountArea::payout_summary, Level::read)).empty());
  EXPECT_TRUE(pcu::validate_access(with_account(AccountArea::ticketing_administrator, Level::read_write)).empty());
}

// ---- R-RP3 ------------------------------------------------------------------------------

// R-RP3: the four Analytics permissions are read only; every other one allows read and read/write.
TEST(ProductLevels, AnalyticsIsReadOnly) {
  const std::array<P, 4> analytics = {P::acquisitions, P::usage, P::health, P::customer_feedback};
  for (std::size_t i = 0; i < pcu::product_permission_count; ++i) {
    const auto p = static_cast<P>(i);
    const bool is_analytics = std::find(analytics.begin(), analytics.end(), p) != analytics.end();
    SCOPED_TRACE(std::string(pcu::name_of(p)));
    EXPECT_TRUE(pcu::level_allowed(p, Level::none));
    EXPECT_TRUE(pcu::level_allowed(p, Level::read));
    EXPECT_EQ(pcu::level_allowed(p, Level::read_write), !is_analytics);
  }
  const auto problems = pcu::validate_access(with_rows({row("*", {{P::usage, Level::read_write}})}));
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0].code, "level_not_allowed");
  EXPECT_EQ(problems[0].field, "access.products.*.usage");
}

// R-RP3
TEST(ProductKeys, ValidKeys) {
  EXPECT_EQ(pcu::parse_product_key("*").kind, pcu::ProductKeyKind::all_products);
  const auto product = pcu::parse_product_key("app-42");
  EXPECT_EQ(product.kind, pcu::ProductKeyKind::product);
  EXPECT_EQ(product.product, "app-42");
  const auto add_ons = pcu::parse_product_key("app-42/add-ons");
  EXPECT_EQ(add_ons.kind, pcu::ProductKeyKind::add_ons);
  EXPECT_EQ(add_ons.product, "app-42");
  for (const char* key : {"*", "app-42", "app-42/add-ons"})
    EXPECT_TRUE(pcu::validate_access(with_rows({row(key, {{P::usage, Level::read}})})).empty()) << key;
}

// R-RP3
TEST(ProductKeys, InvalidKeysAreRejected) {
  for (const char* key : {"", "a b", "*/add-ons", "x/add-ons/add-ons"}) {
    SCOPED_TRACE(std::string("key \"") + key + "\"");
    EXPECT_EQ(pcu::parse_product_key(key).kind, pcu::ProductKeyKind::invalid);
    const auto problems =
        pcu::validate_access(with_rows({row("*", {{P::usage, Level::read}}), row(key, {{P::usage, Level::read}})}));
    ASSERT_EQ(problems.size(), 1U);
    EXPECT_EQ(problems[0].code, "invalid_product_key");
    EXPECT_EQ(problems[0].field, "access.products");
    EXPECT_EQ(problems[0].item, key);
    EXPECT_EQ(problems[0].position, 2U);
  }
  // A decision about an invalid product is refused before any permission is looked at.
  const pcu::Decision d = decide(owner(), Action::view_usage_report, "a b");
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.code, "invalid_product");
}

// R-RP3: add-ons do not inherit their parent's settings, and the parent does not inherit the add-ons'.
TEST(ProductKeys, AddOnRowsAreSeparateFromTheirProduct) {
  const auto via_all = user(with_rows({row("*", {{P::usage, Level::read}})}));
  EXPECT_TRUE(decide(via_all, Action::view_usage_report, "app-42").allowed);
  EXPECT_TRUE(decide(via_all, Action::view_usage_report, "app-7").allowed);  // products created later
  EXPECT_EQ(decide(via_all, Action::view_usage_report, "app-42/add-ons").code, "missing_permission");

  const auto via_product = user(with_rows({row("app-42", {{P::usage, Level::read}})}));
  EXPECT_TRUE(decide(via_product, Action::view_usage_report, "app-42").allowed);
  EXPECT_EQ(decide(via_product, Action::view_usage_report, "app-7").code, "missing_permission");
  EXPECT_EQ(decide(via_product, Action::view_usage_report, "app-42/add-ons").code, "missing_permission");
  EXPECT_EQ(decide(via_product, Action::view_usage_report).code, "missing_permission");  // every product

  const auto via_add_ons = user(with_rows({row("app-42/add-ons", {{P::usage, Level::read}})}));
  EXPECT_TRUE(decide(via_add_ons, Action::view_usage_report, "app-42/add-ons").allowed);
  EXPECT_EQ(decide(via_add_ons, Action::view_usage_report, "app-42").code, "missing_permission");
  EXPECT_EQ(decide(via_add_ons, Action::view_usage_report, "app-7/add-ons").code, "missing_permission");
}

// R-RP3: a level below the one the action needs does not reach it.
TEST(ProductKeys, ReadDoesNotGrantReadWriteActions) {
  const auto reader = user(with_rows({row("app-42", {{P::packages, Level::read}})}));
  EXPECT_EQ(decide(reader, Action::store_create_package, "app-42").code, "missing_permission");
  const auto writer = user(with_rows({row("app-42", {{P::packages, Level::read_write}})}));
  EXPECT_TRUE(decide(writer, Action::store_create_package, "app-42").allowed);
}

// ---- R-RP4 ------------------------------------------------------------------------------

// R-RP4
TEST(ContactCustomer, NeedsCustomerFeedbackForTheSameProduct) {
  const auto alone = pcu::validate_access(with_rows({row("app-1", {{P::contact_customer, Level::read_write}})}));
  ASSERT_EQ(alone.size(), 1U);
  EXPECT_EQ(alone[0].code, "contact_customer_needs_feedback");
  EXPECT_EQ(alone[0].field, "access.products.app-1.contact_customer");

  const auto on_all = pcu::validate_access(with_rows({row("*", {{P::contact_customer, Level::read}})}));
  EXPECT_EQ(codes_of(on_all), std::vector<std::string>{"contact_customer_needs_feedback"});

  // Feedback for another product does not count.
  const auto other = pcu::validate_access(with_rows(
      {row("app-2", {{P::customer_feedback, Level::read}}), row("app-1", {{P::contact_customer, Level::read}})}));
  EXPECT_EQ(codes_of(other), std::vector<std::string>{"contact_customer_needs_feedback"});
}

// R-RP4
TEST(ContactCustomer, FeedbackOnTheSameRowOrAllProductsIsEnough) {
  EXPECT_TRUE(pcu::validate_access(with_rows({row("app-1", {{P::contact_customer, Level::read_write},
                                                            {P::customer_feedback, Level::read}})}))
                  .empty());
  EXPECT_TRUE(pcu::validate_access(with_rows({row("*", {{P::customer_feedback, Level::read}}),
                                              row("app-1", {{P::contact_customer, Level::read_write}})}))
                  .empty());
}

// R-RP4 with R-RP3: an add-on row does not see its parent's or All products' feedback.
TEST(ContactCustomer, AddOnRowNeedsItsOwnFeedback) {
  const auto problems = pcu::validate_access(with_rows({row("*", {{P::customer_feedback, Level::read}}),
                                                        row("app-1", {{P::customer_feedback, Level::read}}),
                                                        row("app-1/add-ons", {{P::contact_customer, Level::read}})}));
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0].code, "contact_customer_needs_feedback");
  EXPECT_EQ(problems[0].field, "access.products.app-1/add-ons.contact_customer");
}

// ---- R-RP5 ------------------------------------------------------------------------------

// R-RP5
TEST(EveryProduct, ManagerAndDeveloperReachEveryProductAndAddOn) {
  for (Role role : {Role::manager, Role::developer}) {
    const auto actor = user(with_roles({role}));
    for (const char* product : {"app-1", "app-2", "app-1/add-ons", "*", ""})
      for (Action a : {Action::submit_app, Action::store_create_package, Action::store_associate_app,
                       Action::view_feedback, Action::view_usage_report}) {
        SCOPED_TRACE(std::string(pcu::name_of(role)) + " " + product + " " + std::string(pcu::name_of(a)));
        EXPECT_TRUE(decide(actor, a, product).allowed);
      }
    EXPECT_TRUE(pcu::effective_permissions(actor).every_product);
  }
  EXPECT_TRUE(pcu::effective_permissions(owner()).every_product);
}

// R-RP5: other holders reach only the products their custom permissions name.
TEST(EveryProduct, BusinessContributorReachesOnlyGrantedProducts) {
  const auto actor = user(with_roles({Role::business_contributor}),
                          {{"g1", with_rows({row("app-1", {{P::packages, Level::read_write}})})}});
  EXPECT_TRUE(decide(actor, Action::store_create_package, "app-1").allowed);
  const pcu::Decision d = decide(actor, Action::store_create_package, "app-2");
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.code, "missing_permission");
  EXPECT_EQ(decide(actor, Action::store_create_package, "app-1/add-ons").code, "missing_permission");
  EXPECT_FALSE(pcu::effective_permissions(actor).every_product);
}

// ---- R-RP6 ------------------------------------------------------------------------------

// R-RP6
TEST(EffectivePermissions, UnionOfOwnAccessAndEveryGroup) {
  pcu::Access own = with_account(AccountArea::account_users, Level::read);
  own.account[static_cast<std::size_t>(AccountArea::tax_profile)] = Level::read_write;
  own.products = {row("app-1", {{P::usage, Level::read}, {P::packages, Level::read_write}})};
  pcu::Access g1 = with_account(AccountArea::account_users, Level::read_write);
  g1.account[static_cast<std::size_t>(AccountArea::tax_profile)] = Level::read;
  g1.products = {row("app-1", {{P::health, Level::read}, {P::packages, Level::read}}),
                 row("*", {{P::store_listings, Level::read}})};
  const pcu::Access g2 = with_roles({Role::marketer, Role::finance_contributor});

  const auto e = pcu::effective_permissions(user(own, {{"g1", g1}, {"g2", g2}}));
  EXPECT_FALSE(e.owner);
  EXPECT_EQ(e.roles, pcu::roles_of({Role::marketer, Role::finance_contributor}));
  EXPECT_FALSE(e.every_product);
  EXPECT_EQ(e.account[static_cast<std::size_t>(AccountArea::account_users)], Level::read_write);
  EXPECT_EQ(e.account[static_cast<std::size_t>(AccountArea::tax_profile)], Level::read_write);
  EXPECT_EQ(e.account[static_cast<std::size_t>(AccountArea::payout_summary)], Level::none);
  const std::vector<pcu::ProductRow> rows = {
      row("*", {{P::store_listings, Level::read}}),
      row("app-1", {{P::usage, Level::read}, {P::health, Level::read}, {P::packages, Level::read_write}})};
  EXPECT_EQ(e.products, rows);

  // A Developer role from a group reaches every product.
  EXPECT_TRUE(pcu::effective_permissions(user(own, {{"g3", with_roles({Role::developer})}})).every_product);
}

// R-RP6
TEST(EffectivePermissions, DecideCountsGroupGrants) {
  const auto alone = user(with_account(AccountArea::contact_info, Level::read));
  EXPECT_EQ(decide(alone, Action::view_payout_summary).code, "missing_permission");
  EXPECT_EQ(decide(alone, Action::view_usage_report, "app-3").code, "missing_permission");
  EXPECT_EQ(decide(alone, Action::add_existing_users).code, "missing_account_users_permission");

  const auto grouped = user(with_account(AccountArea::contact_info, Level::read),
                            {{"finance", with_roles({Role::finance_contributor})},
                             {"analysts", with_rows({row("*", {{P::usage, Level::read}})})},
                             {"admins", with_account(AccountArea::account_users, Level::read_write)}});
  EXPECT_TRUE(decide(grouped, Action::view_payout_summary).allowed);
  EXPECT_TRUE(decide(grouped, Action::view_usage_report, "app-3").allowed);
  EXPECT_TRUE(decide(grouped, Action::add_existing_users).allowed);
  EXPECT_EQ(decide(grouped, Action::change_account_settings).code, "missing_permission");
}

// ---- R-RP7 ------------------------------------------------------------------------------

// R-RP7
TEST(Mixed, ShownWhenAProductRowDiffersFromAllProducts) {
  using pcu::ShownLevel;
  const auto all_read = row("*", {{P::usage, Level::read}});
  EXPECT_EQ(pcu::shown_all_products_level(with_rows({all_read}), P::usage), ShownLevel::read);
  EXPECT_EQ(pcu::shown_all_products_level(with_rows({all_read, row("app-1", {{P::usage, Level::read}})}), P::usage),
            ShownLevel::read);
  EXPECT_EQ(pcu::shown_all_products_level(with_rows({all_read, row("app-1", {{P::health, Level::read}})}), P::usage),
            ShownLevel::mixed);
  EXPECT_EQ(pcu::shown_all_products_level(with_rows({all_read, row("app-1", {{P::health, Level::read}})}), P::health),
            ShownLevel::mixed);
  EXPECT_EQ(pcu::shown_all_products_level(with_rows({row("app-1", {{P::packages, Level::read_write}})}), P::packages),
            ShownLevel::mixed);
  EXPECT_EQ(pcu::shown_all_products_level(with_rows({}), P::packages), ShownLevel::none);
  // An add-on row is its own matrix: it never makes All products Mixed.
  EXPECT_EQ(
      pcu::shown_all_products_level(with_rows({all_read, row("app-1/add-ons", {{P::usage, Level::none}})}), P::usage),
      ShownLevel::read);
  EXPECT_EQ(pcu::shown_all_products_level(with_rows({row("app-1/add-ons", {{P::packages, Level::read}})}), P::packages),
            ShownLevel::none);
}

// R-RP7
TEST(Mixed, CannotBeChosenInJson) {
  const auto decoded = pcu::decode<pcu::AddExistingRequest>(
      R"({"user_ids": ["u2"], "access": {"roles": [], "products": {"*": {"usage": "mixed"}}}})");
  EXPECT_FALSE(decoded.value.has_value());
  ASSERT_EQ(decoded.problems.size(), 1U);
  EXPECT_EQ(decoded.problems[0].code, "mixed_not_choosable");
  EXPECT_EQ(decoded.problems[0].field, "access.products.*.usage");
  EXPECT_EQ(decoded.problems[0].item, "mixed");

  pcu::Access access;
  pcu::Problems problems;
  EXPECT_FALSE(pcu::read(pcu::json::parse(R"({"account": {"account_users": "mixed"}})"), access, problems));
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0].code, "mixed_not_choosable");
  EXPECT_EQ(problems[0].field, "access.account.account_users");
}

// ---- R-UM2 ------------------------------------------------------------------------------

pcu::Access decoded_access(const char* access_json) {
  const auto d = pcu::decode<pcu::AddExistingRequest>(std::string(R"({"user_ids": ["u2"], "access": )") +
                                                      access_json + "}");
  EXPECT_TRUE(d.value.has_value()) << access_json;
  return d.value ? d.value->access : pcu::Access{};
}

// R-UM2
TEST(AccessShape, EmptyAccessIsRejected) {
  for (const char* j : {R"({"roles": []})", R"({})",
                        R"({"roles": [], "account": {"account_users": "none"}, "products": {"*": {"usage": "none"}}})"}) {
    const auto problems = pcu::validate_access(decoded_access(j));
    ASSERT_EQ(problems.size(), 1U) << j;
    EXPECT_EQ(problems[0].code, "access_empty");
    EXPECT_EQ(problems[0].field, "access");
  }
}

// R-UM2
TEST(AccessShape, RolesAndCustomTogetherAreRejected) {
  const auto problems =
      pcu::validate_access(decoded_access(R"({"roles": ["developer"], "account": {"account_users": "read"}})"));
  EXPECT_EQ(codes_of(problems), std::vector<std::string>{"access_roles_and_custom"});
  EXPECT_TRUE(pcu::validate_access(decoded_access(R"({"roles": ["developer", "marketer"]})")).empty());
  EXPECT_TRUE(pcu::validate_access(decoded_access(R"({"roles": [], "account": {"account_users": "read"}})")).empty());
}

// R-UM2
TEST(AccessShape, OwnerRoleIsNotAssignable) {
  const auto d = pcu::decode<pcu::AddExistingRequest>(
      R"({"user_ids": ["u2"], "access": {"roles": ["developer", "owner"]}})");
  EXPECT_FALSE(d.value.has_value());
  ASSERT_EQ(d.problems.size(), 1U);
  EXPECT_EQ(d.problems[0].code, "owner_role_not_assignable");
  EXPECT_EQ(d.problems[0].field, "access.roles[1]");
  EXPECT_EQ(d.problems[0].item, "owner");
  EXPECT_EQ(d.problems[0].position, 2U);
}

}  // namespace
