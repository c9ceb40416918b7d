// PF324: Django's security.W016 (`manage.py check --deploy`), reported at its cause.
#include <fmt/format.h>

#include "rules/registry.h"
#include "rules/settings/deploy_checks.h"

namespace preflight::rules {
namespace {

using namespace settings;

constexpr RuleInfo kCsrfCookieInsecure{
    .code = "PF324",
    .name = "csrf-cookie-insecure",
    .family = Family::Settings,
    .severity = Severity::Warning,
    .summary = "CSRF_COOKIE_SECURE is not True (Django's security.W016)",
    .explanation = R"md(
## What it finds

Django's deploy check `security.W016`, which `manage.py check --deploy` prints: `CsrfViewMiddleware` is in `MIDDLEWARE`, `CSRF_USE_SESSIONS` is falsy and `CSRF_COOKIE_SECURE` is off (3.2 tests its truthiness; 4.0 and later `is not True`).

Only settings modules that run in production are checked: those a deployment file names
(Dockerfile `ENV`, compose `environment`, workflow `env`, `--settings`), those whose name says
production, and those with `DEBUG` False. A module whose `DEBUG` depends on the environment gets
the finding with "may" ("if the module runs in production"). A value that depends on the
environment never gives a definite finding: preflight says "may" only when one of the values the
module can take makes Django report the check, and says nothing when it cannot tell.

The finding points at the last assignment of `CSRF_COOKIE_SECURE`, or at the module's first line when
it keeps Django's default.

## What fails in production

The CSRF cookie is sent over plain HTTP too, where a network attacker can read it (and, over HTTP, set it).

## Example

```python
CSRF_COOKIE_SECURE = False
```

## Fix

Set `CSRF_COOKIE_SECURE = True`, or keep the token in the session with `CSRF_USE_SESSIONS = True`.
)md"};

void check(const project::Project& analysed, Findings& out) {
  const std::string message =
      "You have 'django.middleware.csrf.CsrfViewMiddleware' in your MIDDLEWARE, but you have not "
      "set CSRF_COOKIE_SECURE to True. Using a secure-only CSRF cookie makes it more difficult for "
      "network traffic sniffers to steal the CSRF token.";
  DeployCheck deploy_check;
  deploy_check.rule = &kCsrfCookieInsecure;
  deploy_check.django_id = "security.W016";
  deploy_check.django_message = message;
  deploy_check.cause = "CSRF_COOKIE_SECURE";
  deploy_check.fires = [](const project::Project& project, const project::SettingsModule& module) {
    return contains(project, module, "MIDDLEWARE", kCsrfMiddleware) &&
           !truthy(project, module, "CSRF_USE_SESSIONS") &&
           cookie_flag_off(project, module, "CSRF_COOKIE_SECURE");
  };
  run_deploy_check(deploy_check, analysed, out);
}

}  // namespace

PREFLIGHT_RULE(kCsrfCookieInsecure, check);

}  // namespace preflight::rules
