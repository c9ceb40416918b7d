// PF320: Django's security.W012 (`manage.py check --deploy`), reported at its cause.
#include <fmt/format.h>

#include "rules/registry.h"
#include "rules/settings/deploy_checks.h"

namespace preflight::rules {
namespace {

using namespace settings;

constexpr RuleInfo kSessionCookieInsecure{
    .code = "PF320",
    .name = "session-cookie-insecure",
    .family = Family::Settings,
    .severity = Severity::Warning,
    .summary = "SESSION_COOKIE_SECURE is not True (Django's security.W012)",
    .explanation = R"md(
## What it finds

Django's deploy check `security.W012`, which `manage.py check --deploy` prints: `SESSION_COOKIE_SECURE` is off and both `"django.contrib.sessions"` (in `INSTALLED_APPS`) and `SessionMiddleware` (in `MIDDLEWARE`) are present. Django 3.2 tests the setting's truthiness; from 4.0 on, `is not True` (research §8), so a truthy non-bool such as the string `"True"` read from the environment without a cast fails there. Of W010/W011/W012 (and W013/W014/W015) Django reports exactly one: W012 (W015) when both the app and the middleware are present.

Only settings modules that run in production are checked: those a deployment file names
(Dockerfile `ENV`, compose `environment`, workflow `env`, `--settings`), those whose name says
production, and those with `DEBUG` False. A module whose `DEBUG` depends on the environment gets
the finding with "may" ("if the module runs in production"). A value that depends on the
environment never gives a definite finding: preflight says "may" only when one of the values the
module can take makes Django report the check, and says nothing when it cannot tell.

The finding points at the last assignment of `SESSION_COOKIE_SECURE`, or at the module's first line when
it keeps Django's default.

## What fails in production

The session cookie is sent over plain HTTP too: anyone on the network path can copy it and take over the session.

## Example

```python
INSTALLED_APPS = [..., "django.contrib.sessions"]
MIDDLEWARE = [..., "django.contrib.sessions.middleware.SessionMiddleware"]
SESSION_COOKIE_SECURE = False
```

## Fix

Set `SESSION_COOKIE_SECURE = True`.
)md"};

void check(const project::Project& analysed, Findings& out) {
  const std::string message =
      "SESSION_COOKIE_SECURE is not set to True."
      " Using a secure-only session cookie makes it more difficult for network traffic sniffers to "
      "hijack user sessions.";
  DeployCheck deploy_check;
  deploy_check.rule = &kSessionCookieInsecure;
  deploy_check.django_id = "security.W012";
  deploy_check.django_message = message;
  deploy_check.cause = "SESSION_COOKIE_SECURE";
  deploy_check.fires = [](const project::Project& project, const project::SettingsModule& module) {
    return cookie_flag_off(project, module, "SESSION_COOKIE_SECURE") &&
           contains(project, module, "INSTALLED_APPS", kSessionsApp) &&
           contains(project, module, "MIDDLEWARE", kSessionMiddleware);
  };
  run_deploy_check(deploy_check, analysed, out);
}

}  // namespace

PREFLIGHT_RULE(kSessionCookieInsecure, check);

}  // namespace preflight::rules
