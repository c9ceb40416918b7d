// PF501: a health check sends a Host that ALLOWED_HOSTS rejects: 400, or 500 with PF302's chain.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "django/middleware.h"
#include "project/allowed_hosts.h"
#include "project/command_settings.h"
#include "project/setting_values.h"
#include "project/ssl_redirect.h"
#include "rules/registry.h"

namespace preflight::rules {
namespace {

namespace mw = django::middleware;

constexpr RuleInfo kHealthCheckHostRejected{
    .code = "PF501",
    .name = "health-check-host-rejected",
    .family = Family::Deploy,
    .severity = Severity::Error,
    .summary =
        "a health check sends a Host header that ALLOWED_HOSTS rejects: 400 Bad Request, "
        "or 500 with CSRF_USE_SESSIONS",
    .explanation = R"md(
## What it finds

An HTTP request in a deployment file (curl, wget or httpie in a workflow step, an ssh script, a
Dockerfile `HEALTHCHECK`, a compose `healthcheck`) whose `Host` (the `Host` header when it sends
one, else the URL's host) the `ALLOWED_HOSTS` of the settings module serving it does not match.

The server is the container the request reaches: on a server or a runner, the compose service
that publishes the URL's port; inside a container (`docker exec`, `HEALTHCHECK`), the container
itself; a public host, the module the deployment runs. `ALLOWED_HOSTS` is evaluated in that
container's environment (Dockerfile `ENV`, compose `environment`), and matched as Django's
`validate_host` does: exact names, `.example.com` for the domain and its subdomains, `*`, the
port ignored, and with `DEBUG = True` and an empty list, `localhost`, `127.0.0.1` and `[::1]`.

## What fails in production

`HttpRequest.get_host()` raises `DisallowedHost`, and Django answers `400 Bad Request`. When
`CSRF_USE_SESSIONS` is on and the first `get_host()` call comes from `SecurityMiddleware`'s HTTPS
redirect, before `SessionMiddleware` (PF302), the 400 view itself fails and the check gets `500`
from the server. The health check fails every time although the application is healthy, and the
deploy is rolled back or declared failed.

## Example

```yaml
# docker-compose.yml: DJANGO_ALLOWED_HOSTS: api.example.com,localhost
- run: curl -f -H "Host: example.com" http://localhost:8000/healthz/
```

## Fix

Send a `Host` that `ALLOWED_HOSTS` lists (the public name, or `localhost` when it is listed), or
add the name the check uses to `ALLOWED_HOSTS` where the container's environment sets it.
)md"};

// With CSRF_USE_SESSIONS, a rejection before SessionMiddleware turns the 400 into a 500: the
// first get_host() is SecurityMiddleware's, for the HTTPS redirect of a plain-HTTP request.
bool error_view_fails(const project::Project& project, const project::SettingsModule& module,
                      const project::HttpCheck& check) {
  if (project::truth(project, module, "CSRF_USE_SESSIONS") != true) return false;
  if (project::truth(project, module, "DEBUG") != false) return false;
  const auto stack = project::string_list(project, module, "MIDDLEWARE");
  if (!stack) return false;
  const auto security = mw::position(*stack, mw::kSecurity);
  const auto session = mw::position(*stack, mw::kSession);
  if (!security || !session || *security > *session) return false;
  project::HttpRequestFacts request{check.request.scheme, check.request.path, {}};
  for (const auto& header : check.request.headers) {
    request.headers.emplace_back(header.name, header.value);
  }
  return project::redirects_to_https(project, module, request) == true;
}

void check(const project::Project& project, Findings& out) {
  for (const project::HttpCheck& check : project.deployment_commands().http_checks) {
    if (check.site.kind == project::CommandSite::Kind::ImageBuild) continue;
    const project::ModuleChoice server = project::server_settings(project, check);
    if (!server.module) continue;
    const project::SettingsModule& module = *server.module;
    const project::HostCheck verdict = project::check_host(project, module, check);
    if (verdict.allowed != false) continue;
    const std::vector<std::string>& hosts = verdict.allowed_hosts;
    const std::string& host = verdict.host;
    const bool pod_ip = verdict.pod_ip;
    const std::string& domain = verdict.domain;
    const bool fails_twice = error_view_fails(project, module, check);
    const std::string status = fails_twice ? "500" : "400";
    const std::string list = fmt::format("[{}]", fmt::join(hosts, ", "));
    auto finding =
        out.add(kHealthCheckHostRejected, check.host_span ? *check.host_span : check.url_span);
    finding.message(fmt::format(
        "Host `{}` is not in ALLOWED_HOSTS of {} {} (the server this check reaches, by {}): "
        "Django raises DisallowedHost and the check gets {}{}; send a Host the list holds{}",
        host, module.name, list, server.why, status,
        fails_twice ? " instead of 400: with CSRF_USE_SESSIONS the 400 view needs the session, "
                      "which SecurityMiddleware's HTTPS redirect runs before (PF302)"
                    : "",
        hosts.empty() ? "" : fmt::format(" (`{}`)", hosts.front())));
    finding.predicts(fmt::format(
        "HTTP {}: django.security.DisallowedHost: Invalid HTTP_HOST header: '{}'. You may need to "
        "add '{}' to ALLOWED_HOSTS.{}",
        status, pod_ip ? "<pod IP>:<port>" : host,
        pod_ip ? "<pod IP>" : (domain.empty() ? host : domain),
        fails_twice ? " Then django.core.exceptions.ImproperlyConfigured: CSRF_USE_SESSIONS is "
                      "enabled, but request.session is not set."
                    : ""));
    if (const auto assigned = project::assigned_at(module, "ALLOWED_HOSTS")) {
      finding.related(*assigned, fmt::format("ALLOWED_HOSTS of {}", module.name));
    }
    if (server.span) finding.related(*server.span, fmt::format("the server runs {}", module.name));
  }
}

}  // namespace

PREFLIGHT_RULE(kHealthCheckHostRejected, check);

}  // namespace preflight::rules
