// PF322: Django's security.W014 (`manage.py check --deploy`), reported at its cause.
#include <fmt/format.h>

#include "rules/registry.h"
#include "rules/settings/deploy_checks.h"

namespace preflight::rules {
namespace {

using namespace settings;

constexpr RuleInfo kSessionCookieHttponlyOffMiddleware{
    .code = "PF322",
    .name = "session-cookie-httponly-off-middleware",
    .family = Family::Settings,
    .severity = Severity::Warning,
    .summary = "SESSION_COOKIE_HTTPONLY off with SessionMiddleware only (Django's security.W014)",
    .explanation = R"md(
## What it finds

Django's deploy check `security.W014`, which `manage.py check --deploy` prints: `SESSION_COOKIE_HTTPONLY` is off and `SessionMiddleware` is in `MIDDLEWARE` while `"django.contrib.sessions"` is not in `INSTALLED_APPS`. Django 3.2 tests the setting's truthiness; from 4.0 on, `is not True` (research §8), so a truthy non-bool such as the string `"True"` read from the environment without a cast fails there. Of W010/W011/W012 (and W013/W014/W015) Django reports exactly one: W012 (W015) when both the app and the middleware are present.

Only settings modules that run in production are checked: those a deployment file names
(Dockerfile `ENV`, compose `environment`, workflow `env`, `--settings`), those whose name says
production, and those with `DEBUG` False. A module whose `DEBUG` depends on the environment gets
the finding with "may" ("if the module runs in production"). A value that depends on the
environment never gives a definite finding: preflight says "may" only when one of the values the
module can take makes Django report the check, and says nothing when it cannot tell.

The finding points at the last assignment of `SESSION_COOKIE_HTTPONLY`, or at the module's first line when
it keeps Django's default.

## What fails in production

JavaScript can read the session cookie: one cross-site-scripting flaw is enough to steal sessions.

## Example

```python
INSTALLED_APPS = [..., "django.contrib.sessions"]
MIDDLEWARE = [..., "django.contrib.sessions.middleware.SessionMiddleware"]
SESSION_COOKIE_HTTPONLY = False
```

## Fix

Set `SESSION_COOKIE_HTTPONLY = True` (the default).
)md"};

void check(const project::Project& analysed, Findings& out) {
  const std::string message =
      "You have 'django.contrib.sessions.middleware.SessionMiddleware' in your MIDDLEWARE, but you "
      "have not set SESSION_COOKIE_HTTPONLY to True."
      " Using an HttpOnly session cookie makes it more difficult for cross-site scripting attacks "
      "to hijack user sessions.";
  DeployCheck deploy_check;
  deploy_check.rule = &kSessionCookieHttponlyOffMiddleware;
  deploy_check.django_id = "security.W014";
  deploy_check.django_message = message;
  deploy_check.cause = "SESSION_COOKIE_HTTPONLY";
  deploy_check.fires = [](const project::Project& project, const project::SettingsModule& module) {
    return cookie_flag_off(project, module, "SESSION_COOKIE_HTTPONLY") &&
           !contains(project, module, "INSTALLED_APPS", kSessionsApp) &&
           contains(project, module, "MIDDLEWARE", kSessionMiddleware);
  };
  run_deploy_check(deploy_check, analysed, out);
}

}  // namespace

PREFLIGHT_RULE(kSessionCookieHttponlyOffMiddleware, check);

}  // namespace preflight::rules
