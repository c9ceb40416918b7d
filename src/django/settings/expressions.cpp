// Expressions of the settings interpreter: names, attributes, subscripts, displays,
// comprehensions, f-strings and operators. Anything not modelled is an Unknown with its origin.
#include <algorithm>
#include <charconv>

#include "django/python_values.h"
#include "django/settings/interpreter.h"

namespace preflight::django::settings {

using python::Kind;
using python::Node;

Value constant_value(const python::Constant& constant) {
  using Type = python::Constant::Type;
  switch (constant.type) {
    case Type::None:
      return Value::none();
    case Type::True:
      return Value::of_bool(true);
    case Type::False:
      return Value::of_bool(false);
    case Type::Int: {
      std::int64_t out = 0;
      const auto [end, error] =
          std::from_chars(constant.text.data(), constant.text.data() + constant.text.size(), out);
      if (error != std::errc() || end != constant.text.data() + constant.text.size()) {
        return Value::unknown("large int");
      }
      return Value::of_int(out);
    }
    case Type::Float:
      return Value::of_float(constant.number);
    case Type::Str:
      return Value::str(std::string(constant.text));
    case Type::Bytes:
      return Value::unknown("bytes");
    case Type::Ellipsis:
    case Type::Complex:
      return Value::unknown("constant");
  }
  return Value::unknown("constant");
}

namespace {

// The names Python's builtins module gives, as references the call table knows.
bool is_builtin(std::string_view id) {
  for (const char* name :
       {"bool",    "int",       "str",    "float",   "list",    "tuple",      "set",
        "dict",    "len",       "sorted", "range",   "print",   "isinstance", "getattr",
        "open",    "any",       "all",    "min",     "max",     "reversed",   "enumerate",
        "zip",     "frozenset", "repr",   "hasattr", "type",    "dir",        "vars",
        "globals", "map",       "filter", "exec",    "setattr", "locals"}) {
    if (id == name) return true;
  }
  return false;
}

std::string dirname(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return "";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::optional<std::int64_t> index_in(const Value& index, std::size_t size) {
  if (index.kind != Value::Kind::Int && index.kind != Value::Kind::Bool) return std::nullopt;
  const std::int64_t raw = index.kind == Value::Kind::Bool ? index.boolean : index.integer;
  const auto n = static_cast<std::int64_t>(size);
  const std::int64_t i = raw < 0 ? raw + n : raw;
  if (i < 0 || i >= n) return std::nullopt;
  return i;
}

}  // namespace

Binding* Interpreter::lookup_binding(std::string_view id, Frame& frame) {
  if (frame.locals && !frame.globals.count(id)) {
    if (const auto it = frame.locals->find(id); it != frame.locals->end()) return &it->second;
  }
  if (const auto it = frame.module->names.find(id); it != frame.module->names.end()) {
    return &it->second;
  }
  return nullptr;
}

Value Interpreter::eval_name(std::string_view id, Frame& frame) {
  if (Binding* binding = lookup_binding(id, frame)) return binding->value;
  if (is_builtin(id)) return Value::reference("builtins." + std::string(id));
  return Value::unknown("name " + std::string(id));
}

Value* Interpreter::lvalue(const Node* node, Frame& frame, Binding** owner) {
  if (!node) return nullptr;
  if (node->kind == Kind::Name) {
    Binding* binding = lookup_binding(node->get("id").text, frame);
    if (!binding) return nullptr;
    if (owner) *owner = binding;
    return &binding->value;
  }
  if (node->kind == Kind::Call) return setdefault_lvalue(*node, frame, owner);
  if (node->kind != Kind::Subscript) return nullptr;
  Value* container = lvalue(node->get("value").node, frame, owner);
  if (!container) return nullptr;
  const Node* slice = node->get("slice").node;
  if (!slice || slice->kind == Kind::Slice) return nullptr;
  const Value key = eval(slice, frame);
  if (container->kind == Value::Kind::Dict) return container->find(key);
  if (container->kind == Value::Kind::List) {
    if (const auto i = index_in(key, container->items.size())) {
      return &container->items[static_cast<std::size_t>(*i)];
    }
  }
  return nullptr;
}

// `D.setdefault(k, default)` names the entry it returns, so that
// `D.setdefault("OPTIONS", {})["key"] = value` edits D. Other calls name nothing.
Value* Interpreter::setdefault_lvalue(const Node& call, Frame& frame, Binding** owner) {
  const Node* callee = call.get("func").node;
  if (!callee || callee->kind != Kind::Attribute || callee->get("attr").text != "setdefault") {
    return nullptr;
  }
  const std::span<Node* const> arguments = list_field(call, "args");
  if (arguments.empty() || arguments.size() > 2 || !list_field(call, "keywords").empty()) {
    return nullptr;
  }
  Value* dict = lvalue(callee->get("value").node, frame, owner);
  if (!dict || dict->kind != Value::Kind::Dict) return nullptr;
  const Value key = eval(arguments[0], frame);
  if (!key.fully_known()) return nullptr;
  if (Value* found = dict->find(key)) return found;
  if (!keys_known(*dict)) return nullptr;  // the key may be among the unknown ones
  dict->entries.emplace_back(key, arguments.size() == 2 ? eval(arguments[1], frame) : Value());
  return &dict->entries.back().second;
}

Value Interpreter::eval_attribute(const Value& object, std::string_view attribute, Frame& frame) {
  switch (object.kind) {
    case Value::Kind::Reference:
      return Value::reference(object.text + "." + std::string(attribute));
    case Value::Kind::Module: {
      const std::string dotted = object.text + "." + std::string(attribute);
      if (ModuleState* module = import_module(object.text)) {
        if (const auto it = module->names.find(attribute); it != module->names.end()) {
          return it->second.value;
        }
      }
      if (import_module(dotted)) {
        Value module = Value::reference(dotted);
        module.kind = Value::Kind::Module;
        return module;
      }
      return Value::unknown("attribute " + dotted);
    }
    case Value::Kind::Path:
      if (attribute == "parent") return Value::path(dirname(object.text));
      if (attribute == "name") return Value::str(object.text.substr(object.text.rfind('/') + 1));
      return Value::unknown("Path." + std::string(attribute));
    case Value::Kind::Candidates:
      return lift1(object, [&](const Value& v) { return eval_attribute(v, attribute, frame); });
    case Value::Kind::Unknown:
      return object;
    default:
      return Value::unknown("attribute " + std::string(attribute));
  }
}

Value Interpreter::eval_subscript(const Value& object, const Node& slice, Frame& frame) {
  if (slice.kind == Kind::Slice) {
    auto bound = [&](std::string_view field) -> std::optional<Value> {
      const Node* node = slice.get(field).node;
      if (!node) return std::nullopt;
      return eval(node, frame);
    };
    const std::optional<Value> lower = bound("lower"), upper = bound("upper"),
                               stride = bound("step");
    return lift1(object, [&](const Value& v) -> Value {
      const bool text = v.kind == Value::Kind::Str;
      if (!text && v.kind != Value::Kind::List && v.kind != Value::Kind::Tuple) {
        return Value::unknown(v.unknown_origin().value_or("slice"));
      }
      if (stride) return Value::unknown("slice with a step");
      const auto n = static_cast<std::int64_t>(text ? v.text.size() : v.items.size());
      auto clamp = [n](const std::optional<Value>& b,
                       std::int64_t fallback) -> std::optional<std::int64_t> {
        if (!b || b->kind == Value::Kind::None) return fallback;
        if (b->kind != Value::Kind::Int) return std::nullopt;
        std::int64_t i = b->integer < 0 ? b->integer + n : b->integer;
        return std::clamp<std::int64_t>(i, 0, n);
      };
      const auto from = clamp(lower, 0), to = clamp(upper, n);
      if (!from || !to) return Value::unknown("slice bound");
      if (*to <= *from) return text ? Value::str("") : Value::sequence(v.kind, {});
      if (text) return Value::str(v.text.substr(*from, *to - *from));
      return Value::sequence(v.kind,
                             std::vector<Value>(v.items.begin() + *from, v.items.begin() + *to));
    });
  }
  const Value key = eval(&slice, frame);
  return lift2(object, key, [&](const Value& v, const Value& k) -> Value {
    if (v.kind == Value::Kind::Reference && v.text == "os.environ") {
      if (k.kind != Value::Kind::Str) return Value::unknown("env");
      const std::optional<Value> read = read_variable(env_, k.text, std::nullopt);
      if (!read) throw Raised{"KeyError", where(frame, slice)};
      return *read;
    }
    if (!k.fully_known()) return Value::unknown(k.unknown_origin().value_or("subscript"));
    if (v.kind == Value::Kind::Reference && v.text == "sys.modules" && k.kind == Value::Kind::Str &&
        table_.find(k.text)) {
      // `sys.modules[__name__]`: a project module, by name.
      Value module = Value::reference(k.text);
      module.kind = Value::Kind::Module;
      return module;
    }
    if (v.kind == Value::Kind::Reference && v.text == kGlobals && k.kind == Value::Kind::Str) {
      if (const auto it = frame.module->names.find(k.text); it != frame.module->names.end()) {
        return it->second.value;
      }
      throw Raised{"KeyError", where(frame, slice)};
    }
    if (v.kind == Value::Kind::Dict) {
      if (const Value* found = v.find(k)) return *found;
      if (keys_known(v)) throw Raised{"KeyError", where(frame, slice)};
      return Value::unknown("key of a partly known dict");
    }
    if (v.is_sequence() || v.kind == Value::Kind::Str) {
      const std::size_t size = v.kind == Value::Kind::Str ? v.text.size() : v.items.size();
      const auto i = index_in(k, size);
      if (!i) throw Raised{"IndexError", where(frame, slice)};
      if (v.kind == Value::Kind::Str) return Value::str(std::string(1, v.text[*i]));
      return v.items[static_cast<std::size_t>(*i)];
    }
    return Value::unknown(v.unknown_origin().value_or("subscript"));
  });
}

namespace {

constexpr std::size_t kNoLength = static_cast<std::size_t>(-1);

// The common length of candidates that are all known-length sequences; kNoLength otherwise.
std::size_t same_length(const Value& value) {
  if (!value.is_candidates() || value.items.empty()) return kNoLength;
  const std::size_t size = value.items[0].is_sequence() ? value.items[0].items.size() : kNoLength;
  for (const Value& alternative : value.items) {
    if (!alternative.is_sequence() || alternative.items.size() != size) return kNoLength;
  }
  return size;
}

}  // namespace

std::vector<Value> Interpreter::eval_elements(std::span<Node* const> nodes, Frame& frame,
                                              bool& unknown) {
  std::vector<Value> items;
  for (const Node* node : nodes) {
    if (node->kind == Kind::Starred) {
      const Value spread = eval(node->get("value").node, frame);
      if (spread.is_sequence()) {
        items.insert(items.end(), spread.items.begin(), spread.items.end());
      } else if (spread.kind == Value::Kind::Dict) {
        for (const auto& entry : spread.entries) items.push_back(entry.first);
      } else if (const std::size_t size = same_length(spread); size != kNoLength) {
        // Alternatives that are sequences of one length: each position gets the candidates
        // of that position (which alternative goes with which is not kept).
        for (std::size_t i = 0; i < size; ++i) {
          std::vector<Value> at;
          for (const Value& alternative : spread.items) at.push_back(alternative.items[i]);
          items.push_back(Value::candidates(std::move(at)));
        }
      } else {
        unknown = true;
        items.push_back(Value::unknown(spread.unknown_origin().value_or("starred")));
      }
    } else {
      items.push_back(eval(node, frame));
    }
  }
  return items;
}

Value Interpreter::eval_joined_str(const Node& node, Frame& frame) {
  // Concatenation lifted over candidates: f"{env('A', 'x')}/y" gives {"x/y", unknown}.
  Value text = Value::str("");
  auto concat = [](const Value& a, const Value& b) -> Value {
    if (a.kind != Value::Kind::Str) return a;
    if (b.kind != Value::Kind::Str) return b;
    return Value::str(a.text + b.text);
  };
  for (const Node* part : list_field(node, "values")) {
    if (part->kind == Kind::Constant) {
      text = lift2(text, eval(part, frame), concat);
      continue;
    }
    const Value value = eval(part->get("value").node, frame);
    const std::int64_t conversion = part->get("conversion").integer;
    const Node* spec = part->get("format_spec").node;
    if (spec && !list_field(*spec, "values").empty()) return Value::unknown("format spec");
    const Value piece = lift1(value, [conversion](const Value& v) -> Value {
      if (!v.fully_known()) return Value::unknown(v.unknown_origin().value_or("f-string"));
      const std::optional<std::string> converted = conversion == 'r' ? repr(v) : to_str(v);
      return converted ? Value::str(*converted) : Value::unknown("f-string of an object");
    });
    text = lift2(text, piece, concat);
  }
  return text;
}

Value Interpreter::eval_bool_op(const Node& node, Frame& frame) {
  const bool is_or = node.get("op").node->kind == Kind::Or;
  const std::span<Node* const> values = list_field(node, "values");
  // Left to right; each alternative either decides the result or passes on to the next operand.
  std::vector<Value> results;
  std::vector<Value> pending = {eval(values[0], frame)};
  for (std::size_t i = 1; i < values.size() && !pending.empty(); ++i) {
    bool continues = false;
    for (const Value& value : pending) {
      for (const Value& alternative : alternatives(value)) {
        const std::optional<bool> truth = alternative.truth();
        if (!truth || *truth == is_or) results.push_back(alternative);
        if (!truth || *truth != is_or) continues = true;
      }
    }
    pending.clear();
    if (continues) pending.push_back(eval(values[i], frame));
  }
  for (Value& value : pending) results.push_back(std::move(value));
  return Value::candidates(std::move(results));
}

Value Interpreter::eval_compare(const Node& node, Frame& frame) {
  Value left = eval(node.get("left").node, frame);
  const std::span<Node* const> ops = list_field(node, "ops");
  const std::span<Node* const> comparators = list_field(node, "comparators");
  Value result = Value::of_bool(true);
  for (std::size_t i = 0; i < ops.size() && i < comparators.size(); ++i) {
    const Value right = eval(comparators[i], frame);
    const Kind op = ops[i]->kind;
    const Value step_result = lift2(left, right, [&](const Value& a, const Value& b) {
      // `"K" in os.environ`: whether the variable is set.
      if ((op == Kind::In || op == Kind::NotIn) && b.kind == Value::Kind::Reference &&
          b.text == "os.environ") {
        if (a.kind != Value::Kind::Str) return Value::unknown("env");
        const std::optional<Value> current = env_.lookup(a.text);
        if (current && !current->fully_known()) return Value::unknown("env " + a.text);
        return Value::of_bool(current.has_value() == (op == Kind::In));
      }
      return binary_operation(op, a, b);
    });
    // `a < b < c` is `a < b and b < c`.
    if (result.truth() == true) {
      result = step_result;
    } else if (step_result.truth() == false) {
      result = Value::of_bool(false);
    } else if (result.truth() != false) {
      result = Value::unknown(step_result.unknown_origin().value_or("comparison"));
    }
    left = right;
  }
  return result;
}

Value Interpreter::eval(const Node* node, Frame& frame) {
  if (!node) return Value::none();
  step();
  switch (node->kind) {
    case Kind::Constant:
      return constant_value(*node->get("value").constant);
    case Kind::Name:
      return eval_name(node->get("id").text, frame);
    case Kind::Attribute:
      return eval_attribute(eval(node->get("value").node, frame), node->get("attr").text, frame);
    case Kind::Subscript:
      return eval_subscript(eval(node->get("value").node, frame), *node->get("slice").node, frame);
    case Kind::List:
    case Kind::Tuple:
    case Kind::Set: {
      bool unknown = false;
      std::vector<Value> items = eval_elements(list_field(*node, "elts"), frame, unknown);
      const Value::Kind kind = node->kind == Kind::List    ? Value::Kind::List
                               : node->kind == Kind::Tuple ? Value::Kind::Tuple
                                                           : Value::Kind::Set;
      if (unknown) return Value::unknown("unpacking of an unknown");
      return Value::sequence(kind, std::move(items));
    }
    case Kind::Dict: {
      const std::span<Node* const> keys = list_field(*node, "keys");
      const std::span<Node* const> values = list_field(*node, "values");
      Value dict = Value::dict({});
      for (std::size_t i = 0; i < keys.size() && i < values.size(); ++i) {
        Value value = eval(values[i], frame);
        if (!keys[i]) {  // `**other`
          if (value.kind != Value::Kind::Dict) {
            return Value::unknown(value.unknown_origin().value_or("** of an unknown"));
          }
          for (auto& [k, v] : value.entries) {
            if (Value* existing = dict.find(k)) {
              *existing = v;
            } else {
              dict.entries.emplace_back(k, v);
            }
          }
          continue;
        }
        Value key = eval(keys[i], frame);
        if (Value* existing = dict.find(key)) {
          *existing = std::move(value);
        } else {
          dict.entries.emplace_back(std::move(key), std::move(value));
        }
      }
      return dict;
    }
    case Kind::BinOp:
      return binary_operation(node->get("op").node->kind, eval(node->get("left").node, frame),
                              eval(node->get("right").node, frame));
    case Kind::UnaryOp: {
      const Kind op = node->get("op").node->kind;
      const Value operand = eval(node->get("operand").node, frame);
      return lift1(operand, [op](const Value& v) -> Value {
        if (op == Kind::Not) {
          const std::optional<bool> truth = v.truth();
          return truth ? Value::of_bool(!*truth)
                       : Value::unknown(v.unknown_origin().value_or("not"));
        }
        if (op == Kind::USub && v.kind == Value::Kind::Int) return Value::of_int(-v.integer);
        if (op == Kind::USub && v.kind == Value::Kind::Float) return Value::of_float(-v.number);
        if (op == Kind::UAdd && (v.kind == Value::Kind::Int || v.kind == Value::Kind::Float))
          return v;
        return Value::unknown(v.unknown_origin().value_or("unary operator"));
      });
    }
    case Kind::BoolOp:
      return eval_bool_op(*node, frame);
    case Kind::Compare:
      return eval_compare(*node, frame);
    case Kind::IfExp: {
      const Value test = eval(node->get("test").node, frame);
      if (const std::optional<bool> truth = test.truth()) {
        return eval(node->get(*truth ? "body" : "orelse").node, frame);
      }
      return Value::candidates(
          {eval(node->get("body").node, frame), eval(node->get("orelse").node, frame)});
    }
    case Kind::Call:
      return eval_call(*node, frame);
    case Kind::JoinedStr:
      return eval_joined_str(*node, frame);
    case Kind::ListComp:
    case Kind::SetComp:
    case Kind::DictComp:
    case Kind::GeneratorExp:
      return eval_comprehension(*node, frame);
    case Kind::Lambda: {
      Value function;
      function.kind = Value::Kind::Function;
      function.function = node;
      function.text = frame.module->module->name;
      return function;
    }
    case Kind::NamedExpr: {
      Value value = eval(node->get("value").node, frame);
      assign(*node->get("target").node, value, frame);
      return value;
    }
    default:
      return Value::unknown(std::string(python::kind_name(node->kind)) + " at " +
                            where(frame, *node));
  }
}

}  // namespace preflight::django::settings
