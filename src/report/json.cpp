// The JSON format: a stable, documented schema (docs/output-formats.md) for scripts and other
// tools. Keys keep the documented order (ordered_json), so the output diffs cleanly.
#include <string>

#include <nlohmann/json.hpp>

#include "report/common.h"
#include "report/reporter.h"

namespace preflight::report {
namespace {

using Json = nlohmann::ordered_json;

Json edit_json(const std::string& path, const Position& start, const Position& stop,
               const std::string& content) {
  Json edit;
  edit["path"] = path;
  edit["line"] = start.line;
  edit["column"] = start.column;
  edit["end_line"] = stop.line;
  edit["end_column"] = stop.column;
  edit["content"] = content;
  return edit;
}

Json fix_json(const ReportInput& input, const Fix& fix) {
  Json edits = Json::array();
  for (const TextEdit& edit : fix.edits) {
    edits.push_back(edit_json(detail::path_of(input, edit.span.file), edit.span.start,
                              edit.span.stop, edit.content));
  }
  // A new file is an insertion at the start of a file that does not exist yet.
  for (const NewFile& file : fix.new_files) {
    edits.push_back(edit_json(file.path, Position{1, 1}, Position{1, 1}, file.content));
  }
  Json out;
  out["message"] = fix.message;
  out["edits"] = std::move(edits);
  return out;
}

Json finding_json(const ReportInput& input, const Diagnostic& d) {
  Json related = Json::array();
  for (const Related& r : d.related) {
    Json entry;
    entry["path"] = detail::path_of(input, r.span.file);
    entry["line"] = r.span.start.line;
    entry["column"] = r.span.start.column;
    entry["note"] = r.note;
    related.push_back(std::move(entry));
  }
  Json finding;
  finding["code"] = detail::code_of(d);
  finding["name"] = detail::name_of(d);
  finding["severity"] = to_string(d.severity);
  finding["message"] = d.message;
  finding["path"] = detail::path_of(input, d.span.file);
  finding["line"] = d.span.start.line;
  finding["column"] = d.span.start.column;
  finding["end_line"] = d.span.stop.line;
  finding["end_column"] = d.span.stop.column;
  finding["related"] = std::move(related);
  finding["predicted_failure"] =
      d.predicted_failure.empty() ? Json(nullptr) : Json(d.predicted_failure);
  finding["fix"] = d.fix ? fix_json(input, *d.fix) : Json(nullptr);
  return finding;
}

}  // namespace

void write_json(const ReportInput& input, std::ostream& out) {
  Json findings = Json::array();
  for (const Diagnostic& d : input.diagnostics) findings.push_back(finding_json(input, d));

  const Summary summary = summarize(input.diagnostics);
  // Every severity is present, most severe first, so that consumers need no default.
  Json by_severity;
  for (const Severity severity : {Severity::Error, Severity::Warning, Severity::Info}) {
    const auto it = summary.by_severity.find(std::string(to_string(severity)));
    by_severity[std::string(to_string(severity))] =
        it == summary.by_severity.end() ? 0 : it->second;
  }
  Json by_code = Json::object();
  for (const auto& [code, count] : summary.by_code) by_code[code] = count;

  Json document;
  document["version"] = input.tool_version;
  document["findings"] = std::move(findings);
  document["summary"]["by_severity"] = std::move(by_severity);
  document["summary"]["by_code"] = std::move(by_code);
  // Invalid UTF-8 from a source file becomes U+FFFD instead of an exception mid-report.
  out << document.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

}  // namespace preflight::report
