// The URL configuration of a Django project, read statically: from ROOT_URLCONF down through
// include(), every leaf pattern as Django's resolver would try it, in order, with the view it
// calls, its namespaced name, a request path that reaches it, and what the view's definition says
// about access (decorators, base classes, DRF permission classes). Nothing is imported or run:
// what cannot be followed is a note, and the route list is then incomplete.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/source.h"
#include "django/models.h"
#include "django/names.h"
#include "django/symbols.h"

namespace preflight::django::urls {

// What the source says about a route's view, as facts for rules about protected endpoints.
// Dotted names are resolved through imports ("django.contrib.auth.decorators.login_required").
struct ViewFacts {
  bool is_class = false;    // `SomeView.as_view(...)` or a DRF viewset
  bool in_project = false;  // the function or class definition was found in the project
  // Calls wrapped around the view in the URLconf itself, outermost first:
  // `login_required(views.x)` and `cache_page(60)(views.x)` give login_required, cache_page.
  std::vector<std::string> url_wrappers;
  // Decorators on the function or class, outermost first; a decorator call by its callee
  // (`@require_http_methods(["GET"])` gives django.views.decorators.http.require_http_methods).
  std::vector<std::string> decorators;
  // `method_decorator(x)` on the class or on its dispatch/get/post/... methods: x, dotted.
  std::vector<std::string> method_decorators;
  // Direct bases, then the bases of project bases (depth-first), each once.
  std::vector<std::string> bases;
  // Literal `permission_classes` / `authentication_classes` of the class or a project base (or the
  // DRF decorators of the same name on a function view); nullopt when not set or not literal.
  std::optional<std::vector<std::string>> permission_classes;
  std::optional<std::vector<std::string>> authentication_classes;
};

// One leaf pattern, as Django's resolver would match it.
struct Route {
  // The pattern texts of the chain joined, as `show_urls` and Django's 404 page print them:
  // "api/v1/health/", "legacy/^articles/(?P<year>[0-9]{4})/$".
  std::string route;
  // The regex Django matches for the whole chain: each level's compiled regex (path() converted
  // as django.urls.resolvers._route_to_regex does for the target version, re_path as written),
  // concatenated with the leading "^" of the inner levels removed. Empty when a level's regex is
  // unknown (a converter that is not registered in the project).
  std::string regex;
  // A request path that resolves here ("/api/v1/health/"), converters filled with samples, that
  // no earlier route matches (checked with std::regex where the regexes translate); empty when
  // none can be built (lookbehinds, backreferences, an unknown converter) or all are shadowed.
  std::string example_path;
  // An earlier route matches every sample path built for this one (its pattern text): the route
  // is likely unreachable, as `<path:title>` before `admin/locks/`.
  std::string shadowed_by;
  // Dotted name of the view callable ("harbor.health.health"; the class for `.as_view()`,
  // "myapp.views.StatusView"); empty when unknown. An admin site is "django.contrib.admin".
  std::string view;
  std::string name;  // namespaced URL name ("tenants:current"); empty when unnamed
  Span span;         // the path()/re_path()/url() call (for router routes, the register() call)
  std::vector<Span> include_chain;  // the include() calls above it, outermost first
  // Under a condition the analysis does not decide (`if settings.DEBUG:`, an except handler):
  // Django may or may not have it.
  bool conditional = false;
  // Stands for a whole URLconf that is not enumerated: `admin.site.urls` ("admin/").
  bool opaque = false;
  bool is_health = false;     // a health / readiness / liveness endpoint, see health.cpp
  std::string health_reason;  // why: "path segment 'healthz'", "django-health-check", ...
  ViewFacts facts;
};

struct UrlConf {
  std::string root;  // the ROOT_URLCONF module
  bool found = false;
  std::vector<Route> routes;  // in resolution order
  // What could not be followed (an include of an unknown module, a non-literal list, a call into
  // a library), each "path:line: what"; the routes are then incomplete unless the note says it
  // adds nothing in production (`static()`).
  std::vector<std::string> notes;
  bool complete = true;
};

// Resolves ROOT_URLCONF `root_urlconf` over the parsed project modules.
UrlConf resolve_urls(const ModuleTable& table, std::string_view root_urlconf,
                     DjangoVersion version);
UrlConf resolve_urls(std::span<const ModuleSource> sources, std::string_view root_urlconf,
                     DjangoVersion version);

// Marks health endpoints (health.cpp): a path segment, the URL's own name or the view's name has
// a strong word (health, healthz, healthcheck, heartbeat, readiness, readyz, liveness, livez), or
// is made of a weak word (ready, live, alive, ping, status) and neutral words only ("status/",
// "server-status", "StatusView"; not "statusboard" or "OrderStatusView"); or the view is
// django-health-check's; or the route's example path (or its pattern text, with a leading "/") is
// one of `extra_paths`. resolve_urls already applies it with no extra paths.
void mark_health_endpoints(UrlConf& conf, std::span<const std::string> extra_paths);

// The health verdict for one route: the reason, or nullopt when it is not a health endpoint.
std::optional<std::string> health_reason(const Route& route,
                                         std::span<const std::string> extra_paths);

}  // namespace preflight::django::urls
