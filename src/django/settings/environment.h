// The process environment a settings module is evaluated under. Given in full (`--env`), a read of
// an absent variable takes its default as Python would; not given, every read may see anything:
// a read with a default gives Candidates {default, Unknown("env K")}, one without gives Unknown.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "django/settings/value.h"

namespace preflight::django::settings {

struct Environment {
  std::map<std::string, std::string, std::less<>> variables;
  // True: `variables` is the whole environment, so an absent variable is unset.
  bool complete = false;
  // Variables that are set to a value not known here (a CI secret, a value interpolated at deploy
  // time), each with where the value comes from; `variables` wins over them.
  std::map<std::string, std::string, std::less<>> unknown_values;
};

// One variable as the evaluator sees it: a known string, known unset, or unknown. Assignments
// made while evaluating (`os.environ.setdefault`) are layered over the given environment.
class EnvironmentView {
 public:
  explicit EnvironmentView(const Environment& environment) : environment_(environment) {}

  // nullopt: known to be unset. A Str value: set. Unknown or Candidates: not known.
  std::optional<Value> lookup(std::string_view key) const;
  // os.environ.setdefault(key, value) and os.environ[key] = value.
  void set_default(const std::string& key, const Value& value);
  void set(const std::string& key, const Value& value) { overlay_[key] = value; }
  // A file of variables may have been loaded into os.environ (django-environ's read_env): a
  // variable the given environment lacks may now be set. `why` names the file.
  void open_absent(std::string why) { opened_ = std::move(why); }

 private:
  const Environment& environment_;
  std::map<std::string, Value, std::less<>> overlay_;
  std::optional<std::string> opened_;
};

// A read with `default` (nullopt: none written): the variable's string, or the default when it is
// known unset, or both as candidates when it is not known. nullopt: known unset, no default (the
// library raises).
std::optional<Value> read_variable(const EnvironmentView& env, std::string_view key,
                                   const std::optional<Value>& fallback);

// Casts of the environment libraries, applied to a string (other values pass through).
// decouple: bool by strtobool ("y", "yes", "t", "true", "on", "1" / their negatives).
Value decouple_bool(const Value& value);
// django-environ: int(value) != 0, else lower-case in ("true", "on", "ok", "y", "yes", "1").
Value environ_bool(const Value& value);
Value cast_int(const Value& value);
Value cast_float(const Value& value);
// decouple's Csv(): split on `delimiter`, strip whitespace, drop nothing (shlex drops empties).
Value decouple_csv(const Value& value, char delimiter);
// django-environ's list: split on ',' and drop empty parts, no stripping.
Value environ_list(const Value& value);

}  // namespace preflight::django::settings
