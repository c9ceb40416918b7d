// JUnit XML, the lowest common denominator of CI test reports: one test case per finding, failed,
// with the text rendering as its body. Without findings, one passing test case, so that the run
// still shows up in the CI system's test view.
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "report/common.h"
#include "report/reporter.h"

namespace preflight::report {
namespace {

// Characters XML 1.0 allows: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] |
// [#x10000-#x10FFFF].
bool allowed_in_xml(char32_t c) {
  if (c < 0x20) return c == '\t' || c == '\n' || c == '\r';
  return c != 0xFFFE && c != 0xFFFF;  // surrogates and invalid UTF-8 already decode as U+FFFD
}

// Escapes text for XML; in attributes, whitespace other than spaces is written as character
// references, because parsers normalise literal tabs and newlines in attributes to spaces.
std::string escape_xml(std::string_view text, bool attribute) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const char32_t c = detail::next_code_point(text, i);
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += attribute ? "&quot;" : "\"";
        break;
      case '\'':
        out += attribute ? "&apos;" : "'";
        break;
      case '\r':
        out += "&#13;";
        break;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        break;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        break;
      default:
        detail::append_utf8(out, allowed_in_xml(c) ? c : detail::kReplacement);
    }
  }
  return out;
}

std::string attr(std::string_view text) {
  return escape_xml(text, true);
}

}  // namespace

void write_junit(const ReportInput& input, std::ostream& out) {
  const std::size_t count = input.diagnostics.size();
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites name=\"preflight\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n",
                     count == 0 ? 1 : count, count);
  out << fmt::format(
      "  <testsuite name=\"preflight\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n",
      count == 0 ? 1 : count, count);
  if (count == 0) {
    out << "    <testcase classname=\"preflight\" name=\"no findings\"/>\n";
  }
  for (const Diagnostic& d : input.diagnostics) {
    const std::string path = detail::path_of(input, d.span.file);
    // `file` and `line` are not in the Ant schema, but GitLab and the GitHub JUnit report actions
    // use them to link a failure to its source; other readers ignore them.
    out << fmt::format(
        "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\">\n", attr(path),
        attr(fmt::format("{} {}:{}", detail::code_of(d), d.span.start.line, d.span.start.column)),
        attr(path), d.span.start.line);
    out << fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                       attr(detail::message_with_failure(d)), attr(detail::code_of(d)),
                       escape_xml(fmt::format("[{}] {}", to_string(d.severity),
                                              detail::render_text_finding(input, d)),
                                  false));
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
}

}  // namespace preflight::report
