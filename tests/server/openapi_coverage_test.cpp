// docs/openapi.json describes exactly the routes pcu-server registers (`pcu-server routes`),
// and the server serves that document.
#include <gtest/gtest.h>

#include <set>

#include "server_fixture.hpp"

namespace pcu_test {
namespace {

std::set<std::string> registered_routes() {
  std::string out;
  EXPECT_EQ(run_program({PCU_SERVER_PATH, "routes"}, &out), 0);
  std::set<std::string> routes;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) routes.insert(line);
  return routes;
}

std::set<std::string> documented_routes(const json& doc) {
  std::set<std::string> routes;
  for (const auto& [path, operations] : doc["paths"].items())
    for (const auto& [method, op] : operations.items()) {
      if (method == "parameters") continue;
      std::string m = method;
      for (char& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      routes.insert(m + " " + path);
    }
  return routes;
}

TEST(OpenApi, EveryRegisteredRouteIsDocumentedAndNoOther) {
  const json doc = json::parse(read_text(PCU_OPENAPI_PATH));
  EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
  const auto registered = registered_routes();
  const auto documented = documented_routes(doc);
  EXPECT_GT(registered.size(), 20u);
  for (const auto& r : registered) EXPECT_TRUE(documented.count(r)) << r << " is not in docs/openapi.json";
  for (const auto& d : documented) EXPECT_TRUE(registered.count(d)) << d << " is documented but not served";
}

TEST(OpenApi, EveryOperationHasASummaryAndResponses) {
  const json doc = json::parse(read_text(PCU_OPENAPI_PATH));
  for (const auto& [path, operations] : doc["paths"].items())
    for (const auto& [method, op] : operations.items()) {
      if (method == "parameters") continue;
      EXPECT_TRUE(op.contains("summary")) << method << " " << path;
      EXPECT_TRUE(op.contains("responses")) << method << " " << path;
    }
}

using ServedDocument = ServerTest;

TEST_F(ServedDocument, TheServerServesTheDocument) {
  const auto r = anonymous()->get("/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, json::parse(read_text(PCU_OPENAPI_PATH)));
}

}  // namespace
}  // namespace pcu_test
