// GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per finding, which
// the runner turns into an annotation on the file and line. Escaping follows actions/toolkit
// (packages/core/src/command.ts): data escapes '%', CR and LF; property values also ':' and ','.
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "report/common.h"
#include "report/reporter.h"

namespace preflight::report {
namespace {

// The escaping of actions/toolkit's command.ts: message data escapes '%', CR and LF; property
// values also escape ':' and ',', which would otherwise end the value.
std::string escape(std::string_view text, bool property) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      case ':':
        out += property ? "%3A" : ":";
        break;
      case ',':
        out += property ? "%2C" : ",";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string escape_data(std::string_view text) {
  return escape(text, false);
}
std::string escape_property(std::string_view text) {
  return escape(text, true);
}

std::string_view command(Severity severity) {
  switch (severity) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Info:
      return "notice";
  }
  return "warning";
}

// An annotation shows one message: the finding, its predicted failure, then the evidence chain
// and the fix on lines of their own, since an annotation has no related locations.
std::string annotation_message(const ReportInput& input, const Diagnostic& d) {
  std::string text = detail::message_with_failure(d);
  for (const Related& r : d.related) {
    text += fmt::format("\n{}:{}:{}: {}", detail::path_of(input, r.span.file), r.span.start.line,
                        r.span.start.column, r.note);
  }
  if (d.fix) text += fmt::format("\nFix: {}", d.fix->message);
  return text;
}

}  // namespace

void write_github(const ReportInput& input, std::ostream& out) {
  for (const Diagnostic& d : input.diagnostics) {
    const std::string title = fmt::format("{} {}", detail::code_of(d), detail::name_of(d));
    out << fmt::format("::{} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                       command(d.severity), escape_property(detail::path_of(input, d.span.file)),
                       d.span.start.line, d.span.start.column, d.span.stop.line, d.span.stop.column,
                       escape_property(title), escape_data(annotation_message(input, d)));
  }
}

}  // namespace preflight::report
