// What the settings rules (PF3xx) share: where a setting was assigned, and one finding per cause
// when several settings modules inherit the same assignment (DESIGN.md principle 5).
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
#include "project/setting_values.h"

namespace preflight::rules::settings {

using django::settings::Value;

// The value queries every settings rule uses (project/setting_values.h).
using project::assigned_at;
using project::describe;
using project::effective;
using project::may_be_true;
using project::string_list;
using project::truth;

// The span of the module's file (first line), for findings about a setting left at its default;
// nullopt when the module is not in the project.
std::optional<Span> module_span(const project::Project& project,
                                const project::SettingsModule& module);

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
