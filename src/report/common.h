// Helpers shared by the reporters. Internal to src/report: not part of the reporting interface.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/diagnostic.h"
#include "report/reporter.h"

namespace preflight::report::detail {

inline constexpr char32_t kReplacement = 0xFFFD;

// Decodes the code point at `i` and advances `i` past it. Sequences are cut exactly as
// count_code_points() cuts them, so that columns computed by SourceFile and positions computed
// here agree; a sequence that is malformed, overlong, a surrogate or out of range yields U+FFFD.
char32_t next_code_point(std::string_view text, std::size_t& i);
void append_utf8(std::string& out, char32_t c);

// Columns a terminal gives a code point: 0 for combining and zero-width marks, 2 for East Asian
// wide and fullwidth characters and most emoji, 1 otherwise. An approximation of wcwidth(3)
// that needs no locale, so output does not depend on the machine.
int display_width(char32_t c);

std::string_view code_of(const Diagnostic& diagnostic);
std::string_view name_of(const Diagnostic& diagnostic);

// The file's path as shown to users: relative to ReportInput::base when under it, else absolute.
std::string path_of(const ReportInput& input, FileId file);

// The message as one or two sentences: the message, then "Predicted failure: ..." when the
// finding predicts one. Used where a format has a single message field (SARIF, GitHub, JUnit).
std::string message_with_failure(const Diagnostic& diagnostic);

// "1 finding", "2 findings".
std::string count_of(std::size_t count, std::string_view singular, std::string_view plural);

// "Found 3 findings (1 error, 1 warning, 1 info)." or "No findings."; shared by text and Markdown.
std::string summary_sentence(const std::vector<Diagnostic>& diagnostics);

// The plain (uncoloured) text rendering of one finding, as write_text prints it: JUnit puts it in
// the failure element.
std::string render_text_finding(const ReportInput& input, const Diagnostic& diagnostic);

// A short, quoted, one-line preview of an edit's replacement text for the text and JUnit formats.
std::string quoted_preview(std::string_view content, std::size_t max_code_points);

// 64-bit FNV-1a: small, stable across platforms and releases, enough to tell findings apart.
std::uint64_t fnv1a64(std::string_view data);

}  // namespace preflight::report::detail
