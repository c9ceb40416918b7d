// PF502: a plain-http:// check of a path that SECURE_SSL_REDIRECT redirects, where PF304 does not
// own the cause (the path is not a health endpoint of the URL conf).
#include <fmt/format.h>

#include "django/urls/path_match.h"
#include "project/command_settings.h"
#include "project/setting_values.h"
#include "project/ssl_redirect.h"
#include "rules/registry.h"

namespace preflight::rules {
namespace {

constexpr RuleInfo kPlainHttpCheckRedirected{
    .code = "PF502",
    .name = "plain-http-check-redirected",
    .family = Family::Deploy,
    .severity = Severity::Error,
    .summary =
        "a plain-HTTP check of a path SECURE_SSL_REDIRECT redirects: 301, and with -L a "
        "connection to an HTTPS port that does not exist",
    .explanation = R"md(
## What it finds

An HTTP request of a deployment file (a curl, wget or httpie in a workflow step or ssh script, a
`HEALTHCHECK`) to an `http://` URL that Django's `SecurityMiddleware` answers with its HTTPS
redirect: `SECURE_SSL_REDIRECT` is on, the request is not secure (it sends no
`SECURE_PROXY_SSL_HEADER` header with the trusted value), and `SECURE_REDIRECT_EXEMPT` does not
match the path. Health endpoints of the URL configuration are PF304's finding (the setting is
the cause there); this rule reports the other checks: a path the URL conf does not mark as a
health endpoint (`/`, `/api/version/`, a page used as a smoke test), or a proxy header that the
settings do not trust.

## What fails in production

The check gets `301 Moved Permanently` to `https://<host>/<path>`. `curl -f` without `-L`
accepts it and reports success while the application was never asked; a check for `200` fails;
with `-L` curl follows the redirect to port 443 (or the same port, speaking TLS to plain HTTP)
and fails to connect: exit status 7 or 35, status `000` or `301`.

## Example

```yaml
- run: curl -fsSL http://localhost:8000/ > /dev/null   # SECURE_SSL_REDIRECT = True
```

## Fix

Check over `https://` the way clients arrive, or send the proxy header the settings trust
(`-H "X-Forwarded-Proto: https"` with `SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO",
"https")`), or check a health endpoint that `SECURE_REDIRECT_EXEMPT` exempts.
)md"};

void check(const project::Project& project, Findings& out) {
  for (const project::HttpCheck& check : project.deployment_commands().http_checks) {
    const auto& request = check.request;
    if (!request.url_literal || request.scheme != "http") continue;
    if (check.site.kind == project::CommandSite::Kind::ImageBuild) continue;
    if (!check.probe_kind.empty()) continue;  // the kubelet's own redirect rules differ
    const project::ModuleChoice server = project::server_settings(project, check);
    if (!server.module) continue;
    project::HttpRequestFacts facts{request.scheme, request.path, {}};
    for (const auto& header : request.headers)
      facts.headers.emplace_back(header.name, header.value);
    if (project::redirects_to_https(project, *server.module, facts) != true) continue;
    const django::urls::UrlConf* conf = project.url_conf(*server.module);
    const django::urls::PathMatch match =
        conf ? django::urls::PathMatcher(*conf).match(request.path) : django::urls::PathMatch{};
    // PF304 reports the setting, with this check.
    if (match.route && !match.undecided_before && !match.route->opaque && match.route->is_health)
      continue;

    // SecurityMiddleware: "https://%s%s" % (SECURE_SSL_HOST or request.get_host(), full path).
    std::string host = request.host + (request.port ? fmt::format(":{}", *request.port) : "");
    if (const deploy::shell::HttpHeader* header = request.header("Host")) host = header->value;
    if (const auto ssl_host = project::effective(project, *server.module, "SECURE_SSL_HOST");
        ssl_host && ssl_host->kind == django::settings::Value::Kind::Str &&
        !ssl_host->text.empty()) {
      host = ssl_host->text;
    }
    const std::string target = fmt::format("https://{}{}", host, request.path);
    auto finding = out.add(kPlainHttpCheckRedirected, check.url_span);
    finding.message(fmt::format(
        "this plain-HTTP request of {} is answered by SecurityMiddleware's HTTPS redirect "
        "(SECURE_SSL_REDIRECT in {}, and SECURE_REDIRECT_EXEMPT does not match it): 301 to {}{}; "
        "check over https://, send the proxy header SECURE_PROXY_SSL_HEADER trusts, or check an "
        "exempt health endpoint",
        request.path, server.module->name, target,
        request.follows_redirects ? ", which -L then fails to reach" : ""));
    finding.predicts(request.follows_redirects
                         ? fmt::format("301 to {}, then curl fails to connect (exit status 7 or "
                                       "35) where nothing speaks TLS",
                                       target)
                         : fmt::format("301 Moved Permanently to {}: `curl -f` reports success "
                                       "without reaching the application, a check for 200 fails",
                                       target));
    if (const auto cause = project::assigned_at(*server.module, "SECURE_SSL_REDIRECT")) {
      finding.related(*cause, "SECURE_SSL_REDIRECT is set here");
    }
  }
}

}  // namespace

PREFLIGHT_RULE(kPlainHttpCheckRedirected, check);

}  // namespace preflight::rules
