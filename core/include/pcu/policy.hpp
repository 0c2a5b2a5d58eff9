// pcu/policy.hpp: public and stable. What every action needs, and decide(), which answers
// one request with allowed or a reason (R-A2..R-A6, R-UM10, R-UM11, R-UM13..R-UM16, R-RP1,
// R-RP5); may_read_audit (R-UM17), may_choose_tenant (R-A5) and may_sign_in (R-A6). decide() reads its arguments and returns static strings: it never allocates.
#pragma once

#include <array>
#include <string_view>

#include "access.hpp"
#include "model.hpp"

namespace pcu {

// What one action needs. Either standard roles or a custom permission grant it.
struct Requirement {
  enum class Gate : std::uint8_t {
    account_users,  // R-A3: owner, Manager, or the Account users permission at `level`
    owner_only,     // R-UM14: only the owner
    account_area,   // a feature of the role matrix backed by an account-level area
    product,        // a feature of the role matrix backed by a product-level permission
  };
  Gate gate = Gate::account_users;
  Level level = Level::read;
  RoleSet roles;                          // standard roles that grant it (Gate::account_area/product)
  AccountArea area = AccountArea::account_users;
  ProductPermission permission = ProductPermission::usage;
  bool directory = false;                 // R-A4: also needs global admin of the acting tenant
  bool needs_target = false;              // the action is about one user
  bool guest_denied = false;              // R-UM10
  bool member_target_only = false;        // R-UM11
  bool owner_target_refused = false;      // R-UM15: the owner is not an account user to change
  bool self_refused = false;              // R-UM16
};

namespace detail {
constexpr Requirement users(Level level, bool directory, bool needs_target) {
  Requirement r;
  r.gate = Requirement::Gate::account_users;
  r.level = level;
  r.directory = directory;
  r.needs_target = needs_target;
  r.owner_target_refused = needs_target;
  return r;
}
constexpr Requirement area(std::string_view feature, AccountArea a, Level level) {
  Requirement r;
  r.gate = Requirement::Gate::account_area;
  r.roles = roles_with_feature(feature);
  r.area = a;
  r.level = level;
  return r;
}
constexpr Requirement product(std::string_view feature, ProductPermission p, Level level) {
  Requirement r;
  r.gate = Requirement::Gate::product;
  r.roles = roles_with_feature(feature);
  r.permission = p;
  r.level = level;
  return r;
}
constexpr Requirement with(Requirement r, bool Requirement::*flag) {
  r.*flag = true;
  return r;
}
}  // namespace detail

// The requirement of every action, indexed by Action.
inline constexpr std::array<Requirement, action_count> requirements = [] {
  using detail::area;
  using detail::product;
  using detail::users;
  using detail::with;
  using L = Level;
  using P = ProductPermission;
  std::array<Requirement, action_count> t{};
  auto set = [&](Action a, Requirement r) { t[static_cast<std::size_t>(a)] = r; };
  set(Action::list_users, users(L::read, false, false));
  set(Action::add_existing_users, users(L::read_write, false, false));
  set(Action::create_user, users(L::read_write, true, false));
  set(Action::invite_users, users(L::read_write, true, false));
  set(Action::resend_invitation, users(L::read_write, true, true));
  set(Action::revoke_invitation, users(L::read_write, true, true));
  set(Action::reset_password, with(users(L::read_write, true, true), &Requirement::member_target_only));
  set(Action::edit_profile, users(L::read_write, true, true));
  set(Action::edit_groups, users(L::read_write, true, true));
  set(Action::edit_access, users(L::read_write, false, true));
  Requirement history;
  history.gate = Requirement::Gate::owner_only;
  history.needs_target = true;
  set(Action::view_history, history);
  set(Action::remove_user, with(users(L::read_write, false, true), &Requirement::self_refused));
  set(Action::create_group, users(L::read_write, true, false));
  set(Action::store_associate_app,
      with(product("apps", P::name_reservations, L::read_write), &Requirement::guest_denied));
  set(Action::store_create_package, with(product("apps", P::packages, L::read_write), &Requirement::guest_denied));
  set(Action::submit_app, product("apps", P::store_submission, L::read_write));
  set(Action::change_account_settings, area("account_settings", AccountArea::account_settings, L::read_write));
  set(Action::view_acquisitions_report, product("acquisitions_report", P::acquisitions, L::read));
  set(Action::view_feedback, product("feedback", P::customer_feedback, L::read));
  set(Action::respond_feedback, product("feedback", P::contact_customer, L::read_write));
  set(Action::view_health_report, product("health_report", P::health, L::read));
  set(Action::view_usage_report, product("usage_report", P::usage, L::read));
  set(Action::update_payout_account, area("payout_and_tax", AccountArea::payout_account, L::read_write));
  set(Action::update_tax_profile, area("payout_and_tax", AccountArea::tax_profile, L::read_write));
  set(Action::view_payout_summary, area("payout_summary", AccountArea::payout_summary, L::read));
  return t;
}();

constexpr const Requirement& requirement_of(Action a) { return requirements[static_cast<std::size_t>(a)]; }

// Reason codes of decide(), stable.
namespace reason {
inline constexpr std::string_view owner_only = "owner_only";
inline constexpr std::string_view missing_account_users = "missing_account_users_permission";
inline constexpr std::string_view read_only = "account_users_read_only";
inline constexpr std::string_view not_global_admin = "not_global_admin";
inline constexpr std::string_view foreign_tenant = "foreign_tenant";
inline constexpr std::string_view guest_restricted = "guest_restricted";
inline constexpr std::string_view target_required = "target_required";
inline constexpr std::string_view target_not_member = "target_not_member";
inline constexpr std::string_view owner_protected = "owner_protected";
inline constexpr std::string_view self_lockout = "self_lockout";
inline constexpr std::string_view missing_permission = "missing_permission";
inline constexpr std::string_view invalid_product = "invalid_product";
inline constexpr std::string_view audit_forbidden = "audit_forbidden";
}  // namespace reason

namespace detail {
inline Level account_users_level(const Actor& actor) {
  if (effective_roles(actor).has(Role::manager)) return Level::read_write;  // R-A3
  return effective_level(actor, AccountArea::account_users);
}
}  // namespace detail

// May `request.actor` do `request.action` (on `request.target`, in `request.tenant`)?
inline Decision decide(const DecisionRequest& request) {
  const Actor& actor = request.actor;
  const Requirement& need = requirement_of(request.action);
  const Target* target = request.target ? &*request.target : nullptr;

  if (need.needs_target && !target)
    return Decision::deny(reason::target_required, "This action is about a user: name the target user.");
  const ProductKeyKind product_kind =
      request.product.empty() ? ProductKeyKind::all_products : parse_product_key(request.product).kind;
  if (product_kind == ProductKeyKind::invalid)
    return Decision::deny(reason::invalid_product, "The product is not a product id or an 'ID/add-ons' row.");
  // R-UM10: whatever their access, guests never do these Store actions (the owner is no guest).
  if (need.guest_denied && actor.kind == ActorKind::user && actor.type == UserType::guest)
    return Decision::deny(reason::guest_restricted,
                          "Guest users cannot associate apps with the Store or create Store packages.");
  if (target && need.owner_target_refused && target->kind == ActorKind::owner)
    return Decision::deny(reason::owner_protected, "The account owner cannot be changed or removed.");
  if (target && need.self_refused && actor.kind == ActorKind::user && target->kind == ActorKind::user &&
      target->id == actor.id)
    return Decision::deny(reason::self_lockout, "You cannot remove yourself from the account.");
  if (target && need.member_target_only && target->type != UserType::member)
    return Decision::deny(reason::target_not_member,
                          "Passwords can be reset for member users only; guests use their own sign-in.");
  // R-A5: directory operations act on the acting tenant only, whoever asks.
  if (need.directory && target && !request.tenant.empty() && target->tenant != request.tenant)
    return Decision::deny(reason::foreign_tenant, "Directory changes act on users of the acting tenant only.");
  if (actor.kind == ActorKind::owner) return Decision::allow();  // R-A2

  switch (need.gate) {
    case Requirement::Gate::owner_only:
      return Decision::deny(reason::owner_only, "Only the account owner can see a user's history.");
    case Requirement::Gate::account_users: {
      const Level have = detail::account_users_level(actor);
      if (have == Level::none)
        return Decision::deny(reason::missing_account_users,
                              "Managing account users needs the Manager role or the Account users permission.");
      if (have < need.level)
        return Decision::deny(reason::read_only, "Your Account users permission is read only.");
      if (need.directory) {
        // R-A4, R-A5: the global-admin flag counts in the actor's own tenant only.
        if (!actor.global_admin)
          return Decision::deny(reason::not_global_admin,
                                "This changes the directory: it needs a global administrator of the tenant.");
        // A user acts in its own tenant (only the owner picks one): left out, it is that.
        const bool elsewhere = !request.tenant.empty() && request.tenant != actor.tenant;
        if (elsewhere || (target && target->tenant != actor.tenant))
          return Decision::deny(reason::foreign_tenant,
                                "A global administrator can change only its own tenant's directory.");
      }
      return Decision::allow();
    }
    case Requirement::Gate::account_area:
      if (effective_roles(actor).any_of(need.roles) || effective_level(actor, need.area) >= need.level)
        return Decision::allow();
      return Decision::deny(reason::missing_permission, "Your roles and permissions do not include this.");
    case Requirement::Gate::product:
      if (effective_roles(actor).any_of(need.roles) ||
          effective_level(actor, need.permission, request.product, product_kind == ProductKeyKind::add_ons) >=
              need.level)
        return Decision::allow();
      return Decision::deny(reason::missing_permission,
                            "Your roles and permissions do not include this for that product.");
  }
  return Decision::deny(reason::missing_permission, "Unknown action.");
}

// R-UM17: the owner and Managers (the role held directly or through a group) read the audit log.
inline Decision may_read_audit(const Actor& actor) {
  if (actor.kind == ActorKind::owner || effective_roles(actor).has(Role::manager)) return Decision::allow();
  return Decision::deny(reason::audit_forbidden, "Only the owner and Managers can read the audit log.");
}

// R-A5: the acting tenant is the owner's to pick; everyone else acts in its own tenant.
inline Decision may_choose_tenant(const Actor& actor, std::string_view tenant) {
  if (actor.kind == ActorKind::owner || tenant == actor.tenant) return Decision::allow();
  return Decision::deny(reason::foreign_tenant, "Only the owner can act in another tenant.");
}

// R-A6: a disabled, removed or pending user cannot sign in.
constexpr Decision may_sign_in(UserStatus status) {
  switch (status) {
    case UserStatus::active: return Decision::allow();
    case UserStatus::invitation_pending:
      return Decision::deny("invitation_pending", "Accept your invitation before signing in.");
    case UserStatus::disabled: return Decision::deny("user_disabled", "This user is disabled.");
    case UserStatus::removed: return Decision::deny("user_removed", "This user no longer has access to the account.");
  }
  return Decision::deny("user_disabled", "This user is disabled.");
}

}  // namespace pcu
