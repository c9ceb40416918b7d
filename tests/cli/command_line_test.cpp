// The command line as users meet it: flags, exit codes, one-line errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "run_preflight.h"

namespace preflight::testing {
namespace {

std::size_t count_lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// A tree with one binary Python file, the one thing PF002 reports today.
struct TreeWithBinaryFile {
  TempDir dir;
  TreeWithBinaryFile() {
    dir.write("app/models.py", "from django.db import models\n");
    dir.write("app/views_blob.py", std::string("x = 1\n\0\0\0binary", 15));
  }
};

TEST(CommandLine, VersionPrintsNameAndVersion) {
  const RunResult result = run_preflight({"--version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out.rfind("preflight ", 0), 0u) << result.out;
}

TEST(CommandLine, UnknownFlagIsOneLineNamingIt) {
  const RunResult result = run_preflight({"check", "--bogus", "."});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(count_lines(result.err), 1u) << result.err;
  EXPECT_NE(result.err.find("--bogus"), std::string::npos) << result.err;
}

TEST(CommandLine, UnknownCodeIsOneLineNamingIt) {
  for (const char* flag : {"--select", "--ignore", "--extend-select"}) {
    const RunResult result = run_preflight({"check", flag, "PF002,PF999", "examples/incident"});
    EXPECT_EQ(result.exit_code, 2) << flag;
    EXPECT_EQ(count_lines(result.err), 1u) << result.err;
    EXPECT_NE(result.err.find("'PF999'"), std::string::npos) << result.err;
  }
}

TEST(CommandLine, MissingPathIsOneLineNamingIt) {
  const RunResult result = run_preflight({"check", "no/such/dir"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(count_lines(result.err), 1u) << result.err;
  EXPECT_NE(result.err.find("no/such/dir"), std::string::npos) << result.err;
}

TEST(CommandLine, BadFormatAndSeverityAreUsageErrors) {
  EXPECT_EQ(run_preflight({"check", "--format", "xml", "."}).exit_code, 2);
  EXPECT_EQ(run_preflight({"check", "--fail-on", "fatal", "."}).exit_code, 2);
  EXPECT_EQ(run_preflight({"explain", "PF999"}).exit_code, 2);
}

TEST(CommandLine, CheckIsTheDefaultCommand) {
  TreeWithBinaryFile tree;
  const RunResult implicit = run_preflight({"--no-color", tree.dir.path().string()});
  const RunResult explicit_check = run_preflight({"check", "--no-color", tree.dir.path().string()});
  EXPECT_EQ(implicit.exit_code, 1);
  EXPECT_EQ(implicit.out, explicit_check.out);
  EXPECT_NE(implicit.out.find("PF002"), std::string::npos) << implicit.out;
}

TEST(CommandLine, ExitCodesFollowFailOnAndExitZero) {
  TreeWithBinaryFile tree;
  const std::string path = tree.dir.path().string();
  EXPECT_EQ(run_preflight({"check", path}).exit_code, 1);  // PF002 is a warning
  EXPECT_EQ(run_preflight({"check", "--fail-on", "error", path}).exit_code, 0);
  EXPECT_EQ(run_preflight({"check", "--fail-on", "info", path}).exit_code, 1);
  EXPECT_EQ(run_preflight({"check", "--exit-zero", path}).exit_code, 0);
}

TEST(CommandLine, MostSpecificSelectorWins) {
  TreeWithBinaryFile tree;
  const std::string path = tree.dir.path().string();
  EXPECT_EQ(run_preflight({"check", "--ignore", "PF002", path}).out.find("PF002"),
            std::string::npos);
  EXPECT_EQ(run_preflight({"check", "--ignore", "PF0", path}).exit_code, 0);
  const RunResult reselected =
      run_preflight({"check", "--ignore", "PF0", "--extend-select", "PF002", path});
  EXPECT_EQ(reselected.exit_code, 1);
  EXPECT_NE(reselected.out.find("PF002"), std::string::npos);
}

TEST(CommandLine, ConfigurationIsDiscoveredAndExplicitConfigReplacesIt) {
  TreeWithBinaryFile tree;
  tree.dir.write("pyproject.toml", "[tool.preflight]\nignore = [\"PF002\"]\n");
  const std::string path = tree.dir.path().string();
  EXPECT_EQ(run_preflight({"check", path}).exit_code, 0);
  const std::filesystem::path other =
      tree.dir.write("other/preflight.toml", "fail-on = \"info\"\n");
  EXPECT_EQ(run_preflight({"check", "--config", other.string(), path}).exit_code, 1);
}

TEST(CommandLine, PerFileIgnoresMatchPathsRelativeToTheConfiguration) {
  TreeWithBinaryFile tree;
  tree.dir.write("app/views_other.py", std::string("\0", 1));
  tree.dir.write("preflight.toml", "[per-file-ignores]\n\"app/views_blob.py\" = [\"PF0\"]\n");
  const RunResult result = run_preflight({"check", "--format", "json", tree.dir.path().string()});
  EXPECT_EQ(result.exit_code, 1);
  const auto findings = nlohmann::json::parse(result.out)["findings"];
  ASSERT_EQ(findings.size(), 1u) << result.out;
  EXPECT_NE(findings[0]["path"].get<std::string>().find("app/views_other.py"), std::string::npos);
}

TEST(CommandLine, ExcludePatternsAreRelativeToTheConfigurationWhicheverPathIsChecked) {
  TempDir dir;
  dir.write("preflight.toml", "extend-exclude = [\"sub/generated\"]\n");
  dir.write("sub/generated/views.py", std::string("\0", 1));
  dir.write("sub/kept/views.py", std::string("\0", 1));
  for (const std::string& path : {dir.path().string(), (dir.path() / "sub").string()}) {
    const RunResult result = run_preflight({"check", "--format", "json", path});
    const auto findings = nlohmann::json::parse(result.out)["findings"];
    ASSERT_EQ(findings.size(), 1u) << path << "\n" << result.out;
    EXPECT_NE(findings[0]["path"].get<std::string>().find("sub/kept/views.py"), std::string::npos);
  }
}

TEST(CommandLine, BadConfigurationNamesFileAndLine) {
  TempDir dir;
  dir.write("preflight.toml", "select = [\"PF002\"]\nselct = [\"PF\"]\n");
  const RunResult result = run_preflight({"check", dir.path().string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(count_lines(result.err), 1u) << result.err;
  EXPECT_NE(result.err.find("preflight.toml:2"), std::string::npos) << result.err;
}

TEST(CommandLine, OutputFileGetsTheReport) {
  TreeWithBinaryFile tree;
  TempDir out;
  const std::filesystem::path report = out.path() / "report.json";
  const RunResult result = run_preflight(
      {"check", "--format", "json", "--output", report.string(), tree.dir.path().string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(result.out.empty());
  const auto json = nlohmann::json::parse(read_file(report));
  ASSERT_EQ(json["findings"].size(), 1u);
  EXPECT_EQ(json["findings"][0]["code"], "PF002");
}

TEST(CommandLine, OutputIsIdenticalWhateverTheThreadCount) {
  TempDir dir;
  for (int i = 0; i < 40; ++i) {
    dir.write("pkg" + std::to_string(i % 7) + "/models_" + std::to_string(i) + ".py",
              i % 3 == 0 ? std::string("a\0b", 3) : std::string("x = 1\n"));
  }
  const std::string path = dir.path().string();
  const RunResult one = run_preflight({"check", "--format", "json", "--jobs", "1", path});
  const RunResult four = run_preflight({"check", "--format", "json", "--jobs", "4", path});
  EXPECT_EQ(one.exit_code, 1);
  EXPECT_EQ(one.out, four.out);
  EXPECT_EQ(nlohmann::json::parse(one.out)["findings"].size(), 14u);
}

TEST(CommandLine, EveryFormatWorksOnTheExample) {
  for (const char* format : {"text", "json", "sarif", "github", "markdown", "junit"}) {
    const RunResult result =
        run_preflight({"check", "--format", format, "--exit-zero", "examples/incident"});
    EXPECT_EQ(result.exit_code, 0) << format << ": " << result.err;
    EXPECT_TRUE(result.err.empty()) << format << ": " << result.err;
    if (std::string(format) == "json" || std::string(format) == "sarif") {
      EXPECT_TRUE(nlohmann::json::accept(result.out)) << format;
    }
  }
}

TEST(CommandLine, RulesListsEveryRuleAndExplainPrintsItsSections) {
  const RunResult rules = run_preflight({"rules", "--format", "json"});
  ASSERT_EQ(rules.exit_code, 0);
  const auto list = nlohmann::json::parse(rules.out);
  ASSERT_FALSE(list.empty());
  for (const auto& rule : list) {
    const RunResult explained = run_preflight({"explain", rule["code"].get<std::string>()});
    EXPECT_EQ(explained.exit_code, 0);
    for (const char* section :
         {"## What it finds", "## What fails in production", "## Example", "## Fix"}) {
      EXPECT_NE(explained.out.find(section), std::string::npos)
          << rule["code"] << " lacks " << section;
    }
  }
}

}  // namespace
}  // namespace preflight::testing
