// A fixed set of synthetic findings over in-memory files, shared by the reporter tests.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/rule_catalog.h"
#include "core/source.h"
#include "report/reporter.h"

namespace preflight::report::testing {

inline constexpr std::string_view kBase = "/srv/shop";
inline constexpr std::string_view kVersion = "0.1.0";

// The span of the `occurrence`-th appearance of `needle` in a file (0-based occurrence).
Span find_span(const SourceMap& sources, FileId file, std::string_view needle, int occurrence = 0);

// Files, rules and findings for one report; tests build small ones, Fixture the full one.
struct Scenario {
  Scenario() = default;
  Scenario(const Scenario&) = delete;
  Scenario& operator=(const Scenario&) = delete;

  ReportInput input() const {
    return ReportInput{sources, diagnostics, catalog, base, std::string(kVersion)};
  }

  SourceMap sources;
  RuleCatalog catalog{std::vector<const RuleInfo*>{}};
  std::vector<Diagnostic> diagnostics;
  std::filesystem::path base{kBase};
};

// Four files (Django settings with multi-byte text and a tab, a GitHub workflow, an empty
// requirements file, a compose file outside the base) and eight findings of every severity: with
// and without related spans, predicted failure and fix; a multi-line span; a fix with a new file.
struct Fixture : Scenario {
  Fixture();
};

// Every rule the fixture uses, plus one without findings (SARIF lists it all the same).
RuleCatalog fixture_catalog();

// The output of one format for an input, as a string.
std::string render(Format format, const ReportInput& input, const TextOptions& options = {});

}  // namespace preflight::report::testing
