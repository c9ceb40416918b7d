// PF308: SECRET_KEY read from the environment with a literal default: production runs with the
// key committed to the repository whenever the variable is missing.
#include <fmt/format.h>

#include "rules/registry.h"
#include "rules/settings/deploy_checks.h"
#include "rules/settings/settings_rules.h"

namespace preflight::rules {
namespace {

using namespace settings;
using django::settings::Value;

constexpr RuleInfo kSecretKeyLiteralDefault{
    .code = "PF308",
    .name = "secret-key-literal-default",
    .family = Family::Settings,
    .severity = Severity::Warning,
    .summary = "SECRET_KEY falls back to a literal in the code when the variable is missing",
    .explanation = R"md(
## What it finds

A production settings module (one a deployment file names, one whose name says production, or
one with `DEBUG` False) whose `SECRET_KEY` is read from the environment with a literal default:
`os.environ.get("SECRET_KEY", "...")`, `os.getenv(...)`, decouple's
`config("SECRET_KEY", default="...")`, django-environ's `env("SECRET_KEY", default="...")`, or a
branch that assigns a literal when a variable is unset. Only a default Django's W009 test accepts
is reported here (50 characters or more, 5 distinct, no `django-insecure-` prefix): a weak default
is PF317's "may" finding, and an empty default (`""`) is the idiom that makes a missing variable
fail loudly, so it is not reported. When `--env`/`--env-file` give the whole environment, the
value is known and this rule has nothing to say.

## What fails in production

Nothing fails, which is the problem: when the variable is missing (a new server, a renamed
variable, a compose file without `env_file`), the application starts with the key that is in the
repository, and everyone who can read the repository can forge sessions, password-reset tokens
and signed cookies. `check --deploy` does not notice, because the key looks random.

## Example

```python
SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", "q8v$1z@x0m!c9r#e7t-w2y5u4i3o6p8a1s0d9f7g5h3j2k4l6"
)
```

## Fix

Read it without a default, so that a missing variable stops the start:
`SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]` (or `config("DJANGO_SECRET_KEY")`), keep any
development key in the development settings only, and rotate the committed key.
)md"};

// The alternatives an environment read with a literal default gives: the literal and an unknown
// that comes from the environment.
bool literal_fallback(const Value& key) {
  if (!key.is_candidates()) return false;
  bool from_environment = false;
  bool strong_literal = false;
  for (const Value& alternative : key.items) {
    if (alternative.is_unknown() && alternative.text.starts_with("env ")) from_environment = true;
    if (alternative.kind == Value::Kind::Str && strong_secret_key(alternative.text)) {
      strong_literal = true;
    }
  }
  return from_environment && strong_literal;
}

std::string variable(const Value& key) {
  for (const Value& alternative : key.items) {
    if (alternative.is_unknown() && alternative.text.starts_with("env ")) {
      std::string name = alternative.text.substr(4);
      return name.substr(0, name.find(' '));
    }
  }
  return "the variable";
}

void check(const project::Project& analysed, Findings& out) {
  SettingCheck setting_check;
  setting_check.rule = &kSecretKeyLiteralDefault;
  setting_check.cause = "SECRET_KEY";
  setting_check.fires = [](const project::Project& project, const project::SettingsModule& module) {
    const std::optional<Value> key = effective(project, module, "SECRET_KEY");
    return Outcome::of(key && literal_fallback(*key));
  };
  setting_check.message = [](const project::Project& project, const project::SettingsModule& module,
                             bool certain) {
    const std::string name = variable(*effective(project, module, "SECRET_KEY"));
    return fmt::format(
        "`SECRET_KEY` in {} falls back to a literal in the repository when `{}` is not set: "
        "production {} with a key anyone who reads the code has (sessions, password-reset tokens "
        "and signed cookies can be forged), and `check --deploy` does not notice because the "
        "key looks random",
        describe(module), name, certain ? "then runs" : "may then run");
  };
  run_setting_check(setting_check, analysed, out);
}

}  // namespace

PREFLIGHT_RULE(kSecretKeyLiteralDefault, check);

}  // namespace preflight::rules
