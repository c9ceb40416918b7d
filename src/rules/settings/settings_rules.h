// What the settings rules (PF3xx) share: a setting's run-time value (the module's, else Django's
// default), where it was assigned, and reporting one finding per cause when several settings
// modules inherit the same assignment (DESIGN.md principle 5).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/diagnostic.h"
#include "django/settings/value.h"
#include "project/project.h"

namespace preflight::rules::settings {

using django::settings::Value;

// The value `name` has when `module` runs: its assignment, else Django's default for the target
// version; nullopt when the module was not found or the default is not in the table.
std::optional<Value> effective(const project::Project& project,
                               const project::SettingsModule& module, std::string_view name);

// Python truthiness of a setting: true/false, or nullopt when it depends on the environment.
std::optional<bool> truth(const project::Project& project, const project::SettingsModule& module,
                          std::string_view name);
// True when the setting is truthy in at least one of its alternatives (it "may" be on).
bool may_be_true(const project::Project& project, const project::SettingsModule& module,
                 std::string_view name);

// The known list of strings a setting holds (MIDDLEWARE, INSTALLED_APPS, ALLOWED_HOSTS);
// nullopt when any part is unknown.
std::optional<std::vector<std::string>> string_list(const project::Project& project,
                                                    const project::SettingsModule& module,
                                                    std::string_view name);

// Where the setting was last assigned or edited: the cause a finding points at. nullopt when it
// keeps Django's default.
std::optional<Span> assigned_at(const project::SettingsModule& module, std::string_view name);

// The span of the module's file (first line), for findings about a setting left at its default;
// nullopt when the module is not in the project.
std::optional<Span> module_span(const project::Project& project,
                                const project::SettingsModule& module);

// "`harbor.settings.production` (used by Dockerfile ENV)" for messages.
std::string describe(const project::SettingsModule& module);

// Groups findings by their cause: modules that inherit the same assignment share one finding,
// with the other modules as related locations.
class FindingsByCause {
 public:
  struct Entry {
    Span span;
    std::vector<const project::SettingsModule*> modules;
    std::string message;
    std::string predicted;
    Severity severity = Severity::Error;
    std::vector<Related> related;
  };

  // Returns the entry for `span`, created with `make` on first sight; a later module sharing the
  // cause is appended to `modules`.
  Entry& at(const Span& span, const project::SettingsModule& module, bool& created);
  // Emits one finding per cause, in first-seen order.
  void emit(const RuleInfo& rule, const project::Project& project, Findings& out);

 private:
  std::map<std::pair<FileId, std::uint32_t>, std::size_t> index_;
  std::vector<Entry> entries_;
};

}  // namespace preflight::rules::settings
