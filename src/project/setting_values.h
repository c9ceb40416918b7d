// A setting's run-time value in one settings module: the module's assignment, else Django's
// default for the target version. What every rule that reads settings asks.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "django/settings/value.h"
#include "project/project.h"

namespace preflight::project {

// The value `name` has when `module` runs; nullopt when the module was not found or the default
// is not in the table.
std::optional<django::settings::Value> effective(const Project& project,
                                                 const SettingsModule& module,
                                                 std::string_view name);

// Python truthiness of a setting: true/false, or nullopt when it depends on the environment.
std::optional<bool> truth(const Project& project, const SettingsModule& module,
                          std::string_view name);

// True when the setting is truthy in at least one of its alternatives (it "may" be on).
bool may_be_true(const Project& project, const SettingsModule& module, std::string_view name);

// The known list of strings a setting holds (MIDDLEWARE, INSTALLED_APPS, ALLOWED_HOSTS);
// nullopt when any part is unknown.
std::optional<std::vector<std::string>> string_list(const Project& project,
                                                    const SettingsModule& module,
                                                    std::string_view name);

// Where the setting was last assigned or edited: the cause a finding points at. nullopt when it
// keeps Django's default.
std::optional<Span> assigned_at(const SettingsModule& module, std::string_view name);

// "`harbor.settings.production` (used by Dockerfile ENV)" for messages.
std::string describe(const SettingsModule& module);

}  // namespace preflight::project
