// Oracle for PF206 (migration-import-missing): real Django 3.2 (Debian's python3-django under
// /usr/bin/python3) builds a MigrationLoader for each fixture project of
// tests/fixtures/rules/PF206/, and it must fail with ImportError exactly where preflight reports
// PF206, naming the module preflight names. Third-party cases import made-up packages that are
// surely not installed (`removed_billing_sdk`); good cases whose requirements preflight cannot
// take as complete import packages that are installed here, so Django loads them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string>

#include "support/oracle_process.h"

namespace preflight::testing {
namespace {

namespace fs = std::filesystem;

bool django_available() {
  return fs::exists("/usr/bin/python3") &&
         std::system("/usr/bin/python3 -c 'import django, psycopg2' >/dev/null 2>&1") == 0;
}

// What Django's MigrationLoader raises for the project in `dir`: the missing module's name, or
// nullopt when it loads every migration.
std::optional<std::string> django_missing_module(const fs::path& dir) {
  const std::string script =
      "import os, sys\n"
      "os.environ['DJANGO_SETTINGS_MODULE'] = 'mysite.settings'\n"
      "import django\n"
      "django.setup()\n"
      "from django.db.migrations.loader import MigrationLoader\n"
      "try:\n"
      "    loader = MigrationLoader(None, ignore_no_migrations=True)\n"
      "except ImportError as error:\n"
      "    print('ImportError', error.name)\n"
      "else:\n"
      "    print('loaded', len(loader.disk_migrations))\n";
  const std::optional<std::string> output = command_output(
      "cd " + shell_quote(dir.string()) +
      " && env -i PATH=/usr/bin:/bin HOME=/tmp PYTHONDONTWRITEBYTECODE=1 LANG=C.UTF-8 "
      "/usr/bin/python3 -c " +
      shell_quote(script) + " 2>&1");
  EXPECT_TRUE(output) << dir << ": the oracle script failed";
  if (!output) return std::nullopt;
  if (output->starts_with("ImportError ")) {
    std::string name = output->substr(12);
    while (!name.empty() && (name.back() == '\n' || name.back() == '\r')) name.pop_back();
    return name;
  }
  EXPECT_TRUE(output->starts_with("loaded ")) << dir << ": " << *output;
  return std::nullopt;
}

// The modules preflight's PF206 findings say are missing (from the predicted failure).
std::vector<std::string> preflight_missing_modules(const fs::path& dir) {
  const std::optional<std::string> output =
      command_output(shell_quote(PREFLIGHT_BINARY) + " check " + shell_quote(dir.string()) +
                     " --select PF206 --format json --exit-zero");
  std::vector<std::string> modules;
  EXPECT_TRUE(output) << dir << ": preflight failed";
  if (!output) return modules;
  const nlohmann::json report = nlohmann::json::parse(*output);
  static const std::regex named(R"(No module named '([^']+)')");
  for (const auto& finding : report["findings"]) {
    const std::string failure = finding["predicted_failure"].get<std::string>();
    std::smatch match;
    if (std::regex_search(failure, match, named)) {
      modules.push_back(match[1]);
    } else {
      ADD_FAILURE() << dir << ": a PF206 finding without the module: " << failure;
    }
  }
  return modules;
}

TEST(MigrationImportOracle, DjangoFailsToLoadMigrationsExactlyWherePreflightReportsPF206) {
  PREFLIGHT_REQUIRE_ORACLE(django_available(), "/usr/bin/python3 with Django and psycopg2");
  const fs::path fixtures = fs::path(PREFLIGHT_SOURCE_DIR) / "tests/fixtures/rules/PF206";
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(fixtures)) cases.push_back(entry.path());
  std::sort(cases.begin(), cases.end());
  ASSERT_GE(cases.size(), 6U);
  int failing = 0;
  for (const fs::path& dir : cases) {
    const std::optional<std::string> django = django_missing_module(dir);
    const std::vector<std::string> preflight = preflight_missing_modules(dir);
    if (django) {
      ++failing;
      // Django stops at the first failing import; the fixtures have one each.
      ASSERT_EQ(preflight.size(), 1U) << dir.filename() << ": Django raises ImportError for `"
                                      << *django << "`, preflight reports " << preflight.size();
      EXPECT_EQ(preflight.front(), *django) << dir.filename();
    } else {
      EXPECT_TRUE(preflight.empty()) << dir.filename() << ": Django loads every migration, "
                                     << "preflight reports `" << preflight.front() << "`";
    }
    const bool bad = dir.filename().string().starts_with("bad");
    EXPECT_EQ(django.has_value(), bad) << dir.filename();
  }
  std::cout << "PF206 oracle: " << cases.size() << " projects, " << failing
            << " that Django cannot load, all reported by preflight with the same module\n";
}

}  // namespace
}  // namespace preflight::testing
