// PF316: Django's security.W008 (`manage.py check --deploy`), reported at its cause.
#include <fmt/format.h>

#include "rules/registry.h"
#include "rules/settings/deploy_checks.h"

namespace preflight::rules {
namespace {

using namespace settings;

constexpr RuleInfo kSslRedirectOff{
    .code = "PF316",
    .name = "ssl-redirect-off",
    .family = Family::Settings,
    .severity = Severity::Warning,
    .summary = "SECURE_SSL_REDIRECT is not True (Django's security.W008)",
    .explanation = R"md(
## What it finds

Django's deploy check `security.W008`, which `manage.py check --deploy` prints: `SecurityMiddleware` is in `MIDDLEWARE` and `SECURE_SSL_REDIRECT is not True` (default `False`).

Only settings modules that run in production are checked: those a deployment file names
(Dockerfile `ENV`, compose `environment`, workflow `env`, `--settings`), those whose name says
production, and those with `DEBUG` False. A module whose `DEBUG` depends on the environment gets
the finding with "may" ("if the module runs in production"). A value that depends on the
environment never gives a definite finding: preflight says "may" only when one of the values the
module can take makes Django report the check, and says nothing when it cannot tell.

The finding points at the last assignment of `SECURE_SSL_REDIRECT`, or at the module's first line when
it keeps Django's default.

## What fails in production

Django itself serves plain-HTTP requests; unless the proxy redirects them, pages and cookies travel unencrypted. Django prints this warning even when the proxy does redirect.

## Example

```python
SECURE_SSL_REDIRECT = False
```

## Fix

Set `SECURE_SSL_REDIRECT = True` (with `SECURE_PROXY_SSL_HEADER` behind a TLS-terminating proxy, and `SECURE_REDIRECT_EXEMPT` for plain-HTTP health checks), or redirect at the proxy and silence the check with `SILENCED_SYSTEM_CHECKS = ["security.W008"]`.
)md"};

void check(const project::Project& analysed, Findings& out) {
  const std::string message =
      "Your SECURE_SSL_REDIRECT setting is not set to True. Unless your site should be available "
      "over both SSL and non-SSL connections, you may want to either set this setting True or "
      "configure a load balancer or reverse-proxy server to redirect all connections to HTTPS.";
  DeployCheck deploy_check;
  deploy_check.rule = &kSslRedirectOff;
  deploy_check.django_id = "security.W008";
  deploy_check.django_message = message;
  deploy_check.cause = "SECURE_SSL_REDIRECT";
  deploy_check.fires = [](const project::Project& project, const project::SettingsModule& module) {
    return contains(project, module, "MIDDLEWARE", kSecurityMiddleware) &&
           !is_true(project, module, "SECURE_SSL_REDIRECT");
  };
  run_deploy_check(deploy_check, analysed, out);
}

}  // namespace

PREFLIGHT_RULE(kSslRedirectOff, check);

}  // namespace preflight::rules
