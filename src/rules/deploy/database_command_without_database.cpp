// PF504: a CI job runs `manage.py migrate` (or another command that needs the database) where no
// database can be reached.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <set>

#include "project/database_access.h"
#include "rules/registry.h"

namespace preflight::rules {
namespace {

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

void check(const project::Project& project, Findings& out) {
  std::set<const deploy::WorkflowJob*> reported;
  const auto& runs = project.deployment_commands().manage_runs;
  for (const project::ManageRun& run : runs) {
    if (reported.count(run.site.job)) continue;
    const std::optional<project::NoDatabase> missing = project::database_unreachable(project, run);
    if (!missing) continue;
    reported.insert(run.site.job);
    auto finding = out.add(kDatabaseCommandWithoutDatabase, run.subcommand_span);
    finding.message(fmt::format(
        "job `{}` runs `manage.py {}` on the CI runner, where no database is: no database "
        "service, no ssh or docker exec to the server, and {}; {}",
        run.site.job->id, run.command.subcommand, missing->cause,
        run.command.subcommand == "test"
            ? "add a `postgres` service container to the job and point DATABASES at it"
            : "run it once where the database is (the deploy step), and check without one here "
              "(`manage.py check --deploy`)"));
    finding.predicts(missing->predicted);
    if (missing->databases_span && !missing->variables_read.empty()) {
      finding.related(*missing->databases_span,
                      fmt::format("DATABASES reads {}; the job sets none of them",
                                  fmt::join(missing->variables_read, ", ")));
    }
    if (missing->module.span) {
      finding.related(*missing->module.span,
                      fmt::format("{} is chosen here", missing->module.name));
    }
    for (const project::ManageRun& other : runs) {
      if (&other == &run || other.site.job != run.site.job) continue;
      if (!project::needs_database(project, other.command.subcommand)) continue;
      finding.related(other.subcommand_span,
                      fmt::format("`manage.py {}` fails the same way", other.command.subcommand));
    }
    for (const project::ManageRun& other : runs) {
      if (other.site.job == run.site.job || other.command.subcommand != run.command.subcommand ||
          other.site.kind == project::CommandSite::Kind::Runner) {
        continue;
      }
      finding.related(other.subcommand_span,
                      fmt::format("the deploy already runs `{}` where the database is ({})",
                                  other.command.subcommand, other.site.where));
    }
  }
}

}  // namespace

PREFLIGHT_RULE(kDatabaseCommandWithoutDatabase, check);

}  // namespace preflight::rules
