// The shared test vectors (tests/vectors/core_vectors.json), answered natively. The JS module
// answers the same file through WebAssembly (tests/module/vectors.test.mjs); both must give
// each case's "expect" exactly, so native and module answers are identical case by case.
// Each case names the rule it proves in its "rule" field. Rules covered: R-A1 R-A2 R-A3 R-A4
// R-A5 R-UM2 R-UM3 R-UM4 R-UM5 R-UM7 R-UM10 R-UM11 R-UM14 R-UM15 R-UM16 R-RP1 R-RP2 R-RP3
// R-RP4 R-RP5 R-RP6 R-RP7 R-PW1.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <pcu/pcu.hpp>

// The module's JSON surface, the very functions its Embind bindings call.
#include "../../web/module/src/catalog.hpp"
#include "../../web/module/src/json_api.hpp"

namespace {

using pcu::json;

json load_vectors() {
  std::ifstream in(PCU_VECTORS_DIR "/core_vectors.json");
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str(), nullptr, false);
}

const json& vectors() {
  static const json v = load_vectors();
  return v;
}

// A string argument as the module receives it, or an object as the JSON text it writes.
std::string text_argument(const json& argument, bool as_string) {
  return as_string ? argument.get<std::string>() : argument.dump();
}

// What the module's function `name` answers for `args`, computed natively.
json answer(const std::string& name, const json& args) {
  namespace api = pcu::module_api;
  const auto arg = [&](std::size_t i, bool as_string) { return text_argument(args.at(i), as_string); };
  if (name == "parseInviteList") return api::parse_invite_list(arg(0, true));
  if (name == "validateEmail") return api::validate_email(arg(0, true));
  if (name == "validatePassword") return api::validate_password(arg(0, true));
  if (name == "validateCreateUser") return api::validate_create_user(arg(0, false), arg(1, false));
  if (name == "validateAccess") return api::validate_access(arg(0, false));
  if (name == "effectivePermissions") return api::effective_permissions(arg(0, false));
  if (name == "decide") return api::decide(arg(0, false));
  if (name == "listRoles") return api::list_roles();
  if (name == "listPermissionAreas") return api::list_permission_areas();
  ADD_FAILURE() << "unknown function " << name;
  return nullptr;
}

class CoreVector : public testing::TestWithParam<std::size_t> {};

TEST(CoreVectors, FileIsComplete) {
  const json& v = vectors();
  ASSERT_TRUE(v.is_object()) << "tests/vectors/core_vectors.json is missing or not JSON";
  const json& cases = v.at("cases");
  EXPECT_GE(cases.size(), 40U);
  const std::set<std::string> functions = {"parseInviteList", "validateEmail", "validateCreateUser",
                                           "validateAccess", "validatePassword", "effectivePermissions",
                                           "decide", "listRoles", "listPermissionAreas"};
  std::set<std::string> seen_functions, seen_names;
  const std::regex rule_id("R-(A|UM|RP|GR|PW)[0-9]+");
  for (const json& c : cases) {
    const auto name = c.at("name").get<std::string>();
    EXPECT_TRUE(seen_names.insert(name).second) << "duplicate case " << name;
    EXPECT_TRUE(std::regex_match(c.at("rule").get<std::string>(), rule_id)) << name;
    EXPECT_TRUE(functions.count(c.at("function").get<std::string>())) << name;
    seen_functions.insert(c.at("function").get<std::string>());
  }
  EXPECT_EQ(seen_functions, functions) << "every function has vectors";
}

TEST_P(CoreVector, NativeAnswerIsExpected) {
  const json& c = vectors().at("cases").at(GetParam());
  SCOPED_TRACE(c.at("rule").get<std::string>() + " " + c.at("name").get<std::string>());
  const json got = answer(c.at("function").get<std::string>(), c.value("args", json::array()));
  EXPECT_EQ(got, c.at("expect")) << "got:      " << got.dump() << "\nexpected: " << c.at("expect").dump();
}

std::vector<std::size_t> case_indexes() {
  std::vector<std::size_t> out;
  const json& v = vectors();
  if (v.is_object() && v.contains("cases"))
    for (std::size_t i = 0; i < v["cases"].size(); ++i) out.push_back(i);
  return out;
}

INSTANTIATE_TEST_SUITE_P(Vectors, CoreVector, testing::ValuesIn(case_indexes()),
                         [](const testing::TestParamInfo<std::size_t>& info) {
                           return vectors()["cases"][info.param]["name"].get<std::string>();
                         });

}  // namespace
