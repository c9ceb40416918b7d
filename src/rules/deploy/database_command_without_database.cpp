// PF504: a CI job runs `manage.py migrate` (or another command that needs the database) where no
// database can be reached.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <set>

#include "django/settings/evaluator.h"
#include "project/command_settings.h"
#include "rules/registry.h"

namespace preflight::rules {
namespace {

using django::settings::Value;

constexpr RuleInfo kDatabaseCommandWithoutDatabase{
    .code = "PF504",
    .name = "database-command-without-database",
    .family = Family::Deploy,
    .severity = Severity::Error,
    .summary =
        "a CI job runs `manage.py migrate` or another database command where no database "
        "can be reached",
    .explanation = R"md(
## What it finds

A workflow step that runs a management command which connects to the database (`migrate`,
`createsuperuser`, `loaddata`, `flush`, `showmigrations`, `createcachetable`, `dumpdata`,
`test`, `migrate_schemas`, …) directly on the CI runner, in a job where nothing provides a
database:

- the job has no service container of a database image and no earlier step starts one;
- the command does not go through `ssh` or `docker exec` to where the database is;
- and the job's environment sets none of the variables the settings module reads `DATABASES`
  from, so the settings fall back to their defaults in code (or to a host on the runner itself,
  where nothing listens).

The settings module is the one the command uses (`--settings`, `DJANGO_SETTINGS_MODULE` of the
job, else `manage.py`'s default), evaluated in exactly the job's environment: a CI runner has
nothing else of the application's.

## What fails in production

The step fails and the deploy is reported as failed, or, worse, the step is allowed to fail and
the deploy looks done while its migrations never ran where it mattered. The error is whatever
stops Django first in that environment, which preflight predicts from the same evaluation:
`ImproperlyConfigured: The SECRET_KEY setting must not be empty.` when the key comes from a
variable the job lacks (Django 3.2 reads it during setup), a `KeyError` when the settings read a
required variable, else `OperationalError` from the database driver (`could not translate host
name`, `Connection refused`). Other database commands of the same job fail the same way and are
listed with it.

## Example

```yaml
validate-deployment:
  needs: deploy
  runs-on: ubuntu-latest
  env:
    DJANGO_SETTINGS_MODULE: shop.settings.production
  steps:
    - run: python manage.py migrate --noinput
```

## Fix

Run migrations once, where the database is: in the deploy step on the server (`docker compose
run --rm web python manage.py migrate`) or in a release job that has the production database's
settings as secrets of its `environment`. A validation job needs no database: `manage.py check
--deploy` works without one. For tests, add a `postgres` service container and point
`DATABASES` at it.
)md"};

constexpr std::array kDatabaseCommands = {
    "migrate",
    "migrate_schemas",
    "createsuperuser",
    "loaddata",
    "flush",
    "showmigrations",
    "createcachetable",
    "dumpdata",
    "changepassword",
    "clearsessions",
    "inspectdb",
    "remove_stale_contenttypes",
    "sqlflush",
    "test",
    "dbshell",
    "create_tenant",
    "setup_tenants",
    "create_superuser",
};

bool needs_database(const project::Project& project, const std::string& subcommand) {
  if (std::find(kDatabaseCommands.begin(), kDatabaseCommands.end(), subcommand) !=
      kDatabaseCommands.end()) {
    return true;
  }
  // A project's own command: the deploy's setup steps (tenants, superusers, fixtures) all do.
  const std::string file = fmt::format("management/commands/{}.py", subcommand);
  return std::any_of(
      project.module_sources().begin(), project.module_sources().end(),
      [&](const django::ModuleSource& source) { return source.path.ends_with("/" + file); });
}

bool database_image(const std::string& image) {
  for (const std::string_view name :
       {"postgres", "postgis", "timescale", "mysql", "mariadb", "cockroach"}) {
    if (image.find(name) != std::string::npos) return true;
  }
  return false;
}

// A service container or an earlier step that provides a database to the job.
bool job_has_database(const deploy::WorkflowJob& job, const deploy::WorkflowStep& until) {
  for (const deploy::WorkflowService& service : job.services) {
    if (database_image(service.image)) return true;
  }
  for (const deploy::WorkflowStep& step : job.steps) {
    if (&step == &until) break;
    if (database_image(step.uses)) return true;
    if (!step.run) continue;
    const std::string& text = step.run->text;
    for (const std::string_view starts :
         {"compose up", "docker-compose up", "docker run", "pg_ctl", "service postgresql",
          "systemctl start postgresql", "pg_ctlcluster"}) {
      if (text.find(starts) != std::string::npos) return true;
    }
  }
  return false;
}

// The environment variables a value was read from ("env POSTGRES_HOST" origins).
void read_variables(const Value& value, std::set<std::string>& out) {
  if (value.is_unknown() && value.text.starts_with("env ")) {
    std::string name = value.text.substr(4);
    name = name.substr(0, name.find(' '));
    out.insert(name);
  }
  for (const Value& item : value.items) read_variables(item, out);
  for (const auto& entry : value.entries) read_variables(entry.second, out);
}

const Value* database_field(const Value& databases, const char* key) {
  const Value* fallback = databases.find(Value::str("default"));
  if (!fallback) return nullptr;
  return fallback->find(Value::str(key));
}

bool is_local(const std::string& host) {
  return host.empty() || project::is_loopback_host(host) || host.starts_with('/');
}

// What stops Django first in the job's environment, from the settings evaluated in it.
std::string predicted_error(const django::settings::SettingsResult& in_job,
                            const Value* host_value) {
  for (const std::string& note : in_job.notes) {
    if (note.starts_with("importing ")) return fmt::format("the settings fail: {}", note);
  }
  if (const django::settings::Setting* key = in_job.find("SECRET_KEY")) {
    if (key->value.kind == Value::Kind::Str && key->value.text.empty()) {
      return "django.core.exceptions.ImproperlyConfigured: The SECRET_KEY setting must not be "
             "empty.";
    }
  }
  if (host_value && host_value->kind == Value::Kind::Str) {
    if (is_local(host_value->text)) {
      return fmt::format(
          "django.db.utils.OperationalError: could not connect to server: Connection refused "
          "(nothing listens on {} on the runner)",
          host_value->text.empty() ? "the local socket" : host_value->text);
    }
    return fmt::format(
        "django.db.utils.OperationalError: could not translate host name \"{}\" to address (or "
        "the connection times out): the runner is not on the database's network",
        host_value->text);
  }
  return "django.db.utils.OperationalError: the database cannot be reached from the runner";
}

void check(const project::Project& project, Findings& out) {
  std::set<const deploy::WorkflowJob*> reported;
  const auto& runs = project.deployment_commands().manage_runs;
  for (const project::ManageRun& run : runs) {
    const project::CommandSite& site = run.site;
    if (site.kind != project::CommandSite::Kind::Runner || !site.job || !site.step) continue;
    if (reported.count(site.job) || !needs_database(project, run.command.subcommand)) continue;
    if (job_has_database(*site.job, *site.step)) continue;
    const project::ModuleChoice module = project::settings_for(project, run);
    if (!module.module) continue;
    const django::settings::Setting* databases = module.module->settings.find("DATABASES");
    if (!databases) continue;
    std::set<std::string> read;
    read_variables(databases->value, read);

    // The module again, in exactly the job's environment.
    django::settings::EvaluationOptions options = project.evaluation_options();
    options.environment.complete = true;
    const std::vector<deploy::EnvVar> env = project::site_environment(project, site);
    std::vector<std::string> provided;
    for (const deploy::EnvVar& var : env) {
      if (var.value) {
        options.environment.variables[var.name] = *var.value;
      } else {
        options.environment.unknown_values[var.name] = var.written;
      }
      if (read.count(var.name)) provided.push_back(var.name);
    }
    const django::settings::SettingsResult in_job =
        django::settings::evaluate_settings(project.module_sources(), module.name, options);
    const django::settings::Setting* job_databases = in_job.find("DATABASES");
    const Value* engine = job_databases ? database_field(job_databases->value, "ENGINE") : nullptr;
    if (engine && engine->kind == Value::Kind::Str &&
        engine->text.find("sqlite") != std::string::npos) {
      continue;  // a file on the runner
    }
    const Value* host = job_databases ? database_field(job_databases->value, "HOST") : nullptr;
    const bool local_host = host && host->kind == Value::Kind::Str && is_local(host->text);
    if (!provided.empty() && !local_host) continue;  // the job gives its own database settings
    if (read.empty() && !local_host) continue;       // a fixed remote host may be reachable

    reported.insert(site.job);
    std::string cause;
    if (!read.empty() && provided.empty()) {
      cause = fmt::format(
          "its env sets none of the variables DATABASES reads ({}), so {} uses "
          "its defaults{}",
          fmt::join(read, ", "), module.name,
          host && host->kind == Value::Kind::Str ? fmt::format(" (HOST `{}`)", host->text) : "");
    } else {
      cause = fmt::format("DATABASES points at `{}` on the runner, where nothing listens",
                          host->text.empty() ? "the local socket" : host->text);
    }
    auto finding = out.add(kDatabaseCommandWithoutDatabase, run.subcommand_span);
    finding.message(fmt::format(
        "job `{}` runs `manage.py {}` on the CI runner with {} ({}), and nothing there provides a "
        "database: no database service container, no ssh or docker exec to the server, and {}; "
        "run migrations once where the database is (the deploy step on the server), and let "
        "this job check without one (`manage.py check --deploy`)",
        site.job->id, run.command.subcommand, module.name, module.why, cause));
    finding.predicts(predicted_error(in_job, host));
    if (module.span) finding.related(*module.span, fmt::format("{} is chosen here", module.name));
    for (const project::ManageRun& other : runs) {
      if (&other == &run || other.site.job != site.job) continue;
      if (!needs_database(project, other.command.subcommand)) continue;
      finding.related(other.subcommand_span,
                      fmt::format("`manage.py {}` fails the same way", other.command.subcommand));
    }
    for (const project::ManageRun& other : runs) {
      if (other.site.job == site.job || other.command.subcommand != run.command.subcommand) {
        continue;
      }
      if (other.site.kind == project::CommandSite::Kind::Runner) continue;
      finding.related(other.subcommand_span,
                      fmt::format("the deploy already runs `{}` where the database is ({})",
                                  other.command.subcommand, other.site.where));
    }
  }
}

}  // namespace

PREFLIGHT_RULE(kDatabaseCommandWithoutDatabase, check);

}  // namespace preflight::rules
