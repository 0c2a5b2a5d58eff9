// validate_create_user: "Create new user" (R-UM3 names and usernames, R-UM4 global
// administrators, R-UM5 groups). Every problem is returned, not only the first.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pcu/pcu.hpp"

namespace {

// 48 characters: with a 64-character alias the whole username has exactly 113.
const std::string long_domain = std::string(36, 'd') + ".example.org";
// 49 characters: the same username has 114.
const std::string longer_domain = std::string(37, 'd') + ".example.org";

pcu::TenantSnapshot tenant() {
  pcu::TenantSnapshot t;
  t.verified_domains = {"example.org", "Contoso.com", long_domain, longer_domain};
  t.usernames = {"Taken@Example.org"};
  t.groups = {"g-dev", "Designers"};
  return t;
}

pcu::CreateUserRequest valid_request() {
  pcu::CreateUserRequest r;
  r.first_name = "Jane";
  r.last_name = "Doe";
  r.username = "jane.doe@example.org";
  r.access.roles.add(pcu::Role::developer);
  return r;
}

// The stable parts of each problem, "code|field|position|item"; messages may change.
std::vector<std::string> summary(const pcu::Problems& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(p.code + "|" + p.field + "|" + std::to_string(p.position) + "|" + p.item);
  return out;
}
using Lines = std::vector<std::string>;

Lines problems_with_first_name(const std::string& name) {
  auto r = valid_request();
  r.first_name = name;
  return summary(pcu::validate_create_user(r, tenant()));
}

Lines problems_with_username(const std::string& username) {
  auto r = valid_request();
  r.username = username;
  return summary(pcu::validate_create_user(r, tenant()));
}

std::string repeat(const std::string& s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

// R-UM3
TEST(CreateUser, ValidRequestHasNoProblem) {
  EXPECT_TRUE(pcu::validate_create_user(valid_request(), tenant()).empty());
}

// R-UM3
TEST(CreateUser, NamesAreTrimmed) {
  EXPECT_EQ(problems_with_first_name("  Jane \t"), Lines{});
  EXPECT_EQ(problems_with_first_name("   "), Lines{"name_required|first_name|0|   "});
  EXPECT_EQ(problems_with_first_name(""), Lines{"name_required|first_name|0|"});
  auto r = valid_request();
  r.last_name = "\n";
  EXPECT_EQ(summary(pcu::validate_create_user(r, tenant())), Lines{"name_required|last_name|0|\n"});
}

// R-UM3
TEST(CreateUser, NonAsciiNamesAreAccepted) {
  for (const char* name : {"Zo\xC3\xAB", "\xE6\x9D\x8E", "\xC3\x98" "deg\xC3\xA5rd", "\xF0\x9F\x98\x80", "O'Neil-Smith"})
    EXPECT_EQ(problems_with_first_name(name), Lines{}) << name;
}

// R-UM3
TEST(CreateUser, NameOf64CharactersIsAcceptedAnd65Rejected) {
  ASSERT_EQ(pcu::limits::name_max, 64U);
  EXPECT_EQ(problems_with_first_name(std::string(64, 'a')), Lines{});
  EXPECT_EQ(problems_with_first_name(std::string(65, 'a')), Lines{"name_too_long|first_name|0|" + std::string(65, 'a')});
  // Surrounding spaces are not counted.
  EXPECT_EQ(problems_with_first_name("  " + std::string(64, 'a') + "  "), Lines{});
}

// R-UM3
TEST(CreateUser, NameLengthCountsCodePointsNotBytes) {
  const std::string li = "\xE6\x9D\x8E";  // 李, three bytes
  EXPECT_EQ(problems_with_first_name(repeat(li, 64)), Lines{});
  EXPECT_EQ(problems_with_first_name(repeat(li, 65)), Lines{"name_too_long|first_name|0|" + repeat(li, 65)});
  const std::string smile = "\xF0\x9F\x98\x80";  // four bytes
  EXPECT_EQ(problems_with_first_name(repeat(smile, 64)), Lines{});
  EXPECT_EQ(problems_with_first_name(repeat(smile, 65)).at(0).substr(0, 13), "name_too_long");
}

// R-UM3
TEST(CreateUser, ControlCharactersAreRejected) {
  const std::vector<std::string> names = {std::string("Ja\0ne", 5), "Jane\tDoe", "Jane\nDoe", "Ja\x01ne",
                                          "Ja\x7Fne", "Ja\xC2\x85ne" /* U+0085, C1 */, "Ja\xC2\x9Fne"};
  for (const auto& name : names)
    EXPECT_EQ(problems_with_first_name(name), Lines{"name_control_character|first_name|0|" + name}) << name;
  // U+00A0 is not a control character.
  EXPECT_EQ(problems_with_first_name("Ja\xC2\xA0ne"), Lines{});
}

// R-UM3
TEST(CreateUser, NamesMustBeUtf8) {
  for (const char* name : {"Ja\xFFne", "Ja\xC3", "\xC0\xAF", "\xED\xA0\x80" /* surrogate */})
    EXPECT_EQ(problems_with_first_name(name), Lines{"name_invalid_utf8|first_name|0|"}) << name;
}

// R-UM3
TEST(CreateUser, AliasMayHoldLettersDigitsAndTheListedSymbols) {
  EXPECT_EQ(problems_with_username("O'Neil.x-y_z!a#b^c~9@example.org"), Lines{});
  for (char c : std::string("'.-_!#^~")) {
    const std::string username = std::string("a") + c + "b@example.org";
    EXPECT_EQ(problems_with_username(username), Lines{}) << username;
  }
  for (const char* username : {"jane+x@example.org", "jane doe@example.org", "jan\xC3\xA9@example.org",
                               "jane/x@example.org", "jane%x@example.org", "\"jane\"@example.org",
                               "jane$@example.org", "jane*@example.org"})
    EXPECT_EQ(problems_with_username(username), Lines{std::string("alias_invalid|username|0|") + username})
        << username;
}

// R-UM3
TEST(CreateUser, AliasOf64IsAcceptedAnd65Rejected) {
  ASSERT_EQ(pcu::limits::alias_max, 64U);
  EXPECT_EQ(problems_with_username(std::string(64, 'a') + "@example.org"), Lines{});
  const std::string over = std::string(65, 'a') + "@example.org";
  EXPECT_EQ(problems_with_username(over), Lines{"alias_too_long|username|0|" + over});
}

// R-UM3
TEST(CreateUser, AliasDotsAreNotLeadingTrailingOrDoubled) {
  for (const char* username : {".jane@example.org", "jane.@example.org", "ja..ne@example.org", ".@example.org"})
    EXPECT_EQ(problems_with_username(username), Lines{std::string("alias_invalid|username|0|") + username})
        << username;
  EXPECT_EQ(problems_with_username("j.a.n.e@example.org"), Lines{});
}

// R-UM3
TEST(CreateUser, UsernameIsAliasAtDomain) {
  EXPECT_EQ(problems_with_username(""), Lines{"username_required|username|0|"});
  EXPECT_EQ(problems_with_username("jane.example.org"), Lines{"username_invalid|username|0|jane.example.org"});
  EXPECT_EQ(problems_with_username("a@b@example.org"), Lines{"username_invalid|username|0|a@b@example.org"});
  EXPECT_EQ(problems_with_username("@example.org"), Lines{"alias_invalid|username|0|@example.org"});
  EXPECT_EQ(problems_with_username("jane@"), Lines{"domain_not_verified|username|0|jane@"});
}

// R-UM3
TEST(CreateUser, WholeUsernameOf113IsAcceptedAnd114Rejected) {
  ASSERT_EQ(pcu::limits::username_max, 113U);
  const std::string at_limit = std::string(64, 'a') + "@" + long_domain;
  const std::string over = std::string(64, 'a') + "@" + longer_domain;
  ASSERT_EQ(at_limit.size(), 113U);
  ASSERT_EQ(over.size(), 114U);
  EXPECT_EQ(problems_with_username(at_limit), Lines{});
  EXPECT_EQ(problems_with_username(over), Lines{"username_too_long|username|0|" + over});
  // A short alias on the longer domain is fine.
  EXPECT_EQ(problems_with_username("jane@" + longer_domain), Lines{});
}

// R-UM3
TEST(CreateUser, DomainMustBeVerifiedInTheActingTenant) {
  EXPECT_EQ(problems_with_username("jane@fabrikam.com"), Lines{"domain_not_verified|username|0|jane@fabrikam.com"});
  EXPECT_EQ(problems_with_username("jane@sub.example.org"),
            Lines{"domain_not_verified|username|0|jane@sub.example.org"});
  // Domains compare case-insensitively.
  EXPECT_EQ(problems_with_username("jane@EXAMPLE.org"), Lines{});
  EXPECT_EQ(problems_with_username("jane@contoso.COM"), Lines{});
}

// R-UM3
TEST(CreateUser, UsernamesAreUniqueCaseInsensitively) {
  for (const char* username : {"taken@example.org", "TAKEN@EXAMPLE.ORG", "Taken@Example.org"})
    EXPECT_EQ(problems_with_username(username), Lines{std::string("username_taken|username|0|") + username})
        << username;
  EXPECT_EQ(problems_with_username("taken2@example.org"), Lines{});
}

// R-UM4
TEST(CreateUser, GlobalAdminNeedsARecoveryEmail) {
  auto r = valid_request();
  r.global_admin = true;
  EXPECT_EQ(summary(pcu::validate_create_user(r, tenant())), Lines{"recovery_email_required|recovery_email|0|"});
  r.recovery_email = "jane.private@contoso.net";
  EXPECT_EQ(summary(pcu::validate_create_user(r, tenant())), Lines{});
  // A user who is not a global administrator needs none.
  r.global_admin = false;
  r.recovery_email.clear();
  EXPECT_EQ(summary(pcu::validate_create_user(r, tenant())), Lines{});
}

// R-UM4
TEST(CreateUser, InvalidRecoveryEmailGetsItsEmailCode) {
  const std::vector<std::pair<std::string, std::string_view>> cases = {
      {"jane.private", pcu::email_code::missing_at},
      {"jane@localhost", pcu::email_code::domain_needs_dot},
      {".jane@contoso.net", pcu::email_code::invalid_local},
      {"jane@contoso..net", pcu::email_code::invalid_domain},
      {std::string(65, 'j') + "@contoso.net", pcu::email_code::local_too_long},
      {"j\xC3\xA9@contoso.net", pcu::email_code::non_ascii},
  };
  for (bool admin : {true, false})
    for (const auto& [email, code] : cases) {
      auto r = valid_request();
      r.global_admin = admin;
      r.recovery_email = email;
      EXPECT_EQ(summary(pcu::validate_create_user(r, tenant())),
                Lines{std::string(code) + "|recovery_email|0|" + email})
          << email;
    }
}

// R-UM5
TEST(CreateUser, UnknownGroupIsNamedWithItsPosition) {
  auto r = valid_request();
  r.groups = {"g-dev", "g-ops", "Designers", "designers"};
  EXPECT_EQ(summary(pcu::validate_create_user(r, tenant())),
            (Lines{"unknown_group|groups|2|g-ops", "unknown_group|groups|4|designers"}));
}

// R-UM5
TEST(CreateUser, DuplicateGroupIsNamedWithItsPosition) {
  auto r = valid_request();
  r.groups = {"g-dev", "Designers", "g-dev", "g-dev"};
  EXPECT_EQ(summary(pcu::validate_create_user(r, tenant())),
            (Lines{"duplicate_group|groups|3|g-dev", "duplicate_group|groups|4|g-dev"}));
}

// R-UM5
TEST(CreateUser, AtMostMaxGroupsPerUser) {
  auto t = tenant();
  auto r = valid_request();
  for (std::size_t i = 1; i <= pcu::limits::max_groups_per_user; ++i) {
    t.groups.push_back("g" + std::to_string(i));
    r.groups.push_back("g" + std::to_string(i));
  }
  EXPECT_EQ(summary(pcu::validate_create_user(r, t)), Lines{});
  r.groups.push_back("g-dev");
  EXPECT_EQ(summary(pcu::validate_create_user(r, t)), Lines{"too_many_groups|groups|0|"});
}

// R-UM2 R-UM3
TEST(CreateUser, AccessIsValidatedToo) {
  auto r = valid_request();
  r.access = pcu::Access{};
  EXPECT_EQ(summary(pcu::validate_create_user(r, tenant())), Lines{"access_empty|access|0|"});
}

// R-UM3 R-UM4 R-UM5
TEST(CreateUser, EveryProblemIsReturnedTogether) {
  pcu::CreateUserRequest r;
  r.first_name = " ";
  r.last_name = std::string(65, 'x');
  r.username = "jane@fabrikam.com";
  r.global_admin = true;
  r.groups = {"nope", "nope"};
  EXPECT_EQ(summary(pcu::validate_create_user(r, tenant())),
            (Lines{"name_required|first_name|0| ", "name_too_long|last_name|0|" + std::string(65, 'x'),
                   "domain_not_verified|username|0|jane@fabrikam.com", "recovery_email_required|recovery_email|0|",
                   "unknown_group|groups|1|nope", "duplicate_group|groups|2|nope", "access_empty|access|0|"}));
}

}  // namespace
