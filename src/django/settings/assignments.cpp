// Assignment targets of the settings interpreter: names, unpacking, items (`X[k] = v`),
// slices and `del`. An edit in place is passed on to the names sharing the container.
#include <algorithm>

#include "django/python_values.h"
#include "django/settings/interpreter.h"

namespace preflight::django::settings {

using python::Kind;
using python::Node;

namespace {

std::span<Node* const> body_of(const Node& node, std::string_view field) {
  const python::Value& value = node.get(field);
  if (value.type != python::Value::Type::List) return {};
  return value.list;
}

std::string_view identifier(const Node& node, std::string_view field) {
  return node.get(field).text;
}

}  // namespace

void Interpreter::assign(const Node& target, const Value& value, Frame& frame) {
  switch (target.kind) {
    case Kind::Name:
      bind(std::string(identifier(target, "id")), value, frame, target);
      return;
    case Kind::Tuple:
    case Kind::List: {
      const std::span<Node* const> targets = body_of(target, "elts");
      const bool starred = std::any_of(targets.begin(), targets.end(),
                                       [](const Node* t) { return t->kind == Kind::Starred; });
      if (value.is_sequence() && !starred && value.items.size() == targets.size()) {
        for (std::size_t i = 0; i < targets.size(); ++i) assign(*targets[i], value.items[i], frame);
        return;
      }
      const Value unknown = Value::unknown(value.unknown_origin().value_or("unpacking"));
      for (const Node* t : targets) {
        assign(t->kind == Kind::Starred ? *t->get("value").node : *t, unknown, frame);
      }
      return;
    }
    case Kind::Subscript:
      if (Binding* owner = assign_item(target, value, frame)) {
        after_edit(*owner, frame, origin(frame, target));
      }
      return;
    case Kind::Attribute:
    case Kind::Starred:
    default:
      return;  // attributes of outside objects are not tracked
  }
}

// `X[k] = value`; returns the binding edited in place, if any.
Binding* Interpreter::assign_item(const Node& target, const Value& value, Frame& frame) {
  Binding* owner = nullptr;
  const Node* container = target.get("value").node;
  Value* object = lvalue(container, frame, &owner);
  if (owner && (!frame.locals || frame.module->names.count(identifier(*container, "id")))) {
    owner->provenance.push_back(origin(frame, target));
  }
  if (!object) {
    // `os.environ[K] = V` sets the environment.
    const Value reference = eval(container, frame);
    if (reference.kind == Value::Kind::Reference && reference.text == "os.environ") {
      const Value key = eval(target.get("slice").node, frame);
      if (key.kind == Value::Kind::Str) env_.set(key.text, value);
    } else if (reference.kind == Value::Kind::Reference && reference.text == kGlobals) {
      write_global(eval(target.get("slice").node, frame), value, frame, target);
    } else if (Binding* root = root_binding(container, frame);
               root && root->value.kind != Value::Kind::Reference &&
               root->value.kind != Value::Kind::Module) {
      // An edit inside something not followed (a call's result, a missing key): what the
      // name holds is no longer known.
      root->value = Value::unknown("item assignment at " + where(frame, target));
      return root;
    }
    return owner;
  }
  const Node* slice = target.get("slice").node;
  if (slice && slice->kind == Kind::Slice) {
    assign_slice(*object, *slice, value, frame, target);
    return owner;
  }
  const Value key = eval(slice, frame);
  if (object->is_candidates() && key.fully_known()) {
    // Each alternative that is a dict gets the item; an unknown one stays unknown.
    std::vector<Value> edited;
    for (Value alternative : object->items) {
      if (alternative.kind == Value::Kind::Dict) {
        if (Value* existing = alternative.find(key)) {
          *existing = value;
        } else {
          alternative.entries.emplace_back(key, value);
        }
      } else if (!alternative.is_unknown()) {
        alternative = Value::unknown("item assignment at " + where(frame, target));
      }
      edited.push_back(std::move(alternative));
    }
    *object = Value::candidates(std::move(edited));
  } else if (object->kind == Value::Kind::Dict && key.fully_known()) {
    if (Value* existing = object->find(key)) {
      *existing = value;
    } else {
      object->entries.emplace_back(key, value);
    }
  } else if (object->kind == Value::Kind::List && key.kind == Value::Kind::Int) {
    const auto size = static_cast<std::int64_t>(object->items.size());
    const std::int64_t index = key.integer < 0 ? key.integer + size : key.integer;
    if (index >= 0 && index < size) {
      object->items[static_cast<std::size_t>(index)] = value;
    } else {
      throw Raised{"IndexError", where(frame, target)};
    }
  } else if (object->kind != Value::Kind::Unknown) {
    *object = Value::unknown("item assignment at " + where(frame, target));
  }
  return owner;
}

// The binding an expression starts from: `X` of `X[k].attr`, `X.method(...)[k]`; null for a
// function's result (what it returns may be shared with any name: not followed).
Binding* Interpreter::root_binding(const Node* node, Frame& frame) {
  while (node) {
    switch (node->kind) {
      case Kind::Name:
        return lookup_binding(identifier(*node, "id"), frame);
      case Kind::Subscript:
      case Kind::Attribute:
        node = node->get("value").node;
        break;
      case Kind::Call: {
        // A method's receiver (`X.get(k)[j] = v` edits X); a function's result may be anything.
        const Node* callee = node->get("func").node;
        if (!callee || callee->kind != Kind::Attribute) return nullptr;
        node = callee->get("value").node;
        break;
      }
      default:
        return nullptr;
    }
  }
  return nullptr;
}

// `L[a:b] = iterable` on a list, without a step: the items between the bounds are replaced.
void Interpreter::assign_slice(Value& list, const Node& slice, const Value& value, Frame& frame,
                               const Node& at) {
  const Value unknown = Value::unknown("slice assignment at " + where(frame, at));
  if (list.kind != Value::Kind::List || slice.get("step").node || !value.is_sequence()) {
    list = unknown;
    return;
  }
  const auto size = static_cast<std::int64_t>(list.items.size());
  auto bound = [&](std::string_view field, std::int64_t fallback) -> std::optional<std::int64_t> {
    const Node* node = slice.get(field).node;
    if (!node) return fallback;
    const Value b = eval(node, frame);
    if (b.kind == Value::Kind::None) return fallback;
    if (b.kind != Value::Kind::Int) return std::nullopt;
    return std::clamp<std::int64_t>(b.integer < 0 ? b.integer + size : b.integer, 0, size);
  };
  const std::optional<std::int64_t> lower = bound("lower", 0), upper = bound("upper", size);
  if (!lower || !upper) {
    list = unknown;
    return;
  }
  const std::int64_t end = std::max(*lower, *upper);
  list.items.erase(list.items.begin() + *lower, list.items.begin() + end);
  list.items.insert(list.items.begin() + *lower, value.items.begin(), value.items.end());
}

void Interpreter::delete_target(const Node& target, Frame& frame) {
  if (target.kind == Kind::Name) {
    const std::string_view name = identifier(target, "id");
    if (frame.locals && !frame.globals.count(name)) {
      if (auto it = frame.locals->find(name); it != frame.locals->end()) frame.locals->erase(it);
    } else if (auto it = frame.module->names.find(name); it != frame.module->names.end()) {
      frame.module->names.erase(it);
    }
    return;
  }
  if (target.kind != Kind::Subscript) return;
  Binding* owner = nullptr;
  Value* object = lvalue(target.get("value").node, frame, &owner);
  if (!object) return;
  if (owner) owner->provenance.push_back(origin(frame, target));
  struct EditNotice {  // the aliases see the deletion whichever way this returns
    Interpreter& self;
    Binding* owner;
    Frame& frame;
    const Node& at;
    ~EditNotice() {
      if (owner) self.after_edit(*owner, frame, self.origin(frame, at));
    }
  } notice{*this, owner, frame, target};
  const Value key = eval(target.get("slice").node, frame);
  if (object->kind == Value::Kind::Dict && key.fully_known()) {
    std::erase_if(object->entries, [&](const auto& entry) { return entry.first == key; });
  } else if (object->kind == Value::Kind::List && key.kind == Value::Kind::Int) {
    const auto size = static_cast<std::int64_t>(object->items.size());
    const std::int64_t index = key.integer < 0 ? key.integer + size : key.integer;
    if (index >= 0 && index < size) object->items.erase(object->items.begin() + index);
  } else {
    *object = Value::unknown("del at " + where(frame, target));
  }
}

}  // namespace preflight::django::settings
