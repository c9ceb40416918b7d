// Whether Django's SecurityMiddleware answers a request with its HTTPS redirect, as
// `SecurityMiddleware.process_request` decides: SECURE_SSL_REDIRECT on, the request not secure
// (plain http:// and no trusted SECURE_PROXY_SSL_HEADER), and the path not matched by
// SECURE_REDIRECT_EXEMPT (`re.search(pattern, path.lstrip("/"))`).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "django/python_regex.h"
#include "project/project.h"

namespace preflight::project {

struct HttpRequestFacts {
  std::string scheme;  // "http" or "https"
  std::string path;    // from the first `/`
  std::vector<std::pair<std::string, std::string>> headers;
};

// SECURE_REDIRECT_EXEMPT of a module, compiled as Django searches it.
struct RedirectExemptions {
  std::vector<django::PythonRegex> patterns;
  // Patterns RE2 cannot evaluate, as "`pattern` (why)".
  std::vector<std::string> untranslatable;
  // False when the setting or one of its items is not a known string.
  bool known = true;

  // Whether a pattern matches `path` (its leading slashes stripped, as Django strips them); nullopt
  // when none does but one not evaluated might.
  std::optional<bool> exempts(std::string_view path) const;
};

RedirectExemptions redirect_exemptions(const Project& project, const SettingsModule& module);

// true: a 301 to https://; false: no redirect; nullopt: it depends on values not known here
// (an environment variable, a pattern RE2 cannot evaluate).
std::optional<bool> redirects_to_https(const Project& project, const SettingsModule& module,
                                       const HttpRequestFacts& request);

}  // namespace preflight::project
