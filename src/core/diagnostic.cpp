#include "core/diagnostic.h"

#include <algorithm>
#include <tuple>

namespace preflight {

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::Info:
      return "info";
    case Severity::Warning:
      return "warning";
    case Severity::Error:
      return "error";
  }
  return "error";
}

std::optional<Severity> parse_severity(std::string_view text) {
  if (text == "info") return Severity::Info;
  if (text == "warning") return Severity::Warning;
  if (text == "error") return Severity::Error;
  return std::nullopt;
}

std::string_view to_string(Family family) {
  switch (family) {
    case Family::Core:
      return "core";
    case Family::Models:
      return "models";
    case Family::Migrations:
      return "migrations";
    case Family::Settings:
      return "settings";
    case Family::Urls:
      return "urls";
    case Family::Deploy:
      return "deploy";
    case Family::Db:
      return "db";
    case Family::Http:
      return "http";
  }
  return "core";
}

void sort_diagnostics(std::vector<Diagnostic>& diagnostics, const SourceMap& sources) {
  auto key = [&](const Diagnostic& d) {
    return std::make_tuple(sources.file(d.span.file).path().generic_string(), d.span.start,
                           d.rule->code, d.message, d.span.stop);
  };
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
}

Summary summarize(const std::vector<Diagnostic>& diagnostics) {
  Summary summary;
  for (const Diagnostic& d : diagnostics) {
    ++summary.by_severity[std::string(to_string(d.severity))];
    ++summary.by_code[std::string(d.rule->code)];
  }
  return summary;
}

Findings::Builder Findings::add(const RuleInfo& rule, Span span) {
  Diagnostic& d = diagnostics_.emplace_back();
  d.rule = &rule;
  d.severity = rule.severity;
  d.message = std::string(rule.summary);
  d.span = span;
  return Builder(d);
}

Findings::Builder& Findings::Builder::message(std::string text) {
  diagnostic_.message = std::move(text);
  return *this;
}

Findings::Builder& Findings::Builder::related(Span span, std::string note) {
  diagnostic_.related.push_back(Related{span, std::move(note)});
  return *this;
}

Findings::Builder& Findings::Builder::predicts(std::string failure) {
  diagnostic_.predicted_failure = std::move(failure);
  return *this;
}

Findings::Builder& Findings::Builder::fix(Fix fix) {
  diagnostic_.fix = std::move(fix);
  return *this;
}

Findings::Builder& Findings::Builder::severity(Severity severity) {
  diagnostic_.severity = severity;
  return *this;
}

}  // namespace preflight
