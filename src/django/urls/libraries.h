// URLconfs of libraries the resolver knows without their source: what `include("...")` of them
// adds, and DRF routers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/source.h"
#include "django/symbols.h"
#include "django/urls/project_code.h"

namespace preflight::django::urls {

// The routes of a library URLconf by module name (django.contrib.auth.urls, rest_framework.urls,
// health_check.urls), with its app_name; nullopt for a module not known here.
struct LibraryUrlConf {
  std::string app_name;
  Patterns patterns;
};
std::optional<LibraryUrlConf> library_urlconf(std::string_view module, const Span& include_span);

// A DRF router built at module level: `router = DefaultRouter()`, then `router.register(...)`.
struct RouterRegistration {
  std::string prefix;
  std::string viewset;  // dotted
  std::optional<std::string> basename;
  Span span;
  std::string where;  // "path:line" of the register() call
  bool conditional = false;
};
struct DrfRouter {
  bool default_router = false;  // DefaultRouter: an API root view and format-suffix twins
  bool trailing_slash = true;
  std::vector<RouterRegistration> registrations;
  std::vector<std::string> notes;  // registrations that could not be read
};

// The class names of DRF's routers this models.
bool is_drf_router_class(std::string_view dotted, bool& default_router);

// `router.urls`, as DRF 3.14's SimpleRouter/DefaultRouter.get_urls() builds it.
Patterns router_patterns(const DrfRouter& router, const ModuleTable& table);

}  // namespace preflight::django::urls
