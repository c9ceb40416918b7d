// PF310: Django's security.W001 (`manage.py check --deploy`), reported at its cause.
#include <fmt/format.h>

#include "rules/registry.h"
#include "rules/settings/deploy_checks.h"

namespace preflight::rules {
namespace {

using namespace settings;

constexpr RuleInfo kSecurityMiddlewareMissing{
    .code = "PF310",
    .name = "security-middleware-missing",
    .family = Family::Settings,
    .severity = Severity::Warning,
    .summary = "SecurityMiddleware is not in MIDDLEWARE (Django's security.W001)",
    .explanation = R"md(
## What it finds

Django's deploy check `security.W001`, which `manage.py check --deploy` prints: `MIDDLEWARE` does not contain the string `"django.middleware.security.SecurityMiddleware"` (Django tests the exact string, not a subclass).

Only settings modules that run in production are checked: those a deployment file names
(Dockerfile `ENV`, compose `environment`, workflow `env`, `--settings`), those whose name says
production, and those with `DEBUG` False. A module whose `DEBUG` depends on the environment gets
the finding with "may" ("if the module runs in production"). A value that depends on the
environment never gives a definite finding: preflight says "may" only when one of the values the
module can take makes Django report the check, and says nothing when it cannot tell.

The finding points at the last assignment of `MIDDLEWARE`, or at the module's first line when
it keeps Django's default.

## What fails in production

No HSTS header, no `X-Content-Type-Options: nosniff`, no `Referrer-Policy`, no HTTPS redirect: every `SECURE_*` setting is silently ignored, whatever it says.

## Example

```python
MIDDLEWARE = [
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]
```

## Fix

Put `"django.middleware.security.SecurityMiddleware"` near the top of `MIDDLEWARE`.
)md"};

void check(const project::Project& analysed, Findings& out) {
  const bool before_4_0 = analysed.model_options().django_version < django::DjangoVersion{4, 0};
  const std::string message = fmt::format(
      "You do not have 'django.middleware.security.SecurityMiddleware' in your MIDDLEWARE so the "
      "SECURE_HSTS_SECONDS, SECURE_CONTENT_TYPE_NOSNIFF, {}SECURE_REFERRER_POLICY, {}and "
      "SECURE_SSL_REDIRECT settings will have no effect.",
      before_4_0 ? "SECURE_BROWSER_XSS_FILTER, " : "",
      before_4_0 ? "" : "SECURE_CROSS_ORIGIN_OPENER_POLICY, ");
  DeployCheck deploy_check;
  deploy_check.rule = &kSecurityMiddlewareMissing;
  deploy_check.django_id = "security.W001";
  deploy_check.django_message = message;
  deploy_check.cause = "MIDDLEWARE";
  deploy_check.fires = [](const project::Project& project, const project::SettingsModule& module) {
    return !contains(project, module, "MIDDLEWARE", kSecurityMiddleware);
  };
  deploy_check.detail = [](const project::Project&, const project::SettingsModule&) {
    return fmt::format("`MIDDLEWARE` lacks `{}`", kSecurityMiddleware);
  };
  run_deploy_check(deploy_check, analysed, out);
}

}  // namespace

PREFLIGHT_RULE(kSecurityMiddlewareMissing, check);

}  // namespace preflight::rules
