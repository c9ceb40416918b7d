#include "django/urls/path_match.h"

namespace preflight::django::urls {

PathMatcher::PathMatcher(const UrlConf& conf) : conf_(conf), compiled_(conf.routes.size()) {}

PathMatch PathMatcher::match(std::string_view path) const {
  PathMatch out;
  // The root resolver's pattern is "^/": exactly one leading slash is consumed.
  if (path.starts_with('/')) path.remove_prefix(1);
  for (std::size_t i = 0; i < conf_.routes.size(); ++i) {
    const Route& route = conf_.routes[i];
    std::optional<std::unique_ptr<PythonRegex>>& slot = compiled_[i];
    if (!slot) {
      std::optional<PythonRegex> regex;
      if (!route.regex.empty()) regex = PythonRegex::compile(route.regex);
      slot = regex ? std::make_unique<PythonRegex>(std::move(*regex)) : nullptr;
    }
    if (!*slot) {
      out.undecided_before = true;
      continue;
    }
    if ((*slot)->search(path)) {
      out.route = &route;
      return out;
    }
  }
  return out;
}

}  // namespace preflight::django::urls
