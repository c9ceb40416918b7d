// Comprehensions of the settings interpreter: list, set and dict displays and generator
// expressions, run element by element over known iterables. The outermost iterable is evaluated
// in the enclosing scope, as Python does; when it is Candidates, the comprehension runs once per
// alternative and the results are the candidates.
#include "django/python_values.h"
#include "django/settings/interpreter.h"

namespace preflight::django::settings {

using python::Kind;
using python::Node;

Value Interpreter::eval_comprehension(const Node& node, Frame& frame) {
  const std::span<Node* const> generators = list_field(node, "generators");
  if (generators.empty()) return Value::unknown("comprehension");
  const Value outermost = eval(generators[0]->get("iter").node, frame);
  return lift1(outermost, [&](const Value& iterable) {
    return eval_comprehension_over(node, iterable, frame);
  });
}

Value Interpreter::eval_comprehension_over(const Node& node, const Value& outermost, Frame& frame) {
  Namespace locals = frame.locals ? *frame.locals : Namespace();
  Frame inner;
  inner.module = frame.module;
  inner.running_source = frame.running_source;
  inner.locals = &locals;
  const std::span<Node* const> generators = list_field(node, "generators");
  std::vector<Value> items;
  std::vector<Entry> entries;
  std::optional<std::string> unknown;
  // Nested generators, depth first, as Python runs them.
  auto run = [&](auto& self, std::size_t level) -> void {
    if (unknown) return;
    if (level == generators.size()) {
      if (node.kind == Kind::DictComp) {
        entries.emplace_back(eval(node.get("key").node, inner),
                             eval(node.get("value").node, inner));
      } else {
        items.push_back(eval(node.get("elt").node, inner));
      }
      return;
    }
    const Node& generator = *generators[level];
    const Value iterable = level == 0 ? outermost : eval(generator.get("iter").node, inner);
    std::vector<Value> elements;
    if (iterable.is_sequence()) {
      elements = iterable.items;
    } else if (iterable.kind == Value::Kind::Dict) {
      for (const auto& entry : iterable.entries) elements.push_back(entry.first);
    } else {
      unknown = iterable.unknown_origin().value_or("comprehension over an object");
      return;
    }
    for (const Value& element : elements) {
      step();
      assign(*generator.get("target").node, element, inner);
      bool keep = true;
      for (const Node* condition : list_field(generator, "ifs")) {
        const std::optional<bool> truth = eval(condition, inner).truth();
        if (!truth) {
          unknown = "comprehension condition";
          return;
        }
        keep = keep && *truth;
      }
      if (keep) self(self, level + 1);
    }
  };
  run(run, 0);
  if (unknown) return Value::unknown(*unknown);
  switch (node.kind) {
    case Kind::DictComp:
      return Value::dict(std::move(entries));
    case Kind::SetComp:
      return Value::sequence(Value::Kind::Set, std::move(items));
    case Kind::GeneratorExp:  // consumed by list(), tuple(), ",".join() ...: a list will do
    default:
      return Value::sequence(Value::Kind::List, std::move(items));
  }
}

}  // namespace preflight::django::settings
