// PF333: Django 3.2's security.E100: DEFAULT_HASHING_ALGORITHM other than 'sha1' or 'sha256'.
#include <fmt/format.h>

#include "rules/registry.h"
#include "rules/settings/deploy_checks.h"

namespace preflight::rules {
namespace {

using namespace settings;
using django::settings::Value;

constexpr RuleInfo kHashingAlgorithmInvalid{
    .code = "PF333",
    .name = "hashing-algorithm-invalid",
    .family = Family::Settings,
    .severity = Severity::Error,
    .summary = "DEFAULT_HASHING_ALGORITHM is not 'sha1' or 'sha256' (Django 3.2's security.E100)",
    .explanation = R"md(
## What it finds

Django 3.2's system check `security.E100`: `DEFAULT_HASHING_ALGORITHM` (a transitional setting of
3.1 and 3.2, removed in 4.0) is neither `"sha1"` nor `"sha256"`. Unlike the deploy checks it runs
with every command that runs system checks, so every settings module that runs is checked, not
only the production ones. Nothing is reported when the target Django is 4.0 or later, where the
setting is ignored.

## What fails in production

E100 is an Error: `manage.py migrate`, `runserver` and every other command that runs the system
checks stop with "SystemCheckError: System check identified some issues", and `check --deploy`
exits 1.

## Example

```python
DEFAULT_HASHING_ALGORITHM = "sha512"
```

## Fix

Remove the setting (the default is `"sha256"`), or set `"sha1"` only while a 3.1 deployment still
needs to read the old signatures.
)md"};

void check(const project::Project& analysed, Findings& out) {
  DeployCheck deploy_check;
  deploy_check.rule = &kHashingAlgorithmInvalid;
  deploy_check.django_id = "security.E100";
  deploy_check.django_message = "DEFAULT_HASHING_ALGORITHM must be 'sha1' or 'sha256'.";
  deploy_check.cause = "DEFAULT_HASHING_ALGORITHM";
  deploy_check.until = django::DjangoVersion{4, 0};
  deploy_check.production_only = false;
  deploy_check.fires = [](const project::Project& project, const project::SettingsModule& module) {
    return test_setting(project, module, "DEFAULT_HASHING_ALGORITHM",
                        [](const Value& algorithm) -> std::optional<bool> {
                          if (algorithm.kind == Value::Kind::Str) {
                            return algorithm.text != "sha1" && algorithm.text != "sha256";
                          }
                          if (!algorithm.fully_known()) return std::nullopt;
                          return true;
                        });
  };
  run_deploy_check(deploy_check, analysed, out);
}

}  // namespace

PREFLIGHT_RULE(kHashingAlgorithmInvalid, check);

}  // namespace preflight::rules
