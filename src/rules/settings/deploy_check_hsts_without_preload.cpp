// PF328: Django's security.W021 (`manage.py check --deploy`), reported at its cause.
#include <fmt/format.h>

#include "rules/registry.h"
#include "rules/settings/deploy_checks.h"

namespace preflight::rules {
namespace {

using namespace settings;

constexpr RuleInfo kHstsWithoutPreload{
    .code = "PF328",
    .name = "hsts-without-preload",
    .family = Family::Settings,
    .severity = Severity::Warning,
    .summary = "HSTS without SECURE_HSTS_PRELOAD (Django's security.W021)",
    .explanation = R"md(
## What it finds

Django's deploy check `security.W021`, which `manage.py check --deploy` prints: `SecurityMiddleware` is in `MIDDLEWARE`, `SECURE_HSTS_SECONDS` is truthy and `SECURE_HSTS_PRELOAD is not True`.

Only settings modules that run in production are checked: those a deployment file names
(Dockerfile `ENV`, compose `environment`, workflow `env`, `--settings`), those whose name says
production, and those with `DEBUG` False. A module whose `DEBUG` depends on the environment gets
the finding with "may" ("if the module runs in production"). A value that depends on the
environment never gives a definite finding: preflight says "may" only when one of the values the
module can take makes Django report the check, and says nothing when it cannot tell.

The finding points at the last assignment of `SECURE_HSTS_PRELOAD`, or at the module's first line when
it keeps Django's default.

## What fails in production

The HSTS header lacks `preload`: the site cannot enter the browsers' preload list, so a browser's very first request may still go over plain HTTP.

## Example

```python
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
```

## Fix

Set `SECURE_HSTS_PRELOAD = True` when the domain is to be submitted to hstspreload.org.
)md"};

void check(const project::Project& analysed, Findings& out) {
  const std::string message =
      "You have not set the SECURE_HSTS_PRELOAD setting to True. Without this, your site cannot be "
      "submitted to the browser preload list.";
  DeployCheck deploy_check;
  deploy_check.rule = &kHstsWithoutPreload;
  deploy_check.django_id = "security.W021";
  deploy_check.django_message = message;
  deploy_check.cause = "SECURE_HSTS_PRELOAD";
  deploy_check.fires = [](const project::Project& project, const project::SettingsModule& module) {
    return contains(project, module, "MIDDLEWARE", kSecurityMiddleware) &&
           truthy(project, module, "SECURE_HSTS_SECONDS") &&
           !is_true(project, module, "SECURE_HSTS_PRELOAD");
  };
  run_deploy_check(deploy_check, analysed, out);
}

}  // namespace

PREFLIGHT_RULE(kHstsWithoutPreload, check);

}  // namespace preflight::rules
