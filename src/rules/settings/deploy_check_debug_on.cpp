// PF325: Django's security.W018 (`manage.py check --deploy`), reported at its cause.
#include <fmt/format.h>

#include "rules/registry.h"
#include "rules/settings/deploy_checks.h"

namespace preflight::rules {
namespace {

using namespace settings;

constexpr RuleInfo kDebugOnInProduction{
    .code = "PF325",
    .name = "debug-on-in-production",
    .family = Family::Settings,
    .severity = Severity::Warning,
    .summary = "DEBUG is on in a production settings module (Django's security.W018)",
    .explanation = R"md(
## What it finds

Django's deploy check `security.W018`, which `manage.py check --deploy` prints: `DEBUG` is truthy in a settings module that a deployment file names or whose name says production.

Only settings modules that run in production are checked: those a deployment file names
(Dockerfile `ENV`, compose `environment`, workflow `env`, `--settings`), those whose name says
production, and those with `DEBUG` False. A module whose `DEBUG` depends on the environment gets
the finding with "may" ("if the module runs in production"). A value that depends on the
environment never gives a definite finding: preflight says "may" only when one of the values the
module can take makes Django report the check, and says nothing when it cannot tell.

The finding points at the last assignment of `DEBUG`, or at the module's first line when
it keeps Django's default.

## What fails in production

Every error page shows the traceback, local variables and settings (secrets masked only by name) to whoever triggers it; Django keeps every SQL query in memory; `ALLOWED_HOSTS` falls back to the local names when empty.

## Example

```python
# harbor/settings/production.py
DEBUG = True
```

## Fix

Set `DEBUG = False` in production settings (or read it from the environment with a false default).
)md"};

void check(const project::Project& analysed, Findings& out) {
  const std::string message = "You should not have DEBUG set to True in deployment.";
  DeployCheck deploy_check;
  deploy_check.rule = &kDebugOnInProduction;
  deploy_check.django_id = "security.W018";
  deploy_check.django_message = message;
  deploy_check.cause = "DEBUG";
  deploy_check.fires = [](const project::Project& project, const project::SettingsModule& module) {
    return truthy(project, module, "DEBUG");
  };
  run_deploy_check(deploy_check, analysed, out);
}

}  // namespace

PREFLIGHT_RULE(kDebugOnInProduction, check);

}  // namespace preflight::rules
