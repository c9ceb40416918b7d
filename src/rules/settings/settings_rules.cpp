#include "rules/settings/settings_rules.h"

#include <fmt/format.h>

namespace preflight::rules::settings {

std::optional<Span> module_span(const project::Project& project,
                                const project::SettingsModule& module) {
  if (!module.file) return std::nullopt;
  return project.sources().file_span(*module.file);
}

FindingsByCause::Entry& FindingsByCause::at(const Span& span, const project::SettingsModule& module,
                                            bool& created) {
  const auto [it, added] = index_.emplace(std::make_pair(span.file, span.begin), entries_.size());
  created = added;
  if (added) {
    Entry entry;
    entry.span = span;
    entries_.push_back(std::move(entry));
  }
  Entry& entry = entries_[it->second];
  entry.modules.push_back(&module);
  return entry;
}

void FindingsByCause::emit(const RuleInfo& rule, const project::Project& project, Findings& out) {
  for (Entry& entry : entries_) {
    Findings::Builder finding = out.add(rule, entry.span);
    finding.message(std::move(entry.message)).severity(entry.severity);
    if (!entry.predicted.empty()) finding.predicts(std::move(entry.predicted));
    for (Related& related : entry.related) finding.related(related.span, std::move(related.note));
    // The other settings modules that run with the same cause.
    for (std::size_t i = 1; i < entry.modules.size(); ++i) {
      if (const auto span = module_span(project, *entry.modules[i])) {
        finding.related(*span, fmt::format("also in {}", describe(*entry.modules[i])));
      }
    }
  }
}

}  // namespace preflight::rules::settings
