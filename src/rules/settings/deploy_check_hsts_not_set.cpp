// PF313: Django's security.W004 (`manage.py check --deploy`), reported at its cause.
#include <fmt/format.h>

#include "rules/registry.h"
#include "rules/settings/deploy_checks.h"

namespace preflight::rules {
namespace {

using namespace settings;

constexpr RuleInfo kHstsNotSet{.code = "PF313",
                               .name = "hsts-not-set",
                               .family = Family::Settings,
                               .severity = Severity::Warning,
                               .summary = "SECURE_HSTS_SECONDS is not set (Django's security.W004)",
                               .explanation = R"md(
## What it finds

Django's deploy check `security.W004`, which `manage.py check --deploy` prints: `SecurityMiddleware` is in `MIDDLEWARE` and `SECURE_HSTS_SECONDS` is falsy (Django's default is `0`).

Only settings modules that run in production are checked: those a deployment file names
(Dockerfile `ENV`, compose `environment`, workflow `env`, `--settings`), those whose name says
production, and those with `DEBUG` False. A module whose `DEBUG` depends on the environment gets
the finding with "may" ("if the module runs in production"). A value that depends on the
environment never gives a definite finding: preflight says "may" only when one of the values the
module can take makes Django report the check, and says nothing when it cannot tell.

The finding points at the last assignment of `SECURE_HSTS_SECONDS`, or at the module's first line when
it keeps Django's default.

## What fails in production

No `Strict-Transport-Security` header: a browser that once reached the site over HTTPS still tries plain HTTP first, where an attacker on the network can intercept it.

## Example

```python
SECURE_HSTS_SECONDS = 0
```

## Fix

Once the whole site is served over HTTPS, set `SECURE_HSTS_SECONDS` (start small, e.g. `3600`, then a year: `31536000`).
)md"};

void check(const project::Project& analysed, Findings& out) {
  const std::string message =
      "You have not set a value for the SECURE_HSTS_SECONDS setting. If your entire site is served "
      "only over SSL, you may want to consider setting a value and enabling HTTP Strict Transport "
      "Security. Be sure to read the documentation first; enabling HSTS carelessly can cause "
      "serious, irreversible problems.";
  DeployCheck deploy_check;
  deploy_check.rule = &kHstsNotSet;
  deploy_check.django_id = "security.W004";
  deploy_check.django_message = message;
  deploy_check.cause = "SECURE_HSTS_SECONDS";
  deploy_check.fires = [](const project::Project& project, const project::SettingsModule& module) {
    return contains(project, module, "MIDDLEWARE", kSecurityMiddleware) &&
           !truthy(project, module, "SECURE_HSTS_SECONDS");
  };
  run_deploy_check(deploy_check, analysed, out);
}

}  // namespace

PREFLIGHT_RULE(kHstsNotSet, check);

}  // namespace preflight::rules
