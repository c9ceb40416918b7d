// Narrowing on a branch: inside `if value is None:` (or `if not value:`, `if mode == "prod":`)
// a name that holds Candidates holds only the alternatives for which the test can be true, and
// in the `else` branch only those for which it can be false. A `raw.strip()` after
// `if raw is None: return default` then no longer sees the None alternative.
#include <set>

#include "django/python_values.h"
#include "django/settings/interpreter.h"

namespace preflight::django::settings {

using python::Kind;
using python::Node;

namespace {

// The names a test reads; false when it calls or assigns anything (evaluating it again must not
// change the state).
bool pure_test_names(const Node& node, std::set<std::string, std::less<>>& names) {
  switch (node.kind) {
    case Kind::Call:
    case Kind::NamedExpr:
    case Kind::Lambda:
    case Kind::ListComp:
    case Kind::SetComp:
    case Kind::DictComp:
    case Kind::GeneratorExp:
    case Kind::Await:
    case Kind::Yield:
    case Kind::YieldFrom:
      return false;
    case Kind::Name:
      names.emplace(node.get("id").text);
      return true;
    default:
      break;
  }
  bool pure = true;
  python::for_each_child(node,
                         [&](const Node& child) { pure = pure && pure_test_names(child, names); });
  return pure;
}

}  // namespace

void Interpreter::narrow(const Node& test, bool branch, Frame& frame) {
  std::set<std::string, std::less<>> names;
  if (!pure_test_names(test, names) || names.size() != 1) return;
  Binding* binding = lookup_binding(*names.begin(), frame);
  if (!binding || !binding->value.is_candidates()) return;
  const Value original = binding->value;
  std::vector<Value> kept;
  try {
    for (const Value& alternative : original.items) {
      binding->value = alternative;
      try {
        const std::optional<bool> truth = eval(&test, frame).truth();
        if (!truth || *truth == branch) kept.push_back(alternative);
      } catch (const Raised&) {
        // With this alternative the test itself raises: neither branch runs with it.
      }
    }
  } catch (...) {
    binding->value = original;  // the budget ran out: leave the name as it was
    throw;
  }
  // No alternative left: the branch cannot run; the caller's evaluation stands.
  binding->value = kept.empty() ? original : Value::candidates(std::move(kept));
}

}  // namespace preflight::django::settings
