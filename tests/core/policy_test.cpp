// decide(): who may do which action (R-A2..R-A6, R-UM10, R-UM11, R-UM13..R-UM16), and the
// self-lockout check of validate_edit_user (R-UM16).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
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

constexpr std::array<Action, 25> all_actions = {
    Action::list_users,          Action::add_existing_users,   Action::create_user,
    Action::invite_users,        Action::resend_invitation,    Action::revoke_invitation,
    Action::reset_password,      Action::edit_profile,         Action::edit_groups,
    Action::edit_access,         Action::view_history,         Action::remove_user,
    Action::create_group,        Action::store_associate_app,  Action::store_create_package,
    Action::submit_app,          Action::change_account_settings, Action::view_acquisitions_report,
    Action::view_feedback,       Action::respond_feedback,     Action::view_health_report,
    Action::view_usage_report,   Action::update_payout_account, Action::update_tax_profile,
    Action::view_payout_summary};

// R-A4: the operations that change the directory.
constexpr std::array<Action, 8> directory_actions = {
    Action::create_user,    Action::invite_users, Action::resend_invitation, Action::revoke_invitation,
    Action::reset_password, Action::edit_profile, Action::edit_groups,       Action::create_group};

// The actions about one user.
constexpr std::array<Action, 8> target_actions = {
    Action::resend_invitation, Action::revoke_invitation, Action::reset_password, Action::edit_profile,
    Action::edit_groups,       Action::edit_access,       Action::view_history,   Action::remove_user};

pcu::Access account_users(Level level) {
  pcu::Access a;
  a.account[static_cast<std::size_t>(AccountArea::account_users)] = level;
  return a;
}

pcu::Target member(std::string id = "u2", std::string tenant = "t1") {
  pcu::Target t;
  t.kind = pcu::ActorKind::user;
  t.id = std::move(id);
  t.tenant = std::move(tenant);
  t.type = pcu::UserType::member;
  t.access = with_roles({Role::developer});
  return t;
}

pcu::Target guest_target() {
  pcu::Target t = member("g9");
  t.type = pcu::UserType::guest;
  return t;
}

pcu::Target owner_target() {
  pcu::Target t;
  t.kind = pcu::ActorKind::owner;
  t.id = "o1";
  t.tenant = "t1";
  return t;
}

pcu::Decision decide(const pcu::Actor& actor, Action action, std::optional<pcu::Target> target = member(),
                     std::string tenant = "t1", std::string product = {}) {
  pcu::DecisionRequest request;
  request.actor = actor;
  request.action = action;
  request.tenant = std::move(tenant);
  request.target = std::move(target);
  request.product = std::move(product);
  return pcu::decide(request);
}

std::string trace(Action a) { return std::string(pcu::name_of(a)); }

// ---- R-A2 -------------------------------------------------------------------------------

// R-A2
TEST(Owner, MayDoEverything) {
  for (Action a : all_actions) {
    SCOPED_TRACE(trace(a));
    EXPECT_TRUE(decide(owner(), a).allowed);
    EXPECT_TRUE(decide(owner(), a, member(), "t1", "app-1/add-ons").allowed);
  }
  EXPECT_TRUE(decide(owner(), Action::view_history).allowed);
}

// R-A2, R-UM15: even the owner cannot remove the owner.
TEST(Owner, CannotBeRemoved) {
  const pcu::Decision d = decide(owner(), Action::remove_user, owner_target());
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.code, "owner_protected");
}

// ---- R-A3 -------------------------------------------------------------------------------

// R-A3
TEST(AccountUsersGate, ListNeedsOwnerManagerOrAccountUsersRead) {
  EXPECT_TRUE(decide(owner(), Action::list_users, std::nullopt).allowed);
  EXPECT_TRUE(decide(user(with_roles({Role::manager})), Action::list_users, std::nullopt).allowed);
  EXPECT_TRUE(decide(user(account_users(Level::read)), Action::list_users, std::nullopt).allowed);
  EXPECT_TRUE(decide(user(account_users(Level::read_write)), Action::list_users, std::nullopt).allowed);
  EXPECT_EQ(decide(user(with_roles({Role::developer, Role::business_contributor, Role::finance_contributor,
                                    Role::marketer})),
                   Action::list_users, std::nullopt)
                .code,
            "missing_account_users_permission");
  EXPECT_EQ(decide(user(pcu::Access{}), Action::list_users, std::nullopt).code, "missing_account_users_permission");
}

// R-A3
TEST(AccountUsersGate, ChangesNeedReadWrite) {
  for (Action a : {Action::add_existing_users, Action::edit_access, Action::remove_user}) {
    SCOPED_TRACE(trace(a));
    EXPECT_TRUE(decide(user(with_roles({Role::manager})), a).allowed);
    EXPECT_TRUE(decide(user(account_users(Level::read_write)), a).allowed);
    EXPECT_EQ(decide(user(account_users(Level::read)), a).code, "account_users_read_only");
    EXPECT_EQ(decide(user(account_users(Level::none)), a).code, "missing_account_users_permission");
    EXPECT_EQ(decide(user(with_roles({Role::developer})), a).code, "missing_account_users_permission");
  }
}

// R-A3 with R-RP6: the permission or the Manager role may come from a group.
TEST(AccountUsersGate, GroupGrantsCount) {
  auto through = [](pcu::Access group_access) {
    pcu::Actor a = user(with_roles({Role::developer}));
    a.groups.push_back({"g1", std::move(group_access)});
    a.groups.push_back({"g2", with_roles({Role::marketer})});
    return a;
  };
  for (Action a : {Action::add_existing_users, Action::edit_access, Action::remove_user}) {
    SCOPED_TRACE(trace(a));
    EXPECT_TRUE(decide(through(with_roles({Role::manager})), a).allowed);
    EXPECT_TRUE(decide(through(account_users(Level::read_write)), a).allowed);
    EXPECT_EQ(decide(through(account_users(Level::read)), a).code, "account_users_read_only");
  }
  EXPECT_TRUE(decide(through(account_users(Level::read)), Action::list_users, std::nullopt).allowed);
  // Own read plus a group's read/write is read/write.
  pcu::Actor mixed = user(account_users(Level::read));
  mixed.groups.push_back({"g1", account_users(Level::read_write)});
  EXPECT_TRUE(decide(mixed, Action::edit_access).allowed);
}

// ---- R-A4 -------------------------------------------------------------------------------

// R-A4
TEST(DirectoryGate, NeedsGlobalAdmin) {
  for (Action a : directory_actions) {
    SCOPED_TRACE(trace(a));
    const pcu::Decision d = decide(user(with_roles({Role::manager})), a);
    EXPECT_FALSE(d.allowed);
    EXPECT_EQ(d.code, "not_global_admin");
    EXPECT_EQ(decide(user(account_users(Level::read_write)), a).code, "not_global_admin");
    EXPECT_TRUE(decide(user(with_roles({Role::manager}), true), a).allowed);
    EXPECT_TRUE(decide(user(account_users(Level::read_write), true), a).allowed);
  }
}

// R-A4: global admin comes in addition to R-A3, not instead of it.
TEST(DirectoryGate, GlobalAdminAloneIsNotEnough) {
  for (Action a : directory_actions) {
    SCOPED_TRACE(trace(a));
    EXPECT_EQ(decide(user(with_roles({Role::developer}), true), a).code, "missing_account_users_permission");
    EXPECT_EQ(decide(user(account_users(Level::read), true), a).code, "account_users_read_only");
  }
}

// R-A4
TEST(DirectoryGate, ManagerWithoutGlobalAdminMayAddAndChangeAccess) {
  const pcu::Actor manager = user(with_roles({Role::manager}));
  EXPECT_TRUE(decide(manager, Action::add_existing_users, std::nullopt).allowed);
  EXPECT_TRUE(decide(manager, Action::edit_access).allowed);
  EXPECT_TRUE(decide(manager, Action::list_users, std::nullopt).allowed);
  EXPECT_TRUE(decide(manager, Action::remove_user).allowed);
}

// ---- R-A5 -------------------------------------------------------------------------------

// R-A5
TEST(DirectoryGate, GlobalAdminReachesOnlyItsOwnTenant) {
  const pcu::Actor admin = user(with_roles({Role::manager}), true);
  for (Action a : directory_actions) {
    SCOPED_TRACE(trace(a));
    EXPECT_EQ(decide(admin, a, member("u2", "t2"), "t2").code, "foreign_tenant");
    EXPECT_EQ(decide(admin, a, member("u2", "t1"), "t2").code, "foreign_tenant");
    EXPECT_TRUE(decide(admin, a, member("u2", "t1"), "t1").allowed);
  }
  for (Action a : {Action::resend_invitation, Action::revoke_invitation, Action::reset_password,
                   Action::edit_profile, Action::edit_groups}) {
    SCOPED_TRACE(trace(a));
    EXPECT_EQ(decide(admin, a, member("u2", "t2"), "t1").code, "foreign_tenant");
  }
}

// R-A5: a user acts in its own tenant, so a request that leaves the tenant out is about that
// one (not refused as another tenant's).
TEST(DirectoryGate, AUsersActingTenantLeftOutIsItsOwn) {
  const pcu::Actor admin = user(with_roles({Role::manager}), true);
  for (Action a : directory_actions) {
    SCOPED_TRACE(trace(a));
    EXPECT_TRUE(decide(admin, a, member("u2", "t1"), "").allowed);
    EXPECT_EQ(decide(admin, a, member("u2", "t2"), "").code, "foreign_tenant");
  }
  EXPECT_TRUE(decide(admin, Action::invite_users, std::nullopt, "").allowed);
}

// R-A5 R-A2
TEST(DirectoryGate, EvenTheOwnerChangesOnlyTheActingTenantsDirectory) {
  for (Action a : {Action::resend_invitation, Action::revoke_invitation, Action::reset_password,
                   Action::edit_profile, Action::edit_groups}) {
    SCOPED_TRACE(trace(a));
    EXPECT_EQ(decide(owner(), a, member("u2", "t2"), "t1").code, "foreign_tenant");
    EXPECT_TRUE(decide(owner(), a, member("u2", "t2"), "t2").allowed);
  }
  // Account changes are not directory changes: they reach users of every tenant.
  EXPECT_TRUE(decide(owner(), Action::edit_access, member("u2", "t2"), "t1").allowed);
}

// ---- R-A6 -------------------------------------------------------------------------------

// R-A6
TEST(SignIn, OnlyActiveUsersMaySignIn) {
  EXPECT_TRUE(pcu::may_sign_in(pcu::UserStatus::active).allowed);
  struct Case {
    pcu::UserStatus status;
    std::string_view code;
  };
  for (const Case& c : {Case{pcu::UserStatus::invitation_pending, "invitation_pending"},
                        Case{pcu::UserStatus::disabled, "user_disabled"},
                        Case{pcu::UserStatus::removed, "user_removed"}}) {
    const pcu::Decision d = pcu::may_sign_in(c.status);
    EXPECT_FALSE(d.allowed);
    EXPECT_EQ(d.code, c.code);
    EXPECT_FALSE(d.message.empty());
  }
}

// ---- R-UM10 -----------------------------------------------------------------------------

// R-UM10
TEST(Guest, NeverAssociatesAppsOrCreatesPackages) {
  pcu::Actor by_roles = user(with_roles({Role::manager, Role::developer}));
  by_roles.type = pcu::UserType::guest;
  pcu::Actor by_custom = user(pcu::Access{});
  by_custom.type = pcu::UserType::guest;
  by_custom.access.products.push_back({"*", {}});
  for (P p : {P::packages, P::name_reservations, P::store_submission})
    by_custom.access.products[0].levels[static_cast<std::size_t>(p)] = Level::read_write;
  pcu::Actor by_group = user(pcu::Access{});
  by_group.type = pcu::UserType::guest;
  by_group.groups.push_back({"devs", with_roles({Role::developer})});

  for (const pcu::Actor& guest : {by_roles, by_custom, by_group})
    for (const char* product : {"", "app-1"}) {
      for (Action a : {Action::store_create_package, Action::store_associate_app}) {
        SCOPED_TRACE(trace(a) + " " + product);
        const pcu::Decision d = decide(guest, a, std::nullopt, "t1", product);
        EXPECT_FALSE(d.allowed);
        EXPECT_EQ(d.code, "guest_restricted");
      }
      EXPECT_TRUE(decide(guest, Action::submit_app, std::nullopt, "t1", product).allowed);
    }
}

// R-UM10
TEST(Guest, MembersWithTheSameAccessAreAllowed) {
  for (Action a : {Action::store_create_package, Action::store_associate_app, Action::submit_app}) {
    SCOPED_TRACE(trace(a));
    EXPECT_TRUE(decide(user(with_roles({Role::developer})), a, std::nullopt).allowed);
    EXPECT_TRUE(decide(user(with_roles({Role::developer})), a, std::nullopt, "t1", "app-1").allowed);
  }
}

// ---- R-UM11 -----------------------------------------------------------------------------

// R-UM11
TEST(ResetPassword, MemberTargetsOnly) {
  const pcu::Actor admin = user(with_roles({Role::manager}), true);
  EXPECT_TRUE(decide(admin, Action::reset_password, member()).allowed);
  EXPECT_EQ(decide(admin, Action::reset_password, guest_target()).code, "target_not_member");
  EXPECT_EQ(decide(owner(), Action::reset_password, guest_target()).code, "target_not_member");
  // Only reset_password is limited to members.
  EXPECT_TRUE(decide(admin, Action::edit_profile, guest_target()).allowed);
}

// ---- R-UM13 -----------------------------------------------------------------------------

// R-UM13
TEST(EditUserGate, AccessNeedsAccountUsersProfileAndGroupsNeedGlobalAdmin) {
  const pcu::Actor editor = user(account_users(Level::read_write));
  EXPECT_TRUE(decide(editor, Action::edit_access).allowed);
  EXPECT_EQ(decide(editor, Action::edit_profile).code, "not_global_admin");
  EXPECT_EQ(decide(editor, Action::edit_groups).code, "not_global_admin");

  const pcu::Actor admin = user(account_users(Level::read_write), true);
  EXPECT_TRUE(decide(admin, Action::edit_access).allowed);
  EXPECT_TRUE(decide(admin, Action::edit_profile).allowed);
  EXPECT_TRUE(decide(admin, Action::edit_groups).allowed);
}

// ---- R-UM14 -----------------------------------------------------------------------------

// R-UM14
TEST(ViewHistory, OwnerOnly) {
  EXPECT_TRUE(decide(owner(), Action::view_history).allowed);
  for (const pcu::Actor& other : {user(with_roles({Role::manager}), true), user(account_users(Level::read_write), true),
                                  user(with_roles({Role::developer}))}) {
    const pcu::Decision d = decide(other, Action::view_history);
    EXPECT_FALSE(d.allowed);
    EXPECT_EQ(d.code, "owner_only");
  }
}

// ---- R-UM15 -----------------------------------------------------------------------------

// R-UM15
TEST(RemoveUser, OwnerIsProtected) {
  for (const pcu::Actor& actor : {owner(), user(with_roles({Role::manager}), true)}) {
    const pcu::Decision d = decide(actor, Action::remove_user, owner_target());
    EXPECT_FALSE(d.allowed);
    EXPECT_EQ(d.code, "owner_protected");
  }
  EXPECT_TRUE(decide(user(with_roles({Role::manager})), Action::remove_user, member()).allowed);
}

// ---- R-UM16 -----------------------------------------------------------------------------

// R-UM16
TEST(SelfLockout, CannotRemoveSelf) {
  const pcu::Actor manager = user(with_roles({Role::manager}), true);
  const pcu::Decision d = decide(manager, Action::remove_user, member("u1"));
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.code, "self_lockout");
  EXPECT_TRUE(decide(manager, Action::remove_user, member("u2")).allowed);
}

pcu::Problems edit_own_access(const pcu::Access& before, const pcu::Access& after, bool self = true) {
  pcu::EditUserRequest request;
  request.access = after;
  pcu::EditContext context;
  context.self = self;
  context.current_username = "u1@example.org";
  context.current_access = before;
  return pcu::validate_edit_user(request, pcu::TenantSnapshot{}, context);
}

// R-UM16
TEST(SelfLockout, CannotTakeAwayOwnUserManagement) {
  const auto manager = with_roles({Role::manager});
  const auto dropped = edit_own_access(manager, with_roles({Role::developer}));
  ASSERT_EQ(dropped.size(), 1U);
  EXPECT_EQ(dropped[0].code, "self_lockout");
  EXPECT_EQ(dropped[0].field, "access");

  const auto lowered = edit_own_access(account_users(Level::read_write), account_users(Level::read));
  ASSERT_EQ(lowered.size(), 1U);
  EXPECT_EQ(lowered[0].code, "self_lockout");
}

// R-UM16
TEST(SelfLockout, KeepingOrAddingIsFine) {
  const auto manager = with_roles({Role::manager});
  EXPECT_TRUE(edit_own_access(manager, manager).empty());
  EXPECT_TRUE(edit_own_access(manager, with_roles({Role::manager, Role::developer, Role::marketer})).empty());
  EXPECT_TRUE(edit_own_access(with_roles({Role::developer}), with_roles({Role::developer, Role::marketer})).empty());
  EXPECT_TRUE(edit_own_access(account_users(Level::read_write), manager).empty());
  // Someone else may take the Manager role away.
  EXPECT_TRUE(edit_own_access(manager, with_roles({Role::developer}), false).empty());
}

// ---- target and the shape of a Decision -------------------------------------------------

// R-A3, R-UM15: an action about one user needs that user.
TEST(Decide, TargetRequired) {
  for (Action a : target_actions)
    for (const pcu::Actor& actor : {owner(), user(with_roles({Role::manager}), true)}) {
      SCOPED_TRACE(trace(a));
      const pcu::Decision d = decide(actor, a, std::nullopt);
      EXPECT_FALSE(d.allowed);
      EXPECT_EQ(d.code, "target_required");
    }
  for (Action a : {Action::list_users, Action::add_existing_users, Action::create_user, Action::invite_users,
                   Action::create_group}) {
    SCOPED_TRACE(trace(a));
    EXPECT_TRUE(decide(owner(), a, std::nullopt).allowed);
  }
}

// R-A3, R-A4, R-RP1: a refusal always says why, with a known code and a message.
TEST(Decide, RefusalsCarryCodeAndMessage) {
  constexpr std::array<std::string_view, 12> known = {
      "owner_only",      "missing_account_users_permission", "account_users_read_only", "not_global_admin",
      "foreign_tenant",  "guest_restricted",                 "target_required",         "target_not_member",
      "owner_protected", "self_lockout",                     "missing_permission",      "invalid_product"};
  pcu::Actor guest = user(account_users(Level::read));
  guest.type = pcu::UserType::guest;
  std::size_t refusals = 0;
  for (const pcu::Actor& actor : {user(pcu::Access{}), user(with_roles({Role::marketer}), true), guest})
    for (Action a : all_actions) {
      SCOPED_TRACE(trace(a));
      const pcu::Decision d = decide(actor, a);
      if (d.allowed) {
        EXPECT_TRUE(d.code.empty());
        continue;
      }
      ++refusals;
      EXPECT_NE(std::find(known.begin(), known.end(), d.code), known.end()) << d.code;
      EXPECT_FALSE(d.message.empty());
    }
  EXPECT_GT(refusals, 50U);
}

// ---- R-UM17: audit readers ----------------------------------------------------------------

// R-UM17
TEST(AuditReaders, OwnerAndManagersOnly) {
  EXPECT_TRUE(pcu::may_read_audit(owner()).allowed);
  EXPECT_TRUE(pcu::may_read_audit(user(with_roles({Role::manager}))).allowed);
  pcu::Actor through_group = user(pcu::Access{});
  through_group.groups.push_back({"g1", with_roles({Role::manager})});
  EXPECT_TRUE(pcu::may_read_audit(through_group).allowed);  // R-RP6: a group's role counts
  for (const pcu::Actor& a : {user(account_users(Level::read_write), true), user(with_roles({Role::developer})),
                              user(pcu::Access{}, true)}) {
    const pcu::Decision d = pcu::may_read_audit(a);
    EXPECT_FALSE(d.allowed);
    EXPECT_EQ(d.code, "audit_forbidden");
    EXPECT_FALSE(d.message.empty());
  }
}

// ---- R-A5: the acting tenant ----------------------------------------------------------------

// R-A5
TEST(ActingTenant, OnlyTheOwnerPicksAnotherTenant) {
  EXPECT_TRUE(pcu::may_choose_tenant(owner(), "t2").allowed);
  EXPECT_TRUE(pcu::may_choose_tenant(owner(), "t1").allowed);
  const pcu::Actor admin = user(with_roles({Role::manager}), true);
  EXPECT_TRUE(pcu::may_choose_tenant(admin, "t1").allowed);  // its own tenant again
  const pcu::Decision d = pcu::may_choose_tenant(admin, "t2");
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.code, "foreign_tenant");
}

}  // namespace
