#include "project/effective_settings.h"

#include <algorithm>
#include <set>
#include <string_view>

namespace preflight::project {
namespace {

using django::settings::Value;

// An INSTALLED_APPS entry names `app` when it is the app's module or an AppConfig inside it
// ("tenants.apps.TenantsConfig" for the app "tenants").
bool names_app(const std::string& entry, const django::App& app) {
  return entry == app.name || entry.starts_with(app.name + ".apps.");
}

constexpr std::string_view kTenantRouter = "django_tenants.routers.TenantSyncRouter";

struct TenantLists {
  std::vector<std::string> shared, tenant;
  friend bool operator==(const TenantLists&, const TenantLists&) = default;
};

// The module's SHARED_APPS and TENANT_APPS when its DATABASE_ROUTERS has TenantSyncRouter; nullopt
// without the router; `unknown` when a list is not known.
std::optional<TenantLists> tenant_lists(const SettingsModule& module, bool& unknown) {
  const auto* routers = module.settings.find("DATABASE_ROUTERS");
  if (!routers) return std::nullopt;
  const auto router_list = django::settings::known_strings(routers->value);
  if (!router_list) {
    unknown = true;
    return std::nullopt;
  }
  if (std::find(router_list->begin(), router_list->end(), kTenantRouter) == router_list->end()) {
    return std::nullopt;
  }
  const auto* shared = module.settings.find("SHARED_APPS");
  const auto* tenant = module.settings.find("TENANT_APPS");
  const auto shared_list = shared ? django::settings::known_strings(shared->value) : std::nullopt;
  const auto tenant_list = tenant ? django::settings::known_strings(tenant->value) : std::nullopt;
  if (!shared_list || !tenant_list) {
    unknown = true;
    return std::nullopt;
  }
  return TenantLists{*shared_list, *tenant_list};
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

void mark_tenant_schemas(django::ProjectModels& models,
                         const std::vector<SettingsModule>& modules) {
  std::optional<TenantLists> lists;
  for (const SettingsModule& module : modules) {
    bool unknown = false;
    const std::optional<TenantLists> found = tenant_lists(module, unknown);
    if (unknown) return;
    if (!found) continue;
    if (lists && !(*lists == *found)) return;  // modules disagree: not decided here
    lists = found;
  }
  if (!lists) return;
  auto listed = [](const std::vector<std::string>& list, const django::App& app) {
    return std::any_of(list.begin(), list.end(),
                       [&](const std::string& entry) { return names_app(entry, app); });
  };
  for (django::App& app : models.apps) {
    std::vector<std::string> schemas;
    if (listed(lists->shared, app)) schemas.emplace_back("public");
    if (listed(lists->tenant, app)) schemas.emplace_back("tenant");
    app.schemas = std::move(schemas);
  }
}

}  // namespace preflight::project
