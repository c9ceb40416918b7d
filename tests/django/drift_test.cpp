// Drift for Django versions the oracle cannot run (Debian ships 3.2): hand-written expectations
// from the 4.1+ autodetector (MigrationAutodetector.create_altered_indexes pairs an added and a
// removed index that differ only in name into RenameIndex), on the oracle's own fixtures.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "django/migrations/drift.h"
#include "support/parsed_project.h"

namespace preflight::django::migrations {
namespace {

namespace fs = std::filesystem;

const std::string kRoot = std::string(PREFLIGHT_SOURCE_DIR) + "/tests/django/drift_oracle";

std::vector<std::string> changes_for(const std::string& fixture, DjangoVersion version) {
  const auto project = std::make_unique<testing::ParsedProject>(fs::path(kRoot) / fixture);
  ModelOptions options;
  options.django_version = version;
  // The fixture's settings.DEFAULT_AUTO_FIELD, from the oracle's manifest.
  std::ifstream manifest_file(kRoot + "/fixtures.json");
  for (const nlohmann::json& entry : nlohmann::json::parse(manifest_file)) {
    if (entry["dir"] == fixture && entry.contains("default_auto_field") &&
        entry["default_auto_field"].is_string()) {
      options.default_auto_field = entry["default_auto_field"].get<std::string>();
    }
  }
  ProjectModels models = build_models(project->modules, options);
  for (App& app : models.apps) app.installed = true;
  const MigrationSet set = load_migrations(project->modules, models, GraphOptions{});
  std::vector<std::string> out;
  for (const SchemaChange& change : detect_drift(set, models, options).changes) {
    out.push_back(change.operation + " " + change.model_name + " " + change.name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Drift, RenamedTableGivesRenameIndexFrom41) {
  // d20: the incident, a model renamed and its unnamed indexes' operations deleted by hand.
  EXPECT_EQ(changes_for("d20_incident_rename_model_indexes_dropped", DjangoVersion{4, 2}),
            (std::vector<std::string>{"RenameIndex tenantdomain tenants_ten_domain_f3abe6_idx",
                                      "RenameIndex tenantdomain tenants_ten_tenant__f55360_idx"}));
  // 3.2 writes a removal and an addition instead (the oracle checks this one against Django).
  EXPECT_EQ(changes_for("d20_incident_rename_model_indexes_dropped", DjangoVersion{3, 2}),
            (std::vector<std::string>{"AddIndex tenantdomain tenants_ten_domain_f3abe6_idx",
                                      "AddIndex tenantdomain tenants_ten_tenant__f55360_idx",
                                      "RemoveIndex tenantdomain tenants_dom_domain_6df599_idx",
                                      "RemoveIndex tenantdomain tenants_dom_tenant__3bd559_idx"}));
}

TEST(Drift, IndexWithOtherFieldsIsNotARename) {
  // d25: an index whose fields changed is removed and added in every version.
  const std::vector<std::string> old_style = changes_for("d25_index_fields_changed", {3, 2});
  EXPECT_EQ(changes_for("d25_index_fields_changed", {4, 2}), old_style);
  EXPECT_TRUE(std::none_of(old_style.begin(), old_style.end(),
                           [](const std::string& c) { return c.starts_with("Rename"); }));
}

}  // namespace
}  // namespace preflight::django::migrations
