// The predicted failures of the deploy rules on examples/incident against what really happened:
// the ground-truth table of examples/incident/README.md, which e2e.incident keeps equal to what
// Django 3.2, gunicorn, curl and PostgreSQL 15 do. A prediction that drifts from it fails here.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "run_preflight.h"

namespace preflight {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::run_preflight;

// `| `key` | `observed` | … |` rows between the ground-truth markers.
std::map<std::string, std::string> ground_truth() {
  std::ifstream in(fs::path(PREFLIGHT_SOURCE_DIR) / "examples/incident/README.md");
  std::stringstream text;
  text << in.rdbuf();
  std::map<std::string, std::string> rows;
  std::string line;
  bool inside = false;
  while (std::getline(text, line)) {
    if (line.find("ground-truth:begin") != std::string::npos) inside = true;
    if (line.find("ground-truth:end") != std::string::npos) inside = false;
    if (!inside || !line.starts_with("| `")) continue;
    const std::size_t key_end = line.find("` | `");
    if (key_end == std::string::npos) continue;
    const std::size_t value_end = line.find("` |", key_end + 5);
    rows[line.substr(3, key_end - 3)] = line.substr(key_end + 5, value_end - key_end - 5);
  }
  return rows;
}

// The findings of one code, by line.
std::map<int, json> findings(const json& report, const std::string& code) {
  std::map<int, json> out;
  for (const json& finding : report["findings"]) {
    if (finding["code"] == code) out[finding["line"].get<int>()] = finding;
  }
  return out;
}

class IncidentPredictions : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto result = run_preflight({"check", "examples/incident", "--format", "json"});
    report_ = json::parse(result.out);
    truth_ = ground_truth();
    ASSERT_FALSE(truth_.empty()) << "examples/incident/README.md has no ground-truth table";
  }
  const std::string& observed(const std::string& key) {
    EXPECT_TRUE(truth_.count(key)) << "no ground-truth row " << key;
    return truth_[key];
  }
  json report_;
  std::map<std::string, std::string> truth_;
};

TEST_F(IncidentPredictions, HostRejectedGets500WithTheLoggedErrors) {
  const auto pf501 = findings(report_, "PF501");
  ASSERT_EQ(pf501.size(), 1u);
  const std::string predicted = pf501.begin()->second["predicted_failure"];
  const std::string key = "http: deploy-backend/Post-deploy health check: ";
  EXPECT_TRUE(predicted.starts_with("HTTP " + observed(key + "stdout") + ":")) << predicted;
  EXPECT_NE(predicted.find(observed(key + "server log")), std::string::npos) << predicted;
  // The exception's first sentence: the table has the whole message.
  const std::string exception = observed(key + "server exception");
  EXPECT_NE(predicted.find(exception.substr(0, exception.find('.', 40) + 1)), std::string::npos)
      << predicted;
  // Without CSRF_USE_SESSIONS (the seed's PR #818) the same request got the plain 400.
  EXPECT_EQ(observed("seed PR #818 (CSRF_USE_SESSIONS = False): deploy-backend/Post-deploy health "
                     "check: stdout"),
            "400");
}

TEST_F(IncidentPredictions, StatusFallbackGivesTheSeeds301000) {
  const auto pf503 = findings(report_, "PF503");
  ASSERT_EQ(pf503.size(), 2u);
  const json& readiness = pf503.at(88);
  EXPECT_NE(readiness["predicted_failure"].get<std::string>().find(
                observed("http: deploy-backend/Wait for readiness: stdout")),
            std::string::npos);
}

TEST_F(IncidentPredictions, MigrateOnTheRunnerFailsAsDjangoDoes) {
  const auto pf504 = findings(report_, "PF504");
  ASSERT_EQ(pf504.size(), 1u);
  EXPECT_EQ(pf504.begin()->second["predicted_failure"],
            observed("job: validate-deployment/Apply migrations: last line"));
  EXPECT_EQ(observed("job: validate-deployment/Set up tenants: last line"),
            observed("job: validate-deployment/Apply migrations: last line"));
}

// The README shows what a user sees on the example; it must be what preflight prints.
TEST(ReadmeExcerpt, IncidentOutputIsTheRealOutput) {
  std::ifstream in(fs::path(PREFLIGHT_SOURCE_DIR) / "README.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string readme = text.str();
  const std::string begin = "<!-- incident-output:begin -->\n```\n";
  const std::size_t from = readme.find(begin);
  const std::size_t to = readme.find("```\n<!-- incident-output:end -->");
  ASSERT_NE(from, std::string::npos) << "README.md has no incident-output block";
  ASSERT_NE(to, std::string::npos);
  const std::string excerpt = readme.substr(from + begin.size(), to - from - begin.size());
  const auto result = run_preflight({"check", "-q", "examples/incident"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(excerpt, result.out) << "update the README block with `preflight check -q "
                                    "examples/incident`";
}

}  // namespace
}  // namespace preflight
