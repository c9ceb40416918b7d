// PF312: Django's security.W003 (`manage.py check --deploy`), reported at its cause.
#include <fmt/format.h>

#include "rules/registry.h"
#include "rules/settings/deploy_checks.h"

namespace preflight::rules {
namespace {

using namespace settings;

constexpr RuleInfo kCsrfMiddlewareMissing{
    .code = "PF312",
    .name = "csrf-middleware-missing",
    .family = Family::Settings,
    .severity = Severity::Warning,
    .summary = "CsrfViewMiddleware is not in MIDDLEWARE (Django's security.W003)",
    .explanation = R"md(
## What it finds

Django's deploy check `security.W003`, which `manage.py check --deploy` prints: `MIDDLEWARE` does not contain `"django.middleware.csrf.CsrfViewMiddleware"` (exact string).

Only settings modules that run in production are checked: those a deployment file names
(Dockerfile `ENV`, compose `environment`, workflow `env`, `--settings`), those whose name says
production, and those with `DEBUG` False. A module whose `DEBUG` depends on the environment gets
the finding with "may" ("if the module runs in production"). A value that depends on the
environment never gives a definite finding: preflight says "may" only when one of the values the
module can take makes Django report the check, and says nothing when it cannot tell.

The finding points at the last assignment of `MIDDLEWARE`, or at the module's first line when
it keeps Django's default.

## What fails in production

Views are not CSRF-protected unless each one is decorated with `csrf_protect`: a forged cross-site POST is accepted.

## Example

```python
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
]
```

## Fix

Add `"django.middleware.csrf.CsrfViewMiddleware"` to `MIDDLEWARE` (after `SessionMiddleware`).
)md"};

void check(const project::Project& analysed, Findings& out) {
  const std::string message =
      "You don't appear to be using Django's built-in cross-site request forgery protection via "
      "the middleware ('django.middleware.csrf.CsrfViewMiddleware' is not in your MIDDLEWARE). "
      "Enabling the middleware is the safest approach to ensure you don't leave any holes.";
  DeployCheck deploy_check;
  deploy_check.rule = &kCsrfMiddlewareMissing;
  deploy_check.django_id = "security.W003";
  deploy_check.django_message = message;
  deploy_check.cause = "MIDDLEWARE";
  deploy_check.fires = [](const project::Project& project, const project::SettingsModule& module) {
    return !contains(project, module, "MIDDLEWARE", kCsrfMiddleware);
  };
  deploy_check.detail = [](const project::Project&, const project::SettingsModule&) {
    return fmt::format("`MIDDLEWARE` lacks `{}`", kCsrfMiddleware);
  };
  run_deploy_check(deploy_check, analysed, out);
}

}  // namespace

PREFLIGHT_RULE(kCsrfMiddlewareMissing, check);

}  // namespace preflight::rules
