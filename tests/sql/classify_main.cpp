// sql_classify: the sql layer's view of SQL texts, as JSON, for the PostgreSQL oracle
// (tests/e2e/sql_oracle.py). A test helper, not part of preflight's command line.
//
//   sql_classify < texts.json     texts.json: a JSON array of SQL strings
//
// Prints a JSON array with one object per text: {"error": {...}} or {"statements": [...]}.
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "sql/sql.h"

namespace {

using nlohmann::json;
using preflight::sql::ObjectRef;
using preflight::sql::Statement;

json object_json(const ObjectRef& object) {
  return {{"kind", object.kind}, {"name", object.name}};
}

json statement_json(const Statement& s) {
  json targets = json::array();
  for (const ObjectRef& target : s.targets) targets.push_back(object_json(target));
  json commands = json::array();
  for (const auto& command : s.alter_commands) {
    commands.push_back({{"kind", std::string(to_string(command.kind))},
                        {"subtype", command.subtype},
                        {"name", command.name},
                        {"not_null", command.not_null},
                        {"has_default", command.has_default},
                        {"constraint_type", command.constraint_type},
                        {"not_valid", command.not_valid}});
  }
  return {{"begin", s.begin},
          {"end", s.end},
          {"node", s.node},
          {"description", s.description},
          {"classified", s.classified},
          {"is_ddl", s.is_ddl},
          {"authority", std::string(to_string(s.authority))},
          {"needs_ownership", s.needs_ownership},
          {"privilege", s.privilege},
          {"skipped_without_ownership", s.skipped_without_ownership},
          {"targets", targets},
          {"created", s.created ? object_json(*s.created) : json()},
          {"relation", s.relation ? json(*s.relation) : json()},
          {"new_name", s.new_name ? json(*s.new_name) : json()},
          {"if_exists", s.if_exists},
          {"if_not_exists", s.if_not_exists},
          {"or_replace", s.or_replace},
          {"concurrently", s.concurrently},
          {"unique", s.unique},
          {"forbidden_in_transaction", s.forbidden_in_transaction},
          {"alter_commands", commands}};
}

}  // namespace

int main() {
  const std::string input{std::istreambuf_iterator<char>(std::cin),
                          std::istreambuf_iterator<char>()};
  const json texts = json::parse(input, nullptr, false);
  if (!texts.is_array()) {
    std::cerr << "sql_classify: expected a JSON array of SQL strings on standard input\n";
    return 2;
  }
  json out = json::array();
  for (const json& text : texts) {
    const auto result = preflight::sql::parse(text.get<std::string>());
    if (result.error) {
      out.push_back(
          {{"error", {{"message", result.error->message}, {"offset", result.error->offset}}}});
      continue;
    }
    json statements = json::array();
    for (const Statement& s : result.statements) statements.push_back(statement_json(s));
    out.push_back({{"statements", statements}});
  }
  std::cout << out.dump(1) << '\n';
  return 0;
}
