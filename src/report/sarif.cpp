// SARIF 2.1.0 as GitHub code scanning reads it ("SARIF support for code scanning"): one run, every
// rule of the catalogue with its help, results with locations, related locations, fixes and
// partial fingerprints. docs/output-formats.md describes the mapping.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/common.h"
#include "report/reporter.h"

namespace preflight::report {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kSchema =
    "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/"
    "sarif-schema-2.1.0.json";
constexpr std::string_view kSourceRoot = "%SRCROOT%";
// Not "primaryLocationLineHash": github/codeql-action computes that key itself and warns when a
// result already carries a different value. A key of our own keeps both.
constexpr std::string_view kFingerprintKey = "preflightFindingHash/v1";
// GitHub truncates longer full descriptions.
constexpr std::size_t kMaxFullDescription = 1000;

std::string_view level(Severity severity) {
  switch (severity) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Info:
      return "note";
  }
  return "warning";
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

// The body of the Markdown section `## heading`, up to the next heading of that level.
std::string_view section(std::string_view markdown, std::string_view heading) {
  const std::string marker = fmt::format("## {}\n", heading);
  std::size_t at = markdown.find(marker);
  while (at != std::string_view::npos && at != 0 && markdown[at - 1] != '\n') {
    at = markdown.find(marker, at + 1);
  }
  if (at == std::string_view::npos) return {};
  const std::size_t body = at + marker.size();
  const std::size_t next = markdown.find("\n## ", body);
  return trim(markdown.substr(body, next == std::string_view::npos ? next : next - body));
}

// One paragraph of plain text of at most `limit` code points, cut at a word when too long.
std::string one_paragraph(std::string_view text, std::size_t limit) {
  std::string flat;
  bool space = false;
  for (const char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !flat.empty();
      continue;
    }
    if (space) flat += ' ';
    space = false;
    flat += c;
  }
  if (count_code_points(flat) <= limit) return flat;
  // Keep limit - 1 code points and add an ellipsis, preferring to cut at a space.
  std::size_t i = 0;
  std::size_t kept = 0;
  std::size_t last_space = std::string::npos;
  while (i < flat.size() && kept + 1 < limit) {
    if (flat[i] == ' ') last_space = i;
    detail::next_code_point(flat, i);
    ++kept;
  }
  const std::size_t cut = last_space != std::string::npos && last_space > i / 2 ? last_space : i;
  return flat.substr(0, cut) + "\u2026";
}

bool is_unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~' || c == '/';
}

// RFC 3986 path: everything but unreserved characters and '/' is percent-encoded, bytewise, so
// that spaces, '%', '#' and non-ASCII names survive every consumer's URI parser.
std::string encode_path(std::string_view path) {
  std::string out;
  for (const char c : path) {
    if (is_unreserved(c)) {
      out += c;
    } else {
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    }
  }
  return out;
}

// Paths under the base are relative to %SRCROOT% (stable across checkouts, as GitHub needs);
// others are absolute file URIs.
Json artifact_location(std::string_view path) {
  Json location;
  if (!path.empty() && path.front() == '/') {
    location["uri"] = "file://" + encode_path(path);
  } else {
    location["uri"] = encode_path(path);
    location["uriBaseId"] = kSourceRoot;
  }
  return location;
}

Json region(const Position& start, const Position& stop) {
  Json out;
  out["startLine"] = start.line;
  out["startColumn"] = start.column;
  out["endLine"] = stop.line;
  out["endColumn"] = stop.column;
  return out;
}

Json physical_location(const ReportInput& input, const Span& span) {
  Json out;
  out["artifactLocation"] = artifact_location(detail::path_of(input, span.file));
  out["region"] = region(span.start, span.stop);
  return out;
}

Json text_object(std::string_view text) {
  Json out;
  out["text"] = text;
  return out;
}

Json rule_json(const RuleInfo& rule) {
  const std::string_view explanation = trim(rule.explanation);
  std::string_view finds = section(explanation, "What it finds");
  if (finds.empty()) finds = rule.summary;

  Json out;
  out["id"] = rule.code;
  out["name"] = rule.name;
  out["shortDescription"] = text_object(rule.summary);
  out["fullDescription"] = text_object(one_paragraph(finds, kMaxFullDescription));
  Json help;
  help["text"] = explanation.empty() ? rule.summary : explanation;
  help["markdown"] = explanation.empty() ? rule.summary : explanation;
  out["help"] = std::move(help);
  out["defaultConfiguration"]["level"] = level(rule.severity);
  out["properties"]["tags"] = Json::array({to_string(rule.family)});
  return out;
}

Json fix_json(const ReportInput& input, const Fix& fix) {
  // One artifactChange per file, in the order the fix first touches each file.
  std::vector<std::string> order;
  std::map<std::string, Json> replacements;
  auto add = [&](const std::string& path, Json replacement) {
    auto [it, inserted] = replacements.try_emplace(path, Json::array());
    if (inserted) order.push_back(path);
    it->second.push_back(std::move(replacement));
  };
  for (const TextEdit& edit : fix.edits) {
    Json replacement;
    replacement["deletedRegion"] = region(edit.span.start, edit.span.stop);
    if (!edit.content.empty()) replacement["insertedContent"] = text_object(edit.content);
    add(detail::path_of(input, edit.span.file), std::move(replacement));
  }
  // A new file: an insertion at the start of an artifact that does not exist yet.
  for (const NewFile& file : fix.new_files) {
    Json replacement;
    replacement["deletedRegion"] = region(Position{1, 1}, Position{1, 1});
    replacement["insertedContent"] = text_object(file.content);
    add(file.path, std::move(replacement));
  }
  Json changes = Json::array();
  for (const std::string& path : order) {
    Json change;
    change["artifactLocation"] = artifact_location(path);
    change["replacements"] = std::move(replacements[path]);
    changes.push_back(std::move(change));
  }
  Json out;
  out["description"] = text_object(fix.message);
  out["artifactChanges"] = std::move(changes);
  return out;
}

// A fingerprint that survives line shifts: the rule, the file and the primary line's text with
// all whitespace removed, hashed, then ":" and the occurrence number of that triple in the run
// (findings are sorted, so the n-th identical line keeps its number).
class Fingerprints {
 public:
  std::string next(std::string_view code, std::string_view path, std::string_view line) {
    std::string key;
    key.reserve(code.size() + path.size() + line.size() + 2);
    key.append(code).append(1, '\0').append(path).append(1, '\0');
    for (const char c : line) {
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\f' && c != '\v') key += c;
    }
    const std::uint64_t hash = detail::fnv1a64(key);
    return fmt::format("{:016x}:{}", hash, ++seen_[hash]);
  }

 private:
  std::map<std::uint64_t, std::size_t> seen_;
};

Json result_json(const ReportInput& input, const Diagnostic& d,
                 const std::map<std::string_view, std::size_t>& rule_index,
                 Fingerprints& fingerprints) {
  const std::string path = detail::path_of(input, d.span.file);
  Json out;
  out["ruleId"] = detail::code_of(d);
  if (const auto it = rule_index.find(detail::code_of(d)); it != rule_index.end()) {
    out["ruleIndex"] = it->second;
  }
  out["level"] = level(d.severity);
  out["message"] = text_object(detail::message_with_failure(d));

  Json location;
  location["physicalLocation"] = physical_location(input, d.span);
  out["locations"] = Json::array({std::move(location)});

  if (!d.related.empty()) {
    Json related = Json::array();
    std::size_t id = 1;
    for (const Related& r : d.related) {
      Json entry;
      entry["id"] = id++;
      entry["physicalLocation"] = physical_location(input, r.span);
      entry["message"] = text_object(r.note);
      related.push_back(std::move(entry));
    }
    out["relatedLocations"] = std::move(related);
  }

  const std::string_view line = d.span.file < input.sources.size()
                                    ? input.sources.file(d.span.file).line_text(d.span.start.line)
                                    : std::string_view();
  out["partialFingerprints"][std::string(kFingerprintKey)] =
      fingerprints.next(detail::code_of(d), path, line);

  if (d.fix && (!d.fix->edits.empty() || !d.fix->new_files.empty())) {
    out["fixes"] = Json::array({fix_json(input, *d.fix)});
  }
  return out;
}

}  // namespace

void write_sarif(const ReportInput& input, std::ostream& out) {
  Json driver;
  driver["name"] = "preflight";
  if (!input.tool_version.empty()) {
    driver["version"] = input.tool_version;
    driver["semanticVersion"] = input.tool_version;
  }
  Json rules = Json::array();
  std::map<std::string_view, std::size_t> rule_index;
  for (const RuleInfo* rule : input.catalog.rules()) {
    rule_index.emplace(rule->code, rules.size());
    rules.push_back(rule_json(*rule));
  }
  driver["rules"] = std::move(rules);

  Json results = Json::array();
  Fingerprints fingerprints;
  for (const Diagnostic& d : input.diagnostics) {
    results.push_back(result_json(input, d, rule_index, fingerprints));
  }

  Json run;
  run["tool"]["driver"] = std::move(driver);
  if (input.base.is_absolute()) {
    std::string base = input.base.lexically_normal().generic_string();
    if (base.back() != '/') base += '/';
    run["originalUriBaseIds"][std::string(kSourceRoot)]["uri"] = "file://" + encode_path(base);
  }
  run["columnKind"] = "unicodeCodePoints";
  run["results"] = std::move(results);

  Json document;
  document["$schema"] = kSchema;
  document["version"] = "2.1.0";
  document["runs"] = Json::array({std::move(run)});
  out << document.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

}  // namespace preflight::report
