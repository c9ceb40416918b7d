#include "core/suppression.h"

#include <algorithm>
#include <functional>
#include <optional>

#include "core/selection.h"

namespace preflight {
namespace {

using Entry = Suppressions::Entry;

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\f';
}
bool is_newline(char c) {
  return c == '\n' || c == '\r';
}
bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_word(char c) {
  return is_upper(c) || is_digit(c) || (c >= 'a' && c <= 'z') || c == '_';
}

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Line 1 without a UTF-8 byte order mark, so that `# preflight: noqa` there is on its own line.
std::string_view line_without_bom(const SourceFile& file, std::uint32_t number) {
  std::string_view line = file.line_text(number);
  if (number == 1 && line.substr(0, kBom.size()) == kBom) line.remove_prefix(kBom.size());
  return line;
}

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

void skip_blanks(std::string_view text, std::size_t& i) {
  while (i < text.size() && is_blank(text[i])) ++i;
}

// Consumes `word` (lower case) at `i`, ignoring case.
bool consume_word(std::string_view text, std::size_t& i, std::string_view word) {
  if (text.size() - i < word.size()) return false;
  for (std::size_t k = 0; k < word.size(); ++k) {
    if (lower(text[i + k]) != word[k]) return false;
  }
  i += word.size();
  return true;
}

// A code list after `noqa:`: codes (`[A-Z]+[0-9]*`) separated by commas and/or whitespace, up to
// the first word that is not one. Returns false when there is none.
bool parse_codes(std::string_view text, std::size_t i, Entry& out) {
  bool any = false;
  while (true) {
    while (i < text.size() && (is_blank(text[i]) || text[i] == ',')) ++i;
    const std::size_t start = i;
    while (i < text.size() && is_word(text[i])) ++i;
    const std::string_view word = text.substr(start, i - start);
    std::size_t letters = 0;
    while (letters < word.size() && is_upper(word[letters])) ++letters;
    const bool is_code =
        letters > 0 && std::all_of(word.begin() + static_cast<long>(letters), word.end(), is_digit);
    if (!is_code) break;
    out.codes.emplace_back(word);
    any = true;
    if (i < text.size() && !is_blank(text[i]) && text[i] != ',') break;
  }
  return any;
}

// After `noqa` at `i`: bare, or `:` and codes. Returns false for `noqax` and `noqa:` without codes.
bool parse_noqa_tail(std::string_view text, std::size_t i, Entry& out) {
  if (i < text.size() && (is_word(text[i]))) return false;
  std::size_t after = i;
  skip_blanks(text, after);
  if (after < text.size() && text[after] == ':') {
    Entry codes;
    if (!parse_codes(text, after + 1, codes)) return false;
    out.merge(codes);
    return true;
  }
  out.all = true;
  return true;
}

// `# noqa...` anywhere in a comment (which starts at its `#`), possibly after other comment text.
bool parse_line_directive(std::string_view comment, Entry& out) {
  bool found = false;
  for (std::size_t hash = comment.find('#'); hash != std::string_view::npos;
       hash = comment.find('#', hash + 1)) {
    std::size_t i = hash + 1;
    skip_blanks(comment, i);
    if (consume_word(comment, i, "noqa")) found |= parse_noqa_tail(comment, i, out);
  }
  return found;
}

// `# preflight: noqa` or `# preflight: noqa: CODES`, the whole comment. Returns true when the
// comment is such a directive (even an invalid one, which then suppresses nothing).
bool parse_file_directive(std::string_view comment, Entry& out) {
  std::size_t i = 0;
  if (comment.empty() || comment[0] != '#') return false;
  ++i;
  skip_blanks(comment, i);
  if (!consume_word(comment, i, "preflight")) return false;
  skip_blanks(comment, i);
  if (i >= comment.size() || comment[i] != ':') return false;
  ++i;
  skip_blanks(comment, i);
  if (!consume_word(comment, i, "noqa")) return false;
  parse_noqa_tail(comment, i, out);
  return true;
}

// A comment seen by a scanner, with the lines its line-level directive applies to.
struct Comment {
  std::string_view text;  // from its `#` to the end of the line
  bool own_line = false;  // nothing but blanks before it on its line
  std::uint32_t first_line = 0;
  std::uint32_t last_line = 0;
};

void record(const Comment& comment, Suppressions& out) {
  Entry entry;
  if (comment.own_line && parse_file_directive(comment.text, entry)) {
    out.add_file(entry);
    return;
  }
  if (!parse_line_directive(comment.text, entry)) return;
  for (std::uint32_t line = comment.first_line; line <= comment.last_line; ++line) {
    out.add_line(line, entry);
  }
}

struct HashCommentSyntax {
  bool escapes_in_single_quotes;  // Python: yes; TOML literal strings: no
  bool line_groups;  // Python: a comment covers the multi-line string / continuation it ends
};

// Finds `#` comments outside strings in Python or TOML text. Strings are '...', "...", '''...''',
// """...""" (a prefix such as r, b or f does not change where a string ends, except that TOML's
// '...' has no escapes); a one-line string ends at the end of its line even when unterminated.
// Lines are counted as SourceFile counts them (\n, \r\n, or a lone \r).
void scan_hash_comments(std::string_view text, HashCommentSyntax syntax, Suppressions& out) {
  std::uint32_t line = 1;
  std::uint32_t group_start = 1;  // first line of the string/continuation chain ending here
  bool continued = false;         // the current line ends with a backslash continuation
  bool line_has_code = false;
  std::size_t i = text.substr(0, kBom.size()) == kBom ? kBom.size() : 0;
  const auto newline = [&] {
    i += (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
    ++line;
  };
  while (i < text.size()) {
    const char c = text[i];
    if (is_newline(c)) {
      newline();
      if (!continued || !syntax.line_groups) group_start = line;
      continued = false;
      line_has_code = false;
    } else if (c == '\\' && syntax.line_groups && i + 1 < text.size() && is_newline(text[i + 1])) {
      continued = true;
      ++i;
    } else if (c == '#') {
      std::size_t end = i;
      while (end < text.size() && !is_newline(text[end])) ++end;
      record(Comment{text.substr(i, end - i), !line_has_code, group_start, line}, out);
      i = end;
    } else if (c == '\'' || c == '"') {
      line_has_code = true;
      const bool triple = text.substr(i, 3) == std::string(3, c);
      const bool escapes = c == '"' || syntax.escapes_in_single_quotes;
      i += triple ? 3 : 1;
      while (i < text.size()) {
        const char s = text[i];
        if (s == '\\' && escapes && i + 1 < text.size()) {
          ++i;
          if (is_newline(text[i])) {
            newline();
          } else {
            ++i;
          }
        } else if (is_newline(s)) {
          if (!triple) break;  // unterminated: the tokenizer would stop here too
          newline();
        } else if (s == c && (!triple || text.substr(i, 3) == std::string(3, c))) {
          i += triple ? 3 : 1;
          break;
        } else {
          ++i;
        }
      }
      if (!syntax.line_groups) group_start = line;
    } else {
      if (!is_blank(c)) line_has_code = true;
      ++i;
    }
  }
}

// Where a `#` comment starts on one line of YAML or shell text, if anywhere. YAML quotes a scalar
// only when the quote opens it (after an indicator or at the start); shell quotes anywhere.
std::optional<std::size_t> find_comment(std::string_view line, bool shell) {
  char quote = 0;
  char previous = 0;  // the last non-blank character outside quotes; 0 at the start
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote == '"') {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        quote = 0;
        previous = c;
      }
      continue;
    }
    if (quote == '\'') {
      if (c == '\'' && !shell && i + 1 < line.size() && line[i + 1] == '\'') {
        ++i;  // YAML's '' inside a single-quoted scalar
      } else if (c == '\'') {
        quote = 0;
        previous = c;
      }
      continue;
    }
    const bool after_blank = i == 0 || is_blank(line[i - 1]);
    if (c == '#' && after_blank) return i;
    if (c == '\'' || c == '"') {
      // YAML: at the start of the line's content, after a flow indicator, or after `: `, `- `,
      // `? `. Elsewhere (`echo "a`) the quote is part of a plain scalar.
      const bool after_flow = previous == '[' || previous == '{' || previous == ',';
      const bool after_block =
          after_blank && (previous == ':' || previous == '-' || previous == '?');
      if (shell || previous == 0 || after_flow || after_block) {
        quote = c;
        continue;
      }
    }
    if (c == '\\' && shell) {
      ++i;
      continue;
    }
    if (!is_blank(c)) previous = c;
  }
  return std::nullopt;
}

std::size_t indentation(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && line[i] == ' ') ++i;
  return i;
}

std::string_view trim_right(std::string_view text) {
  while (!text.empty() && (is_blank(text.back()) || is_newline(text.back()))) text.remove_suffix(1);
  return text;
}

// When `content` (a line without its comment) starts a block scalar (`key: |`, `- >-`), the
// column its text must be indented beyond: that of the key, or of the `-` for a bare item.
std::optional<std::size_t> block_scalar_parent(std::string_view content) {
  content = trim_right(content);
  std::size_t end = content.size();
  while (end > 0 &&
         (is_digit(content[end - 1]) || content[end - 1] == '+' || content[end - 1] == '-')) {
    --end;
  }
  if (end == 0 || (content[end - 1] != '|' && content[end - 1] != '>')) return std::nullopt;
  const std::string_view before = trim_right(content.substr(0, end - 1));
  std::size_t column = indentation(content);
  std::size_t dash = column;
  // Step over sequence indicators: in `  - - run: |` the key is at the last item's content.
  while (column + 1 < content.size() && content[column] == '-' && is_blank(content[column + 1])) {
    dash = column;
    column += 2;
    while (column < content.size() && content[column] == ' ') ++column;
  }
  if (!before.empty() && before.back() == ':') return column;
  if (!before.empty() && before.back() == '-') return dash;
  return std::nullopt;
}

void scan_yaml(const SourceFile& file, Suppressions& out) {
  std::optional<std::size_t> block_parent;  // set while inside a block scalar
  for (std::uint32_t number = 1; number <= file.line_count(); ++number) {
    const std::string_view line = line_without_bom(file, number);
    const std::size_t indent = indentation(line);
    const bool blank = trim_right(line).size() == indent;
    if (block_parent && (blank || indent > *block_parent)) {
      if (auto hash = find_comment(line, /*shell=*/true)) {
        const bool own_line = trim_right(line.substr(0, *hash)).empty();
        record(Comment{line.substr(*hash), own_line, number, number}, out);
      }
      continue;
    }
    block_parent.reset();
    const std::optional<std::size_t> hash = find_comment(line, /*shell=*/false);
    const std::string_view content = hash ? line.substr(0, *hash) : line;
    if (hash) {
      record(Comment{line.substr(*hash), trim_right(content).empty(), number, number}, out);
    }
    block_parent = block_scalar_parent(content);
  }
}

bool is_comment_line(std::string_view line) {
  std::size_t i = 0;
  skip_blanks(line, i);
  return i < line.size() && line[i] == '#';
}

std::string_view trim(std::string_view text) {
  std::size_t i = 0;
  skip_blanks(text, i);
  return trim_right(text.substr(i));
}

// BuildKit heredoc markers (`<<EOF`, `<<-"EOF"`) of RUN, COPY and ADD, in order.
struct Heredoc {
  std::string word;
  bool strip_tabs = false;
};

void find_heredocs(std::string_view line, std::vector<Heredoc>& out) {
  for (std::size_t at = line.find("<<"); at != std::string_view::npos;
       at = line.find("<<", at + 2)) {
    std::size_t i = at + 2;
    Heredoc heredoc;
    if (i < line.size() && line[i] == '-') {
      heredoc.strip_tabs = true;
      ++i;
    }
    const char quote = i < line.size() && (line[i] == '"' || line[i] == '\'') ? line[i] : 0;
    if (quote != 0) ++i;
    if (i >= line.size() || !(is_word(line[i]) && !is_digit(line[i]))) continue;
    const std::size_t start = i;
    while (i < line.size() && is_word(line[i])) ++i;
    heredoc.word = std::string(line.substr(start, i - start));
    out.push_back(std::move(heredoc));
  }
}

bool takes_heredocs(std::string_view instruction) {
  std::size_t end = 0;
  while (end < instruction.size() && is_word(instruction[end])) ++end;
  std::string keyword(instruction.substr(0, end));
  for (char& c : keyword) c = lower(c);
  return keyword == "run" || keyword == "copy" || keyword == "add";
}

// `# escape=`` among the parser directives at the top of a Dockerfile changes the continuation
// character; directives end at the first line that is not one.
char dockerfile_escape(const SourceFile& file) {
  char escape = '\\';
  for (std::uint32_t number = 1; number <= file.line_count(); ++number) {
    const std::string_view line = trim(line_without_bom(file, number));
    if (line.empty() || line[0] != '#') break;
    const std::size_t equals = line.find('=');
    if (equals == std::string_view::npos) break;
    std::size_t i = 1;
    skip_blanks(line, i);
    const std::string_view name = trim(line.substr(i, equals - i));
    if (name.empty() || !std::all_of(name.begin(), name.end(), is_word)) break;
    std::size_t k = 0;
    if (consume_word(name, k, "escape") && k == name.size()) {
      const std::string_view value = trim(line.substr(equals + 1));
      if (value == "`") escape = '`';
    }
  }
  return escape;
}

void scan_dockerfile(const SourceFile& file, Suppressions& out) {
  const char escape = dockerfile_escape(file);
  const std::uint32_t count = file.line_count();
  Entry pending;  // from the comment lines directly above the next instruction
  std::uint32_t number = 1;
  while (number <= count) {
    const std::string_view line = line_without_bom(file, number);
    if (trim(line).empty()) {
      pending = Entry();
      ++number;
      continue;
    }
    if (is_comment_line(line)) {
      const std::string_view comment = trim(line);
      Entry file_entry;
      if (parse_file_directive(comment, file_entry)) {
        out.add_file(file_entry);
      } else {
        parse_line_directive(comment, pending);
      }
      ++number;
      continue;
    }
    // An instruction: its continuation lines (comment and blank lines among them do not end it),
    // then the bodies of its heredocs.
    const std::uint32_t first = number;
    const bool heredocs_allowed = takes_heredocs(trim(line));
    std::vector<Heredoc> heredocs;
    Entry entry = pending;
    while (true) {
      const std::string_view current = line_without_bom(file, number);
      if (number != first && is_comment_line(current)) {
        parse_line_directive(trim(current), entry);
      } else if (number == first || !trim(current).empty()) {
        if (heredocs_allowed) find_heredocs(current, heredocs);
        const std::string_view content = trim_right(current);
        if (content.empty() || content.back() != escape) break;
      }
      if (number == count) break;
      ++number;
    }
    for (const Heredoc& heredoc : heredocs) {
      while (number < count) {
        ++number;
        std::string_view body = trim_right(line_without_bom(file, number));
        if (heredoc.strip_tabs) {
          while (!body.empty() && body.front() == '\t') body.remove_prefix(1);
        }
        if (body == heredoc.word) break;
      }
    }
    if (!entry.empty()) {
      for (std::uint32_t covered = first; covered <= number; ++covered)
        out.add_line(covered, entry);
    }
    pending = Entry();
    ++number;
  }
}

}  // namespace

void Suppressions::Entry::merge(const Entry& other) {
  all = all || other.all;
  for (const std::string& code : other.codes) {
    if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
  }
}

bool Suppressions::Entry::matches(std::string_view code) const {
  return all || std::any_of(codes.begin(), codes.end(), [&](const std::string& selector) {
           return selector_matches(selector, code);
         });
}

void Suppressions::add_line(std::uint32_t line, const Entry& entry) {
  by_line_[line].merge(entry);
}

Suppressions Suppressions::scan(const SourceFile& file) {
  Suppressions result;
  switch (file.kind()) {
    case FileKind::Python:
      scan_hash_comments(file.text(), HashCommentSyntax{true, true}, result);
      break;
    case FileKind::Toml:
    case FileKind::Requirements:
      scan_hash_comments(file.text(), HashCommentSyntax{false, false}, result);
      break;
    case FileKind::Yaml:
    case FileKind::Workflow:
    case FileKind::Compose:
      scan_yaml(file, result);
      break;
    case FileKind::Dockerfile:
      scan_dockerfile(file, result);
      break;
    case FileKind::Sql:
    case FileKind::Other:
      break;
  }
  return result;
}

bool Suppressions::suppresses(std::uint32_t line, std::string_view code) const {
  if (file_.matches(code)) return true;
  const auto it = by_line_.find(line);
  return it != by_line_.end() && it->second.matches(code);
}

}  // namespace preflight
