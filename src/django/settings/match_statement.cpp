// `match` in the settings interpreter. A known subject against literal patterns (`case "prod":`,
// `case None:`, `case _:`, `case "a" | "b":`) takes exactly the case Python takes; from the first
// case that cannot be decided (an unknown subject, a guard, a class or sequence pattern), every
// case that may still run counts as a body whose effect is not known.
#include <optional>
#include <vector>

#include "django/settings/interpreter.h"

namespace preflight::django::settings {

using python::Kind;
using python::Node;

namespace {

std::span<Node* const> list_of(const Node& node, std::string_view field) {
  const python::Value& value = node.get(field);
  if (value.type != python::Value::Type::List) return {};
  return value.list;
}

bool is_literal(const Value& value) {
  return value.kind == Value::Kind::None || value.kind == Value::Kind::Bool ||
         value.kind == Value::Kind::Int || value.kind == Value::Kind::Str;
}

// The names a pattern binds when it matches (`case x:`, `case [a, *rest]:`, `case {**rest}:`).
void capture_names(const Node& pattern, std::vector<std::string>& names) {
  for (const char* field : {"name", "rest"}) {
    const python::Value& value = pattern.get(field);
    if (value.type == python::Value::Type::Identifier) names.emplace_back(value.text);
  }
  for (const char* field : {"pattern"}) {
    if (const Node* inner = pattern.get(field).node) capture_names(*inner, names);
  }
  for (const char* field : {"patterns", "kwd_patterns"}) {
    for (const Node* inner : list_of(pattern, field)) capture_names(*inner, names);
  }
}

}  // namespace

// Whether `pattern` matches `subject`; nullopt when that is not known here.
std::optional<bool> Interpreter::literal_match(const Node& pattern, const Value& subject,
                                               Frame& frame) {
  switch (pattern.kind) {
    case Kind::MatchAs:
      // `case _:` and `case name:` match anything; `case <p> as name:` as <p> does.
      if (const Node* inner = pattern.get("pattern").node) {
        return literal_match(*inner, subject, frame);
      }
      return true;
    case Kind::MatchOr: {
      bool undecided = false;
      for (const Node* alternative : list_of(pattern, "patterns")) {
        const std::optional<bool> matches = literal_match(*alternative, subject, frame);
        if (matches == true) return true;
        undecided |= !matches;
      }
      if (undecided) return std::nullopt;
      return false;
    }
    case Kind::MatchValue:
    case Kind::MatchSingleton: {
      if (!is_literal(subject)) return std::nullopt;
      const Value value = pattern.kind == Kind::MatchValue ? eval(pattern.get("value").node, frame)
                          : pattern.get("value").type == python::Value::Type::Constant
                              ? constant_value(*pattern.get("value").constant)
                              : Value::unknown("pattern");
      if (!is_literal(value)) return std::nullopt;
      // `==` between a bool and an int (True == 1) is Python's business, not decided here.
      const bool numeric_mix =
          (subject.kind == Value::Kind::Bool) != (value.kind == Value::Kind::Bool) &&
          (subject.kind == Value::Kind::Int || value.kind == Value::Kind::Int);
      if (numeric_mix) return std::nullopt;
      return subject == value;
    }
    default:
      return std::nullopt;
  }
}

Flow Interpreter::exec_match(const Node& statement, Frame& frame) {
  const Value subject = eval(statement.get("subject").node, frame);
  if (!subject.is_candidates()) return match_cases(statement, subject, frame);
  // One match per alternative of the subject, merged as the branches of an `if` are.
  const std::string why = "when the match at " + where(frame, statement) + " takes another case";
  const bool merged = run_per_alternative(subject.items, frame, why, [&](const Value& alternative) {
    return match_cases(statement, alternative, frame);
  });
  // A return or break inside a case under one alternative only: not followed here.
  if (!merged) return match_cases(statement, Value::unknown(why), frame);
  return Flow::Normal;
}

Flow Interpreter::match_cases(const Node& statement, const Value& subject, Frame& frame) {
  const std::span<Node* const> cases = list_of(statement, "cases");
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Node& match_case = *cases[i];
    const Node* pattern = match_case.get("pattern").node;
    const std::optional<bool> matches = pattern && !match_case.get("guard").node
                                            ? literal_match(*pattern, subject, frame)
                                            : std::nullopt;
    if (matches == false) continue;
    if (matches == true) {
      if (pattern->kind == Kind::MatchAs &&
          pattern->get("name").type == python::Value::Type::Identifier) {
        bind(std::string(pattern->get("name").text), subject, frame, match_case);
      }
      return exec_block(list_of(match_case, "body"), frame);
    }
    // Not decided: this case and every later one may run, or none of them.
    const std::string why = "match at " + where(frame, statement);
    std::vector<Node*> bodies;
    for (std::size_t j = i; j < cases.size(); ++j) {
      std::vector<std::string> names;
      if (const Node* later = cases[j]->get("pattern").node) capture_names(*later, names);
      for (const std::string& name : names) bind(name, Value::unknown(why), frame, *cases[j]);
      for (Node* body_statement : list_of(*cases[j], "body")) bodies.push_back(body_statement);
    }
    exec_unknown_effect(bodies, frame, why);
    return Flow::Normal;
  }
  return Flow::Normal;
}

}  // namespace preflight::django::settings
