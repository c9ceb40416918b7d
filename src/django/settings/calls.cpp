// Calls in the settings interpreter: project functions (bounded), the builtins settings use,
// os.environ / os.path / pathlib, python-decouple and django-environ, and methods of str, list
// and dict. A call to anything else is an Unknown naming it.
#include <algorithm>

#include "django/python_values.h"
#include "django/settings/database_urls.h"
#include "django/settings/interpreter.h"

namespace preflight::django::settings {

using python::Kind;
using python::Node;

namespace {

Value unknown_call(std::string_view what) {
  return Value::unknown("call of " + std::string(what));
}

std::optional<std::vector<Value>> iterate(const Value& value) {
  if (value.is_sequence()) return value.items;
  if (value.kind == Value::Kind::Dict) {
    std::vector<Value> keys;
    for (const auto& entry : value.entries) keys.push_back(entry.first);
    return keys;
  }
  if (value.kind == Value::Kind::Str) {
    std::vector<Value> chars;
    // One string per code point, as Python iterates.
    for (std::size_t i = 0; i < value.text.size();) {
      std::size_t next = i + 1;
      while (next < value.text.size() &&
             (static_cast<unsigned char>(value.text[next]) & 0xC0) == 0x80)
        ++next;
      chars.push_back(Value::str(value.text.substr(i, next - i)));
      i = next;
    }
    return chars;
  }
  return std::nullopt;
}

// min()/max() of known ints or strings; unknown for anything else (mixed types raise in Python).
Value extreme(std::string_view name, const std::vector<Value>& items) {
  if (items.empty()) return Value::unknown(std::string(name) + "()");  // ValueError in Python
  const Value::Kind kind = items[0].kind;
  if (kind != Value::Kind::Int && kind != Value::Kind::Str)
    return Value::unknown(std::string(name) + "()");
  const Value* best = &items[0];
  for (const Value& item : items) {
    if (item.kind != kind) return Value::unknown(std::string(name) + "()");
    const bool less =
        kind == Value::Kind::Int ? item.integer < best->integer : item.text < best->text;
    const bool greater =
        kind == Value::Kind::Int ? item.integer > best->integer : item.text > best->text;
    if (name == "min" ? less : greater) best = &item;
  }
  return *best;
}

// The Python type a builtin reference names, for isinstance().
std::optional<Value::Kind> type_named(const Value& type) {
  if (type.kind != Value::Kind::Reference) return std::nullopt;
  static const std::pair<std::string_view, Value::Kind> kTypes[] = {
      {"builtins.str", Value::Kind::Str},     {"builtins.int", Value::Kind::Int},
      {"builtins.float", Value::Kind::Float}, {"builtins.list", Value::Kind::List},
      {"builtins.tuple", Value::Kind::Tuple}, {"builtins.dict", Value::Kind::Dict},
      {"builtins.set", Value::Kind::Set},     {"builtins.bool", Value::Kind::Bool}};
  for (const auto& [dotted, kind] : kTypes) {
    if (type.text == dotted) return kind;
  }
  return std::nullopt;
}

// Builtins whose result needs every argument known: zip(), range(), min(a, b, ...),
// isinstance().
Value several_arguments(std::string_view name, const Arguments& args) {
  const auto unknown = [name] { return Value::unknown(std::string(name) + "()"); };
  for (const Value& argument : args.positional) {
    if (!argument.fully_known() && name != "isinstance") return unknown();
  }
  if (name == "min" || name == "max") return extreme(name, args.positional);
  if (name == "isinstance") {
    if (args.positional.size() != 2) return unknown();
    const Value& object = args.positional[0];
    if (object.is_unknown() || object.is_candidates() || object.kind == Value::Kind::Reference ||
        object.kind == Value::Kind::Object || object.kind == Value::Kind::Module ||
        object.kind == Value::Kind::Function || object.kind == Value::Kind::Path) {
      return unknown();
    }
    std::vector<Value> types = args.positional[1].kind == Value::Kind::Tuple
                                   ? args.positional[1].items
                                   : std::vector<Value>{args.positional[1]};
    bool matches = false;
    for (const Value& type : types) {
      const std::optional<Value::Kind> kind = type_named(type);
      if (!kind) return unknown();
      // bool is a subclass of int.
      matches |=
          object.kind == *kind || (*kind == Value::Kind::Int && object.kind == Value::Kind::Bool);
    }
    return Value::of_bool(matches);
  }
  if (name == "range") {
    std::vector<std::int64_t> bounds;
    for (const Value& argument : args.positional) {
      if (argument.kind != Value::Kind::Int) return unknown();
      bounds.push_back(argument.integer);
    }
    if (bounds.empty() || bounds.size() > 3) return unknown();
    const std::int64_t start = bounds.size() == 1 ? 0 : bounds[0];
    const std::int64_t stop = bounds.size() == 1 ? bounds[0] : bounds[1];
    const std::int64_t step = bounds.size() == 3 ? bounds[2] : 1;
    if (step == 0) return unknown();  // ValueError in Python
    std::vector<Value> items;
    for (std::int64_t i = start; step > 0 ? i < stop : i > stop; i += step) {
      if (items.size() >= 10000) return unknown();
      items.push_back(Value::of_int(i));
    }
    return Value::sequence(Value::Kind::List, std::move(items));
  }
  // zip: tuples up to the shortest iterable.
  std::vector<std::vector<Value>> columns;
  for (const Value& argument : args.positional) {
    std::optional<std::vector<Value>> items = iterate(argument);
    if (!items) return unknown();
    columns.push_back(std::move(*items));
  }
  std::vector<Value> rows;
  for (std::size_t i = 0; !columns.empty(); ++i) {
    std::vector<Value> row;
    for (const std::vector<Value>& column : columns) {
      if (i >= column.size()) return Value::sequence(Value::Kind::List, std::move(rows));
      row.push_back(column[i]);
    }
    rows.push_back(Value::sequence(Value::Kind::Tuple, std::move(row)));
  }
  return Value::sequence(Value::Kind::List, std::move(rows));
}

Value builtin(std::string_view name, const Arguments& args) {
  const Value* first = args.positional.empty() ? nullptr : &args.positional[0];
  if (name == "print") return Value::none();
  if (!first) {
    if (name == "list") return Value::sequence(Value::Kind::List, {});
    if (name == "tuple") return Value::sequence(Value::Kind::Tuple, {});
    if (name == "set") return Value::sequence(Value::Kind::Set, {});
    if (name == "dict") {
      Value dict = Value::dict({});
      for (const auto& [key, value] : args.keywords)
        dict.entries.emplace_back(Value::str(key), value);
      return dict;
    }
    if (name == "str") return Value::str("");
    if (name == "bool") return Value::of_bool(false);
    if (name == "int") return Value::of_int(0);
    return unknown_call(name);
  }
  if (name == "zip" || name == "range" ||
      ((name == "min" || name == "max") && args.positional.size() > 1) || name == "isinstance") {
    return several_arguments(name, args);
  }
  return lift1(*first, [&](const Value& v) -> Value {
    if (name == "any" || name == "all") {
      const std::optional<std::vector<Value>> items = iterate(v);
      if (!items) return Value::unknown(v.unknown_origin().value_or(std::string(name) + "()"));
      bool unknown = false;
      for (const Value& item : *items) {
        const std::optional<bool> truth = item.truth();
        if (!truth) {
          unknown = true;
          continue;
        }
        if (*truth == (name == "any")) return Value::of_bool(*truth);
      }
      return unknown ? Value::unknown(std::string(name) + "()") : Value::of_bool(name == "all");
    }
    if (name == "min" || name == "max") {
      const std::optional<std::vector<Value>> items = iterate(v);
      return items ? extreme(name, *items) : Value::unknown(std::string(name) + "()");
    }
    if (name == "reversed" || name == "enumerate") {
      std::optional<std::vector<Value>> items = iterate(v);
      if (!items) return Value::unknown(v.unknown_origin().value_or(std::string(name) + "()"));
      if (name == "reversed") {
        std::reverse(items->begin(), items->end());
        return Value::sequence(Value::Kind::List, std::move(*items));
      }
      const Value* start = args.get(1, "start");
      if (start && start->kind != Value::Kind::Int) return Value::unknown("enumerate()");
      std::vector<Value> pairs;
      std::int64_t index = start ? start->integer : 0;
      for (Value& item : *items) {
        pairs.push_back(
            Value::sequence(Value::Kind::Tuple, {Value::of_int(index++), std::move(item)}));
      }
      return Value::sequence(Value::Kind::List, std::move(pairs));
    }
    if (name == "bool") {
      const std::optional<bool> truth = v.truth();
      return truth ? Value::of_bool(*truth) : Value::unknown(v.unknown_origin().value_or("bool()"));
    }
    if (name == "str") {
      const std::optional<std::string> text = to_str(v);
      return text ? Value::str(*text) : Value::unknown(v.unknown_origin().value_or("str()"));
    }
    if (name == "int")
      return v.kind == Value::Kind::Float ? Value::of_int(static_cast<std::int64_t>(v.number))
                                          : cast_int(v);
    if (name == "float") return cast_float(v);
    if (name == "list" || name == "tuple" || name == "set" || name == "sorted" ||
        name == "frozenset") {
      std::optional<std::vector<Value>> items = iterate(v);
      if (!items) return Value::unknown(v.unknown_origin().value_or(std::string(name) + "()"));
      if (name == "sorted") {
        if (!std::all_of(items->begin(), items->end(),
                         [](const Value& item) { return item.kind == Value::Kind::Str; })) {
          return Value::unknown("sorted()");
        }
        std::sort(items->begin(), items->end(),
                  [](const Value& x, const Value& y) { return x.text < y.text; });
      }
      const Value::Kind kind = name == "tuple"                          ? Value::Kind::Tuple
                               : (name == "set" || name == "frozenset") ? Value::Kind::Set
                                                                        : Value::Kind::List;
      return Value::sequence(kind, std::move(*items));
    }
    if (name == "dict" && v.kind == Value::Kind::Dict) {
      Value dict = v;  // dict(mapping, key=value): the keywords update a copy
      for (const auto& [key, value] : args.keywords) {
        if (Value* existing = dict.find(Value::str(key))) {
          *existing = value;
        } else {
          dict.entries.emplace_back(Value::str(key), value);
        }
      }
      return dict;
    }
    if (name == "len") {
      if (v.kind == Value::Kind::Str) {
        // Python counts code points, not UTF-8 bytes.
        std::int64_t length = 0;
        for (const unsigned char c : v.text) length += (c & 0xC0) != 0x80;
        return Value::of_int(length);
      }
      if (v.is_sequence()) return Value::of_int(static_cast<std::int64_t>(v.items.size()));
      if (v.kind == Value::Kind::Dict)
        return Value::of_int(static_cast<std::int64_t>(v.entries.size()));
    }
    return Value::unknown(v.unknown_origin().value_or(std::string(name) + "()"));
  });
}

}  // namespace

std::string normalise_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    const std::string part = path.substr(start, slash - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = slash + 1;
  }
  std::string out;
  for (const std::string& part : parts) out += "/" + part;
  return out.empty() ? "/" : out;
}

Arguments Interpreter::eval_arguments(const Node& node, Frame& frame) {
  Arguments args;
  bool unknown = false;
  args.positional = eval_elements(list_field(node, "args"), frame, unknown);
  for (const Node* keyword : list_field(node, "keywords")) {
    const Value value = eval(keyword->get("value").node, frame);
    const std::string_view name = keyword->get("arg").text;
    if (name.empty()) {  // `**kwargs`
      for (const auto& [key, item] : value.entries) {
        if (key.kind == Value::Kind::Str) args.keywords.emplace_back(key.text, item);
      }
      continue;
    }
    args.keywords.emplace_back(std::string(name), value);
  }
  return args;
}

Value Interpreter::eval_call(const Node& node, Frame& frame) {
  const Node* callee = node.get("func").node;
  if (callee && callee->kind == Kind::Attribute) {
    Binding* owner = nullptr;
    const Node* receiver_node = callee->get("value").node;
    Value* target = lvalue(receiver_node, frame, &owner);
    Value receiver = target ? *target : eval(receiver_node, frame);
    const Value::Kind kind = receiver.kind;
    if (kind != Value::Kind::Reference && kind != Value::Kind::Module) {
      const Arguments args = eval_arguments(node, frame);
      const std::string_view method = callee->get("attr").text;
      // Evaluating the arguments may have moved bindings: look the receiver up again.
      target = lvalue(receiver_node, frame, &owner);
      Value& object = target ? *target : receiver;
      const Value before = object;
      Value result = call_method(object, method, args, frame);
      if (owner && !(object == before)) {
        owner->provenance.push_back(origin(frame, node));
        after_edit(*owner, frame, origin(frame, node));
      }
      return result;
    }
  }
  const Value function = eval(callee, frame);
  Arguments args = eval_arguments(node, frame);
  if (function.kind == Value::Kind::Reference && function.text == "importlib.import_module" &&
      !args.positional.empty() && !list_field(node, "args").empty()) {
    args.positional[0] =
        project_module_names(*list_field(node, "args")[0], args.positional[0], frame);
  }
  if (function.kind == Value::Kind::Reference &&
      function.text == std::string(kGlobals) + ".update") {
    Value mapping = args.positional.empty() ? Value::dict({}) : args.positional[0];
    if (mapping.kind == Value::Kind::Dict) {
      for (const auto& [key, value] : args.keywords)
        mapping.entries.emplace_back(Value::str(key), value);
    }
    update_globals(mapping, frame, node);
    return Value::none();
  }
  if (function.kind == Value::Kind::Reference && function.text == "split_settings.tools.include") {
    split_settings_include(args, frame, node);
    return Value::none();
  }
  if (function.kind == Value::Kind::Reference && function.text == "builtins.setattr" &&
      args.positional.size() == 3) {
    // `setattr(sys.modules[__name__], "DEBUG", True)`: a write into a project module.
    const Value& target = args.positional[0];
    if (target.kind == Value::Kind::Module && target.text == frame.module->module->name) {
      write_global(args.positional[1], args.positional[2], frame, node, "setattr()");
    } else if (target.kind == Value::Kind::Module || target.is_unknown() ||
               target.is_candidates()) {
      // Another module, or one not known: a write the evaluation does not follow.
      write_global(Value::unknown("setattr()"), Value::unknown("setattr()"), frame, node,
                   "setattr()");
    }
    return Value::none();
  }
  if (function.kind == Value::Kind::Reference && function.text == "builtins.exec") {
    // Code that is not read here runs in the module's namespace: it may set any name.
    write_global(Value::unknown("exec"), Value::unknown("exec"), frame, node, "exec");
    return Value::none();
  }
  return call_value(function, args, frame);
}

Value Interpreter::call_value(const Value& callee, const Arguments& args, Frame& frame) {
  switch (callee.kind) {
    case Value::Kind::Reference:
      return call_reference(callee.text, args, frame);
    case Value::Kind::Function:
      return call_function(callee, args);
    case Value::Kind::Object:
      return read_env_library(callee, "__call__", args, frame);
    case Value::Kind::Candidates:
      return lift1(callee, [&](const Value& v) { return call_value(v, args, frame); });
    case Value::Kind::Unknown:
      return Value::unknown("call of " + callee.text);
    default:
      return unknown_call(repr(callee));
  }
}

Value Interpreter::call_function(const Value& function, const Arguments& args) {
  const ModuleState* module = import_module(function.text);
  if (!module || depth_ >= options_.max_call_depth) return unknown_call("a function (depth)");
  const Node& definition = *function.function;
  const Node* parameters = definition.get("args").node;
  Namespace locals;
  Frame frame;
  frame.module = const_cast<ModuleState*>(module);
  frame.locals = &locals;
  // Parameters: positional (with trailing defaults), then keyword-only; *args and **kwargs are
  // unknown.
  std::vector<const Node*> positional;
  for (const char* field : {"posonlyargs", "args"}) {
    for (const Node* arg : list_field(*parameters, field)) positional.push_back(arg);
  }
  const std::span<Node* const> defaults = list_field(*parameters, "defaults");
  const std::size_t first_default =
      positional.size() - std::min(positional.size(), defaults.size());
  for (std::size_t i = 0; i < positional.size(); ++i) {
    const std::string name(positional[i]->get("arg").text);
    Value value = Value::unknown("missing argument " + name);
    if (i < args.positional.size()) {
      value = args.positional[i];
    } else if (const Value* keyword = args.keyword(name)) {
      value = *keyword;
    } else if (i >= first_default) {
      value = eval(defaults[i - first_default], frame);
    }
    locals[name].value = value;
  }
  const std::span<Node* const> keyword_only = list_field(*parameters, "kwonlyargs");
  const std::span<Node* const> keyword_defaults = list_field(*parameters, "kw_defaults");
  for (std::size_t i = 0; i < keyword_only.size(); ++i) {
    const std::string name(keyword_only[i]->get("arg").text);
    Value value = Value::unknown("missing argument " + name);
    if (const Value* keyword = args.keyword(name)) {
      value = *keyword;
    } else if (i < keyword_defaults.size() && keyword_defaults[i]) {
      value = eval(keyword_defaults[i], frame);
    }
    locals[name].value = value;
  }
  for (const char* field : {"vararg", "kwarg"}) {
    if (const Node* rest = parameters->get(field).node) {
      locals[std::string(rest->get("arg").text)].value = Value::unknown("variadic argument");
    }
  }
  ++depth_;
  Value result;
  try {
    if (definition.kind == Kind::Lambda) {
      result = eval(definition.get("body").node, frame);
    } else {
      const Flow flow = exec_block(list_field(definition, "body"), frame);
      std::vector<Value> results = std::move(frame.pending_returns);
      results.push_back(flow == Flow::Return && frame.returned ? *frame.returned : Value::none());
      result = Value::candidates(std::move(results));
    }
  } catch (const LoopUnknown&) {
    result = unknown_call("a function");
  } catch (...) {
    --depth_;
    throw;
  }
  --depth_;
  return result;
}

Value Interpreter::call_reference(const std::string& dotted, const Arguments& args, Frame& frame) {
  // At module level vars() and locals() are the module's namespace, as globals() is.
  if ((dotted == "builtins.vars" || dotted == "builtins.locals") && args.positional.empty() &&
      args.keywords.empty() && !frame.locals) {
    return Value::reference(std::string(kGlobals));
  }
  if (dotted == "split_settings.tools.optional") {
    Value object;
    object.kind = Value::Kind::Object;
    object.text = dotted;
    if (const Value* path = args.get(0, "filename")) {
      object.entries.emplace_back(Value::str("filename"), *path);
    }
    return object;
  }
  if (std::optional<Value> result = call_introspection(dotted, args)) return *result;
  if (dotted == "builtins.map" || dotted == "builtins.filter")
    return map_or_filter(dotted, args, frame);
  if (dotted.starts_with("builtins.")) return builtin(std::string_view(dotted).substr(9), args);
  const Value* first = args.get(0, "");
  auto key_of = [&]() -> std::optional<std::string> {
    if (first && first->kind == Value::Kind::Str) return first->text;
    return std::nullopt;
  };
  if (dotted == "os.environ.get" || dotted == "os.getenv") {
    const std::optional<std::string> key = key_of();
    if (!key) return Value::unknown("env");
    const Value* fallback = args.get(1, "default");
    return read_variable(env_, *key, fallback ? *fallback : Value::none()).value_or(Value::none());
  }
  if (dotted == "os.environ.setdefault") {
    const std::optional<std::string> key = key_of();
    const Value* value = args.get(1, "value");
    if (key && value) env_.set_default(*key, *value);
    return key ? read_variable(env_, *key, std::nullopt).value_or(Value::none())
               : Value::unknown("env");
  }
  if (dotted == "os.path.join") {
    std::string path;
    for (const Value& part : args.positional) {
      const std::optional<std::string> text = to_str(part);
      if (!text || part.kind == Value::Kind::Unknown)
        return Value::unknown(part.unknown_origin().value_or("path"));
      path = text->starts_with("/") || path.empty()
                 ? *text
                 : (path.ends_with("/") ? path + *text : path + "/" + *text);
    }
    return Value::str(path);
  }
  if (dotted == "os.path.dirname" || dotted == "os.path.abspath" || dotted == "os.path.realpath" ||
      dotted == "os.path.basename" || dotted == "os.path.normpath" || dotted == "pathlib.Path" ||
      dotted == "os.fspath") {
    if (!first) return dotted == "pathlib.Path" ? Value::path(".") : unknown_call(dotted);
    return lift1(*first, [&](const Value& v) -> Value {
      if (v.kind != Value::Kind::Str && v.kind != Value::Kind::Path) {
        return Value::unknown(v.unknown_origin().value_or("path"));
      }
      const std::string& path = v.text;
      if (dotted == "pathlib.Path") return Value::path(path);
      if (dotted == "os.fspath") return Value::str(path);
      if (dotted == "os.path.basename") return Value::str(path.substr(path.rfind('/') + 1));
      if (dotted == "os.path.dirname") {
        const std::size_t slash = path.rfind('/');
        return Value::str(slash == std::string::npos ? ""
                                                     : (slash == 0 ? "/" : path.substr(0, slash)));
      }
      // abspath / realpath / normpath: only absolute paths are known without a working folder.
      if (!path.starts_with("/")) return Value::unknown("relative path");
      return Value::str(normalise_path(path));
    });
  }
  if (dotted == "decouple.config")
    return read_env_library(Value::reference("decouple.config"), "__call__", args, frame);
  if (dotted == "decouple.Csv" || dotted == "environ.Env" || dotted == "environ.FileAwareEnv" ||
      dotted == "decouple.AutoConfig" || dotted == "decouple.Config") {
    // Objects whose state matters later: Csv's delimiter and cast, Env's scheme.
    Value object;
    object.kind = Value::Kind::Object;
    object.text = dotted == "environ.FileAwareEnv" ? "environ.Env" : dotted;
    if (dotted == "decouple.Config") object.text = "decouple.AutoConfig";
    if (dotted == "decouple.Csv") {
      if (const Value* cast = args.get(0, "cast"))
        object.entries.emplace_back(Value::str("cast"), *cast);
      if (const Value* delimiter = args.get(1, "delimiter"))
        object.entries.emplace_back(Value::str("delimiter"), *delimiter);
    }
    for (const auto& [key, value] : args.keywords) {
      if (dotted != "decouple.Csv") object.entries.emplace_back(Value::str(key), value);
    }
    return object;
  }
  if (dotted == "dj_database_url.config" || dotted == "dj_database_url.parse")
    return call_dj_database_url(std::string_view(dotted).substr(16), args);
  if (dotted == "environ.Env.read_env" || dotted == "environ.Env.read_env_file") {
    read_dotenv(args, frame);
    return Value::none();
  }
  (void)frame;
  return unknown_call(dotted);
}

// map(f, iterable) and filter(f, iterable), as the list that consumes them would hold them.
Value Interpreter::map_or_filter(const std::string& dotted, const Arguments& args, Frame& frame) {
  if (args.positional.size() != 2) return unknown_call(dotted);
  const Value& function = args.positional[0];
  return lift1(args.positional[1], [&](const Value& iterable) -> Value {
    const std::optional<std::vector<Value>> items = iterate(iterable);
    if (!items) return Value::unknown(iterable.unknown_origin().value_or(dotted));
    std::vector<Value> out;
    for (const Value& item : *items) {
      if (dotted == "builtins.filter") {
        const Value keep = function.kind == Value::Kind::None
                               ? item
                               : call_value(function, Arguments{{item}, {}}, frame);
        const std::optional<bool> truth = keep.truth();
        if (!truth) return Value::unknown(keep.unknown_origin().value_or("filter()"));
        if (*truth) out.push_back(item);
      } else {
        out.push_back(call_value(function, Arguments{{item}, {}}, frame));
      }
    }
    return Value::sequence(Value::Kind::List, std::move(out));
  });
}

// dj_database_url.config(env="DATABASE_URL", default=None, engine=None, conn_max_age=0,
// ssl_require=False) and parse(url, engine=None, conn_max_age=0, ssl_require=False).
Value Interpreter::call_dj_database_url(std::string_view function, const Arguments& args) {
  const bool config = function == "config";
  const std::size_t shift = config ? 1 : 0;  // config's options come after `default`
  DatabaseUrlOptions options;
  if (const Value* engine = args.get(1 + shift, "engine")) options.engine = *engine;
  if (const Value* age = args.get(2 + shift, "conn_max_age")) options.conn_max_age = *age;
  if (const Value* ssl = args.get(3 + shift, "ssl_require"); ssl && ssl->truth() != false) {
    return Value::unknown("dj_database_url ssl_require");
  }
  if (!config) {
    const Value* url = args.get(0, "url");
    return url ? parse_database_url(*url, UrlLibrary::DjDatabaseUrl, options)
               : unknown_call("dj_database_url.parse");
  }
  const Value* variable = args.get(0, "env");
  if (variable && variable->kind != Value::Kind::Str) return Value::unknown("env");
  const Value* fallback = args.get(1, "default");
  const Value url = read_variable(env_, variable ? variable->text : "DATABASE_URL",
                                  fallback ? *fallback : Value::none())
                        .value_or(Value::none());
  // An empty or unset URL gives {}.
  return lift1(url, [&](const Value& v) -> Value {
    const std::optional<bool> truth = v.truth();
    if (truth == false) return Value::dict({});
    return parse_database_url(v, UrlLibrary::DjDatabaseUrl, options);
  });
}

}  // namespace preflight::django::settings
