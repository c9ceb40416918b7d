// What the effective settings of the modules that run decide about the project model (issue 6):
// which apps are installed (INSTALLED_APPS), the database engine (DATABASES["default"]), and
// django-tenants' schemas (SHARED_APPS, TENANT_APPS).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "django/models.h"
#include "project/settings_modules.h"

namespace preflight::project {

// The engine every settings module that runs gives the default database, when they agree and
// it is known; the dotted ENGINE path.
std::optional<std::string> default_database_engine(const std::vector<SettingsModule>& modules);

// Marks each app installed or not by the union of the known INSTALLED_APPS of the modules that
// run (entries are app modules or AppConfig paths); apps stay unknown when no module's list is
// fully known.
void mark_installed_apps(django::ProjectModels& models, const std::vector<SettingsModule>& modules);

// With django-tenants' TenantSyncRouter in DATABASE_ROUTERS, sets each app's schemas from
// SHARED_APPS and TENANT_APPS, as the router's allow_migrate decides (AppConfig.name or the
// AppConfig's dotted class in the list); left unset when a module that runs does not give both
// lists as known strings, or modules disagree.
void mark_tenant_schemas(django::ProjectModels& models, const std::vector<SettingsModule>& modules);

}  // namespace preflight::project
