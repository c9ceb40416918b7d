// Drift against real Django: for each fixture project under tests/django/drift_oracle/ (written by
// make_fixtures.py, their migrations by Django's own makemigrations), the operations detect_drift
// lists must be exactly those Django 3.2's `makemigrations --check --dry-run --noinput` would
// write, as dump_changes.py (run with /usr/bin/python3) prints them: the multiset of (operation,
// app label, model name, field/index/constraint name) is compared, project by project.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "django/migrations/drift.h"
#include "django/migrations/migrations.h"
#include "python/parser.h"
#include "support/oracle_process.h"
#include "support/parsed_project.h"

namespace preflight::django::migrations {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::ParsedProject;

const std::string kRoot = std::string(PREFLIGHT_SOURCE_DIR) + "/tests/django/drift_oracle";

// (operation, app label, model name, name), as dump_changes.py prints it.
using Change = std::array<std::string, 4>;

std::string describe(const Change& change) {
  return change[0] + "(" + change[1] + "." + change[2] + (change[3].empty() ? "" : ", ") +
         change[3] + ")";
}

std::string describe(const std::vector<Change>& changes) {
  std::string out;
  for (const Change& change : changes) out += "\n    " + describe(change);
  return out;
}

TEST(DriftOracle, ChangesMatchMakemigrations) {
  PREFLIGHT_REQUIRE_ORACLE(
      testing::command_output("/usr/bin/python3 -c 'import django' 2>/dev/null"),
      "/usr/bin/python3 with Debian's python3-django");
  std::ifstream manifest_file(kRoot + "/fixtures.json");
  const json manifest = json::parse(manifest_file);
  ASSERT_GE(manifest.size(), 45u);
  int projects = 0, equal_projects = 0;
  std::size_t compared = 0, equal = 0, missing = 0, extra = 0;
  for (const json& fixture : manifest) {
    const std::string dir = fixture["dir"];
    SCOPED_TRACE(dir);
    ++projects;
    const ParsedProject parsed(fs::path(kRoot) / dir);
    ModelOptions options;
    options.django_version = DjangoVersion{3, 2};
    // settings.DEFAULT_AUTO_FIELD (null when unset) decides the auto-created `id`.
    if (fixture.contains("default_auto_field") && fixture["default_auto_field"].is_string()) {
      options.default_auto_field = fixture["default_auto_field"].get<std::string>();
    }
    ProjectModels models = build_models(parsed.modules, options);
    const std::vector<std::string> installed = fixture["installed"];
    for (App& app : models.apps) {
      app.installed = std::find(installed.begin(), installed.end(), app.name) != installed.end();
    }
    GraphOptions graph_options;
    graph_options.auth_user_model = fixture["auth_user_model"].get<std::string>();
    const MigrationSet set = load_migrations(parsed.modules, models, graph_options);
    const DriftReport report = detect_drift(set, models, options);

    const auto real_text = testing::command_output(
        "env -i PATH=/usr/bin:/bin PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 " +
        testing::shell_quote(kRoot + "/dump_changes.py") + " " +
        testing::shell_quote(kRoot + "/" + dir) + " " +
        testing::shell_quote(fixture["settings"].get<std::string>()));
    ASSERT_TRUE(real_text) << "Django could not load " << dir;
    const json real = json::parse(*real_text);
    // makemigrations stops on a system check error before comparing anything: a broken fixture.
    EXPECT_TRUE(real["check_errors"].empty())
        << dir << ": Django's system checks fail: " << real["check_errors"].dump();

    std::vector<Change> django_changes, mine;
    for (const json& change : real["changes"]) {
      django_changes.push_back({change[0].get<std::string>(), change[1].get<std::string>(),
                                change[2].get<std::string>(), change[3].get<std::string>()});
    }
    for (const SchemaChange& change : report.changes) {
      mine.push_back({change.operation, change.app_label, change.model_name, change.name});
    }
    std::sort(django_changes.begin(), django_changes.end());
    std::sort(mine.begin(), mine.end());
    std::vector<Change> both, only_django, only_mine;
    std::set_intersection(django_changes.begin(), django_changes.end(), mine.begin(), mine.end(),
                          std::back_inserter(both));
    std::set_difference(django_changes.begin(), django_changes.end(), mine.begin(), mine.end(),
                        std::back_inserter(only_django));
    std::set_difference(mine.begin(), mine.end(), django_changes.begin(), django_changes.end(),
                        std::back_inserter(only_mine));
    compared += django_changes.size() + only_mine.size();
    equal += both.size();
    missing += only_django.size();
    extra += only_mine.size();
    const std::string exit =
        real["exit"].is_null() ? "" : " (makemigrations exits " + real["exit"].dump() + ")";
    std::printf("  %s: %zu operations, %zu equal, %zu missing, %zu extra%s\n", dir.c_str(),
                django_changes.size(), both.size(), only_django.size(), only_mine.size(),
                exit.c_str());
    if (only_django.empty() && only_mine.empty()) {
      ++equal_projects;
    } else {
      ADD_FAILURE() << dir << ":" << (only_django.empty() ? "" : "\n  missing (Django writes):")
                    << describe(only_django)
                    << (only_mine.empty() ? "" : "\n  extra (Django does not write):")
                    << describe(only_mine);
    }
    for (const std::string& skipped : report.skipped) {
      std::printf("    skipped: %s\n", skipped.c_str());
    }
  }
  std::printf(
      "drift oracle: %d projects, %zu operations compared, %zu equal, %zu missing, %zu extra; "
      "%d projects equal\n",
      projects, compared, equal, missing, extra, equal_projects);
  EXPECT_EQ(projects, equal_projects);
}

}  // namespace
}  // namespace preflight::django::migrations
