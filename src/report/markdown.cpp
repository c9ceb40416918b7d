// GitHub-flavoured Markdown for `$GITHUB_STEP_SUMMARY`: counts, one table row per finding, then a
// details block for each finding that has evidence, a predicted failure or a fix.
#include <algorithm>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "report/common.h"
#include "report/reporter.h"

namespace preflight::report {
namespace {

// Inline Markdown text: the punctuation that starts emphasis, code, links, HTML, tables and
// strikethrough is backslash-escaped; line breaks become <br> so a table cell stays one row.
std::string escape_markdown(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '<':
      case '>':
      case '|':
      case '~':
      case '&':
      case '#':
      case '!':
        out += '\\';
        out += c;
        break;
      case '\r':
        break;
      case '\n':
        out += "<br>";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Text inside HTML elements (<summary>).
std::string escape_html(std::string_view text) {
  std::string out;
  for (const char c : text) {
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
        out += "&quot;";
        break;
      case '\n':
        out += ' ';
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A fenced block longer than any run of backticks inside, so that the content cannot close it.
std::string fenced(std::string_view content) {
  std::size_t longest = 0;
  std::size_t run = 0;
  for (const char c : content) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  std::string out = fence + "text\n";
  out += content;
  if (!content.empty() && content.back() != '\n') out += '\n';
  out += fence + '\n';
  return out;
}

std::string location(const ReportInput& input, const Span& span) {
  return fmt::format("{}:{}:{}", detail::path_of(input, span.file), span.start.line,
                     span.start.column);
}

void write_details(const ReportInput& input, const Diagnostic& d, std::ostream& out) {
  out << fmt::format("<details>\n<summary>{} {} at {}</summary>\n\n",
                     escape_html(detail::code_of(d)), escape_html(detail::name_of(d)),
                     escape_html(location(input, d.span)));
  if (!d.related.empty()) {
    out << "**Evidence**\n\n";
    for (const Related& r : d.related) {
      out << fmt::format("- {}: {}\n", escape_markdown(location(input, r.span)),
                         escape_markdown(r.note));
    }
    out << '\n';
  }
  if (!d.predicted_failure.empty()) {
    out << fmt::format("**Predicted failure:** {}\n\n", escape_markdown(d.predicted_failure));
  }
  if (d.fix) {
    out << fmt::format("**Fix:** {}\n\n", escape_markdown(d.fix->message));
    for (const TextEdit& edit : d.fix->edits) {
      const Span& s = edit.span;
      std::string where =
          fmt::format("{}:{}:{}", detail::path_of(input, s.file), s.start.line, s.start.column);
      if (s.stop != s.start) where += fmt::format("-{}:{}", s.stop.line, s.stop.column);
      if (edit.content.empty()) {
        out << fmt::format("- delete {}\n\n", escape_markdown(where));
      } else {
        out << fmt::format("- {} {}:\n\n{}\n", s.begin == s.end ? "insert at" : "replace",
                           escape_markdown(where), fenced(edit.content));
      }
    }
    for (const NewFile& file : d.fix->new_files) {
      out << fmt::format("- new file {}:\n\n{}\n", escape_markdown(file.path),
                         fenced(file.content));
    }
  }
  out << "</details>\n\n";
}

}  // namespace

void write_markdown(const ReportInput& input, std::ostream& out) {
  out << "## preflight\n\n";
  out << detail::summary_sentence(input.diagnostics) << "\n";
  if (input.diagnostics.empty()) return;

  out << "\n| Severity | Code | Location | Message |\n| --- | --- | --- | --- |\n";
  for (const Diagnostic& d : input.diagnostics) {
    out << fmt::format("| {} | {} {} | {} | {} |\n", to_string(d.severity),
                       escape_markdown(detail::code_of(d)), escape_markdown(detail::name_of(d)),
                       escape_markdown(location(input, d.span)), escape_markdown(d.message));
  }
  out << '\n';
  for (const Diagnostic& d : input.diagnostics) {
    if (!d.related.empty() || !d.predicted_failure.empty() || d.fix) write_details(input, d, out);
  }
}

}  // namespace preflight::report
