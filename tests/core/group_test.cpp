// validate_group: creating a group (R-GR1).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pcu/pcu.hpp"

namespace {

pcu::TenantSnapshot tenant() {
  pcu::TenantSnapshot t;
  t.groups = {"g-dev", "Designers"};
  t.directory_users = {"u1", "u2", "u3"};
  return t;
}

pcu::GroupRequest valid_group() {
  pcu::GroupRequest g;
  g.display_name = "Release managers";
  g.description = "People who ship.";
  g.members = {"u1", "u2"};
  return g;
}

// The stable parts of each problem, "code|field|position|item"; messages may change.
std::vector<std::string> check(const pcu::GroupRequest& g, const pcu::TenantSnapshot& facts = tenant()) {
  std::vector<std::string> out;
  for (const auto& p : pcu::validate_group(g, facts))
    out.push_back(p.code + "|" + p.field + "|" + std::to_string(p.position) + "|" + p.item);
  return out;
}
using Lines = std::vector<std::string>;

Lines with_name(const std::string& name) {
  auto g = valid_group();
  g.display_name = name;
  return check(g);
}

Lines with_description(const std::string& description) {
  auto g = valid_group();
  g.description = description;
  return check(g);
}

std::string repeat(const std::string& s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

// R-GR1
TEST(Group, ValidGroupHasNoProblem) {
  EXPECT_EQ(check(valid_group()), Lines{});
  pcu::GroupRequest minimal;
  minimal.display_name = "x";
  EXPECT_EQ(check(minimal), Lines{});  // no description, no members, no access
}

// R-GR1
TEST(Group, DisplayNameIsRequired) {
  EXPECT_EQ(with_name(""), Lines{"group_name_required|display_name|0|"});
  EXPECT_EQ(with_name(" \t\n"), Lines{"group_name_required|display_name|0|"});
}

// R-GR1
TEST(Group, DisplayNameOf256CharactersIsAcceptedAnd257Rejected) {
  ASSERT_EQ(pcu::limits::group_name_max, 256U);
  EXPECT_EQ(with_name(std::string(256, 'g')), Lines{});
  EXPECT_EQ(with_name(std::string(257, 'g')), Lines{"group_name_too_long|display_name|0|" + std::string(257, 'g')});
  // Trimmed before counting.
  EXPECT_EQ(with_name("  " + std::string(256, 'g') + " "), Lines{});
}

// R-GR1
TEST(Group, DisplayNameLengthCountsCodePoints) {
  const std::string li = "\xE6\x9D\x8E";  // 李
  EXPECT_EQ(with_name(repeat(li, 256)), Lines{});
  EXPECT_EQ(with_name(repeat(li, 257)), Lines{"group_name_too_long|display_name|0|" + repeat(li, 257)});
  EXPECT_EQ(with_name("\xC3\x89quipe Zo\xC3\xAB"), Lines{});  // Équipe Zoë
}

// R-GR1
TEST(Group, DisplayNameMustBeTextWithoutControlCharacters) {
  for (const char* name : {"Rel\x01" "ease", "Re\x7Flease", "Rel\xC2\x85" "ease", "Rel\xFF", "Rel\xC3"})
    EXPECT_EQ(with_name(name), Lines{"group_name_invalid|display_name|0|"}) << name;
}

// R-GR1
TEST(Group, ExistingGroupCannotBeCreatedAgain) {
  EXPECT_EQ(with_name("Designers"), Lines{"group_exists|display_name|0|Designers"});
  EXPECT_EQ(with_name("  Designers "), Lines{"group_exists|display_name|0|Designers"});
  EXPECT_EQ(with_name("g-dev"), Lines{"group_exists|display_name|0|g-dev"});
}

// R-GR1
TEST(Group, DescriptionIsOptionalWithAtMost1024Characters) {
  ASSERT_EQ(pcu::limits::group_description_max, 1024U);
  EXPECT_EQ(with_description(""), Lines{});
  EXPECT_EQ(with_description(std::string(1024, 'd')), Lines{});
  EXPECT_EQ(with_description(std::string(1025, 'd')), Lines{"description_too_long|description|0|"});
  // Characters, not bytes; line breaks are fine in a description.
  EXPECT_EQ(with_description(repeat("\xC3\xA9", 1024)), Lines{});
  EXPECT_EQ(with_description(repeat("\xC3\xA9", 1025)), Lines{"description_too_long|description|0|"});
  EXPECT_EQ(with_description("Line one.\nLine two."), Lines{});
  EXPECT_EQ(with_description("bad \xFF byte"), Lines{"description_invalid|description|0|"});
}

// R-GR1
TEST(Group, MembersMustExistInTheDirectory) {
  auto g = valid_group();
  g.members = {"u1", "ghost", "u3", "u4"};
  EXPECT_EQ(check(g), (Lines{"unknown_user|members|2|ghost", "unknown_user|members|4|u4"}));
}

// R-GR1
TEST(Group, AtMostMaxAddUsersMembersAtOnce) {
  auto t = tenant();
  auto g = valid_group();
  g.members.clear();
  for (std::size_t i = 1; i <= pcu::limits::max_add_users; ++i) {
    t.directory_users.push_back("m" + std::to_string(i));
    g.members.push_back("m" + std::to_string(i));
  }
  EXPECT_EQ(check(g, t), Lines{});
  g.members.push_back("u1");
  EXPECT_EQ(check(g, t), Lines{"too_many_users|members|0|"});
}

// R-GR1 R-UM2
TEST(Group, OptionalAccessIsValidatedWhenGiven) {
  auto g = valid_group();
  g.access = pcu::Access{};
  EXPECT_EQ(check(g), Lines{"access_empty|access|0|"});
  g.access->roles.add(pcu::Role::marketer);
  EXPECT_EQ(check(g), Lines{});
  g.access->account[static_cast<std::size_t>(pcu::AccountArea::ticketing_administrator)] = pcu::Level::read;
  EXPECT_EQ(check(g), (Lines{"access_roles_and_custom|access|0|",
                             "level_not_allowed|access.account.ticketing_administrator|0|read"}));
}

// R-GR1
TEST(Group, EveryProblemIsReturnedTogether) {
  pcu::GroupRequest g;
  g.display_name = "Designers";
  g.description = std::string(1025, 'd');
  g.members = {"nobody"};
  g.access = pcu::Access{};
  EXPECT_EQ(check(g), (Lines{"group_exists|display_name|0|Designers", "description_too_long|description|0|",
                             "unknown_user|members|1|nobody", "access_empty|access|0|"}));
}

}  // namespace
