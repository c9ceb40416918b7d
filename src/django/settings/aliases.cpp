// Containers shared between names. Python binds `db = DATABASES["default"]` (or a loop variable
// over `DATABASES.values()`) to the very dict inside DATABASES, so `db["HOST"] = ...` edits
// DATABASES too. The interpreter's values are copies: each such name remembers where its value
// came from, and an edit in place through either side is copied to the other. Where the path no
// longer leads anywhere, the other side becomes unknown rather than stale.
#include <algorithm>

#include "django/python_values.h"
#include "django/settings/interpreter.h"

namespace preflight::django::settings {

using python::Kind;
using python::Node;

namespace {

bool is_mutable(const Value& value) {
  if (value.is_candidates()) {
    for (const Value& alternative : value.items) {
      if (is_mutable(alternative)) return true;
    }
    return false;
  }
  return value.kind == Value::Kind::List || value.kind == Value::Kind::Dict ||
         value.kind == Value::Kind::Set;
}

// The container at `path` inside `value`; null when the path does not lead to one.
Value* follow(Value& value, const std::vector<Value>& path) {
  Value* at = &value;
  for (const Value& key : path) {
    if (at->kind == Value::Kind::Dict) {
      at = at->find(key);
    } else if (at->kind == Value::Kind::List && key.kind == Value::Kind::Int && key.integer >= 0 &&
               static_cast<std::size_t>(key.integer) < at->items.size()) {
      at = &at->items[static_cast<std::size_t>(key.integer)];
    } else {
      return nullptr;
    }
    if (!at) return nullptr;
  }
  return at;
}

}  // namespace

std::optional<Alias> Interpreter::alias_of(const Node* expression, Frame& frame) {
  if (!expression) return std::nullopt;
  switch (expression->kind) {
    case Kind::Name: {
      const std::string_view id = expression->get("id").text;
      if (!lookup_binding(id, frame)) return std::nullopt;
      return Alias{std::string(id), {}};
    }
    case Kind::Subscript: {
      const Node* slice = expression->get("slice").node;
      if (!slice || slice->kind == Kind::Slice) return std::nullopt;  // a slice is a new list
      std::optional<Alias> alias = alias_of(expression->get("value").node, frame);
      if (!alias) return std::nullopt;
      const Value key = eval(slice, frame);
      if (!key.fully_known()) return std::nullopt;
      alias->path.push_back(key);
      return alias;
    }
    case Kind::Call: {
      // `X.get(k)` and `X.setdefault(k, ...)` give the entry itself.
      const Node* callee = expression->get("func").node;
      const std::span<Node* const> arguments = list_field(*expression, "args");
      if (!callee || callee->kind != Kind::Attribute || arguments.empty()) return std::nullopt;
      const std::string_view method = callee->get("attr").text;
      if (method != "get" && method != "setdefault") return std::nullopt;
      std::optional<Alias> alias = alias_of(callee->get("value").node, frame);
      if (!alias) return std::nullopt;
      const Value key = eval(arguments[0], frame);
      if (!key.fully_known()) return std::nullopt;
      alias->path.push_back(key);
      return alias;
    }
    default:
      return std::nullopt;
  }
}

void Interpreter::bind_alias(const Node& target, std::optional<Alias> alias, Frame& frame) {
  if (target.kind != Kind::Name || !alias) return;
  const std::string_view name = target.get("id").text;
  Binding* binding = lookup_binding(name, frame);
  if (!binding || alias->root == name || !is_mutable(binding->value)) return;
  binding->alias = std::move(alias);
}

void Interpreter::share_elements(const Node& display, const Node& target, Frame& frame) {
  if (target.kind != Kind::Name) return;
  const std::string owner(target.get("id").text);
  auto share = [&](const Node* element, Value key) {
    if (!element || element->kind != Kind::Name) return;
    const std::string_view name = element->get("id").text;
    Binding* binding = lookup_binding(name, frame);
    // One alias per name: a name already inside another container keeps that one.
    if (!binding || binding->alias || name == owner || !is_mutable(binding->value)) return;
    binding->alias = Alias{owner, {std::move(key)}};
  };
  if (display.kind == Kind::Dict) {
    const std::span<Node* const> keys = list_field(display, "keys");
    const std::span<Node* const> values = list_field(display, "values");
    for (std::size_t i = 0; i < keys.size() && i < values.size(); ++i) {
      if (!keys[i] || keys[i]->kind != Kind::Constant) continue;
      share(values[i], eval(keys[i], frame));
    }
  } else if (display.kind == Kind::List) {
    const std::span<Node* const> elements = list_field(display, "elts");
    for (std::size_t i = 0; i < elements.size(); ++i) {
      if (elements[i]->kind == Kind::Starred) return;  // later indices are not known
      share(elements[i], Value::of_int(static_cast<std::int64_t>(i)));
    }
  }
}

void Interpreter::after_edit(Binding& edited, Frame& frame, const Origin& at, int depth) {
  if (depth > 4) return;  // chains of aliases are short; a cycle stops here
  // This name's value lives inside another's: copy the edit there.
  if (edited.alias) {
    if (Binding* root = lookup_binding(edited.alias->root, frame); root && root != &edited) {
      if (Value* inside = follow(root->value, edited.alias->path)) {
        *inside = edited.value;
      } else {
        root->value = Value::unknown("edit through " + edited.alias->root + "'s alias");
      }
      if (std::find(root->provenance.begin(), root->provenance.end(), at) ==
          root->provenance.end()) {
        root->provenance.push_back(at);
      }
      after_edit(*root, frame, at, depth + 1);
    }
  }
  // Names whose values live inside this one: refresh them.
  std::string name;
  auto find_name = [&](Namespace& scope) {
    for (auto& [key, binding] : scope) {
      if (&binding == &edited) name = key;
    }
  };
  find_name(frame.module->names);
  if (frame.locals) find_name(*frame.locals);
  if (name.empty()) return;
  auto refresh = [&](Namespace& scope) {
    for (auto& [key, binding] : scope) {
      if (&binding == &edited || !binding.alias || binding.alias->root != name) continue;
      Value* inside = follow(edited.value, binding.alias->path);
      binding.value = inside ? *inside : Value::unknown("edit of " + name);
    }
  };
  refresh(frame.module->names);
  if (frame.locals) refresh(*frame.locals);
}

}  // namespace preflight::django::settings
