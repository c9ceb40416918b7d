// The settings evaluator: runs a settings module and the project modules it imports in an
// abstract interpreter over their syntax trees, never importing anything. What cannot be known
// statically (an environment variable not given, a call into a library) becomes an Unknown that
// says where it came from, and a branch on such a value gives Candidates.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "django/models.h"
#include "django/settings/environment.h"
#include "django/settings/value.h"

namespace preflight::django::settings {

// Where a setting was assigned or edited.
struct Origin {
  std::string path;  // '/'-separated, as in ModuleSource
  int line = 0;
  // The assignment target or editing call, for findings; `has_span` is false for modules
  // without a source file.
  Span span;
  bool has_span = false;

  friend bool operator==(const Origin& a, const Origin& b) {
    return a.path == b.path && a.line == b.line;
  }
};

struct Setting {
  std::string name;
  Value value;
  std::vector<Origin> provenance;  // every assignment and edit, in evaluation order
};

struct EvaluationOptions {
  Environment environment;
  // The absolute folder ModuleSource paths are relative to, for `__file__`; empty: `__file__`
  // and paths built from it are unknown.
  std::string file_root;
  // Whether the deployment ships a file of the project (path relative to `file_root`, as a
  // python-decouple settings.ini or .env) into what runs the settings: a Dockerfile COPY or ADD
  // of it or of a folder holding it that .dockerignore does not exclude. A shipped file's
  // variables count (the environment still wins over them); one not shipped, or no answer (an
  // empty function: the deployment is not known), makes them "may": candidates of the file's
  // value and what the environment gives without it.
  std::function<bool(const std::string& path)> shipped;
  int max_call_depth = 8;           // nested project function calls
  std::size_t max_steps = 200'000;  // statements and expressions, over the whole evaluation
};

struct SettingsResult {
  std::string module;
  bool found = false;             // the module is in the project
  std::vector<Setting> settings;  // the UPPER_CASE names, sorted
  // What the evaluation met that a reader should know: an exception that stops the import,
  // an exhausted budget.
  std::vector<std::string> notes;
  // Set (to where it happened) when the module wrote through globals() with a name that is not
  // known: a setting absent from `settings` may then still be defined, so it is not known to
  // take Django's default.
  std::optional<std::string> unnamed_settings;

  const Setting* find(std::string_view name) const;
};

SettingsResult evaluate_settings(std::span<const ModuleSource> sources, std::string_view module,
                                 const EvaluationOptions& options);

}  // namespace preflight::django::settings
