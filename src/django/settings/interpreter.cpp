// Statements, imports and module state of the settings interpreter.
#include <algorithm>

#include "django/settings/interpreter.h"

#include "django/python_values.h"

namespace preflight::django::settings {

using python::Kind;
using python::Node;

namespace {

std::span<Node* const> body_of(const Node& node, std::string_view field = "body") {
  const python::Value& value = node.get(field);
  if (value.type != python::Value::Type::List) return {};
  return value.list;
}

std::string_view identifier(const Node& node, std::string_view field) {
  return node.get(field).text;
}

std::string drop_last(std::string_view dotted) {
  const std::size_t dot = dotted.rfind('.');
  return dot == std::string_view::npos ? std::string() : std::string(dotted.substr(0, dot));
}

std::string join(std::string_view base, std::string_view name) {
  if (base.empty()) return std::string(name);
  if (name.empty()) return std::string(base);
  return std::string(base) + "." + std::string(name);
}

// Django reads the names for which str.isupper() holds.
bool is_setting_name(std::string_view name) {
  bool cased = false;
  for (const char c : name) {
    if (c >= 'a' && c <= 'z') return false;
    if (c >= 'A' && c <= 'Z') cased = true;
  }
  return cased;
}

void add_provenance(std::vector<Origin>& into, const std::vector<Origin>& from) {
  for (const Origin& origin : from) {
    if (std::find(into.begin(), into.end(), origin) == into.end()) into.push_back(origin);
  }
}

}  // namespace

const Value* Arguments::keyword(std::string_view name) const {
  for (const auto& [key, value] : keywords) {
    if (key == name) return &value;
  }
  return nullptr;
}

const Value* Arguments::get(std::size_t index, std::string_view name) const {
  if (index < positional.size()) return &positional[index];
  return keyword(name);
}

Interpreter::Interpreter(std::span<const ModuleSource> sources, const EvaluationOptions& options)
    : sources_(sources), table_(sources), options_(options), env_(options_.environment) {}

void Interpreter::step() {
  if (++steps_ > options_.max_steps) throw BudgetExhausted{};
}

Origin Interpreter::origin(const Frame& frame, const Node& node) const {
  const ModuleSource* source =
      frame.running_source ? frame.running_source : frame.module->module->source;
  Origin at{source ? source->path : frame.module->module->name, node.location.lineno, Span{},
            false};
  if (source && source->source) {
    at.span = node_span(*source->source, source->file, node);
    at.has_span = true;
  }
  return at;
}

std::string Interpreter::where(const Frame& frame, const Node& node) const {
  const Origin at = origin(frame, node);
  return at.path + ":" + std::to_string(at.line);
}

ModuleState* Interpreter::import_module(const std::string& dotted) {
  if (const auto it = modules_.find(dotted); it != modules_.end()) return it->second.get();
  const ModuleTable::Module* module = table_.find(dotted);
  if (!module) return nullptr;
  auto state = std::make_unique<ModuleState>();
  state->module = module;
  ModuleState* raw = state.get();
  modules_.emplace(dotted, std::move(state));
  const std::string& path = module->source ? module->source->path : dotted;
  raw->names["__name__"].value = Value::str(dotted);
  raw->names["__file__"].value = options_.file_root.empty()
                                     ? Value::unknown("__file__")
                                     : Value::str(options_.file_root + "/" + path);
  if (!module->source || !module->source->tree) {
    notes_.push_back(path + ": does not parse; its names are unknown");
    return raw;
  }
  // A cycle sees the partly run module, as Python's import does.
  raw->running = true;
  Frame frame;
  frame.module = raw;
  try {
    exec_block(body_of(*module->source->tree), frame);
  } catch (...) {
    raw->running = false;
    throw;
  }
  raw->running = false;
  return raw;
}

Interpreter::Snapshot Interpreter::snapshot(const Frame& frame) const {
  Snapshot state{frame.module->names, std::nullopt};
  if (frame.locals) state.locals = *frame.locals;
  return state;
}

void Interpreter::restore(Frame& frame, Snapshot state) const {
  frame.module->names = std::move(state.module);
  if (frame.locals && state.locals) *frame.locals = std::move(*state.locals);
}

Namespace Interpreter::merge(const Namespace& a, const Namespace& b, const std::string& why) {
  Namespace out;
  for (const auto& [name, binding] : a) {
    Binding merged = binding;
    if (const auto it = b.find(name); it == b.end()) {
      merged.value = Value::candidates({binding.value, Value::unknown("unset " + why)});
    } else if (!(it->second.value == binding.value)) {
      merged.value = Value::candidates({binding.value, it->second.value});
      add_provenance(merged.provenance, it->second.provenance);
    }
    out.emplace(name, std::move(merged));
  }
  for (const auto& [name, binding] : b) {
    if (a.count(name)) continue;
    Binding merged = binding;
    merged.value = Value::candidates({Value::unknown("unset " + why), binding.value});
    out.emplace(name, std::move(merged));
  }
  return out;
}

Flow Interpreter::exec_block(std::span<Node* const> body, Frame& frame) {
  for (const Node* statement : body) {
    if (!statement) continue;
    const Flow flow = exec(*statement, frame);
    if (flow != Flow::Normal) return flow;
  }
  return Flow::Normal;
}

void Interpreter::bind(const std::string& name, const Value& value, Frame& frame, const Node& at) {
  const bool global = !frame.locals || frame.globals.count(name);
  Binding& binding = global ? frame.module->names[name] : (*frame.locals)[name];
  binding.value = value;
  binding.alias.reset();
  if (global) binding.provenance.push_back(origin(frame, at));
}

Flow Interpreter::exec_if(const Node& statement, Frame& frame) {
  const Value test = eval(statement.get("test").node, frame);
  const std::optional<bool> truth = test.truth();
  if (truth) return exec_block(body_of(statement, *truth ? "body" : "orelse"), frame);
  const std::string why = "when " + where(frame, statement) + " is " + "false";
  Snapshot before = snapshot(frame);
  auto run = [&](std::string_view field, std::optional<Value>& returned, bool& raised) {
    Flow flow = Flow::Normal;
    frame.returned.reset();
    try {
      narrow(*statement.get("test").node, field == "body", frame);
      flow = exec_block(body_of(statement, field), frame);
    } catch (const Raised&) {
      raised = true;
    }
    if (flow == Flow::Break || flow == Flow::Continue) throw LoopUnknown{};
    if (flow == Flow::Return) returned = frame.returned;
    return flow;
  };
  std::optional<Value> return_a, return_b;
  bool raised_a = false, raised_b = false;
  const Flow flow_a = run("body", return_a, raised_a);
  Snapshot after_a = snapshot(frame);
  restore(frame, before);
  const Flow flow_b = run("orelse", return_b, raised_b);
  // A branch that raises contributes nothing: if it ran, the module would not import at all.
  if (raised_a && raised_b) throw Raised{"Exception", where(frame, statement)};
  if (raised_a || flow_a == Flow::Return) {
    if (flow_a == Flow::Return && !raised_a) frame.pending_returns.push_back(*return_a);
    if (flow_b == Flow::Return) frame.returned = return_b;
    return flow_b;
  }
  if (raised_b || flow_b == Flow::Return) {
    if (flow_b == Flow::Return && !raised_b) frame.pending_returns.push_back(*return_b);
    restore(frame, std::move(after_a));
    return Flow::Normal;
  }
  Snapshot after_b = snapshot(frame);
  frame.module->names = merge(after_a.module, after_b.module,
                              "when " + where(frame, statement) + " takes the other branch");
  if (frame.locals && after_a.locals && after_b.locals) {
    *frame.locals = merge(*after_a.locals, *after_b.locals, "on a branch");
  }
  (void)why;
  return Flow::Normal;
}

namespace {

// The exception names a handler catches; empty for a bare `except:`.
std::vector<std::string> handler_types(const Node& handler) {
  std::vector<std::string> names;
  const Node* type = handler.get("type").node;
  if (!type) return names;
  std::vector<const Node*> nodes;
  if (type->kind == Kind::Tuple) {
    for (const Node* element : body_of(*type, "elts")) nodes.push_back(element);
  } else {
    nodes.push_back(type);
  }
  for (const Node* node : nodes) {
    if (node->kind == Kind::Name) names.emplace_back(identifier(*node, "id"));
    if (node->kind == Kind::Attribute) names.emplace_back(identifier(*node, "attr"));
  }
  return names;
}

bool catches(const Node& handler, std::string_view raised) {
  const std::vector<std::string> names = handler_types(handler);
  if (names.empty()) return true;
  for (const std::string& name : names) {
    if (name == raised || name == "Exception" || name == "BaseException") return true;
    if (name == "ImportError" && raised == "ModuleNotFoundError") return true;
    if (name == "LookupError" && (raised == "KeyError" || raised == "IndexError")) return true;
  }
  return false;
}

// True when `body` imports a module from outside the project, which Debian (or the deployed
// image) may lack: a `try` around it may go either way.
bool imports_outside(std::span<Node* const> body, const ModuleTable& table) {
  for (const Node* statement : body) {
    if (!statement) continue;
    if (statement->kind == Kind::Import) {
      for (const Node* alias : body_of(*statement, "names")) {
        const std::string_view name = identifier(*alias, "name");
        if (!table.find(name.substr(0, name.find('.')))) return true;
      }
    } else if (statement->kind == Kind::ImportFrom && statement->get("level").integer == 0) {
      const std::string_view name = identifier(*statement, "module");
      if (!table.find(name.substr(0, name.find('.')))) return true;
    }
  }
  return false;
}

}  // namespace

Flow Interpreter::exec_try(const Node& statement, Frame& frame) {
  Snapshot before = snapshot(frame);
  Flow flow = Flow::Normal;
  std::optional<Raised> raised;
  try {
    flow = exec_block(body_of(statement), frame);
  } catch (const Raised& exception) {
    raised = exception;
  }
  const Node* handler = nullptr;
  for (const Node* h : body_of(statement, "handlers")) {
    if (raised ? catches(*h, raised->type) : catches(*h, "ImportError")) {
      handler = h;
      break;
    }
  }
  auto run_handler = [&]() {
    if (const std::string_view name = identifier(*handler, "name"); !name.empty()) {
      bind(std::string(name), Value::unknown("exception"), frame, *handler);
    }
    return exec_block(body_of(*handler), frame);
  };
  if (raised) {
    if (!handler) throw *raised;
    flow = run_handler();
  } else if (flow == Flow::Normal) {
    flow = exec_block(body_of(statement, "orelse"), frame);
    if (handler && flow == Flow::Normal && imports_outside(body_of(statement), table_)) {
      // The outside import may fail: both outcomes are candidates.
      Snapshot success = snapshot(frame);
      restore(frame, std::move(before));
      if (run_handler() == Flow::Normal) {
        const std::string why = "when the import in " + where(frame, statement) + " fails";
        frame.module->names = merge(success.module, frame.module->names, why);
        if (frame.locals && success.locals)
          *frame.locals = merge(*success.locals, *frame.locals, why);
      } else {
        restore(frame, std::move(success));
      }
    }
  }
  const Flow final_flow = exec_block(body_of(statement, "finalbody"), frame);
  return final_flow != Flow::Normal ? final_flow : flow;
}

void Interpreter::exec_import(const Node& statement, Frame& frame) {
  for (const Node* alias : body_of(statement, "names")) {
    const std::string name(identifier(*alias, "name"));
    const std::string_view as = identifier(*alias, "asname");
    const std::string head = name.substr(0, name.find('.'));
    bool in_project = false;
    // Python imports each package on the way.
    for (std::size_t dot = 0; dot != std::string::npos;) {
      dot = name.find('.', dot + 1);
      const std::string part = name.substr(0, dot);
      if (import_module(part)) {
        in_project = true;
      } else if (in_project) {
        throw Raised{"ModuleNotFoundError", where(frame, statement)};
      }
    }
    const std::string bound = as.empty() ? head : name;
    Value value = Value::reference(bound);
    if (in_project) value.kind = Value::Kind::Module;
    bind(std::string(as.empty() ? head : as), value, frame, statement);
  }
}

void Interpreter::exec_import_from(const Node& statement, Frame& frame) {
  std::string base;
  const std::int64_t level = statement.get("level").integer;
  const std::string_view module_name = identifier(statement, "module");
  if (level > 0) {
    const ModuleTable::Module& self = *frame.module->module;
    std::string package = self.is_package ? self.name : drop_last(self.name);
    for (std::int64_t i = 1; i < level; ++i) package = drop_last(package);
    base = join(package, module_name);
  } else {
    base = std::string(module_name);
  }
  // Packages on the way are imported first; a missing project module is an ImportError.
  bool in_project = false;
  for (std::size_t dot = 0; dot != std::string::npos;) {
    dot = base.find('.', dot + 1);
    if (import_module(base.substr(0, dot))) {
      in_project = true;
    } else if (in_project || (level > 0 && dot == std::string::npos)) {
      throw Raised{"ModuleNotFoundError", where(frame, statement)};
    }
  }
  ModuleState* source = in_project ? import_module(base) : nullptr;
  for (const Node* alias : body_of(statement, "names")) {
    const std::string name(identifier(*alias, "name"));
    const std::string_view as = identifier(*alias, "asname");
    const std::string local(as.empty() ? name : as);
    if (name == "*") {
      if (!source) continue;                  // an outside star import: its names stay unknown
      const Namespace names = source->names;  // a copy: the source may be this module's cycle
      for (const auto& [key, binding] : names) {
        if (key.starts_with("_")) continue;
        Binding& target = frame.locals && !frame.globals.count(key) ? (*frame.locals)[key]
                                                                    : frame.module->names[key];
        target = binding;
      }
      continue;
    }
    if (!source) {
      bind(local, Value::reference(join(base, name)), frame, statement);
      continue;
    }
    if (const auto it = source->names.find(name); it != source->names.end()) {
      const Binding copy = it->second;
      bind(local, copy.value, frame, statement);
      Binding& target = frame.locals && !frame.globals.count(local) ? (*frame.locals)[local]
                                                                    : frame.module->names[local];
      target.provenance = copy.provenance;
      target.provenance.push_back(origin(frame, statement));
    } else if (import_module(join(base, name))) {
      Value module = Value::reference(join(base, name));
      module.kind = Value::Kind::Module;
      bind(local, module, frame, statement);
    } else if (source->running) {
      bind(local, Value::unknown("circular import of " + join(base, name)), frame, statement);
    } else {
      throw Raised{"ImportError", where(frame, statement)};
    }
  }
}

namespace {
constexpr std::string_view kConfigurationClass = "django-configurations class at ";
}  // namespace

Flow Interpreter::exec(const Node& statement, Frame& frame) {
  step();
  switch (statement.kind) {
    case Kind::Expr:
      eval(statement.get("value").node, frame);
      return Flow::Normal;
    case Kind::Assign: {
      const Node* expression = statement.get("value").node;
      const Value value = eval(expression, frame);
      const std::optional<Alias> alias = alias_of(expression, frame);
      for (const Node* target : body_of(statement, "targets")) {
        assign(*target, value, frame);
        bind_alias(*target, alias, frame);
        share_elements(*expression, *target, frame);
      }
      return Flow::Normal;
    }
    case Kind::AnnAssign:
      if (const Node* value = statement.get("value").node) {
        assign(*statement.get("target").node, eval(value, frame), frame);
      }
      return Flow::Normal;
    case Kind::AugAssign: {
      const Node& target = *statement.get("target").node;
      const Value current = eval(&target, frame);
      const Value right = eval(statement.get("value").node, frame);
      const Kind op = statement.get("op").node->kind;
      const Value result = lift2(current, right, [op](const Value& a, const Value& b) {
        if (op == Kind::Add && a.kind == Value::Kind::List && b.is_sequence()) {
          Value extended = a;  // `list += iterable` extends with any iterable
          extended.items.insert(extended.items.end(), b.items.begin(), b.items.end());
          return extended;
        }
        return binary_operation(op, a, b);
      });
      // `list += ...`, `dict |= ...`, `set -= ...` edit in place: a name sharing the container
      // sees the change.
      Binding* binding =
          target.kind == Kind::Name ? lookup_binding(identifier(target, "id"), frame) : nullptr;
      const std::optional<Alias> alias = binding ? binding->alias : std::nullopt;
      assign(target, result, frame);
      const bool in_place =
          (current.kind == Value::Kind::List && (op == Kind::Add || op == Kind::Mult)) ||
          (current.kind == Value::Kind::Dict && op == Kind::BitOr) ||
          (current.kind == Value::Kind::Set &&
           (op == Kind::BitOr || op == Kind::Sub || op == Kind::BitAnd || op == Kind::BitXor));
      if (binding && in_place) {
        binding = lookup_binding(identifier(target, "id"), frame);
        binding->alias = alias;
        after_edit(*binding, frame, origin(frame, statement));
      }
      return Flow::Normal;
    }
    case Kind::Delete:
      for (const Node* target : body_of(statement, "targets")) delete_target(*target, frame);
      return Flow::Normal;
    case Kind::If:
      return exec_if(statement, frame);
    case Kind::For:
      return exec_for(statement, frame);
    case Kind::While:
    case Kind::AsyncFor: {
      // The body may run any number of times, then `else` unless a `break` left the loop.
      std::vector<Node*> statements(body_of(statement).begin(), body_of(statement).end());
      const std::span<Node* const> orelse = body_of(statement, "orelse");
      statements.insert(statements.end(), orelse.begin(), orelse.end());
      exec_unknown_effect(statements, frame, "loop at " + where(frame, statement));
      return Flow::Normal;
    }
    case Kind::Match:
      return exec_match(statement, frame);
    case Kind::Try:
    case Kind::TryStar:
      return exec_try(statement, frame);
    case Kind::With:
    case Kind::AsyncWith:
      for (const Node* item : body_of(statement, "items")) {
        eval(item->get("context_expr").node, frame);
        if (const Node* target = item->get("optional_vars").node) {
          assign(*target, Value::unknown("with at " + where(frame, statement)), frame);
        }
      }
      return exec_block(body_of(statement), frame);
    case Kind::Import:
      exec_import(statement, frame);
      return Flow::Normal;
    case Kind::ImportFrom:
      exec_import_from(statement, frame);
      return Flow::Normal;
    case Kind::FunctionDef:
    case Kind::AsyncFunctionDef: {
      Value function;
      function.kind = Value::Kind::Function;
      function.function = &statement;
      function.text = frame.module->module->name;
      if (!body_of(statement, "decorator_list").empty()) {
        function = Value::unknown("decorated function at " + where(frame, statement));
      }
      bind(std::string(identifier(statement, "name")), function, frame, statement);
      return Flow::Normal;
    }
    case Kind::ClassDef: {
      // django-configurations keeps the settings as attributes of the class
      // DJANGO_CONFIGURATION names, which are not evaluated: the module's settings are open.
      bool configuration = false;
      for (const Node* base : body_of(statement, "bases")) {
        for (const Value& alternative : alternatives(eval(base, frame))) {
          configuration |=
              (alternative.kind == Value::Kind::Reference &&
               alternative.text.starts_with("configurations.")) ||
              (alternative.is_unknown() && alternative.text.starts_with(kConfigurationClass));
        }
      }
      const std::string at = where(frame, statement);
      bind(std::string(identifier(statement, "name")),
           Value::unknown((configuration ? std::string(kConfigurationClass) : "class at ") + at),
           frame, statement);
      if (configuration && !open_names_) {
        open_names_ = std::string(kConfigurationClass) + at + " (settings as class attributes)";
      }
      return Flow::Normal;
    }
    case Kind::Return:
      frame.returned =
          statement.get("value").node ? eval(statement.get("value").node, frame) : Value::none();
      return Flow::Return;
    case Kind::Raise:
      if (const Node* exception = statement.get("exc").node) {
        const Node* type = exception->kind == Kind::Call ? exception->get("func").node : exception;
        if (type && type->kind == Kind::Name) {
          throw Raised{std::string(identifier(*type, "id")), where(frame, statement)};
        }
      }
      throw Raised{"Exception", where(frame, statement)};
    case Kind::Global:
    case Kind::Nonlocal:
      for (const std::string_view name : statement.get("names").names) {
        frame.globals.emplace(name);
      }
      return Flow::Normal;
    case Kind::Break:
      return Flow::Break;
    case Kind::Continue:
      return Flow::Continue;
    default:
      return Flow::Normal;  // pass, assert, type aliases
  }
}

const Setting* SettingsResult::find(std::string_view name) const {
  for (const Setting& setting : settings) {
    if (setting.name == name) return &setting;
  }
  return nullptr;
}

SettingsResult evaluate_settings(std::span<const ModuleSource> sources, std::string_view module,
                                 const EvaluationOptions& options) {
  SettingsResult result;
  result.module = std::string(module);
  Interpreter interpreter(sources, options);
  ModuleState* state = nullptr;
  try {
    state = interpreter.import_module(result.module);
  } catch (const Raised& raised) {
    interpreter.notes().push_back("importing " + result.module + " raises " + raised.type + " at " +
                                  raised.where);
  } catch (const BudgetExhausted&) {
    interpreter.notes().push_back("evaluation budget exhausted; later statements were not run");
  } catch (const LoopUnknown&) {
    interpreter.notes().push_back("break or continue outside a loop");
  }
  // After an exception the partly run module is still what was known at that point.
  if (!state) state = interpreter.import_module(result.module);
  result.found = state != nullptr;
  if (state) {
    for (const auto& [name, binding] : state->names) {
      if (is_setting_name(name))
        result.settings.push_back(Setting{name, binding.value, binding.provenance});
    }
  }
  result.unnamed_settings = interpreter.open_names();
  if (result.unnamed_settings) {
    interpreter.notes().push_back("settings may be defined under names not known (" +
                                  *result.unnamed_settings + ")");
  }
  result.notes = std::move(interpreter.notes());
  return result;
}

}  // namespace preflight::django::settings
