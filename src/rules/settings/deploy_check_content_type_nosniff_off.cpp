// PF315: Django's security.W006 (`manage.py check --deploy`), reported at its cause.
#include <fmt/format.h>

#include "rules/registry.h"
#include "rules/settings/deploy_checks.h"

namespace preflight::rules {
namespace {

using namespace settings;

constexpr RuleInfo kContentTypeNosniffOff{
    .code = "PF315",
    .name = "content-type-nosniff-off",
    .family = Family::Settings,
    .severity = Severity::Warning,
    .summary = "SECURE_CONTENT_TYPE_NOSNIFF is not True (Django's security.W006)",
    .explanation = R"md(
## What it finds

Django's deploy check `security.W006`, which `manage.py check --deploy` prints: `SecurityMiddleware` is in `MIDDLEWARE` and `SECURE_CONTENT_TYPE_NOSNIFF is not True` (Django's default is `True`: this fires only when the project turns it off or sets a non-bool).

Only settings modules that run in production are checked: those a deployment file names
(Dockerfile `ENV`, compose `environment`, workflow `env`, `--settings`), those whose name says
production, and those with `DEBUG` False. A module whose `DEBUG` depends on the environment gets
the finding with "may" ("if the module runs in production"). A value that depends on the
environment never gives a definite finding: preflight says "may" only when one of the values the
module can take makes Django report the check, and says nothing when it cannot tell.

The finding points at the last assignment of `SECURE_CONTENT_TYPE_NOSNIFF`, or at the module's first line when
it keeps Django's default.

## What fails in production

No `X-Content-Type-Options: nosniff`: a browser may sniff an uploaded file served as text as HTML or script.

## Example

```python
SECURE_CONTENT_TYPE_NOSNIFF = False
```

## Fix

Remove the assignment (the default is `True`) or set it to `True`.
)md"};

void check(const project::Project& analysed, Findings& out) {
  const std::string message =
      "Your SECURE_CONTENT_TYPE_NOSNIFF setting is not set to True, so your pages will not be "
      "served with an 'X-Content-Type-Options: nosniff' header. You should consider enabling this "
      "header to prevent the browser from identifying content types incorrectly.";
  DeployCheck deploy_check;
  deploy_check.rule = &kContentTypeNosniffOff;
  deploy_check.django_id = "security.W006";
  deploy_check.django_message = message;
  deploy_check.cause = "SECURE_CONTENT_TYPE_NOSNIFF";
  deploy_check.fires = [](const project::Project& project, const project::SettingsModule& module) {
    return contains(project, module, "MIDDLEWARE", kSecurityMiddleware) &&
           !is_true(project, module, "SECURE_CONTENT_TYPE_NOSNIFF");
  };
  run_deploy_check(deploy_check, analysed, out);
}

}  // namespace

PREFLIGHT_RULE(kContentTypeNosniffOff, check);

}  // namespace preflight::rules
