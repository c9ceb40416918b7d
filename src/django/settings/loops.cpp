// Loops of the settings interpreter, and statements whose effect is not known (a loop over an
// unknown iterable, `while`): such a body runs once on unknown values, and every name it may
// write becomes unknown.
#include <algorithm>

#include "django/python_values.h"
#include "django/settings/interpreter.h"

namespace preflight::django::settings {

using python::Kind;
using python::Node;

namespace {

std::span<Node* const> body_of(const Node& node, std::string_view field = "body") {
  const python::Value& value = node.get(field);
  if (value.type != python::Value::Type::List) return {};
  return value.list;
}

// The names a binding target binds or edits: `x`, `x[k]`, `x.attr`, `a, *b`.
void target_roots(const Node& target, std::set<std::string, std::less<>>& names) {
  switch (target.kind) {
    case Kind::Name:
      names.emplace(target.get("id").text);
      return;
    case Kind::Subscript:
    case Kind::Attribute:
    case Kind::Starred:
      if (const Node* value = target.get("value").node) target_roots(*value, names);
      return;
    case Kind::Tuple:
    case Kind::List:
      for (const Node* element : body_of(target, "elts")) target_roots(*element, names);
      return;
    default:
      return;
  }
}

// Every name a statement list may bind or edit in place, nested blocks included (function and
// class bodies only bind their own name). `receivers` gets the objects of method calls, which
// may edit them (`hosts.append(x)`).
void written_names(const Node& node, std::set<std::string, std::less<>>& targets,
                   std::set<std::string, std::less<>>& receivers) {
  switch (node.kind) {
    case Kind::FunctionDef:
    case Kind::AsyncFunctionDef:
    case Kind::ClassDef:
      targets.emplace(node.get("name").text);
      return;
    case Kind::Lambda:
    case Kind::ListComp:
    case Kind::SetComp:
    case Kind::DictComp:
    case Kind::GeneratorExp:
      return;  // their own scope
    case Kind::Assign:
      for (const Node* target : body_of(node, "targets")) target_roots(*target, targets);
      break;
    case Kind::Delete:
      for (const Node* target : body_of(node, "targets")) target_roots(*target, targets);
      break;
    case Kind::AugAssign:
    case Kind::AnnAssign:
    case Kind::For:
    case Kind::AsyncFor:
    case Kind::NamedExpr:
      if (const Node* target = node.get("target").node) target_roots(*target, targets);
      break;
    case Kind::withitem:
      if (const Node* target = node.get("optional_vars").node) target_roots(*target, targets);
      break;
    case Kind::Import:
    case Kind::ImportFrom:
      for (const Node* alias : body_of(node, "names")) {
        const std::string_view as = alias->get("asname").text;
        const std::string_view name = alias->get("name").text;
        targets.emplace(as.empty() ? name.substr(0, name.find('.')) : as);
      }
      return;
    case Kind::ExceptHandler:
      if (const std::string_view name = node.get("name").text; !name.empty()) {
        targets.emplace(name);
      }
      break;
    case Kind::Call:
      if (const Node* callee = node.get("func").node; callee && callee->kind == Kind::Attribute) {
        target_roots(*callee->get("value").node, receivers);
      }
      break;
    default:
      break;
  }
  python::for_each_child(node,
                         [&](const Node& child) { written_names(child, targets, receivers); });
}

}  // namespace

void Interpreter::invalidate_written(std::span<Node* const> body, Frame& frame, Snapshot& state,
                                     const std::string& why) {
  std::set<std::string, std::less<>> targets, receivers;
  for (const Node* statement : body) {
    if (statement) written_names(*statement, targets, receivers);
  }
  auto scope_of = [&](std::string_view name) -> Namespace& {
    if (state.locals && !frame.globals.count(name)) return *state.locals;
    return state.module;
  };
  for (const std::string& name : targets) scope_of(name)[name].value = Value::unknown(why);
  for (const std::string& name : receivers) {
    Namespace& scope = scope_of(name);
    const auto it = scope.find(name);
    if (it == scope.end()) continue;
    // Modules and outside objects are not edited by their methods as far as settings go.
    const Value::Kind kind = it->second.value.kind;
    if (kind == Value::Kind::Reference || kind == Value::Kind::Module ||
        kind == Value::Kind::Function || kind == Value::Kind::Object) {
      continue;
    }
    it->second.value = Value::unknown(why);
  }
}

Flow Interpreter::exec_for(const Node& statement, Frame& frame) {
  const Value iterable = eval(statement.get("iter").node, frame);
  if (!iterable.is_candidates()) return exec_for_over(statement, iterable, frame);
  // One loop per alternative, merged as the branches of an `if` are.
  const std::string why =
      "when the loop at " + where(frame, statement) + " runs over another value";
  const bool merged = run_per_alternative(iterable.items, frame, why, [&](const Value& item) {
    return exec_for_over(statement, item, frame);
  });
  if (!merged) exec_unknown_effect(body_of(statement), frame, why);
  return Flow::Normal;
}

bool Interpreter::run_per_alternative(const std::vector<Value>& alternatives, Frame& frame,
                                      const std::string& why,
                                      const std::function<Flow(const Value&)>& run) {
  const Snapshot before = snapshot(frame);
  std::optional<Snapshot> merged;
  std::optional<Raised> raised;
  for (const Value& alternative : alternatives) {
    restore(frame, before);
    frame.returned.reset();
    Flow flow = Flow::Normal;
    try {
      flow = run(alternative);
    } catch (const Raised& exception) {
      raised = exception;  // that alternative does not import: it contributes nothing
      continue;
    }
    if (flow != Flow::Normal) {
      restore(frame, before);
      return false;
    }
    Snapshot after = snapshot(frame);
    if (!merged) {
      merged = std::move(after);
      continue;
    }
    merged->module = merge(merged->module, after.module, why);
    if (merged->locals && after.locals) merged->locals = merge(*merged->locals, *after.locals, why);
  }
  if (!merged) {
    if (raised) throw *raised;
    return true;  // no alternatives: nothing ran
  }
  restore(frame, std::move(*merged));
  return true;
}

std::vector<std::optional<Alias>> Interpreter::loop_aliases(const Node& statement,
                                                            const Value& iterable, Frame& frame) {
  std::vector<std::optional<Alias>> out;
  const Node* iter = statement.get("iter").node;
  if (!iter) return out;
  const Node* callee = iter->kind == Kind::Call ? iter->get("func").node : nullptr;
  const std::string_view method =
      callee && callee->kind == Kind::Attribute ? callee->get("attr").text : std::string_view();
  if (method != "values" && method != "items") {
    // A list by name: item i is the list's item i.
    if (iterable.kind != Value::Kind::List) return out;
    if (const std::optional<Alias> list = alias_of(iter, frame)) {
      for (std::size_t i = 0; i < iterable.items.size(); ++i) {
        Alias item = *list;
        item.path.push_back(Value::of_int(static_cast<std::int64_t>(i)));
        out.push_back(std::move(item));
      }
    }
    return out;
  }
  // X.values() and X.items(): the values of the dict X.
  const std::optional<Alias> dict = alias_of(callee->get("value").node, frame);
  Binding* root = dict ? lookup_binding(dict->root, frame) : nullptr;
  if (!root) return out;
  Value* container = &root->value;
  for (const Value& key : dict->path) {
    container = container->kind == Value::Kind::Dict ? container->find(key) : nullptr;
    if (!container) return out;
  }
  if (container->kind != Value::Kind::Dict) return out;
  for (const auto& entry : container->entries) {
    Alias item = *dict;
    item.path.push_back(entry.first);
    out.push_back(std::move(item));
  }
  return out;
}

Flow Interpreter::exec_for_over(const Node& statement, const Value& iterable, Frame& frame) {
  const Node& target = *statement.get("target").node;
  std::vector<Value> items;
  bool known = true;
  if (iterable.is_sequence()) {
    items = iterable.items;
  } else if (iterable.kind == Value::Kind::Dict) {
    for (const auto& entry : iterable.entries) items.push_back(entry.first);
  } else if (iterable.kind == Value::Kind::Str) {
    for (const char c : iterable.text) items.push_back(Value::str(std::string(1, c)));
  } else {
    known = false;
  }
  const std::string why = "loop at " + where(frame, statement);
  if (!known) {
    assign(target, Value::unknown(iterable.unknown_origin().value_or(why)), frame);
    exec_unknown_effect(body_of(statement), frame, why);
    return Flow::Normal;
  }
  // `for db in DATABASES.values()`: each item is shared with the container it comes from.
  const std::vector<std::optional<Alias>> shared = loop_aliases(statement, iterable, frame);
  const Node* shared_target = &target;
  if (const Node* iter = statement.get("iter").node; iter && iter->kind == Kind::Call) {
    const Node* callee = iter->get("func").node;
    if (callee && callee->kind == Kind::Attribute && callee->get("attr").text == "items") {
      const std::span<Node* const> names = body_of(target, "elts");
      shared_target = target.kind == Kind::Tuple && names.size() == 2 ? names[1] : nullptr;
    }
  }
  Snapshot before = snapshot(frame);
  try {
    for (std::size_t i = 0; i < items.size(); ++i) {
      const Value& item = items[i];
      step();
      assign(target, item, frame);
      if (shared_target && i < shared.size()) bind_alias(*shared_target, shared[i], frame);
      const Flow flow = exec_block(body_of(statement), frame);
      if (flow == Flow::Return) return flow;
      if (flow == Flow::Break) return Flow::Normal;  // `else` runs only without a break
    }
  } catch (const LoopUnknown&) {
    restore(frame, std::move(before));
    exec_unknown_effect(body_of(statement), frame, why);
    return Flow::Normal;
  }
  return exec_block(body_of(statement, "orelse"), frame);
}

void Interpreter::exec_unknown_effect(std::span<Node* const> body, Frame& frame,
                                      const std::string& why) {
  Snapshot before = snapshot(frame);
  try {
    exec_block(body, frame);
  } catch (const Raised&) {
  } catch (const LoopUnknown&) {
  }
  Snapshot after = snapshot(frame);
  // The simulated pass may have stopped early (a `continue` under an unknown condition, an
  // exception): every name the body may write is unknown too, not only those the pass changed.
  invalidate_written(body, frame, after, why);
  restore(frame, before);
  auto invalidate = [&](Namespace& now, const Namespace& then) {
    for (auto& [name, binding] : now) {
      const auto it = then.find(name);
      if (it != then.end() && it->second.value == binding.value) continue;
      binding.value = Value::unknown(why);
      if (it != then.end()) binding.provenance = it->second.provenance;
    }
  };
  invalidate(after.module, frame.module->names);
  frame.module->names = std::move(after.module);
  if (frame.locals && after.locals) {
    invalidate(*after.locals, *frame.locals);
    *frame.locals = std::move(*after.locals);
  }
}

}  // namespace preflight::django::settings
