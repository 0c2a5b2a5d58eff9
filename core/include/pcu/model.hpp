// pcu/model.hpp: public and stable. The plain data of the product and the wire names of
// every identifier (RULES.md, "Identifiers"). No behaviour beyond naming lives here.
//
// Sections: enums and their names · Access · Actor and Target · Problem · Decision
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pcu {

// ---- enums and their wire names -------------------------------------------------------

enum class Role : std::uint8_t { manager, developer, business_contributor, finance_contributor, marketer };
inline constexpr std::size_t role_count = 5;
inline constexpr std::array<std::string_view, role_count> role_names = {
    "manager", "developer", "business_contributor", "finance_contributor", "marketer"};
inline constexpr std::array<std::string_view, role_count> role_titles = {
    "Manager", "Developer", "Business Contributor", "Finance Contributor", "Marketer"};

enum class Level : std::uint8_t { none, read, read_write };
inline constexpr std::size_t level_count = 3;
inline constexpr std::array<std::string_view, level_count> level_names = {"none", "read", "read_write"};
inline constexpr std::array<std::string_view, level_count> level_titles = {"No access", "Read only",
                                                                           "Read/write"};

enum class AccountArea : std::uint8_t {
  account_settings, account_users, ad_campaigns, contact_info, customer_groups, new_apps,
  payout_account, payout_summary, tax_profile, test_accounts, sandboxes, ticketing_administrator
};
inline constexpr std::size_t account_area_count = 12;
inline constexpr std::array<std::string_view, account_area_count> account_area_names = {
    "account_settings", "account_users", "ad_campaigns",  "contact_info", "customer_groups",
    "new_apps",         "payout_account", "payout_summary", "tax_profile",  "test_accounts",
    "sandboxes",        "ticketing_administrator"};
inline constexpr std::array<std::string_view, account_area_count> account_area_titles = {
    "Account settings", "Account users",  "Ad campaigns",   "Contact info",  "Customer groups",
    "New apps",         "Payout account", "Payout summary", "Tax profile",   "Test accounts",
    "Sandboxes",        "Ticketing administrator"};

enum class ProductPermission : std::uint8_t {
  // Analytics
  acquisitions, usage, health, customer_feedback,
  // Monetization
  promotional_codes, targeted_offers, contact_customer, experimentation,
  // Publishing
  product_setup, pricing_and_availability, properties, age_ratings, packages, store_listings,
  store_submission, new_submission_creation, new_add_ons, name_reservations
};
inline constexpr std::size_t product_permission_count = 18;
inline constexpr std::array<std::string_view, product_permission_count> product_permission_names = {
    "acquisitions",    "usage",           "health",       "customer_feedback",
    "promotional_codes", "targeted_offers", "contact_customer", "experimentation",
    "product_setup",   "pricing_and_availability", "properties", "age_ratings",
    "packages",        "store_listings",  "store_submission", "new_submission_creation",
    "new_add_ons",     "name_reservations"};
inline constexpr std::array<std::string_view, product_permission_count> product_permission_titles = {
    "Acquisitions",    "Usage",            "Health",        "Customer feedback",
    "Promotional codes", "Targeted offers", "Contact customer", "Experimentation",
    "Product setup",   "Pricing and availability", "Properties", "Age ratings",
    "Packages",        "Store listings",   "Store submission", "New submission creation",
    "New add-ons",     "Name reservations"};

enum class Action : std::uint8_t {
  list_users, add_existing_users, create_user, invite_users, resend_invitation, revoke_invitation,
  reset_password, edit_profile, edit_groups, edit_access, view_history, remove_user, create_group,
  store_associate_app, store_create_package, submit_app, change_account_settings,
  view_acquisitions_report, view_feedback, respond_feedback, view_health_report, view_usage_report,
  update_payout_account, update_tax_profile, view_payout_summary
};
inline constexpr std::size_t action_count = 25;
inline constexpr std::array<std::string_view, action_count> action_names = {
    "list_users",        "add_existing_users", "create_user",         "invite_users",
    "resend_invitation", "revoke_invitation",  "reset_password",      "edit_profile",
    "edit_groups",       "edit_access",        "view_history",        "remove_user",
    "create_group",      "store_associate_app", "store_create_package", "submit_app",
    "change_account_settings", "view_acquisitions_report", "view_feedback", "respond_feedback",
    "view_health_report", "view_usage_report", "update_payout_account", "update_tax_profile",
    "view_payout_summary"};

enum class ActorKind : std::uint8_t { owner, user };
inline constexpr std::array<std::string_view, 2> actor_kind_names = {"owner", "user"};

enum class UserType : std::uint8_t { member, guest };
inline constexpr std::array<std::string_view, 2> user_type_names = {"member", "guest"};

// Where an account user stands; only `active` users may sign in (R-A6).
enum class UserStatus : std::uint8_t { active, invitation_pending, disabled, removed };
inline constexpr std::array<std::string_view, 4> user_status_names = {"active", "invitation_pending", "disabled",
                                                                      "removed"};

// The wire name of any enum above.
constexpr std::string_view name_of(Role v) { return role_names[static_cast<std::size_t>(v)]; }
constexpr std::string_view name_of(Level v) { return level_names[static_cast<std::size_t>(v)]; }
constexpr std::string_view name_of(AccountArea v) { return account_area_names[static_cast<std::size_t>(v)]; }
constexpr std::string_view name_of(ProductPermission v) {
  return product_permission_names[static_cast<std::size_t>(v)];
}
constexpr std::string_view name_of(Action v) { return action_names[static_cast<std::size_t>(v)]; }
constexpr std::string_view name_of(ActorKind v) { return actor_kind_names[static_cast<std::size_t>(v)]; }
constexpr std::string_view name_of(UserType v) { return user_type_names[static_cast<std::size_t>(v)]; }
constexpr std::string_view name_of(UserStatus v) { return user_status_names[static_cast<std::size_t>(v)]; }

// The enum value of a wire name, or nothing when the name is unknown.
template <typename Enum, std::size_t N>
constexpr std::optional<Enum> enum_from_name(const std::array<std::string_view, N>& names,
                                             std::string_view name) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == name) return static_cast<Enum>(i);
  return std::nullopt;
}
constexpr std::optional<Role> role_from_name(std::string_view n) { return enum_from_name<Role>(role_names, n); }
constexpr std::optional<Level> level_from_name(std::string_view n) { return enum_from_name<Level>(level_names, n); }
constexpr std::optional<AccountArea> account_area_from_name(std::string_view n) {
  return enum_from_name<AccountArea>(account_area_names, n);
}
constexpr std::optional<ProductPermission> product_permission_from_name(std::string_view n) {
  return enum_from_name<ProductPermission>(product_permission_names, n);
}
constexpr std::optional<Action> action_from_name(std::string_view n) {
  return enum_from_name<Action>(action_names, n);
}
constexpr std::optional<ActorKind> actor_kind_from_name(std::string_view n) {
  return enum_from_name<ActorKind>(actor_kind_names, n);
}
constexpr std::optional<UserType> user_type_from_name(std::string_view n) {
  return enum_from_name<UserType>(user_type_names, n);
}
constexpr std::optional<UserStatus> user_status_from_name(std::string_view n) {
  return enum_from_name<UserStatus>(user_status_names, n);
}

// ---- Access ---------------------------------------------------------------------------

// A set of standard roles as bits, indexed by Role.
struct RoleSet {
  std::uint8_t bits = 0;
  constexpr bool has(Role r) const { return (bits >> static_cast<unsigned>(r)) & 1U; }
  constexpr void add(Role r) { bits = static_cast<std::uint8_t>(bits | (1U << static_cast<unsigned>(r))); }
  constexpr void remove(Role r) { bits = static_cast<std::uint8_t>(bits & ~(1U << static_cast<unsigned>(r))); }
  constexpr bool empty() const { return bits == 0; }
  constexpr bool any_of(RoleSet other) const { return (bits & other.bits) != 0; }
  friend constexpr bool operator==(RoleSet, RoleSet) = default;
};
constexpr RoleSet roles_of(std::initializer_list<Role> roles) {
  RoleSet s;
  for (Role r : roles) s.add(r);
  return s;
}

using AccountLevels = std::array<Level, account_area_count>;
using ProductLevels = std::array<Level, product_permission_count>;

// One row of the product-level matrix. `key` is "*" (All products, including products
// created later), a product id ("app-42"), or "ID/add-ons" (that product's All add-ons row).
struct ProductRow {
  std::string key;
  ProductLevels levels{};
  friend bool operator==(const ProductRow&, const ProductRow&) = default;
};

inline constexpr std::string_view all_products_key = "*";
inline constexpr std::string_view add_ons_suffix = "/add-ons";

// What an account user or group holds: standard roles, or custom permissions (R-UM2).
struct Access {
  RoleSet roles;
  AccountLevels account{};
  std::vector<ProductRow> products;  // at most one row per key, in the order given

  // True when any account-level or product-level permission is above "none".
  bool has_custom() const {
    for (Level l : account)
      if (l != Level::none) return true;
    for (const auto& row : products)
      for (Level l : row.levels)
        if (l != Level::none) return true;
    return false;
  }
  const ProductRow* row(std::string_view key) const {
    for (const auto& r : products)
      if (r.key == key) return &r;
    return nullptr;
  }
  friend bool operator==(const Access&, const Access&) = default;
};

// ---- Actor and Target -----------------------------------------------------------------

struct GroupAccess {
  std::string id;
  Access access;
};

// Who asks. For `kind == owner` the other fields are informative only (R-A2).
struct Actor {
  ActorKind kind = ActorKind::user;
  std::string id;
  std::string tenant;  // the actor's own directory tenant
  UserType type = UserType::member;
  bool global_admin = false;  // in its own tenant only (R-A5)
  Access access;
  std::vector<GroupAccess> groups;
};

// The user an action is about.
struct Target {
  ActorKind kind = ActorKind::user;
  std::string id;
  std::string tenant;
  UserType type = UserType::member;
  Access access;
};

// One decision request (RULES.md "Identifiers"). `product` is an extension: the product
// ("app-42") or add-on row ("app-42/add-ons") a product-level action is about; without it a
// product-level action needs the All-products row.
struct DecisionRequest {
  Actor actor;
  Action action = Action::list_users;
  std::string tenant;  // the acting tenant
  std::optional<Target> target;
  std::string product;
};

// ---- Problem --------------------------------------------------------------------------

// One thing wrong with an input. `field` is a JSON-pointer-like path ("access.roles[1]",
// "username"); `item` is the offending text; `position` is 1-based where a list is involved
// (0 when not); `code` is stable and machine-readable; `message` is for a person.
struct Problem {
  std::string field;
  std::string item;
  std::size_t position = 0;
  std::string code;
  std::string message;
  friend bool operator==(const Problem&, const Problem&) = default;
};
using Problems = std::vector<Problem>;

// ---- Decision -------------------------------------------------------------------------

// The answer of decide(): allowed, or a stable reason code and a message for a person.
// Both views point at static strings, so a Decision never allocates.
struct Decision {
  bool allowed = false;
  std::string_view code;
  std::string_view message;
  static constexpr Decision allow() { return {true, {}, {}}; }
  static constexpr Decision deny(std::string_view code, std::string_view message) {
    return {false, code, message};
  }
};

}  // namespace pcu
