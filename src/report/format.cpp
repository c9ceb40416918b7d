#include <array>
#include <utility>

#include "report/reporter.h"

namespace preflight::report {
namespace {

// The names `--format` accepts, in the order the help text lists them.
constexpr std::array<std::pair<std::string_view, Format>, 6> kFormats = {{
    {"text", Format::Text},
    {"json", Format::Json},
    {"sarif", Format::Sarif},
    {"github", Format::Github},
    {"markdown", Format::Markdown},
    {"junit", Format::Junit},
}};

}  // namespace

std::optional<Format> parse_format(std::string_view name) {
  for (const auto& [known, format] : kFormats) {
    if (known == name) return format;
  }
  return std::nullopt;
}

std::string_view to_string(Format format) {
  for (const auto& [name, known] : kFormats) {
    if (known == format) return name;
  }
  return "text";
}

}  // namespace preflight::report
