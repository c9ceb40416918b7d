// What a rule is, independent of how it checks: code, name, severity, documentation.
#pragma once

#include <optional>
#include <string_view>

namespace preflight {

// Ordered by rank: a higher value is more severe.
enum class Severity { Info = 0, Warning = 1, Error = 2 };

std::string_view to_string(Severity severity);
std::optional<Severity> parse_severity(std::string_view text);

enum class Family { Core, Models, Migrations, Settings, Urls, Deploy, Db, Http };

std::string_view to_string(Family family);

struct RuleInfo {
  std::string_view code;  // "PF" and three digits; stable once released
  std::string_view name;  // kebab-case
  Family family = Family::Core;
  Severity severity = Severity::Error;
  std::string_view summary;  // one line
  // Markdown with the sections "What it finds", "What fails in production", "Example", "Fix".
  std::string_view explanation;
};

}  // namespace preflight
