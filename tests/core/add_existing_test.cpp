// validate_add_existing: "Add existing users" (R-UM1) with one access for all (R-UM2).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pcu/pcu.hpp"

namespace {

pcu::TenantSnapshot tenant() {
  pcu::TenantSnapshot t;
  t.directory_users = {"u1", "u2", "u3", "u4"};
  t.account_users = {"u3"};
  return t;
}

pcu::Access developer() {
  pcu::Access a;
  a.roles.add(pcu::Role::developer);
  return a;
}

// The stable parts of each problem, "code|field|position|item"; messages may change.
std::vector<std::string> check(std::vector<std::string> ids, const pcu::Access& access = developer(),
                               const pcu::TenantSnapshot& facts = tenant()) {
  std::vector<std::string> out;
  for (const auto& p : pcu::validate_add_existing({std::move(ids), access}, facts))
    out.push_back(p.code + "|" + p.field + "|" + std::to_string(p.position) + "|" + p.item);
  return out;
}
using Lines = std::vector<std::string>;

// `count` ids "d1".."dN", all directory users of `t` who are not account users yet.
std::vector<std::string> many(std::size_t count, pcu::TenantSnapshot& t) {
  std::vector<std::string> ids;
  for (std::size_t i = 1; i <= count; ++i) ids.push_back("d" + std::to_string(i));
  t.directory_users.insert(t.directory_users.end(), ids.begin(), ids.end());
  return ids;
}

// R-UM1
TEST(AddExisting, DirectoryUsersWhoAreNotAccountUsersCanBeAdded) {
  EXPECT_EQ(check({"u1"}), Lines{});
  EXPECT_EQ(check({"u1", "u2", "u4"}), Lines{});
}

// R-UM1
TEST(AddExisting, UnknownUserIsNamedWithItsPosition) {
  EXPECT_EQ(check({"u1", "nobody", "u2"}), Lines{"unknown_user|user_ids|2|nobody"});
  // Ids are exact: another case is another id.
  EXPECT_EQ(check({"U1"}), Lines{"unknown_user|user_ids|1|U1"});
}

// R-UM1
TEST(AddExisting, AccountUserCannotBeAddedAgain) {
  EXPECT_EQ(check({"u1", "u2", "u3"}), Lines{"already_account_user|user_ids|3|u3"});
}

// R-UM1
TEST(AddExisting, DuplicateUserIsNamedAtEachRepetition) {
  EXPECT_EQ(check({"u1", "u2", "u1", "u1"}), (Lines{"duplicate_user|user_ids|3|u1", "duplicate_user|user_ids|4|u1"}));
  // A repeated unknown user is reported once as unknown, then as a duplicate.
  EXPECT_EQ(check({"x", "x"}), (Lines{"unknown_user|user_ids|1|x", "duplicate_user|user_ids|2|x"}));
}

// R-UM1
TEST(AddExisting, NoUsersIsAProblem) { EXPECT_EQ(check({}), Lines{"no_users|user_ids|0|"}); }

// R-UM1
TEST(AddExisting, AtMostMaxAddUsersAtOnce) {
  ASSERT_EQ(pcu::limits::max_add_users, 100U);
  auto t = tenant();
  auto ids = many(pcu::limits::max_add_users, t);
  EXPECT_EQ(check(ids, developer(), t), Lines{});
  ids.push_back("u1");
  EXPECT_EQ(check(ids, developer(), t), Lines{"too_many_users|user_ids|0|"});
}

// R-UM1
// Past the limit only the first max_add_users ids are looked at, so a huge request costs no
// more than a full one.
TEST(AddExisting, IdsPastTheLimitAreNotLookedAt) {
  auto t = tenant();
  auto ids = many(pcu::limits::max_add_users, t);
  ids[99] = "nobody";
  ids.push_back("nobody-either");
  ids.push_back("u3");
  EXPECT_EQ(check(ids, developer(), t), (Lines{"too_many_users|user_ids|0|", "unknown_user|user_ids|100|nobody"}));
}

// R-UM1
TEST(AddExisting, EveryUserProblemIsReturnedInOrder) {
  EXPECT_EQ(check({"u3", "x", "u1", "u1", "u4"}),
            (Lines{"already_account_user|user_ids|1|u3", "unknown_user|user_ids|2|x", "duplicate_user|user_ids|4|u1"}));
}

// R-UM2
TEST(AddExisting, AccessMustNotBeEmpty) {
  EXPECT_EQ(check({"u1"}, pcu::Access{}), Lines{"access_empty|access|0|"});
  // A custom set whose every level is "no access" is empty too.
  pcu::Access none;
  none.products.push_back({"*", {}});
  EXPECT_EQ(check({"u1"}, none), Lines{"access_empty|access|0|"});
}

// R-UM2
TEST(AddExisting, OneCustomPermissionAboveNoAccessIsEnough) {
  pcu::Access a;
  a.account[static_cast<std::size_t>(pcu::AccountArea::account_users)] = pcu::Level::read;
  EXPECT_EQ(check({"u1", "u2"}, a), Lines{});
  pcu::Access p;
  p.products.push_back({"app-42", {}});
  p.products[0].levels[static_cast<std::size_t>(pcu::ProductPermission::usage)] = pcu::Level::read;
  EXPECT_EQ(check({"u1"}, p), Lines{});
}

// R-UM2
TEST(AddExisting, RolesAndCustomPermissionsAreNotMixed) {
  pcu::Access a = developer();
  a.account[static_cast<std::size_t>(pcu::AccountArea::new_apps)] = pcu::Level::read;
  EXPECT_EQ(check({"u1"}, a), Lines{"access_roles_and_custom|access|0|"});
}

// R-UM1 R-UM2
TEST(AddExisting, UserAndAccessProblemsAreReturnedTogether) {
  EXPECT_EQ(check({}, pcu::Access{}), (Lines{"no_users|user_ids|0|", "access_empty|access|0|"}));
  EXPECT_EQ(check({"u3", "zz"}, pcu::Access{}),
            (Lines{"already_account_user|user_ids|1|u3", "unknown_user|user_ids|2|zz", "access_empty|access|0|"}));
}

}  // namespace
