// Oracle for PF506 (settings-module-missing): for each finding on the fixtures of
// tests/fixtures/rules/PF506/, real Django 3.2 (Debian's python3-django, with python3-decouple
// and python3-environ, under /usr/bin/python3) runs what the flagged place runs, in the
// environment the deployment files give it: the job's `manage.py` command, or the import of the
// WSGI application that gunicorn makes in the container. The last line of its output (the
// exception) must be in preflight's predicted failure; the good case must load.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "support/oracle_process.h"

namespace preflight::testing {
namespace {

namespace fs = std::filesystem;

bool libraries_available() {
  return fs::exists("/usr/bin/python3") &&
         std::system("/usr/bin/python3 -c 'import django, decouple, environ' >/dev/null 2>&1") == 0;
}

struct Case {
  std::string fixture;  // under tests/fixtures/rules/PF506/
  std::string file;     // the finding's file, relative to the fixture
  int line = 0;
  std::string run;  // arguments of /usr/bin/python3, in the fixture's folder
  std::string env;  // `K=V ...`: what the job or container sets
};

const std::string kWsgi =
    "-c 'import os; os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"mysite.settings\"); "
    "import mysite.wsgi'";

const std::vector<Case>& cases() {
  static const std::vector<Case> all = {
      {"bad", ".github/workflows/deploy.yml", 15, "manage.py check --deploy --settings=mysite.prod",
       "DJANGO_SECRET_KEY=x"},
      {"bad", "Dockerfile", 8, kWsgi,
       "DJANGO_SETTINGS_MODULE=mysite.settings.production DJANGO_SECRET_KEY=x"},
      {"bad_variable", ".github/workflows/deploy.yml", 16, "manage.py check --deploy", ""},
      {"bad_variable", "docker-compose.yml", 2, kWsgi,
       "DJANGO_SETTINGS_MODULE=mysite.settings DJANGO_DEBUG=false"},
      {"bad_decouple", ".github/workflows/check.yml", 13, "manage.py check --deploy",
       "DJANGO_SETTINGS_MODULE=mysite.settings"},
      {"bad_environ", ".github/workflows/check.yml", 13, "manage.py check --deploy",
       "DJANGO_SETTINGS_MODULE=mysite.settings"},
  };
  return all;
}

fs::path fixture_dir(const std::string& name) {
  return fs::path(PREFLIGHT_SOURCE_DIR) / "tests/fixtures/rules/PF506" / name;
}

// The last non-empty line Python prints, with its exit status: the exception it stops with.
std::pair<std::string, bool> python_result(const fs::path& dir, const std::string& run,
                                           const std::string& env) {
  const std::optional<std::string> output = command_output(
      "cd " + shell_quote(dir.string()) +
      " && { out=$(mktemp); env -i PATH=/usr/bin:/bin HOME=/tmp PYTHONDONTWRITEBYTECODE=1 "
      "LANG=C.UTF-8 " +
      env + " /usr/bin/python3 " + run + " >\"$out\" 2>&1; echo \"status=$?\"; cat \"$out\"; " +
      "rm -f \"$out\"; }");
  EXPECT_TRUE(output) << dir;
  if (!output) return {"", false};
  std::string text = *output;
  const bool ok = text.starts_with("status=0\n");
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  const std::size_t last = text.rfind('\n');
  return {last == std::string::npos ? text : text.substr(last + 1), ok};
}

// (file relative to the fixture, line) → predicted failure, for each PF506 finding.
std::map<std::pair<std::string, int>, std::string> preflight_findings(const std::string& name) {
  const fs::path dir = fixture_dir(name);
  const std::optional<std::string> output = command_output(
      "cd " + shell_quote(PREFLIGHT_SOURCE_DIR) + " && " + shell_quote(PREFLIGHT_BINARY) +
      " check " + shell_quote("tests/fixtures/rules/PF506/" + name) +
      " --select PF506 --format json --exit-zero");
  std::map<std::pair<std::string, int>, std::string> found;
  EXPECT_TRUE(output) << name << ": preflight failed";
  if (!output) return found;
  const std::string prefix = "tests/fixtures/rules/PF506/" + name + "/";
  const nlohmann::json report = nlohmann::json::parse(*output);
  for (const auto& finding : report["findings"]) {
    std::string path = finding["path"].get<std::string>();
    if (path.starts_with(prefix)) path = path.substr(prefix.size());
    found[{path, finding["line"].get<int>()}] =
        finding["predicted_failure"].is_string() ? finding["predicted_failure"].get<std::string>()
                                                 : "";
  }
  return found;
}

TEST(SettingsModuleOracle, DjangoStopsWithTheErrorPF506Predicts) {
  PREFLIGHT_REQUIRE_ORACLE(libraries_available(),
                           "/usr/bin/python3 with Django, python3-decouple and python3-environ");
  std::map<std::string, std::map<std::pair<std::string, int>, std::string>> by_fixture;
  std::map<std::string, std::size_t> expected_count;
  for (const Case& c : cases()) {
    if (!by_fixture.count(c.fixture)) by_fixture[c.fixture] = preflight_findings(c.fixture);
    ++expected_count[c.fixture];
    const auto& found = by_fixture[c.fixture];
    const auto it = found.find({c.file, c.line});
    if (it == found.end()) {
      std::string reported;
      for (const auto& [place, failure] : found) {
        reported += " " + place.first + ":" + std::to_string(place.second);
      }
      FAIL() << c.fixture << "/" << c.file << ":" << c.line
             << ": preflight reports no PF506 here; it reports at" << reported;
    }
    const auto [last, ok] = python_result(fixture_dir(c.fixture), c.run, c.env);
    EXPECT_FALSE(ok) << c.fixture << ": `python3 " << c.run << "` succeeds";
    EXPECT_NE(last.find(": "), std::string::npos) << c.fixture << ": not an exception: " << last;
    EXPECT_NE(it->second.find(last), std::string::npos)
        << c.fixture << "/" << c.file << ":" << c.line << ": Django stops with\n  " << last
        << "\npreflight predicts\n  " << it->second;
    std::cout << "  " << c.fixture << "/" << c.file << ":" << c.line << ": " << last << "\n";
  }
  for (const auto& [fixture, found] : by_fixture) {
    EXPECT_EQ(found.size(), expected_count[fixture]) << fixture << ": findings without a case";
  }
  // The good case: the module exists and loads with what the job gives it.
  EXPECT_TRUE(preflight_findings("good").empty());
  const auto [last, ok] =
      python_result(fixture_dir("good"), "manage.py check --deploy --settings=mysite.settings",
                    "DJANGO_SECRET_KEY=x");
  EXPECT_TRUE(ok) << "good: " << last;
}

}  // namespace
}  // namespace preflight::testing
