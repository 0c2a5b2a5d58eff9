// validate_edit_user: "Edit user" (R-UM13) and no self-lockout (R-UM16).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pcu/pcu.hpp"

namespace {

pcu::TenantSnapshot tenant() {
  pcu::TenantSnapshot t;
  t.verified_domains = {"example.org"};
  t.usernames = {"jane@example.org", "john@example.org"};
  t.groups = {"g-dev"};
  return t;
}

pcu::Access role(pcu::Role r) {
  pcu::Access a;
  a.roles.add(r);
  return a;
}

pcu::Access account_users(pcu::Level level) {
  pcu::Access a;
  a.account[static_cast<std::size_t>(pcu::AccountArea::account_users)] = level;
  return a;
}

// The stable parts of each problem, "code|field|position|item"; messages may change.
std::vector<std::string> check(const pcu::EditUserRequest& request, const pcu::EditContext& context = {}) {
  std::vector<std::string> out;
  for (const auto& p : pcu::validate_edit_user(request, tenant(), context))
    out.push_back(p.code + "|" + p.field + "|" + std::to_string(p.position) + "|" + p.item);
  return out;
}
using Lines = std::vector<std::string>;

pcu::EditUserRequest access_only(const pcu::Access& access) {
  pcu::EditUserRequest r;
  r.access = access;
  return r;
}

// The actor edits itself, holding `current` before the edit.
pcu::EditContext self(const pcu::Access& current) { return {true, "jane@example.org", current}; }

// R-UM13 R-A4
TEST(EditUser, NameUsernameAndGroupsAreDirectoryChanges) {
  pcu::EditUserRequest r;
  EXPECT_FALSE(r.directory_change());
  r.first_name = "Jane";
  EXPECT_TRUE(r.directory_change());
  r = {};
  r.last_name = "Doe";
  EXPECT_TRUE(r.directory_change());
  r = {};
  r.username = "jane@example.org";
  EXPECT_TRUE(r.directory_change());
  r = {};
  r.groups = std::vector<std::string>{};  // leaving every group is a change too
  EXPECT_TRUE(r.directory_change());
}

// R-UM13 R-A3
TEST(EditUser, AccessAloneIsAnAccountChange) {
  const auto r = access_only(role(pcu::Role::marketer));
  EXPECT_FALSE(r.directory_change());
  EXPECT_EQ(check(r), Lines{});
}

// R-UM13
TEST(EditUser, SomethingMustChange) {
  EXPECT_EQ(check(pcu::EditUserRequest{}), Lines{"nothing_to_change||0|"});
}

// R-UM13 R-UM3
TEST(EditUser, KeepingOnesOwnUsernameIsNoConflict) {
  pcu::EditUserRequest r;
  r.username = "JANE@example.org";
  const pcu::EditContext keeps{false, "jane@example.org", {}};
  EXPECT_EQ(check(r, keeps), Lines{});
  // Another user's username is taken, whatever the case.
  r.username = "John@Example.org";
  EXPECT_EQ(check(r, keeps), Lines{"username_taken|username|0|John@Example.org"});
  // Without the current username every existing one is taken.
  r.username = "jane@example.org";
  EXPECT_EQ(check(r), Lines{"username_taken|username|0|jane@example.org"});
}

// R-UM13 R-UM3 R-UM5
TEST(EditUser, ChangedFieldsAreCheckedAsOnCreation) {
  pcu::EditUserRequest r;
  r.first_name = "";
  r.last_name = std::string(65, 'd');
  r.username = "jane@fabrikam.com";
  r.groups = std::vector<std::string>{"g-dev", "g-ops", "g-dev"};
  r.access = pcu::Access{};
  EXPECT_EQ(check(r), (Lines{"name_required|first_name|0|", "name_too_long|last_name|0|" + std::string(65, 'd'),
                             "domain_not_verified|username|0|jane@fabrikam.com", "unknown_group|groups|2|g-ops",
                             "duplicate_group|groups|3|g-dev", "access_empty|access|0|"}));
}

// R-UM13
TEST(EditUser, FieldsNotNamedAreNotChecked) {
  pcu::EditUserRequest r;
  r.last_name = "Doe";
  EXPECT_EQ(check(r), Lines{});
}

// R-UM16
TEST(EditUser, RemovingOwnManagerRoleIsSelfLockout) {
  EXPECT_EQ(check(access_only(role(pcu::Role::developer)), self(role(pcu::Role::manager))),
            Lines{"self_lockout|access|0|"});
  // Read only on Account users is not enough to manage users either.
  EXPECT_EQ(check(access_only(account_users(pcu::Level::read)), self(role(pcu::Role::manager))),
            Lines{"self_lockout|access|0|"});
}

// R-UM16
TEST(EditUser, RemovingOwnAccountUsersReadWriteIsSelfLockout) {
  EXPECT_EQ(check(access_only(account_users(pcu::Level::read)), self(account_users(pcu::Level::read_write))),
            Lines{"self_lockout|access|0|"});
  EXPECT_EQ(check(access_only(role(pcu::Role::finance_contributor)), self(account_users(pcu::Level::read_write))),
            Lines{"self_lockout|access|0|"});
}

// R-UM16
TEST(EditUser, KeepingUserManagementIsNoLockout) {
  pcu::Access manager_and_dev = role(pcu::Role::manager);
  manager_and_dev.roles.add(pcu::Role::developer);
  EXPECT_EQ(check(access_only(manager_and_dev), self(role(pcu::Role::manager))), Lines{});
  // Manager to Account users read/write, and back, keeps the right to manage users.
  EXPECT_EQ(check(access_only(account_users(pcu::Level::read_write)), self(role(pcu::Role::manager))), Lines{});
  EXPECT_EQ(check(access_only(role(pcu::Role::manager)), self(account_users(pcu::Level::read_write))), Lines{});
}

// R-UM16
TEST(EditUser, EditingOthersIsNoSelfLockout) {
  pcu::EditContext other{false, "john@example.org", role(pcu::Role::manager)};
  EXPECT_EQ(check(access_only(role(pcu::Role::developer)), other), Lines{});
}

// R-UM16
TEST(EditUser, NoLockoutWithoutUserManagementToLose) {
  EXPECT_EQ(check(access_only(role(pcu::Role::marketer)), self(role(pcu::Role::developer))), Lines{});
  EXPECT_EQ(check(access_only(role(pcu::Role::marketer)), self(account_users(pcu::Level::read))), Lines{});
}

// R-UM16 R-UM13
TEST(EditUser, DirectoryChangesOfOneselfAreNoLockout) {
  pcu::EditUserRequest r;
  r.first_name = "Janet";
  EXPECT_EQ(check(r, self(role(pcu::Role::manager))), Lines{});
}

// R-UM16 R-UM2
TEST(EditUser, EmptyAccessForOneselfIsBothEmptyAndLockout) {
  EXPECT_EQ(check(access_only(pcu::Access{}), self(role(pcu::Role::manager))),
            (Lines{"access_empty|access|0|", "self_lockout|access|0|"}));
}

// R-A6 R-A4: enabling or disabling is a directory change of its own.
TEST(EditUser, EnabledIsADirectoryChange) {
  pcu::EditUserRequest r;
  r.enabled = false;
  EXPECT_TRUE(r.directory_change());
  EXPECT_EQ(check(r), Lines{});
  r.enabled = true;
  EXPECT_EQ(check(r, self(role(pcu::Role::manager))), Lines{});
}

// R-A6 R-UM16: nobody disables itself.
TEST(EditUser, DisablingOneselfIsSelfLockout) {
  pcu::EditUserRequest r;
  r.enabled = false;
  EXPECT_EQ(check(r, self(pcu::Access{})), (Lines{"self_lockout|enabled|0|"}));
}

// R-A6: "enabled" decodes as a boolean and nothing else.
TEST(EditUser, EnabledDecodesAsABoolean) {
  pcu::Problems problems;
  pcu::EditUserRequest r;
  ASSERT_TRUE(pcu::read(pcu::json::parse(R"({"enabled": false})"), r, problems));
  EXPECT_EQ(r.enabled, std::optional<bool>(false));
  EXPECT_FALSE(pcu::read(pcu::json::parse(R"({"enabled": "no"})"), r, problems));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].code, "wrong_type");
  EXPECT_EQ(problems[0].field, "enabled");
}

}  // namespace
