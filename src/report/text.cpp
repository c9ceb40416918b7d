// The human format: `path:line:col: CODE message` (as flake8 and ruff print it, so editors and
// problem matchers understand it), then a code frame, the evidence chain, the predicted failure
// and the fix.
#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "report/common.h"
#include "report/reporter.h"

namespace preflight::report {
namespace {

using detail::code_of;

// A tab advances to the next multiple of this many columns in a frame.
constexpr int kTabStop = 4;
// Frame lines wider than this are cut to a window around the underlined text.
constexpr int kMaxFrameWidth = 120;
// Columns kept before the underlined text when a wide line is cut.
constexpr int kContextBeforeCut = 24;
// Lines of a multi-line span shown after its first line.
constexpr std::uint32_t kMaxExtraLines = 3;
// Code points of an edit's replacement text shown in the fix.
constexpr std::size_t kMaxPreview = 60;

struct Palette {
  bool enabled = false;

  std::string paint(std::string_view style, std::string_view text) const {
    if (!enabled || text.empty()) return std::string(text);
    return fmt::format("\x1b[{}m{}\x1b[0m", style, text);
  }
};

constexpr std::string_view kBold = "1";
constexpr std::string_view kGutter = "1;34";
constexpr std::string_view kNote = "1;36";
constexpr std::string_view kFailure = "1;35";
constexpr std::string_view kFix = "1;32";

std::string_view severity_style(Severity severity) {
  switch (severity) {
    case Severity::Error:
      return "1;31";
    case Severity::Warning:
      return "1;33";
    case Severity::Info:
      return "1;36";
  }
  return "1";
}

// Bidirectional controls reorder what a terminal shows ("Trojan Source"); they are drawn as
// U+FFFD so that a frame shows the bytes' order.
bool is_bidi_control(char32_t c) {
  return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

// What a terminal is given for a code point that must not reach it as is: control characters
// become their Unicode control pictures (one column each, so carets stay aligned).
bool visible_form(char32_t c, std::string& out) {
  if (c < 0x20) {
    detail::append_utf8(out, 0x2400 + c);
  } else if (c == 0x7F) {
    detail::append_utf8(out, 0x2421);
  } else if ((c >= 0x80 && c < 0xA0) || is_bidi_control(c)) {
    detail::append_utf8(out, detail::kReplacement);
  } else {
    return false;
  }
  return true;
}

// A message or note on one line: source-derived text (setting values, paths) may hold control
// characters, and a newline would break the one-finding-per-line form of the first line.
std::string clean(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const char32_t c = detail::next_code_point(text, i);
    if (c == '\t') {
      out += ' ';
    } else if (!visible_form(c, out)) {
      detail::append_utf8(out, c);
    }
  }
  return out;
}

// One code point of a source line as a terminal shows it.
struct Cell {
  std::string text;
  int width = 1;
};

std::vector<Cell> layout(std::string_view line) {
  std::vector<Cell> cells;
  int column = 0;
  std::size_t i = 0;
  while (i < line.size()) {
    const char32_t c = detail::next_code_point(line, i);
    Cell cell;
    if (c == '\t') {
      cell.width = kTabStop - column % kTabStop;
      cell.text.assign(static_cast<std::size_t>(cell.width), ' ');
    } else if (visible_form(c, cell.text)) {
      cell.width = 1;
    } else {
      detail::append_utf8(cell.text, c);
      cell.width = detail::display_width(c);
    }
    column += cell.width;
    cells.push_back(std::move(cell));
  }
  return cells;
}

// A source line ready to print, and where its carets go (in terminal columns).
struct Underlined {
  std::string text;
  int caret_offset = 0;
  int caret_width = 1;
};

// Underlines code points [first, last) of `line` (0-based; `last` past the end means to the end).
// An empty range gets one caret, so that insertion points and empty files are still marked.
Underlined underline(std::string_view line, std::size_t first, std::size_t last) {
  const std::vector<Cell> cells = layout(line);
  first = std::min(first, cells.size());
  last = std::clamp(last, first, cells.size());

  std::vector<int> start(cells.size() + 1, 0);  // column where each cell starts
  for (std::size_t k = 0; k < cells.size(); ++k) start[k + 1] = start[k] + cells[k].width;
  const int total = start[cells.size()];

  // Cut wide lines to a window that shows the start of the underlined text with some context.
  std::size_t begin_cell = 0;
  if (total > kMaxFrameWidth && start[first] + 1 > kMaxFrameWidth - kContextBeforeCut) {
    while (begin_cell < first && start[first] - start[begin_cell] > kContextBeforeCut) ++begin_cell;
  }
  const bool cut_left = begin_cell > 0;
  const int budget = kMaxFrameWidth - (cut_left ? 1 : 0);
  std::size_t end_cell = begin_cell;
  while (end_cell < cells.size() && start[end_cell + 1] - start[begin_cell] <=
                                        budget - (end_cell + 1 < cells.size() ? 1 : 0)) {
    ++end_cell;
  }
  const bool cut_right = end_cell < cells.size();

  Underlined result;
  if (cut_left) result.text += "\u2026";
  for (std::size_t k = begin_cell; k < end_cell; ++k) result.text += cells[k].text;
  if (cut_right) result.text += "\u2026";

  const int shift = start[begin_cell] - (cut_left ? 1 : 0);
  result.caret_offset = start[first] - shift;
  const std::size_t shown_last = std::min(last, end_cell);
  const int width = shown_last > first ? start[shown_last] - start[first] : 0;
  result.caret_width = std::max(width, 1);
  return result;
}

int digits(std::uint32_t value) {
  int count = 1;
  while (value >= 10) {
    value /= 10;
    ++count;
  }
  return count;
}

// The last line a span really covers: a span that ends at the start of a line (a whole line
// with its newline) does not cover that line.
std::uint32_t last_line(const Span& span) {
  if (span.stop.line > span.start.line && span.stop.column == 1) return span.stop.line - 1;
  return std::max(span.stop.line, span.start.line);
}

class Renderer {
 public:
  Renderer(const ReportInput& input, bool color) : input_(input) { palette_.enabled = color; }

  std::string header(const Diagnostic& d) const {
    const std::string location =
        fmt::format("{}:{}:{}:", path(d.span.file), d.span.start.line, d.span.start.column);
    return fmt::format("{} {} {}", palette_.paint(kBold, location),
                       palette_.paint(severity_style(d.severity), code_of(d)), clean(d.message));
  }

  std::string finding(const Diagnostic& d) const {
    std::string out = header(d);
    out += '\n';

    const int gutter = gutter_width(d);
    frame(out, d.span, gutter, severity_style(d.severity), kMaxExtraLines);
    for (const Related& related : d.related) {
      out += fmt::format("  {} {}:{}:{}: {}\n", palette_.paint(kNote, "note:"),
                         path(related.span.file), related.span.start.line,
                         related.span.start.column, clean(related.note));
      frame(out, related.span, gutter, kNote, 0);
    }
    if (!d.predicted_failure.empty()) {
      out += fmt::format("  {} {}\n", palette_.paint(kFailure, "predicted failure:"),
                         clean(d.predicted_failure));
    }
    if (d.fix) fix(out, *d.fix);
    return out;
  }

 private:
  // File names may hold control characters too.
  std::string path(FileId file) const { return clean(detail::path_of(input_, file)); }

  // An empty file (a skipped binary one, say) has no line worth a frame.
  bool frame_fits(const Span& span) const {
    return span.file < input_.sources.size() && !input_.sources.file(span.file).text().empty() &&
           span.start.line <= input_.sources.file(span.file).line_count();
  }

  // One gutter width for every frame of a finding, so that their bars line up.
  int gutter_width(const Diagnostic& d) const {
    std::uint32_t widest = 0;
    if (frame_fits(d.span)) {
      const std::uint32_t count = input_.sources.file(d.span.file).line_count();
      widest = std::min({last_line(d.span), d.span.start.line + kMaxExtraLines, count});
    }
    for (const Related& related : d.related) {
      if (frame_fits(related.span)) widest = std::max(widest, related.span.start.line);
    }
    return digits(widest);
  }

  std::string bar(int gutter, std::string_view number = {}) const {
    return palette_.paint(kGutter, fmt::format(" {:>{}} |", number, gutter));
  }

  // The first line of `span` with its part underlined, then up to `extra_lines` further lines
  // of a multi-line span, between empty gutter lines.
  void frame(std::string& out, const Span& span, int gutter, std::string_view caret_style,
             std::uint32_t extra_lines) const {
    if (!frame_fits(span)) return;
    const SourceFile& source = input_.sources.file(span.file);
    const std::uint32_t line = span.start.line;
    const std::uint32_t last = std::min(last_line(span), source.line_count());
    const std::size_t first_column = span.start.column - 1;
    const std::size_t last_column = span.stop.line == line
                                        ? std::max(span.stop.column, span.start.column) - 1
                                        : std::string_view::npos;
    const Underlined underlined = underline(source.line_text(line), first_column, last_column);

    out += bar(gutter) + '\n';
    code_line(out, gutter, line, underlined.text);
    out += fmt::format(
        "{} {:{}}{}\n", bar(gutter), "", underlined.caret_offset,
        palette_.paint(caret_style,
                       std::string(static_cast<std::size_t>(underlined.caret_width), '^')));
    const std::uint32_t shown_last = std::min(last, line + extra_lines);
    for (std::uint32_t next = line + 1; next <= shown_last; ++next) {
      const Underlined plain = underline(source.line_text(next), 0, 0);
      code_line(out, gutter, next, plain.text);
    }
    if (extra_lines > 0 && last > shown_last) out += bar(gutter) + " ...\n";
    out += bar(gutter) + '\n';
  }

  void code_line(std::string& out, int gutter, std::uint32_t line, const std::string& text) const {
    out += bar(gutter, std::to_string(line));
    // No trailing blank after the bar on an empty line.
    if (!text.empty()) out += ' ' + text;
    out += '\n';
  }

  void fix(std::string& out, const Fix& fix) const {
    out += fmt::format("  {} {}\n", palette_.paint(kFix, "fix:"), clean(fix.message));
    for (const TextEdit& edit : fix.edits) {
      const Span& s = edit.span;
      std::string where = fmt::format("{}:{}:{}", path(s.file), s.start.line, s.start.column);
      if (s.stop != s.start) where += fmt::format("-{}:{}", s.stop.line, s.stop.column);
      if (s.begin == s.end) {
        out += fmt::format("    {}: insert {}\n", where,
                           detail::quoted_preview(edit.content, kMaxPreview));
      } else if (edit.content.empty()) {
        out += fmt::format("    {}: delete\n", where);
      } else {
        out += fmt::format("    {}: replace with {}\n", where,
                           detail::quoted_preview(edit.content, kMaxPreview));
      }
    }
    for (const NewFile& file : fix.new_files) {
      out += fmt::format("    {}: new file {}\n", clean(file.path),
                         detail::quoted_preview(file.content, kMaxPreview));
    }
  }

  const ReportInput& input_;
  Palette palette_;
};

void write_statistics(const ReportInput& input, std::ostream& out) {
  struct Row {
    std::string_view code;
    std::string_view name;
    std::size_t count = 0;
  };
  std::map<std::string_view, Row> by_code;
  for (const Diagnostic& d : input.diagnostics) {
    Row& row = by_code[code_of(d)];
    row.code = code_of(d);
    row.name = detail::name_of(d);
    ++row.count;
  }
  std::vector<Row> rows;
  for (const auto& entry : by_code) rows.push_back(entry.second);
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.count > b.count; });
  std::size_t count_width = 1;
  std::size_t code_width = 1;
  for (const Row& row : rows) {
    count_width = std::max(count_width, std::to_string(row.count).size());
    code_width = std::max(code_width, row.code.size());
  }
  for (const Row& row : rows) {
    out << fmt::format("{:>{}}  {:<{}}  {}\n", row.count, count_width, row.code, code_width,
                       row.name);
  }
}

}  // namespace

namespace detail {

std::string render_text_finding(const ReportInput& input, const Diagnostic& diagnostic) {
  return Renderer(input, false).finding(diagnostic);
}

}  // namespace detail

void write_text(const ReportInput& input, const TextOptions& options, std::ostream& out) {
  const Renderer renderer(input, options.color);
  if (options.statistics) {
    write_statistics(input, out);
  } else if (options.quiet) {
    for (const Diagnostic& d : input.diagnostics) out << renderer.header(d) << '\n';
  } else {
    for (const Diagnostic& d : input.diagnostics) out << renderer.finding(d) << '\n';
  }
  if (!options.quiet) out << detail::summary_sentence(input.diagnostics) << '\n';
}

}  // namespace preflight::report
