#include "project/effective_settings.h"

#include <set>

namespace preflight::project {
namespace {

using django::settings::Value;

// An INSTALLED_APPS entry names `app` when it is the app's module or an AppConfig inside it
// ("tenants.apps.TenantsConfig" for the app "tenants").
bool names_app(const std::string& entry, const django::App& app) {
  return entry == app.name || entry.starts_with(app.name + ".apps.");
}

}  // namespace

std::optional<std::string> default_database_engine(const std::vector<SettingsModule>& modules) {
  std::optional<std::string> engine;
  for (const SettingsModule& module : modules) {
    const auto* databases = module.settings.find("DATABASES");
    if (!databases) continue;
    const Value* default_database = databases->value.find(Value::str("default"));
    if (!default_database) return std::nullopt;
    const Value* value = default_database->find(Value::str("ENGINE"));
    if (!value || value->kind != Value::Kind::Str) return std::nullopt;
    if (engine && *engine != value->text) return std::nullopt;  // modules disagree
    engine = value->text;
  }
  return engine;
}

void mark_installed_apps(django::ProjectModels& models,
                         const std::vector<SettingsModule>& modules) {
  std::set<std::string> entries;
  bool known = false;
  for (const SettingsModule& module : modules) {
    const auto* installed = module.settings.find("INSTALLED_APPS");
    if (!installed) continue;
    const auto list = django::settings::known_strings(installed->value);
    if (!list) return;  // one module's apps are unknown: any app may be installed
    known = true;
    entries.insert(list->begin(), list->end());
  }
  if (!known) return;
  for (django::App& app : models.apps) {
    bool listed = false;
    for (const std::string& entry : entries) listed = listed || names_app(entry, app);
    app.installed = listed;
  }
  for (django::Model& model : models.models) {
    for (const django::App& app : models.apps) {
      if (app.project == model.project && app.label == model.app_label && app.installed) {
        model.app_installed = *app.installed;
      }
    }
  }
}

}  // namespace preflight::project
