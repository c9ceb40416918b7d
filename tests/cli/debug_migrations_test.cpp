// `preflight debug migrations`: migration modules are among the files a check reads (DESIGN.md
// "Files that matter"), and the loader and graph see the incident's linear chain as Django does.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "run_preflight.h"

namespace preflight::testing {
namespace {

using nlohmann::json;

TEST(DebugMigrations, IncidentIsOneLinearChain) {
  const RunResult result = run_preflight({"debug", "migrations", "examples/incident"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json out = json::parse(result.out);
  std::vector<std::string> labels;
  for (const json& migration : out["migrations"]) labels.push_back(migration["label"]);
  EXPECT_EQ(labels, (std::vector<std::string>{"tenants.0001_initial",
                                              "tenants.0002_rename_domain_tenantdomain",
                                              "tenants.0003_rename_domain_indexes"}));
  const json& last = out["migrations"][2];
  EXPECT_EQ(last["path"], "tenants/migrations/0003_rename_domain_indexes.py");
  ASSERT_EQ(last["operations"].size(), 1u);
  const json& run_python = last["operations"][0];
  EXPECT_EQ(run_python["kind"], "RunPython");
  EXPECT_EQ(run_python["code"]["name"], "rename_indexes");
  EXPECT_EQ(run_python["code"]["function_line"], 17);
  EXPECT_EQ(run_python["reverse_code"]["noop"], true);

  ASSERT_EQ(out["graphs"].size(), 1u);
  const json& graph = out["graphs"][0];
  EXPECT_TRUE(graph["problems"].empty());
  EXPECT_TRUE(graph["conflicts"].empty());
  EXPECT_EQ(graph["nodes"]["tenants.0003_rename_domain_indexes"]["parents"],
            json::array({"tenants.0002_rename_domain_tenantdomain"}));
  std::vector<std::string> tenant_leaves;
  for (const std::string leaf : graph["leaves"]) {
    if (leaf.starts_with("tenants.")) tenant_leaves.push_back(leaf);
  }
  EXPECT_EQ(tenant_leaves, std::vector<std::string>{"tenants.0003_rename_domain_indexes"});
}

TEST(DebugMigrations, ConflictsOfTheRuleFixture) {
  const RunResult result = run_preflight({"debug", "migrations", "tests/fixtures/rules/PF201/bad"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json graph = json::parse(result.out)["graphs"].at(0);
  EXPECT_EQ(graph["conflicts"]["shop"], json::array({"0002_add_price", "0002_add_stock"}));
  EXPECT_EQ(graph["conflicts"]["blog"], json::array({"0002_authors", "0003_slug"}));
}

}  // namespace
}  // namespace preflight::testing
