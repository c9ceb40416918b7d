// Which environment variables a settings module requires: the ones whose absence stops its import
// (`os.environ["X"]` KeyError, decouple's UndefinedValueError, django-environ's
// ImproperlyConfigured), found by evaluating it in a given environment and adding each missing
// variable in turn.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "deploy/facts.h"
#include "django/settings/value.h"
#include "project/project.h"

namespace preflight::project {

// The environment variables a value was read from ("env POSTGRES_HOST" origins).
void read_variables(const django::settings::Value& value, std::set<std::string>& out);

struct Required {
  std::string variable;
  std::string type;          // KeyError, UndefinedValueError, ImproperlyConfigured
  std::optional<Span> read;  // where the module reads it, when known
};

// The variables `module` requires that `env` does not set, in the order the import stops at them;
// empty when it loads, or when it stops for another reason. On a CI runner (`runner`), variables
// every GitHub-hosted runner sets do not count.
std::vector<Required> required_variables(const Project& project, const std::string& module,
                                         const std::vector<deploy::EnvVar>& env, bool runner);

}  // namespace preflight::project
