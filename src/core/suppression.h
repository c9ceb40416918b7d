// `# noqa` suppressions: ruff's forms in Python, a trailing comment in YAML/TOML/compose files, and
// a comment line directly above a Dockerfile instruction (DESIGN.md).
//
// Exact semantics:
// - A directive is `#`, optional spaces, `noqa` (any case), then either nothing / whitespace (bare:
//   every code) or `:` and a list of codes separated by commas and/or whitespace
//   (`# noqa: PF101, PF102`, `# noqa:PF101 PF102`). The list ends at the first word that is not a
//   code; `# noqa:` with no code is ignored, as ruff does. A listed entry is a full code or, unlike
//   ruff, a prefix ("PF1") or "ALL", matching codes as `select` does. The directive may follow
//   other comment text (`# type: ignore # noqa: PF101`).
// - Python: the directive must be in a comment, not in a string (a light tokenizer tracks ' " '''
//   """ strings and their escapes). It applies to its line; when that line ends a multi-line
//   string or a chain of backslash continuations, it applies to every line of it, as in ruff (so a
//   `# noqa` after the closing `"""` of a RunSQL literal covers the SQL inside).
// - YAML, workflows, compose: a `#` at line start or after whitespace, outside a quoted scalar,
//   starts a comment; the directive applies to its line. Inside a block scalar (`run: |`) the text
//   is the value, but a trailing `# noqa` is what users write at the end of a shell line there, so
//   it counts too (with shell quoting deciding what is inside a string).
// - TOML: a `#` outside strings (including multi-line ones) starts a comment; applies to its line.
// - Dockerfile: a `#` mid-line is not a comment, so there is no trailing form. A comment line with
//   the directive suppresses the next instruction, every physical line of it (`\` or the
//   `# escape=` character continuations, and BuildKit heredoc bodies), when only comment lines lie
//   between them; a blank line ends that. A directive on a comment line inside a continued
//   instruction applies to that instruction.
// - Whole file, in every kind: a comment on its own line `# preflight: noqa` suppresses every code
//   in the file, `# preflight: noqa: PF101, PF2` those codes (ruff's `# ruff: noqa`).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/source.h"

namespace preflight {

class Suppressions {
 public:
  // Scans a file's comments. A bare `# noqa` suppresses every code on its line.
  static Suppressions scan(const SourceFile& file);

  bool suppresses(std::uint32_t line, std::string_view code) const;

  struct Entry {
    bool all = false;
    std::vector<std::string> codes;  // exact codes or prefixes, e.g. "PF101", "PF1"

    void merge(const Entry& other);
    bool matches(std::string_view code) const;
    bool empty() const { return !all && codes.empty(); }
  };

  // For the scanners in suppression.cpp.
  void add_line(std::uint32_t line, const Entry& entry);
  void add_file(const Entry& entry) { file_.merge(entry); }

 private:
  std::unordered_map<std::uint32_t, Entry> by_line_;
  Entry file_;  // `# preflight: noqa` forms
};

}  // namespace preflight
