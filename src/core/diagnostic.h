// A finding: what will fail, where, the evidence chain, and the fix.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/rule_info.h"
#include "core/source.h"

namespace preflight {

// One place in the evidence chain: another location that causes or suffers the problem.
struct Related {
  Span span;
  std::string note;
};

// Replace the text of `span` by `content` (an insertion when the span is empty).
struct TextEdit {
  Span span;
  std::string content;
};

// A file the fix creates; `path` is relative to the project root.
struct NewFile {
  std::string path;
  std::string content;
};

struct Fix {
  std::string message;
  std::vector<TextEdit> edits;
  std::vector<NewFile> new_files;
};

struct Diagnostic {
  const RuleInfo* rule = nullptr;
  Severity severity = Severity::Error;
  std::string message;
  Span span;
  std::vector<Related> related;
  // The error text the user would otherwise meet in production, e.g. "InFailedSqlTransaction".
  std::string predicted_failure;
  std::optional<Fix> fix;
};

// Orders by path, line, column, code, then message, so output is byte-identical across runs.
void sort_diagnostics(std::vector<Diagnostic>& diagnostics, const SourceMap& sources);

// Counts for summaries, keyed by name so that every reporter prints them in the same order.
struct Summary {
  std::map<std::string, std::size_t> by_severity;  // "error", "warning", "info"
  std::map<std::string, std::size_t> by_code;
};
Summary summarize(const std::vector<Diagnostic>& diagnostics);

// Collects findings for rules. Usage:
//   out.add(kUnnamedIndex, span).message("...").related(other, "note").predicts("...");
class Findings {
 public:
  class Builder {
   public:
    explicit Builder(Diagnostic& diagnostic) : diagnostic_(diagnostic) {}
    Builder& message(std::string text);
    Builder& related(Span span, std::string note);
    Builder& predicts(std::string failure);
    Builder& fix(Fix fix);
    Builder& severity(Severity severity);

   private:
    Diagnostic& diagnostic_;
  };

  Builder add(const RuleInfo& rule, Span span);
  std::vector<Diagnostic>& diagnostics() { return diagnostics_; }
  std::vector<Diagnostic> take() { return std::move(diagnostics_); }

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace preflight
