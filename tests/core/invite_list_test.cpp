// parse_invite_list: the pasted text of "Invite outside users" (R-UM7).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pcu/email.hpp"
#include "pcu/limits.hpp"

namespace {

using pcu::parse_invite_list;

// "u1@example.org, u2@example.org, ..." with `count` addresses.
std::string numbered_list(std::size_t count) {
  std::string text;
  for (std::size_t i = 1; i <= count; ++i) text += (i > 1 ? ", u" : "u") + std::to_string(i) + "@example.org";
  return text;
}

std::vector<std::string> addresses_of(const pcu::InviteList& list) {
  std::vector<std::string> out;
  for (const auto& a : list.addresses) out.push_back(a.address);
  return out;
}

// R-UM7
TEST(ParseInviteList, OneAddress) {
  const pcu::InviteList list = parse_invite_list("Jane@Example.org");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list.addresses.size(), 1U);
  EXPECT_EQ(list.addresses[0].address, "jane@example.org");
  EXPECT_EQ(list.addresses[0].display_name, "");
  EXPECT_EQ(list.addresses[0].position, 1U);
}

// R-UM7
TEST(ParseInviteList, CommasAndSemicolonsSplit) {
  const pcu::InviteList list = parse_invite_list("a@x.org,b@x.org;c@x.org");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(addresses_of(list), (std::vector<std::string>{"a@x.org", "b@x.org", "c@x.org"}));
  EXPECT_EQ(list.addresses[2].position, 3U);
}

// R-UM7
TEST(ParseInviteList, SpacesAndEmptyItemsAreIgnored) {
  const pcu::InviteList list = parse_invite_list("\n  a@x.org ,, ;\t; b@x.org\r\n,  ;\n");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(addresses_of(list), (std::vector<std::string>{"a@x.org", "b@x.org"}));
  // Positions count the non-empty items only: b is the second item the person sees.
  EXPECT_EQ(list.addresses[1].position, 2U);
}

// R-UM7
TEST(ParseInviteList, PositionsSkipEmptyItemsInProblems) {
  const pcu::InviteList list = parse_invite_list("a@x.org,,jane@ex ample.org");
  ASSERT_EQ(list.problems.size(), 1U);
  EXPECT_EQ(list.problems[0].position, 2U);
}

// R-UM7
TEST(ParseInviteList, QuotedDisplayNameWithCommaIsOneItem) {
  const pcu::InviteList list = parse_invite_list("\"Doe, Jane\" <jane@example.com>, bob@example.com");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list.addresses.size(), 2U);
  EXPECT_EQ(list.addresses[0].address, "jane@example.com");
  EXPECT_EQ(list.addresses[0].display_name, "Doe, Jane");
  EXPECT_EQ(list.addresses[0].position, 1U);
  EXPECT_EQ(list.addresses[1].address, "bob@example.com");
  EXPECT_EQ(list.addresses[1].position, 2U);
}

// R-UM7
TEST(ParseInviteList, SemicolonInsideQuotesAndEscapesAreHonoured) {
  const pcu::InviteList list =
      parse_invite_list(R"("Doe; Jane \"JJ\" \\ x" <jane@example.com>; "Bob, \, Roe"<BOB@example.com>)");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list.addresses.size(), 2U);
  EXPECT_EQ(list.addresses[0].display_name, R"(Doe; Jane "JJ" \ x)");
  EXPECT_EQ(list.addresses[1].display_name, "Bob, , Roe");
  EXPECT_EQ(list.addresses[1].address, "bob@example.com");
}

// R-UM7
TEST(ParseInviteList, UnquotedNameAndAngleAddressForm) {
  const pcu::InviteList list = parse_invite_list("Jane  Doe <Jane@Example.com>; <bob@example.com>");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list.addresses.size(), 2U);
  EXPECT_EQ(list.addresses[0].address, "jane@example.com");
  EXPECT_EQ(list.addresses[0].display_name, "Jane Doe");
  EXPECT_EQ(list.addresses[1].address, "bob@example.com");
  EXPECT_EQ(list.addresses[1].display_name, "");
}

// R-UM7
TEST(ParseInviteList, NonAsciiDisplayNameIsKept) {
  const pcu::InviteList list = parse_invite_list("\"M\xC3\xBCller, J\xC3\xB6rg\" <jm@example.de>");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list.addresses[0].display_name, "M\xC3\xBCller, J\xC3\xB6rg");
}

// R-UM7
TEST(ParseInviteList, TenAddressesAreAccepted) {
  const pcu::InviteList list = parse_invite_list(numbered_list(pcu::limits::max_invites));
  EXPECT_TRUE(list.ok());
  EXPECT_EQ(list.addresses.size(), 10U);
  EXPECT_EQ(list.addresses.back().position, 10U);
}

// R-UM7
TEST(ParseInviteList, EleventhAddressIsRejectedByPosition) {
  const pcu::InviteList list = parse_invite_list(numbered_list(pcu::limits::max_invites + 1));
  EXPECT_FALSE(list.ok());
  EXPECT_EQ(list.addresses.size(), 10U);
  ASSERT_EQ(list.problems.size(), 1U);
  const pcu::Problem& p = list.problems[0];
  EXPECT_EQ(p.field, "text");
  EXPECT_EQ(p.item, "u11@example.org");
  EXPECT_EQ(p.position, 11U);
  EXPECT_EQ(p.code, "invite_limit_exceeded");
  EXPECT_EQ(p.message, "\"u11@example.org\" (item 11): at most 10 addresses can be invited at once");
}

// R-UM7
TEST(ParseInviteList, EveryItemBeyondTheLimitIsNamed) {
  const pcu::InviteList list = parse_invite_list(numbered_list(10) + ", bad, u12@example.org");
  ASSERT_EQ(list.problems.size(), 2U);
  EXPECT_EQ(list.problems[0].position, 11U);
  EXPECT_EQ(list.problems[0].item, "bad");
  EXPECT_EQ(list.problems[0].code, "invite_limit_exceeded");
  EXPECT_EQ(list.problems[1].position, 12U);
  EXPECT_EQ(list.problems[1].code, "invite_limit_exceeded");
}

// R-UM7
TEST(ParseInviteList, DuplicatesDifferingInCaseAreNamedOnLaterOccurrences) {
  const pcu::InviteList list =
      parse_invite_list("jane@example.com; bob@example.com, JANE@Example.COM, Jane <jAnE@example.com>");
  EXPECT_FALSE(list.ok());
  EXPECT_EQ(addresses_of(list), (std::vector<std::string>{"jane@example.com", "bob@example.com"}));
  ASSERT_EQ(list.problems.size(), 2U);
  EXPECT_EQ(list.problems[0].code, "duplicate_address");
  EXPECT_EQ(list.problems[0].position, 3U);
  EXPECT_EQ(list.problems[0].item, "JANE@Example.COM");
  EXPECT_EQ(list.problems[0].message, "\"JANE@Example.COM\" (item 3): the address already appears as item 1");
  EXPECT_EQ(list.problems[1].code, "duplicate_address");
  EXPECT_EQ(list.problems[1].position, 4U);
  EXPECT_EQ(list.problems[1].item, "Jane <jAnE@example.com>");
}

// R-UM7
TEST(ParseInviteList, InvalidAddressCarriesTheCheckEmailCode) {
  const pcu::InviteList list = parse_invite_list("a@x.org, b@x.org, jane@ex ample.org, c@localhost");
  EXPECT_FALSE(list.ok());
  EXPECT_EQ(list.addresses.size(), 2U);
  ASSERT_EQ(list.problems.size(), 2U);
  const pcu::Problem& p = list.problems[0];
  EXPECT_EQ(p.field, "text");
  EXPECT_EQ(p.item, "jane@ex ample.org");
  EXPECT_EQ(p.position, 3U);
  EXPECT_EQ(p.code, "email_invalid_domain");
  EXPECT_EQ(p.message, "\"jane@ex ample.org\" (item 3): the domain is not valid");
  EXPECT_EQ(list.problems[1].code, "email_domain_needs_dot");
  EXPECT_EQ(list.problems[1].position, 4U);
}

// R-UM7
TEST(ParseInviteList, NonAsciiAddressIsRejected) {
  const pcu::InviteList list = parse_invite_list("a@x.org; J\xC3\xB6rg <j\xC3\xB6rg@example.de>");
  ASSERT_EQ(list.problems.size(), 1U);
  EXPECT_EQ(list.problems[0].code, "email_non_ascii");
  EXPECT_EQ(list.problems[0].position, 2U);
}

// R-UM7
TEST(ParseInviteList, UnbalancedQuoteIsNamed) {
  const pcu::InviteList list = parse_invite_list("a@x.org, \"Doe, Jane <jane@example.com>, b@x.org");
  EXPECT_FALSE(list.ok());
  EXPECT_EQ(addresses_of(list), (std::vector<std::string>{"a@x.org"}));
  ASSERT_EQ(list.problems.size(), 1U);
  // The open quote swallows the rest of the text, so the rest is one item.
  EXPECT_EQ(list.problems[0].code, "unbalanced_quote");
  EXPECT_EQ(list.problems[0].position, 2U);
  EXPECT_EQ(list.problems[0].item, "\"Doe, Jane <jane@example.com>, b@x.org");
}

// R-UM7
TEST(ParseInviteList, EscapedClosingQuoteLeavesQuoteOpen) {
  const pcu::InviteList list = parse_invite_list(R"("Jane\" <jane@example.com>)");
  ASSERT_EQ(list.problems.size(), 1U);
  EXPECT_EQ(list.problems[0].code, "unbalanced_quote");
  EXPECT_EQ(list.problems[0].position, 1U);
}

// R-UM7
TEST(ParseInviteList, AngleWithoutCloseOrWithTrailingTextIsInvalidForm) {
  const pcu::InviteList list = parse_invite_list(
      "Jane <jane@example.com; Bob <bob@example.com> extra; \"Ann\" Lee <ann@example.com>; ok@x.org");
  EXPECT_EQ(addresses_of(list), (std::vector<std::string>{"ok@x.org"}));
  ASSERT_EQ(list.problems.size(), 3U);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(list.problems[i].code, "invalid_address_form") << i;
    EXPECT_EQ(list.problems[i].position, i + 1) << i;
  }
  EXPECT_EQ(list.problems[0].item, "Jane <jane@example.com");
  EXPECT_EQ(list.problems[1].item, "Bob <bob@example.com> extra");
}

// R-UM7
TEST(ParseInviteList, DisplayNameOf256IsAcceptedAnd257Rejected) {
  const std::string at_limit(pcu::limits::display_name_max, 'n');
  const std::string over(pcu::limits::display_name_max + 1, 'n');
  const pcu::InviteList list =
      parse_invite_list("\"" + at_limit + "\" <a@x.org>, \"" + over + "\" <b@x.org>");
  ASSERT_EQ(list.addresses.size(), 1U);
  EXPECT_EQ(list.addresses[0].display_name, at_limit);
  ASSERT_EQ(list.problems.size(), 1U);
  EXPECT_EQ(list.problems[0].code, "display_name_too_long");
  EXPECT_EQ(list.problems[0].position, 2U);
}

// R-UM7
TEST(ParseInviteList, DisplayNameWithControlCharacterIsRejected) {
  const pcu::InviteList list = parse_invite_list("\"Jane\\\x01\" <jane@example.com>");
  ASSERT_EQ(list.problems.size(), 1U);
  EXPECT_EQ(list.problems[0].code, "invalid_display_name");
}

// R-UM7
TEST(ParseInviteList, EmptyTextIsEmptyList) {
  for (const char* text : {"", "   ", " ,; ,\n\t;"}) {
    const pcu::InviteList list = parse_invite_list(text);
    EXPECT_FALSE(list.ok()) << text;
    EXPECT_TRUE(list.addresses.empty());
    ASSERT_EQ(list.problems.size(), 1U) << text;
    EXPECT_EQ(list.problems[0].code, "invite_list_empty");
    EXPECT_EQ(list.problems[0].position, 0U);
    EXPECT_EQ(list.problems[0].item, "");
    EXPECT_EQ(list.problems[0].field, "text");
  }
}

// R-UM7
TEST(ParseInviteList, TextAtTheLimitIsParsedAndOverItIsRefusedAlone) {
  std::string at_limit = "a@x.org";
  at_limit.resize(pcu::limits::invite_text_max, ' ');
  EXPECT_TRUE(parse_invite_list(at_limit).ok());

  const std::string over = numbered_list(11) + std::string(pcu::limits::invite_text_max, ';');
  const pcu::InviteList list = parse_invite_list(over);
  EXPECT_TRUE(list.addresses.empty());
  ASSERT_EQ(list.problems.size(), 1U);
  EXPECT_EQ(list.problems[0].code, "invite_text_too_long");
  EXPECT_EQ(list.problems[0].item, "");
  EXPECT_EQ(list.problems[0].position, 0U);
}

// R-UM7
TEST(ParseInviteList, EveryProblemIsReportedNotJustTheFirst) {
  const pcu::InviteList list = parse_invite_list("x, a@x.org, y@, A@X.ORG, \"z <z@x.org>");
  ASSERT_EQ(list.problems.size(), 4U);
  EXPECT_EQ(list.problems[0].code, "email_missing_at");
  EXPECT_EQ(list.problems[0].position, 1U);
  EXPECT_EQ(list.problems[1].code, "email_invalid_domain");
  EXPECT_EQ(list.problems[1].position, 3U);
  EXPECT_EQ(list.problems[2].code, "duplicate_address");
  EXPECT_EQ(list.problems[2].position, 4U);
  EXPECT_EQ(list.problems[3].code, "unbalanced_quote");
  EXPECT_EQ(list.problems[3].position, 5U);
}

// R-UM7
TEST(ParseInviteList, LongItemIsShortenedInTheMessageOnly) {
  const std::string item = std::string(200, 'a') + "@x";
  const pcu::InviteList list = parse_invite_list(item);
  ASSERT_EQ(list.problems.size(), 1U);
  EXPECT_EQ(list.problems[0].item, item);
  EXPECT_EQ(list.problems[0].message,
            "\"" + std::string(100, 'a') + "...\" (item 1): the part before @ is longer than 64 characters");
}

}  // namespace
