#include "project/setting_values.h"

#include "django/settings/defaults.h"

namespace preflight::project {

using django::settings::Value;

std::optional<Value> effective(const Project& project, const SettingsModule& module,
                               std::string_view name) {
  if (!module.settings.found) return std::nullopt;
  if (const auto* setting = module.settings.find(name)) return setting->value;
  return django::settings::global_default(name, project.model_options().django_version);
}

std::optional<bool> truth(const Project& project, const SettingsModule& module,
                          std::string_view name) {
  const std::optional<Value> value = effective(project, module, name);
  if (!value) return std::nullopt;
  return value->truth();
}

bool may_be_true(const Project& project, const SettingsModule& module, std::string_view name) {
  const std::optional<Value> value = effective(project, module, name);
  if (!value) return false;
  for (const Value& alternative : django::settings::alternatives(*value)) {
    const std::optional<bool> t = alternative.truth();
    if (!t || *t) return true;
  }
  return false;
}

std::optional<std::vector<std::string>> string_list(const Project& project,
                                                    const SettingsModule& module,
                                                    std::string_view name) {
  const std::optional<Value> value = effective(project, module, name);
  if (!value) return std::nullopt;
  return django::settings::known_strings(*value);
}

std::optional<Span> assigned_at(const SettingsModule& module, std::string_view name) {
  const auto* setting = module.settings.find(name);
  if (!setting) return std::nullopt;
  for (auto it = setting->provenance.rbegin(); it != setting->provenance.rend(); ++it) {
    if (it->has_span) return it->span;
  }
  return std::nullopt;
}

std::string describe(const SettingsModule& module) {
  if (module.uses.empty()) return "`" + module.name + "`";
  return "`" + module.name + "` (used by " + module.uses.front().where + ")";
}

}  // namespace preflight::project
