// PF327: Django's security.W020 (`manage.py check --deploy`), reported at its cause.
#include <fmt/format.h>

#include "rules/registry.h"
#include "rules/settings/deploy_checks.h"

namespace preflight::rules {
namespace {

using namespace settings;

constexpr RuleInfo kAllowedHostsEmpty{
    .code = "PF327",
    .name = "allowed-hosts-empty",
    .family = Family::Settings,
    .severity = Severity::Warning,
    .summary = "ALLOWED_HOSTS is empty in a production settings module (Django's security.W020)",
    .explanation = R"md(
## What it finds

Django's deploy check `security.W020`, which `manage.py check --deploy` prints: `ALLOWED_HOSTS` is empty (or falsy) in a production settings module.

Only settings modules that run in production are checked: those a deployment file names
(Dockerfile `ENV`, compose `environment`, workflow `env`, `--settings`), those whose name says
production, and those with `DEBUG` False. A module whose `DEBUG` depends on the environment gets
the finding with "may" ("if the module runs in production"). A value that depends on the
environment never gives a definite finding: preflight says "may" only when one of the values the
module can take makes Django report the check, and says nothing when it cannot tell.

The finding points at the last assignment of `ALLOWED_HOSTS`, or at the module's first line when
it keeps Django's default.

## What fails in production

With `DEBUG` False, every request whose host is checked (CommonMiddleware checks them all) gets 400 Bad Request (`DisallowedHost`); `runserver` refuses to start.

## Example

```python
ALLOWED_HOSTS = []
```

## Fix

List the host names the site is served under: `ALLOWED_HOSTS = ["api.example.com"]`.
)md"};

void check(const project::Project& analysed, Findings& out) {
  const std::string message = "ALLOWED_HOSTS must not be empty in deployment.";
  DeployCheck deploy_check;
  deploy_check.rule = &kAllowedHostsEmpty;
  deploy_check.django_id = "security.W020";
  deploy_check.django_message = message;
  deploy_check.cause = "ALLOWED_HOSTS";
  deploy_check.fires = [](const project::Project& project, const project::SettingsModule& module) {
    return !truthy(project, module, "ALLOWED_HOSTS");
  };
  run_deploy_check(deploy_check, analysed, out);
}

}  // namespace

PREFLIGHT_RULE(kAllowedHostsEmpty, check);

}  // namespace preflight::rules
