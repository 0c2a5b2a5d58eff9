// check_email: one address, as R-UM7 (invitations) and R-UM4 (recovery email) need it.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "pcu/email.hpp"
#include "pcu/limits.hpp"

namespace {

using pcu::check_email;
namespace code = pcu::email_code;

// A valid domain of exactly `length` octets (length > 63): labels of 62 letters, then the rest.
std::string domain_of(std::size_t length) {
  std::string domain;
  while (length - domain.size() > pcu::limits::domain_label_max) domain += std::string(62, 'd') + ".";
  domain += std::string(length - domain.size(), 'o');
  return domain;
}

std::string_view code_of(std::string_view address) { return check_email(address).code; }

// R-UM7
TEST(CheckEmail, AcceptsPlainAddressAndNormalizes) {
  const pcu::EmailCheck check = check_email("  Jane.Doe@Example.ORG\t\n");
  EXPECT_TRUE(check.ok);
  EXPECT_EQ(check.normalized, "jane.doe@example.org");
  EXPECT_TRUE(check.code.empty());
  EXPECT_TRUE(check.message.empty());
}

// R-UM7
TEST(CheckEmail, AcceptsEveryAtextCharacterInLocalPart) {
  EXPECT_TRUE(check_email("!#$%&'*+-/=?^_`{|}~.AZaz09@example.org").ok);
  EXPECT_TRUE(check_email("a.b.c@sub-1.example.org").ok);
  EXPECT_TRUE(check_email("x@1.2").ok);
}

// R-UM7
TEST(CheckEmail, EmptyOrBlankIsEmpty) {
  EXPECT_EQ(code_of(""), code::empty);
  EXPECT_EQ(code_of(" \t\r\n "), code::empty);
}

// R-UM7
TEST(CheckEmail, MissingAt) {
  EXPECT_EQ(code_of("jane.example.org"), code::missing_at);
  EXPECT_EQ(code_of("jane"), code::missing_at);
}

// R-UM7
TEST(CheckEmail, LocalPartOf64IsAcceptedAnd65Rejected) {
  const std::string at_limit = std::string(pcu::limits::email_local_max, 'l') + "@example.org";
  const std::string over = std::string(pcu::limits::email_local_max + 1, 'l') + "@example.org";
  EXPECT_TRUE(check_email(at_limit).ok);
  const pcu::EmailCheck check = check_email(over);
  EXPECT_EQ(check.code, code::local_too_long);
  EXPECT_EQ(check.message, "the part before @ is longer than 64 characters");
}

// R-UM7
TEST(CheckEmail, WholeAddressOf254IsAcceptedAnd255Rejected) {
  const std::string local(pcu::limits::email_local_max, 'l');
  const std::string at_limit = local + "@" + domain_of(pcu::limits::email_max - 65);
  const std::string over = local + "@" + domain_of(pcu::limits::email_max - 64);
  ASSERT_EQ(at_limit.size(), 254U);
  ASSERT_EQ(over.size(), 255U);
  EXPECT_TRUE(check_email(at_limit).ok);
  const pcu::EmailCheck check = check_email(over);
  EXPECT_EQ(check.code, code::too_long);
  EXPECT_EQ(check.message, "the address is longer than 254 characters");
}

// R-UM7
TEST(CheckEmail, LabelOf63IsAcceptedAnd64Rejected) {
  const std::string at_limit = "jane@" + std::string(pcu::limits::domain_label_max, 'a') + ".org";
  const std::string over = "jane@" + std::string(pcu::limits::domain_label_max + 1, 'a') + ".org";
  EXPECT_TRUE(check_email(at_limit).ok);
  EXPECT_EQ(code_of(over), code::label_too_long);
  EXPECT_EQ(code_of("jane@example." + std::string(64, 'o')), code::label_too_long);
}

// R-UM7
// A 253-octet domain passes the domain check, but with the shortest local part ("a@") the
// whole address has 255 octets, so with the default limits it is refused as too long; a
// 254-octet domain is refused for the domain itself.
TEST(CheckEmail, DomainOf253PassesDomainCheckAnd254IsRejected) {
  const std::string at_limit = "a@" + domain_of(pcu::limits::domain_max);
  const std::string over = "a@" + domain_of(pcu::limits::domain_max + 1);
  ASSERT_EQ(at_limit.size(), 255U);
  EXPECT_EQ(code_of(at_limit), code::too_long);
  const pcu::EmailCheck check = check_email(over);
  EXPECT_EQ(check.code, code::domain_too_long);
  EXPECT_EQ(check.message, "the domain is longer than 253 characters");
}

// R-UM7
TEST(CheckEmail, InvalidLocalPart) {
  EXPECT_EQ(code_of("@example.org"), code::invalid_local);
  EXPECT_EQ(code_of(".jane@example.org"), code::invalid_local);
  EXPECT_EQ(code_of("jane.@example.org"), code::invalid_local);
  EXPECT_EQ(code_of("ja..ne@example.org"), code::invalid_local);
  EXPECT_EQ(code_of("jane doe@example.org"), code::invalid_local);
  EXPECT_EQ(code_of("\"jane\"@example.org"), code::invalid_local);
  EXPECT_EQ(code_of("jane(x)@example.org"), code::invalid_local);
  EXPECT_EQ(code_of("jane@doe@example.org"), code::invalid_local);
  EXPECT_EQ(code_of("<jane@example.org"), code::invalid_local);
  EXPECT_EQ(check_email("ja,ne@example.org").message, "the part before @ is not valid");
}

// R-UM7
TEST(CheckEmail, InvalidDomain) {
  EXPECT_EQ(code_of("jane@"), code::invalid_domain);
  EXPECT_EQ(code_of("jane@ex ample.org"), code::invalid_domain);
  EXPECT_EQ(code_of("jane@-example.org"), code::invalid_domain);
  EXPECT_EQ(code_of("jane@example-.org"), code::invalid_domain);
  EXPECT_EQ(code_of("jane@exa_mple.org"), code::invalid_domain);
  EXPECT_EQ(code_of("jane@.example.org"), code::invalid_domain);
  EXPECT_EQ(code_of("jane@example..org"), code::invalid_domain);
  EXPECT_EQ(code_of("jane@example.org."), code::invalid_domain);
  EXPECT_EQ(code_of("jane@[192.0.2.1]"), code::invalid_domain);
  EXPECT_EQ(code_of("jane@example.org>"), code::invalid_domain);
  EXPECT_EQ(check_email("jane@ex ample.org").message, "the domain is not valid");
}

// R-UM7
TEST(CheckEmail, DomainNeedsDot) {
  EXPECT_EQ(code_of("jane@localhost"), code::domain_needs_dot);
  EXPECT_EQ(check_email("jane@localhost").message, "the domain needs a dot, as in example.org");
}

// R-UM7
TEST(CheckEmail, NonAsciiAnywhereHasItsOwnCode) {
  EXPECT_EQ(code_of("jan\xC3\xA9@example.org"), code::non_ascii);
  EXPECT_EQ(code_of("jane@ex\xC3\xA4mple.org"), code::non_ascii);
  EXPECT_EQ(code_of("\xFF"), code::non_ascii);
  // Non-ASCII wins over the other faults, so the person learns what to change first.
  EXPECT_EQ(code_of(std::string(300, 'a') + "\x80"), code::non_ascii);
}

// R-UM7
TEST(CheckEmail, FailureHasCodeAndMessageButNoNormalizedForm) {
  for (std::string_view bad : {"", "x", "x@y", "x@-y.org", "\xC3\xA9@x.org"}) {
    const pcu::EmailCheck check = check_email(bad);
    EXPECT_FALSE(check.ok) << bad;
    EXPECT_FALSE(check.code.empty()) << bad;
    EXPECT_FALSE(check.message.empty()) << bad;
    EXPECT_TRUE(check.normalized.empty()) << bad;
  }
}

}  // namespace
