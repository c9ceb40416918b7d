// Settings modules that look at modules by name: importlib.import_module, dir(), getattr(),
// hasattr(), vars(), and writes through globals() (`globals()[name] = value`,
// `globals().update(...)`), the way a settings package exposes the module an environment
// variable picks.
#include <algorithm>

#include "django/python_values.h"
#include "django/settings/interpreter.h"

namespace preflight::django::settings {

using python::Node;

namespace {

// What Python's dir() lists for a module besides its own names.
constexpr std::string_view kModuleDunders[] = {"__builtins__", "__cached__", "__doc__",
                                               "__file__",     "__loader__", "__name__",
                                               "__package__",  "__spec__"};

}  // namespace

std::optional<Value> Interpreter::call_introspection(std::string_view name, const Arguments& args) {
  const Value* first = args.get(0, "");
  if (name == "builtins.globals") return Value::reference(std::string(kGlobals));
  if (name == "importlib.import_module") {
    if (!first || args.get(1, "package")) return Value::unknown("call of importlib.import_module");
    return lift1(*first, [&](const Value& v) -> Value {
      if (v.kind != Value::Kind::Str) return Value::unknown(v.unknown_origin().value_or("import"));
      if (v.text.starts_with(".")) return Value::unknown("relative import_module");
      if (!import_module(v.text)) {
        // Outside the project, or a missing project module (ModuleNotFoundError).
        const std::string head = v.text.substr(0, v.text.find('.'));
        if (table_.find(head))
          throw Raised{"ModuleNotFoundError", "import_module('" + v.text + "')"};
        return Value::reference(v.text);
      }
      Value module = Value::reference(v.text);
      module.kind = Value::Kind::Module;
      return module;
    });
  }
  if (!first) return std::nullopt;
  if (name == "builtins.dir" || name == "builtins.vars") {
    return lift1(*first, [&](const Value& v) -> Value {
      if (v.kind != Value::Kind::Module)
        return Value::unknown(v.unknown_origin().value_or("dir()"));
      const ModuleState* module = import_module(v.text);
      if (!module) return Value::unknown("dir()");
      if (name == "builtins.vars") {
        Value dict = Value::dict({});
        for (const auto& [key, binding] : module->names) {
          dict.entries.emplace_back(Value::str(key), binding.value);
        }
        return dict;
      }
      std::vector<std::string> names;
      for (const auto& [key, binding] : module->names) names.push_back(key);
      for (const std::string_view dunder : kModuleDunders) {
        if (!module->names.count(dunder)) names.emplace_back(dunder);
      }
      if (module->module->is_package && !module->names.count("__path__")) {
        names.emplace_back("__path__");
      }
      std::sort(names.begin(), names.end());
      std::vector<Value> items;
      for (std::string& key : names) items.push_back(Value::str(std::move(key)));
      return Value::sequence(Value::Kind::List, std::move(items));
    });
  }
  if (name == "builtins.getattr" || name == "builtins.hasattr") {
    const Value* attribute = args.get(1, "");
    if (!attribute) return std::nullopt;
    const Value* fallback = args.get(2, "");
    return lift2(*first, *attribute, [&](const Value& object, const Value& key) -> Value {
      if (object.kind != Value::Kind::Module || key.kind != Value::Kind::Str) {
        return Value::unknown(object.unknown_origin().value_or(
            key.unknown_origin().value_or(std::string(name.substr(9)) + "()")));
      }
      const ModuleState* module = import_module(object.text);
      if (!module) return Value::unknown("getattr()");
      const auto it = module->names.find(key.text);
      if (name == "builtins.hasattr") return Value::of_bool(it != module->names.end());
      if (it != module->names.end()) return it->second.value;
      if (fallback) return *fallback;
      throw Raised{"AttributeError", "getattr(" + object.text + ", '" + key.text + "')"};
    });
  }
  return std::nullopt;
}

// import_module(f"{__name__}.{configuration}") with the configuration not known: the name starts
// with a project package, so it is one of that package's modules (any other name raises
// ModuleNotFoundError and the import fails). The unknown alternatives of `name` become those
// modules' names.
Value Interpreter::project_module_names(const Node& argument, const Value& name, Frame& frame) {
  const std::vector<Value> given = alternatives(name);
  if (std::all_of(given.begin(), given.end(),
                  [](const Value& v) { return v.kind == Value::Kind::Str; })) {
    return name;
  }
  // The known start of the name: leading literal and known pieces of an f-string, or the left
  // side of `+`.
  std::string prefix;
  if (argument.kind == python::Kind::JoinedStr) {
    for (const Node* part : list_field(argument, "values")) {
      if (part->kind == python::Kind::Constant) {
        prefix += part->get("value").constant->text;
        continue;
      }
      const Node* spec = part->get("format_spec").node;
      if (spec || part->get("conversion").integer != -1) break;
      const Value piece = eval(part->get("value").node, frame);
      if (piece.kind != Value::Kind::Str) break;
      prefix += piece.text;
    }
  } else if (argument.kind == python::Kind::BinOp &&
             argument.get("op").node->kind == python::Kind::Add) {
    const Value left = eval(argument.get("left").node, frame);
    if (left.kind == Value::Kind::Str) prefix = left.text;
  }
  if (!prefix.ends_with(".")) return name;
  const ModuleTable::Module* package =
      table_.find(std::string_view(prefix).substr(0, prefix.size() - 1));
  if (!package || !package->is_package) return name;
  std::vector<Value> names;
  for (const Value& alternative : given) {
    if (alternative.kind == Value::Kind::Str) names.push_back(alternative);
  }
  for (const ModuleTable::Module& module : table_.modules()) {
    if (module.name.starts_with(prefix)) names.push_back(Value::str(module.name));
  }
  return Value::candidates(std::move(names));
}

void Interpreter::write_global(const Value& key, const Value& value, Frame& frame,
                               const python::Node& at, std::string_view writer) {
  if (key.kind == Value::Kind::Str) {
    // A module-level write whatever the frame: globals() is the module's namespace.
    Binding& binding = frame.module->names[key.text];
    binding.value = value;
    binding.provenance.push_back(origin(frame, at));
    return;
  }
  // Some name, which is not known: every name may now hold the value, and names never seen may
  // exist.
  const std::string why = std::string(writer) + " at " + where(frame, at);
  for (auto& [name, binding] : frame.module->names) {
    binding.value = Value::candidates({binding.value, Value::unknown(why)});
  }
  if (!open_names_) open_names_ = why;
}

void Interpreter::update_globals(const Value& mapping, Frame& frame, const python::Node& at) {
  if (mapping.kind != Value::Kind::Dict) {
    write_global(Value::unknown("globals().update"), Value::unknown("globals().update"), frame, at);
    return;
  }
  for (const auto& [key, value] : mapping.entries) write_global(key, value, frame, at);
}

}  // namespace preflight::django::settings
