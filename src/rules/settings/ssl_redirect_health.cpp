// PF304: SECURE_SSL_REDIRECT sends the health and readiness endpoints to https:// as well.
#include <fmt/format.h>

#include "django/middleware.h"
#include "django/urls/path_match.h"
#include "project/allowed_hosts.h"
#include "project/command_settings.h"
#include "project/ssl_redirect.h"
#include "rules/registry.h"
#include "rules/settings/settings_rules.h"

namespace preflight::rules {
namespace {

namespace mw = django::middleware;

constexpr RuleInfo kSslRedirectHealth{
    .code = "PF304",
    .name = "ssl-redirect-health-endpoint",
    .family = Family::Settings,
    .severity = Severity::Error,
    .summary =
        "SECURE_SSL_REDIRECT without exempting the health endpoints: plain-HTTP health "
        "checks get 301",
    .explanation = R"md(
## What it finds

A settings module with `SecurityMiddleware` and `SECURE_SSL_REDIRECT = True` whose URL
configuration has a health, readiness or liveness endpoint (found by path words, view and URL
names, django-health-check, or `[tool.preflight.django] health-paths`) that no pattern of
`SECURE_REDIRECT_EXEMPT` matches. Django's test is `re.search(pattern, path.lstrip("/"))` for
each pattern; preflight evaluates the patterns with RE2, and a pattern RE2 cannot express
(look-arounds, back-references) makes the finding a "may".

## What fails in production

Health checks talk to the container directly over plain HTTP: Docker's `HEALTHCHECK`, compose
health checks, Kubernetes probes, `curl http://localhost:8000/...` in a deploy job. They send no
`X-Forwarded-Proto: https`, so `SecurityMiddleware` answers every one of them with `301
Moved Permanently` to `https://<host>/...`. `curl -f` exits 0 on a 301, so Docker reports the
container healthy while it serves nothing but redirects; `curl -L` follows the redirect to an
https:// port that does not exist and fails to connect; a check that compares the status with
200 fails every time.

## Example

```python
SECURE_SSL_REDIRECT = True
# urls.py: path("healthz/", health)
```

## Fix

Exempt the endpoints, anchored at both ends and without the leading slash:
`SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]`. preflight's message gives the list for the
endpoints it found.
)md"};

// A pattern that matches exactly `path` (without its leading slash), as Django tests it.
std::string exempt_pattern(std::string_view path) {
  std::string out = "^";
  for (const char c : path.substr(path.starts_with('/') ? 1 : 0)) {
    if (std::string_view(".^$*+?{}[]\\|()").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out + "$";
}

void check(const project::Project& project, Findings& out) {
  settings::FindingsByCause causes;
  for (const project::SettingsModule& module : project.settings_modules()) {
    if (!settings::may_be_true(project, module, "SECURE_SSL_REDIRECT")) continue;
    const auto stack = settings::string_list(project, module, "MIDDLEWARE");
    if (!stack || !mw::position(*stack, mw::kSecurity)) continue;
    const django::urls::UrlConf* conf = project.url_conf(module);
    if (!conf) continue;

    // A route is reported unless a pattern certainly exempts it; patterns not evaluated make
    // the finding a "may".
    const project::RedirectExemptions exemptions = project::redirect_exemptions(project, module);
    std::vector<const django::urls::Route*> redirected;
    for (const django::urls::Route& route : conf->routes) {
      if (!route.is_health || route.example_path.empty()) continue;
      if (exemptions.exempts(route.example_path) != true) redirected.push_back(&route);
    }
    if (redirected.empty()) continue;
    const auto cause = settings::assigned_at(module, "SECURE_SSL_REDIRECT");
    if (!cause) continue;
    bool created = false;
    settings::FindingsByCause::Entry& entry = causes.at(*cause, module, created);
    if (!created) continue;

    const bool definite = settings::truth(project, module, "SECURE_SSL_REDIRECT") == true &&
                          exemptions.known && exemptions.untranslatable.empty();
    std::string paths;
    std::string proposal;
    for (const django::urls::Route* route : redirected) {
      paths += fmt::format("{}{}", paths.empty() ? "" : ", ", route->example_path);
      proposal += fmt::format("{}r\"{}\"", proposal.empty() ? "" : ", ",
                              exempt_pattern(route->example_path));
    }
    entry.severity = definite ? Severity::Error : Severity::Warning;
    entry.message = fmt::format(
        "{}SECURE_SSL_REDIRECT in {} redirects plain-HTTP requests to https://, and "
        "SECURE_REDIRECT_EXEMPT does not exempt the health endpoint(s) {}: health checks that "
        "talk to the container over HTTP (Docker HEALTHCHECK, probes, curl in deploy jobs) get "
        "301; exempt them with SECURE_REDIRECT_EXEMPT = [{}]{}",
        definite ? "" : "may redirect: ", settings::describe(module), paths, proposal,
        exemptions.untranslatable.empty()
            ? std::string()
            : fmt::format(" (patterns RE2 cannot evaluate: {})",
                          fmt::join(exemptions.untranslatable, ", ")));
    entry.predicted = fmt::format(
        "GET http://<container>{} answers 301 Moved Permanently to https://<host>{}: `curl -f` "
        "exits 0 (a healthy-looking container that only redirects), `curl -L` fails to connect "
        "to the https:// port, a check for 200 fails",
        redirected.front()->example_path, redirected.front()->example_path);
    for (const django::urls::Route* route : redirected) {
      entry.related.push_back(Related{
          route->span, fmt::format("{} ({}) gets 301", route->example_path, route->health_reason)});
    }
    // The deployment's own checks of those endpoints over plain HTTP: where the 301 lands.
    const django::urls::PathMatcher matcher(*conf);
    for (const project::HttpCheck& check : project.deployment_commands().http_checks) {
      if (check.request.scheme != "http" || !check.probe_kind.empty()) continue;
      const project::ModuleChoice server = project::server_settings(project, check);
      if (server.module != &module) continue;
      // A Host ALLOWED_HOSTS rejects gets PF501's 400 or 500 before any redirect.
      if (project::check_host(project, module, check).allowed == false) continue;
      const django::urls::Route* reached = matcher.match(check.request.path).certain();
      for (const django::urls::Route* route : redirected) {
        if (route != reached) continue;
        entry.related.push_back(
            Related{check.url_span, fmt::format("gets 301 here ({})", check.site.where)});
      }
    }
    if (const auto exempt_at = settings::assigned_at(module, "SECURE_REDIRECT_EXEMPT")) {
      entry.related.push_back(Related{*exempt_at, "SECURE_REDIRECT_EXEMPT is set here"});
    }
  }
  causes.emit(kSslRedirectHealth, project, out);
}

}  // namespace

PREFLIGHT_RULE(kSslRedirectHealth, check);

}  // namespace preflight::rules
