// PF401: a health endpoint behind authentication: the health check gets a redirect to the login
// page, 401 or 403 instead of the endpoint's answer.
#include <fmt/format.h>

#include <set>

#include "django/middleware.h"
#include "django/urls/path_match.h"
#include "project/command_settings.h"
#include "project/setting_values.h"
#include "rules/registry.h"

namespace preflight::rules {
namespace {

constexpr RuleInfo kHealthBehindAuth{
    .code = "PF401",
    .name = "health-endpoint-requires-login",
    .family = Family::Urls,
    .severity = Severity::Error,
    .summary =
        "a health or readiness endpoint requires a logged-in user: health checks get a "
        "redirect, 401 or 403",
    .explanation = R"md(
## What it finds

A health, readiness or liveness endpoint of the URL configuration (see PF304 for how they are
found) whose view requires an authenticated user:

- `login_required`, `permission_required`, `user_passes_test` or `staff_member_required`, as a
  decorator, around the view in the URL conf, or through `method_decorator`;
- a class-based view with `LoginRequiredMixin`, `PermissionRequiredMixin` or
  `UserPassesTestMixin`;
- a Django REST framework view whose `permission_classes` (or, when it sets none,
  `REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"]` of the settings module) holds anything but
  `AllowAny`.

A health check of the deployment files (curl, wget, httpie) that uses an unsafe method (`POST`,
`PUT`, `PATCH`, `DELETE`) on a health endpoint that `CsrfViewMiddleware` protects: the view is not
`csrf_exempt` (DRF views are, through `APIView.as_view`) and the middleware is in `MIDDLEWARE`.

## What fails in production

Health checks send no session cookie and no credentials. Django's decorators and mixins answer
`302 Found` to `LOGIN_URL` (`/accounts/login/?next=/healthz/`); DRF answers `403 Forbidden`
("Authentication credentials were not provided."), or `401 Unauthorized` when the first
authentication class sends a `WWW-Authenticate` header (`BasicAuthentication`,
`TokenAuthentication`). A check for 200 fails and the orchestrator restarts a healthy container;
`curl -f` without `-L` accepts the 302 and reports an unhealthy application as healthy. A `POST`
without a CSRF cookie and token gets `403 Forbidden` ("CSRF verification failed. Request
aborted.", reason "CSRF cookie not set.") from `CsrfViewMiddleware` before the view runs.

## Example

```python
@login_required
def healthz(request):
    return JsonResponse({"status": "ok"})
```

## Fix

Health endpoints must answer anonymous requests: drop the decorator or mixin, set
`permission_classes = [AllowAny]` (DRF), and keep what they reveal to a status word. Check with
`GET` (or `HEAD`), or mark the view `@csrf_exempt` when the check must post.
)md"};

bool is_login_decorator(std::string_view name) {
  return name == "django.contrib.auth.decorators.login_required" ||
         name == "django.contrib.auth.decorators.permission_required" ||
         name == "django.contrib.auth.decorators.user_passes_test" ||
         name == "django.contrib.admin.views.decorators.staff_member_required";
}

bool is_login_mixin(std::string_view name) {
  return name == "django.contrib.auth.mixins.LoginRequiredMixin" ||
         name == "django.contrib.auth.mixins.PermissionRequiredMixin" ||
         name == "django.contrib.auth.mixins.UserPassesTestMixin";
}

bool is_drf_view(const django::urls::ViewFacts& facts) {
  for (const std::string& base : facts.bases) {
    if (base.starts_with("rest_framework.")) return true;
  }
  for (const std::string& decorator : facts.decorators) {
    if (decorator == "rest_framework.decorators.api_view") return true;
  }
  return false;
}

// The DRF permission classes that require credentials ("rest_framework.permissions.AllowAny"
// does not; an unknown class is taken as requiring them).
std::vector<std::string> restricting(const std::vector<std::string>& classes) {
  std::vector<std::string> out;
  for (const std::string& name : classes) {
    if (!name.ends_with(".AllowAny")) out.push_back(name);
  }
  return out;
}

// DRF's REST_FRAMEWORK[key] as known strings; nullopt when absent (DRF's default applies) or
// unknown (the caller stays silent).
struct DrfSetting {
  bool known = true;
  std::optional<std::vector<std::string>> classes;
};

DrfSetting drf_setting(const project::Project& project, const project::SettingsModule& module,
                       std::string_view key) {
  const std::optional<django::settings::Value> config =
      project::effective(project, module, "REST_FRAMEWORK");
  if (!config) return {};
  if (config->kind != django::settings::Value::Kind::Dict) return {false, std::nullopt};
  const django::settings::Value* value =
      config->find(django::settings::Value::str(std::string(key)));
  if (!value) return {};
  std::vector<std::string> classes;
  if (!value->is_sequence()) return {false, std::nullopt};
  for (const django::settings::Value& item : value->items) {
    if (item.kind != django::settings::Value::Kind::Str) return {false, std::nullopt};
    classes.push_back(item.text);
  }
  return {true, classes};
}

struct Verdict {
  std::string why;
  std::string answer;
};

std::optional<Verdict> requires_login(const project::Project& project,
                                      const project::SettingsModule& module,
                                      const django::urls::Route& route) {
  const django::urls::ViewFacts& facts = route.facts;
  for (const auto* list : {&facts.url_wrappers, &facts.decorators, &facts.method_decorators}) {
    for (const std::string& name : *list) {
      if (is_login_decorator(name)) {
        return Verdict{fmt::format("`{}` wraps the view", name),
                       "302 Found to LOGIN_URL (?next=" + route.example_path + ")"};
      }
    }
  }
  for (const std::string& base : facts.bases) {
    if (is_login_mixin(base)) {
      return Verdict{fmt::format("the view class inherits `{}`", base),
                     "302 Found to LOGIN_URL (?next=" + route.example_path + ")"};
    }
  }
  if (!is_drf_view(facts)) return std::nullopt;
  std::vector<std::string> permissions;
  std::string source;
  if (facts.permission_classes) {
    permissions = restricting(*facts.permission_classes);
    source = "its permission_classes";
  } else {
    const DrfSetting defaults = drf_setting(project, module, "DEFAULT_PERMISSION_CLASSES");
    if (!defaults.known || !defaults.classes) return std::nullopt;  // DRF's default: AllowAny
    permissions = restricting(*defaults.classes);
    source = "REST_FRAMEWORK[\"DEFAULT_PERMISSION_CLASSES\"]";
  }
  if (permissions.empty()) return std::nullopt;
  // The status depends on the first authentication class: a WWW-Authenticate header gives 401.
  std::optional<std::vector<std::string>> authentication = facts.authentication_classes;
  if (!authentication)
    authentication = drf_setting(project, module, "DEFAULT_AUTHENTICATION_CLASSES").classes;
  std::string answer = "403 Forbidden (\"Authentication credentials were not provided.\")";
  if (authentication && !authentication->empty()) {
    const std::string& first = authentication->front();
    if (first.ends_with(".BasicAuthentication") || first.ends_with(".TokenAuthentication")) {
      answer = "401 Unauthorized (\"Authentication credentials were not provided.\")";
    }
  }
  return Verdict{fmt::format("the DRF view requires {} ({})", fmt::join(permissions, ", "), source),
                 answer};
}

bool csrf_exempt(const django::urls::ViewFacts& facts) {
  if (is_drf_view(facts)) return true;  // APIView.as_view() and @api_view wrap in csrf_exempt
  for (const auto* list : {&facts.url_wrappers, &facts.decorators, &facts.method_decorators}) {
    for (const std::string& name : *list) {
      if (name == "django.views.decorators.csrf.csrf_exempt") return true;
    }
  }
  return false;
}

// The CSRF half: a health check that posts to a view CsrfViewMiddleware protects.
void check_unsafe_methods(const project::Project& project, Findings& out) {
  for (const project::HttpCheck& check : project.deployment_commands().http_checks) {
    const std::string& method = check.request.method;
    if (method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "TRACE") continue;
    const project::ModuleChoice server = project::server_settings(project, check);
    if (!server.module) continue;
    const auto stack = project::string_list(project, *server.module, "MIDDLEWARE");
    if (!stack || !django::middleware::position(*stack, django::middleware::kCsrf)) continue;
    const django::urls::UrlConf* conf = project.url_conf(*server.module);
    const django::urls::Route* route =
        conf ? django::urls::PathMatcher(*conf).match(check.request.path).certain() : nullptr;
    if (!route || !route->is_health || csrf_exempt(route->facts)) continue;
    out.add(kHealthBehindAuth, check.span)
        .message(fmt::format(
            "this health check sends {} to {} ({}), which CsrfViewMiddleware protects: without a "
            "CSRF cookie and token it gets 403 Forbidden before the view runs; check with GET, or "
            "mark the view @csrf_exempt",
            method, check.request.path, route->health_reason))
        .predicts(fmt::format("{} {}: 403 Forbidden (CSRF verification failed. Request aborted. "
                              "Reason: CSRF cookie not set.)",
                              method, check.request.path))
        .related(route->span, fmt::format("{} routes here", check.request.path));
  }
}

void check(const project::Project& project, Findings& out) {
  check_unsafe_methods(project, out);
  std::set<std::pair<FileId, std::uint32_t>> reported;
  for (const project::SettingsModule& module : project.settings_modules()) {
    const django::urls::UrlConf* conf = project.url_conf(module);
    if (!conf) continue;
    for (const django::urls::Route& route : conf->routes) {
      if (!route.is_health || route.example_path.empty()) continue;
      const std::optional<Verdict> verdict = requires_login(project, module, route);
      if (!verdict) continue;
      if (!reported.emplace(route.span.file, route.span.begin).second) continue;
      out.add(kHealthBehindAuth, route.span)
          .message(fmt::format(
              "the health endpoint {} ({}) requires a logged-in user: {}; health checks send no "
              "credentials and get {} instead of the endpoint's answer",
              route.example_path, route.health_reason, verdict->why, verdict->answer))
          .predicts(
              fmt::format("GET {} without credentials: {}", route.example_path, verdict->answer));
    }
  }
}

}  // namespace

PREFLIGHT_RULE(kHealthBehindAuth, check);

}  // namespace preflight::rules
