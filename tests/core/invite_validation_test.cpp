// validate_invite: the invitation text against the account (R-UM7) and the access given
// to every invited guest (R-UM2). All or nothing: ok() only without any problem.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pcu/pcu.hpp"

namespace {

pcu::TenantSnapshot tenant() {
  pcu::TenantSnapshot t;
  t.account_emails = {"Ann@Example.org", "owner@example.org"};
  t.pending_invitations = {"bob@partner.com"};
  return t;
}

pcu::Access marketer() {
  pcu::Access a;
  a.roles.add(pcu::Role::marketer);
  return a;
}

pcu::InviteValidation validate(const std::string& text, const pcu::Access& access = marketer()) {
  return pcu::validate_invite({text, access}, tenant());
}

// The stable parts of each problem, "code|field|position|item"; messages may change.
std::vector<std::string> summary(const pcu::InviteValidation& v) {
  std::vector<std::string> out;
  for (const auto& p : v.problems) out.push_back(p.code + "|" + p.field + "|" + std::to_string(p.position) + "|" + p.item);
  return out;
}
using Lines = std::vector<std::string>;

// R-UM7
TEST(ValidateInvite, NewAddressesAreOk) {
  const auto v = validate("carol@example.org; \"Doe, Dan\" <dan@partner.com>");
  EXPECT_TRUE(v.ok());
  EXPECT_EQ(summary(v), Lines{});
  ASSERT_EQ(v.list.addresses.size(), 2U);
  EXPECT_EQ(v.list.addresses[1].address, "dan@partner.com");
  EXPECT_EQ(v.list.addresses[1].display_name, "Doe, Dan");
}

// R-UM7
TEST(ValidateInvite, AccountUsersAddressIsInUse) {
  const auto v = validate("carol@example.org, ann@example.org");
  EXPECT_FALSE(v.ok());
  EXPECT_EQ(summary(v), Lines{"address_in_use|text|2|ann@example.org"});
  EXPECT_NE(v.problems[0].message.find("item 2"), std::string::npos);
}

// R-UM7
TEST(ValidateInvite, PendingInvitationIsInUse) {
  const auto v = validate("bob@partner.com");
  EXPECT_FALSE(v.ok());
  EXPECT_EQ(summary(v), Lines{"address_in_use|text|1|bob@partner.com"});
}

// R-UM7
TEST(ValidateInvite, InUseComparesCaseInsensitively) {
  // The item named is the address as normalized (lower case), at the position the person sees.
  EXPECT_EQ(summary(validate("ANN@EXAMPLE.ORG")), Lines{"address_in_use|text|1|ann@example.org"});
  EXPECT_EQ(summary(validate(" ; x@example.org;; Bob@Partner.COM")), Lines{"address_in_use|text|2|bob@partner.com"});
  EXPECT_EQ(summary(validate("\"Ann\" <Ann@example.ORG>")), Lines{"address_in_use|text|1|ann@example.org"});
}

// R-UM7
TEST(ValidateInvite, EveryAddressInUseIsNamed) {
  EXPECT_EQ(summary(validate("ann@example.org, carol@example.org, bob@partner.com, owner@example.org")),
            (Lines{"address_in_use|text|1|ann@example.org", "address_in_use|text|3|bob@partner.com",
                   "address_in_use|text|4|owner@example.org"}));
}

// R-UM7
TEST(ValidateInvite, InUseIsReportedTogetherWithListProblems) {
  const auto v = validate("ann@example.org, not-an-address, ANN@example.org, carol@example.org");
  EXPECT_FALSE(v.ok());
  EXPECT_EQ(summary(v), (Lines{"email_missing_at|text|2|not-an-address", "duplicate_address|text|3|ANN@example.org",
                               "address_in_use|text|1|ann@example.org"}));
}

// R-UM7
TEST(ValidateInvite, TenAddressesAreAcceptedAndEleventhRejected) {
  ASSERT_EQ(pcu::limits::max_invites, 10U);
  std::string text;
  for (int i = 1; i <= 10; ++i) text += "u" + std::to_string(i) + "@example.org,";
  EXPECT_TRUE(validate(text).ok());
  const auto v = validate(text + "ann@example.org");
  EXPECT_FALSE(v.ok());
  // The eleventh is over the limit and is not checked further, not even for being in use.
  EXPECT_EQ(summary(v), Lines{"invite_limit_exceeded|text|11|ann@example.org"});
}

// R-UM7
TEST(ValidateInvite, EmptyTextIsNotOk) {
  const auto v = validate(" ,; ");
  EXPECT_FALSE(v.ok());
  EXPECT_EQ(summary(v), Lines{"invite_list_empty|text|0|"});
}

// R-UM7
TEST(ValidateInvite, NothingIsOkWhileAnyProblemRemains) {
  // Valid addresses are parsed, but the request as a whole is refused.
  const auto v = validate("carol@example.org, dan@partner.com, bob@partner.com");
  EXPECT_EQ(v.list.addresses.size(), 3U);
  EXPECT_FALSE(v.ok());
}

// R-UM2 R-UM7
TEST(ValidateInvite, AccessProblemsAreIncluded) {
  const auto v = validate("carol@example.org", pcu::Access{});
  EXPECT_FALSE(v.ok());
  EXPECT_EQ(summary(v), Lines{"access_empty|access|0|"});
  pcu::Access custom;
  custom.products.push_back({"app-42", {}});
  custom.products[0].levels[static_cast<std::size_t>(pcu::ProductPermission::contact_customer)] = pcu::Level::read;
  EXPECT_EQ(summary(validate("carol@example.org", custom)),
            Lines{"contact_customer_needs_feedback|access.products.app-42.contact_customer|0|app-42"});
}

// R-UM2 R-UM7
TEST(ValidateInvite, ListInUseAndAccessProblemsComeTogether) {
  EXPECT_EQ(summary(validate("ann@example.org,,x@", pcu::Access{})),
            (Lines{"email_invalid_domain|text|2|x@", "address_in_use|text|1|ann@example.org", "access_empty|access|0|"}));
}

}  // namespace
