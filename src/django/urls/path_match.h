// Which route a request path reaches, matched as Django's resolver matches it: the routes in order,
// each route's regex searched in the path without its leading '/'. Shared by every rule that asks
// what a health check's URL reaches (PF401, PF502, PF507).
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "django/python_regex.h"
#include "django/urls/urls.h"

namespace preflight::django::urls {

struct PathMatch {
  // The first route whose regex matches; null when none does.
  const Route* route = nullptr;
  // A route before it (or anywhere, when none matches) could not be evaluated (no regex, or one RE2
  // cannot express): that route might take the path first.
  bool undecided_before = false;

  // The path certainly reaches `route`: nothing before it is undecided, and the route exists
  // whatever the conditions (not `conditional`) and is enumerated (not `opaque`).
  const Route* certain() const {
    return route && !undecided_before && !route->conditional && !route->opaque ? route : nullptr;
  }
  // No route matches, and every route was evaluated: Django answers 404.
  bool certainly_unrouted() const { return !route && !undecided_before; }
};

class PathMatcher {
 public:
  explicit PathMatcher(const UrlConf& conf);

  // `path` as a request sends it, with its leading '/'.
  PathMatch match(std::string_view path) const;

 private:
  const UrlConf& conf_;
  // Compiled lazily, one per route; null when the route's regex cannot be evaluated.
  mutable std::vector<std::optional<std::unique_ptr<PythonRegex>>> compiled_;
};

}  // namespace preflight::django::urls
