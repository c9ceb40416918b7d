// PF307: SECURE_SSL_REDIRECT behind a proxy the settings themselves declare, without
// SECURE_PROXY_SSL_HEADER: every request looks like plain HTTP and is redirected again.
#include <fmt/format.h>

#include "rules/registry.h"
#include "rules/settings/deploy_checks.h"
#include "rules/settings/settings_rules.h"

namespace preflight::rules {
namespace {

using namespace settings;

constexpr RuleInfo kSslRedirectBehindProxy{
    .code = "PF307",
    .name = "ssl-redirect-behind-proxy",
    .family = Family::Settings,
    .severity = Severity::Warning,
    .summary =
        "SECURE_SSL_REDIRECT behind a proxy without SECURE_PROXY_SSL_HEADER: a redirect loop",
    .explanation = R"md(
## What it finds

A production settings module with `SecurityMiddleware` in `MIDDLEWARE`,
`SECURE_SSL_REDIRECT = True` and `SECURE_PROXY_SSL_HEADER` left at `None`, which also says that
it sits behind an HTTP proxy: `USE_X_FORWARDED_HOST = True` or `USE_X_FORWARDED_PORT = True` (a
proxy that sets `X-Forwarded-Host` speaks HTTP to Django, so it is the one that terminates TLS).
Comments and names are not taken as evidence. Django's `check --deploy` does not report it (W008
only asks for the redirect to be on).

## What fails in production

The proxy receives `https://`, forwards plain HTTP, and Django — which cannot know the client used
HTTPS — answers `301 Location: https://host/path` to every request; the browser follows it to the
proxy, which forwards plain HTTP again: "ERR_TOO_MANY_REDIRECTS". The one exception is a WSGI
server that itself turns `X-Forwarded-Proto` into the request scheme: gunicorn does for the
addresses in `--forwarded-allow-ips` (only `127.0.0.1` by default, so not for a proxy in another
container).

## Example

```python
USE_X_FORWARDED_HOST = True
SECURE_SSL_REDIRECT = True
```

## Fix

Tell Django which header the proxy sets, and make sure the proxy overwrites it:

```python
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
```
)md"};

void check(const project::Project& analysed, Findings& out) {
  SettingCheck setting_check;
  setting_check.rule = &kSslRedirectBehindProxy;
  setting_check.cause = "SECURE_SSL_REDIRECT";
  setting_check.fires = [](const project::Project& project, const project::SettingsModule& module) {
    return contains(project, module, "MIDDLEWARE", kSecurityMiddleware) &&
           is_true(project, module, "SECURE_SSL_REDIRECT") &&
           is_none(project, module, "SECURE_PROXY_SSL_HEADER") &&
           (is_true(project, module, "USE_X_FORWARDED_HOST") ||
            is_true(project, module, "USE_X_FORWARDED_PORT"));
  };
  setting_check.message = [](const project::Project& project, const project::SettingsModule& module,
                             bool certain) {
    const char* proxy = is_true(project, module, "USE_X_FORWARDED_HOST").possible()
                            ? "USE_X_FORWARDED_HOST"
                            : "USE_X_FORWARDED_PORT";
    return fmt::format(
        "`SECURE_SSL_REDIRECT = True` in {} behind a proxy (`{} = True`) but "
        "`SECURE_PROXY_SSL_HEADER` is None: Django sees every proxied HTTPS request as plain "
        "HTTP and {} it to https:// again, an endless redirect loop (unless the WSGI server "
        "itself sets the scheme from X-Forwarded-Proto)",
        describe(module), proxy, certain ? "redirects" : "may redirect");
  };
  setting_check.predicted = [](const project::Project&, const project::SettingsModule&) {
    return std::string(
        "every request through the proxy gets 301 to the same https:// URL: "
        "ERR_TOO_MANY_REDIRECTS, and `curl -L` stops at \"Maximum (50) redirects followed\"");
  };
  run_setting_check(setting_check, analysed, out);
}

}  // namespace

PREFLIGHT_RULE(kSslRedirectBehindProxy, check);

}  // namespace preflight::rules
