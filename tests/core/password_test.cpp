// validate_password: 8-256 characters, three of four classes, printable ASCII and space
// only (R-PW1).
#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <vector>

#include "pcu/pcu.hpp"

namespace {

using Codes = std::vector<std::string>;

Codes codes(std::string_view password) {
  Codes out;
  for (const auto& p : pcu::validate_password(password)) {
    EXPECT_EQ(p.field, "password");
    EXPECT_EQ(p.item, "");  // a password is never echoed back
    EXPECT_EQ(p.position, 0U);
    EXPECT_FALSE(p.message.empty());
    out.push_back(p.code);
  }
  return out;
}

// `length` characters of three classes: "Aa1" then lowercase letters.
std::string password_of(std::size_t length) { return "Aa1" + std::string(length - 3, 'x'); }

// R-PW1
TEST(Password, SevenCharactersAreTooShortAndEightAccepted) {
  ASSERT_EQ(pcu::limits::password_min, 8U);
  EXPECT_EQ(codes(password_of(7)), Codes{"password_too_short"});
  EXPECT_EQ(codes(password_of(8)), Codes{});
}

// R-PW1
TEST(Password, TwoHundredFiftySixAreAcceptedAnd257TooLong) {
  ASSERT_EQ(pcu::limits::password_max, 256U);
  EXPECT_EQ(codes(password_of(256)), Codes{});
  EXPECT_EQ(codes(password_of(257)), Codes{"password_too_long"});
}

// R-PW1
TEST(Password, AnyThreeOfFourClassesAreEnough) {
  EXPECT_EQ(codes("abcdEFGH12"), Codes{});  // lower, upper, digit
  EXPECT_EQ(codes("abcdEFGH!?"), Codes{});  // lower, upper, symbol
  EXPECT_EQ(codes("abcd1234!?"), Codes{});  // lower, digit, symbol
  EXPECT_EQ(codes("ABCD1234!?"), Codes{});  // upper, digit, symbol
  EXPECT_EQ(codes("aB3$aB3$"), Codes{});    // all four
}

// R-PW1
TEST(Password, FewerThanThreeClassesAreTooSimple) {
  for (const char* password : {"abcdefgh", "ABCDEFGH", "12345678", "!@#$%^&*", "abcdEFGH", "abcd1234", "ABCD!@#$",
                               "1234!@#$"})
    EXPECT_EQ(codes(password), Codes{"password_too_simple"}) << password;
}

// R-PW1
TEST(Password, SpaceCountsAsASymbol) {
  EXPECT_EQ(codes("abcd EFGH"), Codes{});
  EXPECT_EQ(codes("correct horse 42"), Codes{});
  EXPECT_EQ(codes("abcd efgh"), Codes{"password_too_simple"});  // lower and symbol only
}

// R-PW1
TEST(Password, EveryPrintableNonAlphanumericCharacterIsASymbol) {
  for (char c = ' '; c <= '~'; ++c) {
    if (std::isalnum(static_cast<unsigned char>(c))) continue;
    EXPECT_EQ(codes(std::string("abcdef1") + c), Codes{}) << c;
  }
  EXPECT_EQ(codes("abcdefg1"), Codes{"password_too_simple"});
}

// R-PW1
TEST(Password, NonPrintableOrNonAsciiCharactersAreRejected) {
  const std::vector<std::string> passwords = {
      "Abcdef1\t", "Abcdef1\n", std::string("Abc\0def1", 8), "Abcdef1\x7F", "Abcdef1\x1B",
      "Abcd\xC3\xA9" "f1",      // é
      "Abcdef1\xC2\xA0",        // no-break space
      "Abcdef1\xFF",            // not UTF-8 at all
  };
  for (const auto& p : passwords) EXPECT_EQ(codes(p), Codes{"password_invalid_character"}) << p;
}

// R-PW1
TEST(Password, LengthCountsBytesSoOneNonAsciiCharacterIsNoShortcut) {
  // Seven characters, eight bytes: refused for the character, not let through on length.
  EXPECT_EQ(codes("Abcde1\xC3\xA9"), Codes{"password_invalid_character"});
}

// R-PW1
TEST(Password, EveryProblemIsReturnedTogether) {
  EXPECT_EQ(codes(""), (Codes{"password_too_short", "password_too_simple"}));
  EXPECT_EQ(codes("\xC3\xA9"), (Codes{"password_too_short", "password_invalid_character", "password_too_simple"}));
  EXPECT_EQ(codes(std::string(257, 'a') + "\t"),
            (Codes{"password_too_long", "password_invalid_character", "password_too_simple"}));
}

// R-PW1
TEST(Password, FieldNameCanBeChosen) {
  const auto problems = pcu::validate_password("short", "new_password");
  ASSERT_EQ(problems.size(), 2U);
  EXPECT_EQ(problems[0].field, "new_password");
  EXPECT_EQ(problems[1].field, "new_password");
}

// R-PW1 R-UM6
TEST(Password, TemporaryPasswordLengthMeetsTheRule) {
  EXPECT_GE(pcu::limits::temp_password_length, 16U);
  EXPECT_GE(pcu::limits::temp_password_length, pcu::limits::password_min);
  EXPECT_LE(pcu::limits::temp_password_length, pcu::limits::password_max);
}

}  // namespace
