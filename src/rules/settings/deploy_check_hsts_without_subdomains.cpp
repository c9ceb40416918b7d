// PF314: Django's security.W005 (`manage.py check --deploy`), reported at its cause.
#include <fmt/format.h>

#include "rules/registry.h"
#include "rules/settings/deploy_checks.h"

namespace preflight::rules {
namespace {

using namespace settings;

constexpr RuleInfo kHstsWithoutSubdomains{
    .code = "PF314",
    .name = "hsts-without-subdomains",
    .family = Family::Settings,
    .severity = Severity::Warning,
    .summary = "HSTS without SECURE_HSTS_INCLUDE_SUBDOMAINS (Django's security.W005)",
    .explanation = R"md(
## What it finds

Django's deploy check `security.W005`, which `manage.py check --deploy` prints: `SecurityMiddleware` is in `MIDDLEWARE`, `SECURE_HSTS_SECONDS` is truthy and `SECURE_HSTS_INCLUDE_SUBDOMAINS is not True` (a truthy non-bool such as the string `"True"` fails too).

Only settings modules that run in production are checked: those a deployment file names
(Dockerfile `ENV`, compose `environment`, workflow `env`, `--settings`), those whose name says
production, and those with `DEBUG` False. A module whose `DEBUG` depends on the environment gets
the finding with "may" ("if the module runs in production"). A value that depends on the
environment never gives a definite finding: preflight says "may" only when one of the values the
module can take makes Django report the check, and says nothing when it cannot tell.

The finding points at the last assignment of `SECURE_HSTS_INCLUDE_SUBDOMAINS`, or at the module's first line when
it keeps Django's default.

## What fails in production

The HSTS header lacks `includeSubDomains`: subdomains are still reached over plain HTTP, where cookies scoped to the parent domain can be read or set.

## Example

```python
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
```

## Fix

Set `SECURE_HSTS_INCLUDE_SUBDOMAINS = True` once every subdomain is served over HTTPS.
)md"};

void check(const project::Project& analysed, Findings& out) {
  const std::string message =
      "You have not set the SECURE_HSTS_INCLUDE_SUBDOMAINS setting to True. Without this, your "
      "site is potentially vulnerable to attack via an insecure connection to a subdomain. Only "
      "set this to True if you are certain that all subdomains of your domain should be served "
      "exclusively via SSL.";
  DeployCheck deploy_check;
  deploy_check.rule = &kHstsWithoutSubdomains;
  deploy_check.django_id = "security.W005";
  deploy_check.django_message = message;
  deploy_check.cause = "SECURE_HSTS_INCLUDE_SUBDOMAINS";
  deploy_check.fires = [](const project::Project& project, const project::SettingsModule& module) {
    return contains(project, module, "MIDDLEWARE", kSecurityMiddleware) &&
           truthy(project, module, "SECURE_HSTS_SECONDS") &&
           !is_true(project, module, "SECURE_HSTS_INCLUDE_SUBDOMAINS");
  };
  run_deploy_check(deploy_check, analysed, out);
}

}  // namespace

PREFLIGHT_RULE(kHstsWithoutSubdomains, check);

}  // namespace preflight::rules
