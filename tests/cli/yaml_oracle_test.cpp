// PF003 against the YAML parser Python projects and CI tools use (PyYAML, `/usr/bin/python3`):
// every workflow and compose file of the fixtures and examples that PF003 reports fails to load
// there, and every one it does not report loads.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "run_preflight.h"

namespace preflight {
namespace {

namespace fs = std::filesystem;

bool pyyaml_loads(const fs::path& file) {
  const std::string command =
      "/usr/bin/python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' " +
      testing::shell_quote(file.string()) + " >/dev/null 2>&1";
  return std::system(command.c_str()) == 0;
}

bool deployment_yaml(const fs::path& path) {
  const std::string text = path.generic_string();
  const std::string name = path.filename().string();
  return (text.find("/.github/workflows/") != std::string::npos &&
          (name.ends_with(".yml") || name.ends_with(".yaml"))) ||
         name == "action.yml" || name.starts_with("docker-compose") || name.starts_with("compose.");
}

TEST(YamlOracle, Pf003MatchesPyYaml) {
  if (std::system("/usr/bin/python3 -c 'import yaml' >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "python3-yaml is not installed (scripts/setup installs it)";
  }
  const fs::path root = PREFLIGHT_SOURCE_DIR;
  std::set<std::string> reported;
  std::size_t files = 0;
  for (const std::string tree : {"tests/fixtures/rules", "examples"}) {
    const auto result =
        testing::run_preflight({"check", tree, "--format", "json", "--select", "PF003"});
    ASSERT_FALSE(result.out.empty()) << result.err;
    const nlohmann::json report = nlohmann::json::parse(result.out);
    for (const auto& finding : report["findings"]) {
      reported.insert(finding["path"].get<std::string>());
    }
    for (const auto& entry : fs::recursive_directory_iterator(root / tree)) {
      if (!entry.is_regular_file() || !deployment_yaml(entry.path())) continue;
      const std::string relative = fs::relative(entry.path(), root).generic_string();
      ++files;
      EXPECT_EQ(pyyaml_loads(entry.path()), reported.count(relative) == 0)
          << relative
          << (reported.count(relative) ? ": PF003 reports it, PyYAML loads it"
                                       : ": PyYAML fails, PF003 is silent");
    }
  }
  EXPECT_GE(reported.size(), 2u);
  EXPECT_GT(files, 20u);
}

}  // namespace
}  // namespace preflight
