// PF506: a deployment file names a settings module the project does not have, or runs a module
// where a variable it requires is not set: the process stops while Django imports its settings.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "deploy/shell/script.h"
#include "project/command_settings.h"
#include "project/required_variables.h"
#include "rules/registry.h"

namespace preflight::rules {
namespace {

constexpr RuleInfo kSettingsModuleMissing{
    .code = "PF506",
    .name = "settings-module-missing",
    .family = Family::Deploy,
    .severity = Severity::Error,
    .summary =
        "a deployment names a settings module the project does not have, or does not set a "
        "variable the module requires",
    .explanation = R"md(
## What it finds

Two ways a process of the deployment cannot load its settings:

- A settings module named by a deployment file (Dockerfile `ENV`, compose `environment`,
  workflow `env`, Kubernetes container `env`, `--settings=` or `DJANGO_SETTINGS_MODULE=` in a
  command) that is not in the project: a typo, a module renamed or moved, a `settings/` package
  that has no `prod.py`. It is reported once, where the name is first written, with the other
  places that name it.
- A settings module that reads a variable without a default (`os.environ["X"]`, decouple's
  `config("X")`, django-environ's `env("X")` or `env.db()`), run where that variable is not set:
  a CI job whose `env` lacks it (a runner has nothing else of the application's), or a compose
  service that builds the project's image and sets it neither in `environment` nor in the
  image's `ENV` (a service with an `env_file` is not judged: the file is not in the repository).
  preflight evaluates the module in exactly that environment, and names each variable it stops
  at.

## What fails in production

Django imports the settings module before anything else, so every management command and the
application server fail at once. A missing module gives `ModuleNotFoundError: No module named
'shop.settings.prod'` (the first part of the dotted name that does not exist). A missing variable
gives the error of the library that reads it: `KeyError: 'DJANGO_SECRET_KEY'`,
`decouple.UndefinedValueError: DJANGO_SECRET_KEY not found. Declare it as envvar or define a
default value.`, or `django.core.exceptions.ImproperlyConfigured: Set the DJANGO_SECRET_KEY
environment variable`. A job fails at its first `manage.py` step; a container exits as soon as
gunicorn's workers import the application, and restarts in a loop.

## Example

```yaml
# .github/workflows/deploy.yml
jobs:
  check:
    runs-on: ubuntu-latest
    env:
      DJANGO_SETTINGS_MODULE: mysite.settings.prod   # the file is mysite/settings/production.py
    steps:
      - run: python manage.py check --deploy
```

## Fix

Name a module the project has (`preflight settings --module M` prints what it evaluates to). Give
every variable the module reads without a default to the job (`env:` from a secret) or to the
container (`environment:` or an `env_file`), or give the read a default when the variable is
optional.
)md"};

// The known settings modules with a file, for the message.
std::vector<std::string> existing_modules(const project::Project& project) {
  std::vector<std::string> names;
  for (const project::SettingsModule& module : project.settings_modules()) {
    if (module.file) names.push_back(module.name);
  }
  return names;
}

bool module_exists(const project::Project& project, const std::string& dotted) {
  return std::any_of(project.module_sources().begin(), project.module_sources().end(),
                     [&](const django::ModuleSource& source) {
                       return source.module_name == dotted ||
                              source.module_name.starts_with(dotted + ".");
                     });
}

// What ModuleNotFoundError says: the first part of the dotted name that is not in the project,
// and whether the part before it is a plain module rather than a package.
std::string not_found_text(const project::Project& project, const std::string& dotted) {
  std::size_t end = 0;
  std::string parent;
  while (true) {
    end = dotted.find('.', end + 1);
    const std::string prefix = dotted.substr(0, end);
    if (!module_exists(project, prefix)) break;
    if (end == std::string::npos)
      return fmt::format("ModuleNotFoundError: No module named '{}'", dotted);
    parent = prefix;
  }
  const std::string prefix = dotted.substr(0, end);
  const bool plain_module =
      !parent.empty() &&
      std::any_of(project.module_sources().begin(), project.module_sources().end(),
                  [&](const django::ModuleSource& source) {
                    return source.module_name == parent && !source.path.ends_with("__init__.py");
                  });
  if (plain_module) {
    return fmt::format("ModuleNotFoundError: No module named '{}'; '{}' is not a package", prefix,
                       parent);
  }
  return fmt::format("ModuleNotFoundError: No module named '{}'", prefix);
}

bool missing(const project::SettingsModule& module) {
  return !module.file && !module.settings.found;
}

void report_missing_modules(const project::Project& project, Findings& out) {
  const std::vector<std::string> existing = existing_modules(project);
  if (existing.empty()) return;  // not a project whose modules are seen here
  std::set<std::string> reported;
  for (const project::SettingsModule& module : project.settings_modules()) {
    if (!missing(module)) continue;
    std::vector<const project::SettingsUse*> uses;
    for (const project::SettingsUse& use : module.uses) {
      if (use.kind == project::SettingsUse::Kind::Deployment && use.span) uses.push_back(&use);
    }
    if (uses.empty()) continue;
    std::sort(uses.begin(), uses.end(), [](const auto* a, const auto* b) {
      return std::tie(a->span->file, a->span->begin) < std::tie(b->span->file, b->span->begin);
    });
    reported.insert(module.name);
    auto finding = out.add(kSettingsModuleMissing, *uses.front()->span);
    finding.message(fmt::format(
        "{} names settings module `{}`, which is not in the project: Django cannot import it, "
        "so every process that runs with it stops at startup; the project's settings modules "
        "are {}",
        uses.front()->where, module.name, fmt::join(existing, ", ")));
    finding.predicts(not_found_text(project, module.name));
    for (std::size_t i = 1; i < uses.size(); ++i) {
      finding.related(*uses[i]->span, fmt::format("{} names it too", uses[i]->where));
    }
  }
  // A command given the name some other way than the files' text shows.
  for (const project::ManageRun& run : project.deployment_commands().manage_runs) {
    const project::ModuleChoice choice = project::settings_for(project, run);
    if (choice.name.empty() || choice.module || !choice.span) continue;
    if (module_exists(project, choice.name) || !reported.insert(choice.name).second) continue;
    auto finding = out.add(kSettingsModuleMissing, *choice.span);
    finding.message(fmt::format(
        "`manage.py {}` runs with settings module `{}` ({}), which is not in the project; the "
        "project's settings modules are {}",
        run.command.subcommand, choice.name, choice.why, fmt::join(existing, ", ")));
    finding.predicts(not_found_text(project, choice.name));
  }
}

// manage.py catches ImproperlyConfigured from the settings import and runs the command anyway:
// commands that load models first (`check`, `showmigrations`) then fail on the app registry.
std::string failure_text(const project::Required& required, bool manage_py) {
  if (required.type == "UndefinedValueError") {
    return fmt::format(
        "decouple.UndefinedValueError: {} not found. Declare it as envvar or define a default "
        "value.",
        required.variable);
  }
  if (required.type == "ImproperlyConfigured") {
    return fmt::format(
        "django.core.exceptions.ImproperlyConfigured: Set the {} environment variable{}",
        required.variable,
        manage_py ? " (manage.py defers it: commands that load models first, such as `check` "
                    "and `showmigrations`, fail with django.core.exceptions.AppRegistryNotReady: "
                    "Models aren't loaded yet.)"
                  : "");
  }
  return fmt::format("KeyError: '{}'", required.variable);
}

std::string read_form(const project::Required& required) {
  if (required.type == "UndefinedValueError")
    return fmt::format("config(\"{}\")", required.variable);
  if (required.type == "ImproperlyConfigured") return fmt::format("env(\"{}\")", required.variable);
  return fmt::format("os.environ[\"{}\"]", required.variable);
}

std::string variable_list(const std::vector<project::Required>& required) {
  std::vector<std::string> names;
  for (const project::Required& r : required) names.push_back(r.variable);
  return fmt::format("{}", fmt::join(names, ", "));
}

// A script that sets variables for the commands after it: `export`, `source`, `.`, `set -a`,
// `declare -x`, `eval`, or a write to `$GITHUB_ENV` (the steps after it).
bool sets_variables(const deploy::Command& run) {
  if (run.text.find("GITHUB_ENV") != std::string::npos) return true;
  const deploy::shell::Script script = deploy::shell::split_script(run.text);
  for (const deploy::shell::SimpleCommand& command : script.commands) {
    if (command.words.empty()) continue;
    const std::string& name = command.words.front().text;
    if (name == "export" || name == "source" || name == "." || name == "declare" ||
        name == "typeset" || name == "eval" || name == "read") {
      return true;
    }
    if (name != "set") continue;
    for (const deploy::shell::Word& word : command.words) {  // `set -a`, `set -o allexport`
      if (word.text == "allexport" ||
          (word.text.starts_with('-') && word.text.find('a') != std::string::npos)) {
        return true;
      }
    }
  }
  return false;
}

// Steps up to `until` that may set variables the workflow file does not show: scripts that
// export or source them, actions other than the usual setup ones.
bool environment_may_grow(const deploy::WorkflowJob& job, const deploy::WorkflowStep& until) {
  if (!job.container_image.empty()) return true;  // the image's ENV is not known
  for (const deploy::WorkflowStep& step : job.steps) {
    if (step.run && sets_variables(*step.run)) return true;
    if (&step == &until) break;
    if (step.uses.empty()) continue;
    bool usual = false;
    for (const std::string_view action :
         {"actions/checkout", "actions/setup-python", "actions/cache", "actions/download-artifact",
          "actions/upload-artifact", "actions/setup-node"}) {
      if (step.uses.starts_with(action)) usual = true;
    }
    if (!usual) return true;
  }
  return false;
}

void add_related(Findings::Builder& finding, const std::vector<project::Required>& required,
                 const std::string& module) {
  for (const project::Required& r : required) {
    if (r.read)
      finding.related(*r.read, fmt::format("{} reads {} without a default", module, r.variable));
  }
}

void report_jobs(const project::Project& project, Findings& out) {
  std::set<std::pair<const deploy::WorkflowJob*, std::string>> done;
  const auto& runs = project.deployment_commands().manage_runs;
  for (const project::ManageRun& run : runs) {
    const project::CommandSite& site = run.site;
    if (site.kind != project::CommandSite::Kind::Runner || !site.job || !site.step) continue;
    if (!project::site_environment_complete(site)) continue;
    const project::ModuleChoice choice = project::settings_for(project, run);
    if (!choice.module || !choice.module->file) continue;
    if (!done.insert({site.job, choice.name}).second) continue;
    if (environment_may_grow(*site.job, *site.step)) continue;
    const std::vector<project::Required> required = project::required_variables(
        project, choice.name, project::site_environment(project, site), /*runner=*/true);
    if (required.empty()) continue;
    auto finding = out.add(kSettingsModuleMissing, run.subcommand_span);
    finding.message(fmt::format(
        "job `{}` runs `manage.py {}` with {} ({}), which requires {} ({}, no default), and the "
        "job's env does not set {}: Django stops while importing the settings; set {} in the "
        "job's env (from a secret), or give the read a default",
        site.job->id, run.command.subcommand, choice.name, choice.why, variable_list(required),
        read_form(required.front()), required.size() == 1 ? "it" : "them",
        required.size() == 1 ? "it" : "them"));
    finding.predicts(failure_text(required.front(), /*manage_py=*/true));
    add_related(finding, required, choice.name);
    if (choice.span) finding.related(*choice.span, fmt::format("{} is chosen here", choice.name));
    for (const project::ManageRun& other : runs) {
      if (&other == &run || other.site.job != site.job) continue;
      const project::ModuleChoice same = project::settings_for(project, other);
      if (same.name != choice.name) continue;
      finding.related(other.subcommand_span,
                      fmt::format("`manage.py {}` fails the same way", other.command.subcommand));
    }
  }
}

// The module a compose service's container runs: DJANGO_SETTINGS_MODULE in its environment (the
// image's ENV, then `environment`), else wsgi.py's default.
project::ModuleChoice service_module(const project::Project& project,
                                     const std::vector<deploy::EnvVar>& env) {
  if (const deploy::EnvVar* var = deploy::find_env(env, "DJANGO_SETTINGS_MODULE")) {
    if (!var->value) return {};
    return project::ModuleChoice{*var->value, project::find_module(project, *var->value),
                                 "DJANGO_SETTINGS_MODULE", var->span};
  }
  for (const project::SettingsModule& module : project.settings_modules()) {
    for (const project::SettingsUse& use : module.uses) {
      if (use.kind == project::SettingsUse::Kind::EntryPoint &&
          use.where.ends_with("wsgi.py default")) {
        return project::ModuleChoice{module.name, &module, use.where, use.span};
      }
    }
  }
  return {};
}

// The project's image a service builds is known: a Dockerfile beside the compose file, or the only
// one.
bool image_known(const project::Project& project, const deploy::ComposeFile& compose) {
  const auto& dockerfiles = project.deployment().dockerfiles;
  const std::filesystem::path folder = project.sources().file(compose.file).path().parent_path();
  for (const deploy::Dockerfile& dockerfile : dockerfiles) {
    if (project.sources().file(dockerfile.file).path().parent_path() == folder) return true;
  }
  return dockerfiles.size() == 1;
}

void report_services(const project::Project& project, Findings& out) {
  for (const deploy::ComposeFile& compose : project.deployment().compose_files) {
    for (const deploy::ComposeService& service : compose.services) {
      // Only a container whose whole environment is in the repository.
      if (!service.builds || !service.env_files.empty() || !image_known(project, compose)) continue;
      project::CommandSite site;
      site.kind = project::CommandSite::Kind::Container;
      site.compose_service = service.name;
      const std::vector<deploy::EnvVar> env = project::site_environment(project, site);
      const project::ModuleChoice choice = service_module(project, env);
      if (!choice.module || !choice.module->file) continue;
      const std::vector<project::Required> required =
          project::required_variables(project, choice.name, env, /*runner=*/false);
      if (required.empty()) continue;
      auto finding = out.add(kSettingsModuleMissing, service.span);
      finding.message(fmt::format(
          "compose service `{}` runs {} ({}), which requires {} ({}, no default), and neither its "
          "`environment` nor the image's ENV sets {}: the container stops at startup while "
          "Django imports the settings, and restarts in a loop; add {} to the service's "
          "`environment` (or an `env_file`)",
          service.name, choice.name, choice.why, variable_list(required),
          read_form(required.front()), required.size() == 1 ? "it" : "them",
          required.size() == 1 ? "it" : "them"));
      finding.predicts(failure_text(required.front(), /*manage_py=*/false));
      add_related(finding, required, choice.name);
      if (choice.span) finding.related(*choice.span, fmt::format("{} is chosen here", choice.name));
    }
  }
}

void check(const project::Project& project, Findings& out) {
  report_missing_modules(project, out);
  report_jobs(project, out);
  report_services(project, out);
}

}  // namespace

PREFLIGHT_RULE(kSettingsModuleMissing, check);

}  // namespace preflight::rules
