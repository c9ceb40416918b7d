// docs/rules/ is generated from the rule registry; this keeps it in sync.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "run_preflight.h"

namespace preflight::testing {
namespace {

namespace fs = std::filesystem;

std::set<std::string> names_in(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename());
  return names;
}

TEST(RuleDocs, CommittedDocsEqualTheRegistry) {
  TempDir generated;
  const RunResult result = run_preflight({"debug", "rule-docs", generated.path().string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const fs::path committed = fs::path(PREFLIGHT_SOURCE_DIR) / "docs/rules";
  const std::string hint = "; regenerate with: build/release/preflight debug rule-docs docs/rules";
  EXPECT_EQ(names_in(generated.path()), names_in(committed)) << hint;
  for (const std::string& name : names_in(generated.path())) {
    EXPECT_EQ(read_file(generated.path() / name), read_file(committed / name)) << name << hint;
  }
}

TEST(RuleDocs, ReadmeListsEveryRule) {
  const RunResult rules = run_preflight({"rules", "--format", "json"});
  ASSERT_EQ(rules.exit_code, 0);
  const std::string readme = read_file(fs::path(PREFLIGHT_SOURCE_DIR) / "README.md");
  for (const auto& rule : nlohmann::json::parse(rules.out)) {
    const std::string code = rule["code"];
    const std::string row = "| [" + code + "](docs/rules/" + code + ".md) | " +
                            rule["name"].get<std::string>() + " | " +
                            rule["severity"].get<std::string>() + " | " +
                            rule["summary"].get<std::string>() + " |";
    EXPECT_NE(readme.find(row), std::string::npos) << "README.md lacks the row\n" << row;
  }
}

}  // namespace
}  // namespace preflight::testing
