// Reporters turn sorted diagnostics into one output format. They never decide what is reported.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/rule_catalog.h"
#include "core/source.h"

namespace preflight::report {

enum class Format { Text, Json, Sarif, Github, Markdown, Junit };

std::optional<Format> parse_format(std::string_view name);
std::string_view to_string(Format format);

struct ReportInput {
  const SourceMap& sources;
  const std::vector<Diagnostic>& diagnostics;  // sorted (sort_diagnostics)
  const RuleCatalog& catalog;                  // every known rule (SARIF lists them)
  std::filesystem::path base;                  // paths are shown relative to this when under it
  std::string tool_version;
};

struct TextOptions {
  bool color = false;
  bool quiet = false;       // the findings' first lines only, no frames, no summary
  bool statistics = false;  // a count per code instead of the findings
};

void write_text(const ReportInput& input, const TextOptions& options, std::ostream& out);
void write_json(const ReportInput& input, std::ostream& out);
void write_sarif(const ReportInput& input, std::ostream& out);
void write_github(const ReportInput& input, std::ostream& out);
void write_markdown(const ReportInput& input, std::ostream& out);
void write_junit(const ReportInput& input, std::ostream& out);

}  // namespace preflight::report
