// The abstract interpreter behind evaluate_settings (internal to src/django/settings/).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "django/settings/environment.h"
#include "django/settings/evaluator.h"
#include "django/symbols.h"
#include "python/ast.h"

namespace preflight::django::settings {

// A name bound to a container inside another name's value (`db = DATABASES["default"]`,
// `for db in DATABASES.values()`): Python shares the object, so an edit through either shows in
// both. Values are copies here; aliases.cpp copies edits across.
struct Alias {
  std::string root;         // the name whose value holds the container
  std::vector<Value> path;  // keys and indices from the root's value down to it
};

struct Binding {
  Value value;
  std::vector<Origin> provenance;
  std::optional<Alias> alias;
};
using Namespace = std::map<std::string, Binding, std::less<>>;

// A Python exception that certainly happens (an import of a missing project module, an env read
// of a variable known to be unset, a `raise` reached).
struct Raised {
  std::string type;
  std::string where;
};
// The step budget is spent: the evaluation stops where it is.
struct BudgetExhausted {};
// A `break` or `continue` under an unknown condition: the loop's effect is unknown.
struct LoopUnknown {};

// The reference globals() returns.
inline constexpr std::string_view kGlobals = "globals()";

struct ModuleState {
  const ModuleTable::Module* module = nullptr;
  Namespace names;
  bool running = false;
  std::set<std::string, std::less<>> included_files;  // run by split_settings.include
};

struct Frame {
  ModuleState* module = nullptr;
  // The file whose statements run, when it is not the module's own: one that
  // split_settings.include runs in the module's namespace.
  const ModuleSource* running_source = nullptr;
  Namespace* locals = nullptr;                 // null at module level: names live in module->names
  std::set<std::string, std::less<>> globals;  // `global` declarations
  std::optional<Value> returned;               // set by `return`
  std::vector<Value> pending_returns;          // returns taken under an unknown condition
};

enum class Flow { Normal, Return, Break, Continue };

// A '/'-separated path with `.` and `..` resolved, as os.path.normpath makes it; the result starts
// with '/' (calls.cpp).
std::string normalise_path(const std::string& path);

// The value of a literal (expressions.cpp).
Value constant_value(const python::Constant& constant);

struct Arguments {
  std::vector<Value> positional;
  std::vector<std::pair<std::string, Value>> keywords;

  const Value* keyword(std::string_view name) const;
  // Positional `index`, else keyword `name`; null when neither is given.
  const Value* get(std::size_t index, std::string_view name) const;
};

class Interpreter {
 public:
  Interpreter(std::span<const ModuleSource> sources, const EvaluationOptions& options);

  // Runs a project module once (as Python's import does) and returns its state; null when the
  // module is not in the project.
  ModuleState* import_module(const std::string& dotted);
  std::vector<std::string>& notes() { return notes_; }
  // Set when a write through globals() used a name that is not known: the module may define
  // settings the evaluation cannot name.
  const std::optional<std::string>& open_names() const { return open_names_; }

 private:
  // Statements (interpreter.cpp).
  Flow exec_block(std::span<python::Node* const> body, Frame& frame);
  Flow exec(const python::Node& statement, Frame& frame);
  Flow exec_if(const python::Node& statement, Frame& frame);
  Flow exec_for(const python::Node& statement, Frame& frame);
  Flow exec_for_over(const python::Node& statement, const Value& iterable, Frame& frame);
  std::vector<std::optional<Alias>> loop_aliases(const python::Node& statement,
                                                 const Value& iterable, Frame& frame);
  Flow exec_try(const python::Node& statement, Frame& frame);
  // django-split-settings' include() (split_settings.cpp).
  void split_settings_include(const Arguments& args, Frame& frame, const python::Node& at);
  void include_pattern(const Value& pattern, bool optional, Frame& frame, const python::Node& at);
  // `match` (match_statement.cpp).
  Flow exec_match(const python::Node& statement, Frame& frame);
  Flow match_cases(const python::Node& statement, const Value& subject, Frame& frame);
  std::optional<bool> literal_match(const python::Node& pattern, const Value& subject,
                                    Frame& frame);
  void exec_import(const python::Node& statement, Frame& frame);
  // Keeps the alternatives of the one name `test` reads that agree with `branch` (narrowing.cpp).
  void narrow(const python::Node& test, bool branch, Frame& frame);
  void exec_import_from(const python::Node& statement, Frame& frame);
  // Runs `body` on a copy of the state and makes every name it changes unknown.
  void exec_unknown_effect(std::span<python::Node* const> body, Frame& frame,
                           const std::string& why);
  void assign(const python::Node& target, const Value& value, Frame& frame);
  Binding* assign_item(const python::Node& target, const Value& value, Frame& frame);
  void bind(const std::string& name, const Value& value, Frame& frame, const python::Node& at);
  void delete_target(const python::Node& target, Frame& frame);
  Binding* root_binding(const python::Node* node, Frame& frame);

  // Shared containers (aliases.cpp).
  std::optional<Alias> alias_of(const python::Node* expression, Frame& frame);
  void bind_alias(const python::Node& target, std::optional<Alias> alias, Frame& frame);
  // `X = {"default": DB}`: DB's container now lives inside X as well.
  void share_elements(const python::Node& display, const python::Node& target, Frame& frame);
  // After `edited` changed in place: the same change in the value it aliases and in the names
  // aliasing it.
  // `at`: the edit, recorded in the provenance of the names it reaches.
  void after_edit(Binding& edited, Frame& frame, const Origin& at, int depth = 0);
  void assign_slice(Value& list, const python::Node& slice, const Value& value, Frame& frame,
                    const python::Node& at);

  // Branch states: the names an unknown condition may leave.
  struct Snapshot {
    Namespace module;
    std::optional<Namespace> locals;
  };
  Snapshot snapshot(const Frame& frame) const;
  // Makes every name `body` may write unknown in `state` (loops.cpp).
  void invalidate_written(std::span<python::Node* const> body, Frame& frame, Snapshot& state,
                          const std::string& why);
  void restore(Frame& frame, Snapshot state) const;
  static Namespace merge(const Namespace& a, const Namespace& b, const std::string& why);
  // Runs `run` once per alternative from the same state, and merges the states the runs leave as
  // the branches of an `if` are. An alternative that raises contributes nothing; when all raise,
  // the exception propagates. Returns false, with the state as before, when a run leaves by
  // `return`, `break` or `continue`: the caller then falls back to an unknown effect.
  bool run_per_alternative(const std::vector<Value>& alternatives, Frame& frame,
                           const std::string& why,
                           const std::function<Flow(const Value& alternative)>& run);

  // Expressions (expressions.cpp).
  Value eval(const python::Node* node, Frame& frame);
  Value eval_name(std::string_view id, Frame& frame);
  Value eval_attribute(const Value& object, std::string_view attribute, Frame& frame);
  Value eval_subscript(const Value& object, const python::Node& slice, Frame& frame);
  Value eval_comprehension(const python::Node& node, Frame& frame);  // comprehensions.cpp
  Value eval_comprehension_over(const python::Node& node, const Value& outermost, Frame& frame);
  Value eval_joined_str(const python::Node& node, Frame& frame);
  Value eval_bool_op(const python::Node& node, Frame& frame);
  Value eval_compare(const python::Node& node, Frame& frame);
  std::vector<Value> eval_elements(std::span<python::Node* const> nodes, Frame& frame,
                                   bool& unknown);
  // A pointer to the value an expression names, for edits in place (`X.append`, `X[k] = v`).
  Value* lvalue(const python::Node* node, Frame& frame, Binding** owner);
  Binding* lookup_binding(std::string_view id, Frame& frame);
  Value* setdefault_lvalue(const python::Node& call, Frame& frame, Binding** owner);

  // Calls (calls.cpp).
  Value eval_call(const python::Node& node, Frame& frame);
  Arguments eval_arguments(const python::Node& node, Frame& frame);
  Value call_value(const Value& callee, const Arguments& args, Frame& frame);
  Value call_function(const Value& function, const Arguments& args);
  Value call_reference(const std::string& dotted, const Arguments& args, Frame& frame);
  Value call_method(Value& receiver, std::string_view name, const Arguments& args, Frame& frame);
  Value read_env_library(const Value& object, std::string_view method, const Arguments& args,
                         Frame& frame);
  // Configuration files the environment libraries read (config_files.cpp): the settings.ini or
  // .env python-decouple finds from the module's folder up, and django-environ's read_env.
  struct RepositoryRead {
    std::string file;                  // the file found (or "the configured repository")
    bool shipped = false;              // the deployment ships it (EvaluationOptions::shipped)
    bool defines = false;              // it defines the variable, or may (`value` then unknown)
    std::optional<std::string> value;  // the variable's value there, when known
  };
  // nullopt: no file, so decouple reads os.environ and the default only.
  std::optional<RepositoryRead> decouple_read(const Value& config, const Frame& frame,
                                              const std::string& key);
  void read_dotenv(const Arguments& args, const Frame& frame);
  Value read_environ_database(const Arguments& args);

  // Modules by name and globals() (introspection.cpp). nullopt: not one of these calls.
  std::optional<Value> call_introspection(std::string_view name, const Arguments& args);
  Value project_module_names(const python::Node& argument, const Value& name, Frame& frame);
  // `writer` says what wrote a name not known here ("write through globals()", "exec").
  void write_global(const Value& key, const Value& value, Frame& frame, const python::Node& at,
                    std::string_view writer = "write through globals()");
  void update_globals(const Value& mapping, Frame& frame, const python::Node& at);
  Value map_or_filter(const std::string& dotted, const Arguments& args, Frame& frame);
  Value call_dj_database_url(std::string_view function, const Arguments& args);

  void step();
  Origin origin(const Frame& frame, const python::Node& node) const;
  std::string where(const Frame& frame, const python::Node& node) const;

  std::span<const ModuleSource> sources_;  // every file, module or not (split_settings includes)
  ModuleTable table_;
  EvaluationOptions options_;
  EnvironmentView env_;
  std::map<std::string, std::unique_ptr<ModuleState>, std::less<>> modules_;
  std::vector<std::string> notes_;
  // Parsed decouple repositories by absolute path: variable to value (nullopt: defined, value
  // not known); nullopt for the whole file: not read (too large, a parse decouple refuses).
  std::map<std::string, std::optional<std::map<std::string, std::optional<std::string>>>>
      repositories_;
  std::optional<std::string> open_names_;
  std::size_t steps_ = 0;
  int depth_ = 0;
};

// Python operators on values, lifted over Candidates (operators.cpp).
Value binary_operation(python::Kind op, const Value& left, const Value& right);
// Python's `==`: numbers by value, containers item by item; nullopt when unknown.
std::optional<bool> python_equal(const Value& a, const Value& b);
// Applies `f` to each pair of alternatives and gathers the results as candidates. An alternative
// for which `f` raises is a path on which the import fails: it contributes nothing, unless every
// alternative raises.
template <class F>
Value lift2(const Value& a, const Value& b, F f) {
  if (!a.is_candidates() && !b.is_candidates()) return f(a, b);
  std::vector<Value> out;
  std::optional<Raised> raised;
  for (const Value& x : alternatives(a)) {
    for (const Value& y : alternatives(b)) {
      try {
        out.push_back(f(x, y));
      } catch (const Raised& exception) {
        if (!raised) raised = exception;
      }
    }
  }
  if (out.empty() && raised) throw *raised;
  return Value::candidates(std::move(out));
}
// Calls `f` once per combination of the alternatives of the arguments (a method's arguments, a
// `%` tuple's items) and gathers the results as candidates.
template <class F>
Value lift_each(const std::vector<Value>& values, F f) {
  std::vector<std::vector<Value>> combinations = {{}};
  for (const Value& value : values) {
    std::vector<std::vector<Value>> next;
    for (const std::vector<Value>& prefix : combinations) {
      for (const Value& alternative : alternatives(value)) {
        next.push_back(prefix);
        next.back().push_back(alternative);
      }
    }
    if (next.size() > 16) return Value::unknown("too many alternatives");
    combinations = std::move(next);
  }
  if (combinations.size() == 1) return f(combinations.front());
  std::vector<Value> out;
  std::optional<Raised> raised;  // as in lift2: a raising combination contributes nothing
  for (const std::vector<Value>& combination : combinations) {
    try {
      out.push_back(f(combination));
    } catch (const Raised& exception) {
      if (!raised) raised = exception;
    }
  }
  if (out.empty() && raised) throw *raised;
  return Value::candidates(std::move(out));
}
template <class F>
Value lift1(const Value& a, F f) {
  if (!a.is_candidates()) return f(a);
  std::vector<Value> out;
  std::optional<Raised> raised;
  for (const Value& x : a.items) {
    try {
      out.push_back(f(x));
    } catch (const Raised& exception) {
      if (!raised) raised = exception;
    }
  }
  if (out.empty() && raised) throw *raised;
  return Value::candidates(std::move(out));
}

}  // namespace preflight::django::settings
