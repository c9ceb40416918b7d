// PF505: the same deploy step (migrate, setup, collectstatic) in more than one job or workflow of
// one deployment.
#include <fmt/format.h>

#include <map>

#include "project/database_access.h"
#include "rules/registry.h"

namespace preflight::rules {
namespace {

constexpr RuleInfo kDuplicatedDeployStep{
    .code = "PF505",
    .name = "duplicated-deploy-step",
    .family = Family::Deploy,
    .severity = Severity::Warning,
    .summary =
        "the same deploy step (migrate, setup, collectstatic) runs in more than one job of "
        "one deployment",
    .explanation = R"md(
## What it finds

A deploy step, `manage.py migrate` (or `migrate_schemas`), `collectstatic`, `createsuperuser` or
a project's own setup command, that runs in two or more jobs of one deployment: jobs of a
workflow joined by `needs`, a job that calls a reusable workflow (`uses: ./.github/workflows/…`)
and that workflow's jobs, and workflows chained by `workflow_run`. Commands run through ssh or
`docker exec` count where they run. A run that cannot reach a database at all is PF504's
finding, not this one.

## What fails in production

The second run is not a no-op when the two overlap or differ: two `migrate` processes without
`needs` between them race for the same tables (one fails with `relation … already exists`, or a
duplicate key in `django_migrations`); a setup command that is not idempotent creates its
records twice (`IntegrityError: duplicate key value violates unique constraint`); a second
`collectstatic` in another image or host serves different files. Even when it succeeds, the
deploy's order of events is no longer the one the workflow's author reads.

## Example

```yaml
deploy:
  steps:
    - run: ssh app@prod 'docker compose run --rm web python manage.py migrate'
verify:
  needs: deploy
  steps:
    - run: ssh app@prod 'docker compose run --rm web python manage.py migrate --check'
    - run: ssh app@prod 'docker compose run --rm web python manage.py migrate'
```

## Fix

Run each deploy step once, in the job that deploys, before the new code takes traffic; let
later jobs verify (`migrate --check`, `showmigrations`, a health check) instead of repeating.
)md"};

// Union-find over workflow jobs: the jobs of one deployment end in one set.
class Deployments {
 public:
  std::size_t node(const deploy::WorkflowJob* job) {
    const auto [it, added] = index_.emplace(job, parent_.size());
    if (added) parent_.push_back(parent_.size());
    return it->second;
  }
  void join(const deploy::WorkflowJob* a, const deploy::WorkflowJob* b) {
    parent_[find(node(a))] = find(node(b));
  }
  std::size_t of(const deploy::WorkflowJob* job) { return find(node(job)); }

 private:
  std::size_t find(std::size_t at) {
    while (parent_[at] != at) at = parent_[at] = parent_[parent_[at]];
    return at;
  }
  std::map<const deploy::WorkflowJob*, std::size_t> index_;
  std::vector<std::size_t> parent_;
};

Deployments group_jobs(const project::Project& project) {
  Deployments deployments;
  const auto& workflows = project.deployment().workflows;
  for (const deploy::Workflow& workflow : workflows) {
    for (const deploy::WorkflowJob& job : workflow.jobs) {
      deployments.node(&job);
      for (const std::string& need : job.needs) {
        for (const deploy::WorkflowJob& other : workflow.jobs) {
          if (other.id == need) deployments.join(&job, &other);
        }
      }
      // `uses: ./.github/workflows/release.yml` runs that workflow's jobs as part of this one.
      if (job.uses.starts_with("./")) {
        for (const deploy::Workflow& called : workflows) {
          const std::string called_path =
              project.sources().file(called.file).path().generic_string();
          if (called_path.ends_with(job.uses.substr(2))) {
            for (const deploy::WorkflowJob& called_job : called.jobs) {
              deployments.join(&job, &called_job);
            }
          }
        }
      }
    }
    for (const deploy::Workflow& after : workflows) {
      for (const std::string& name : after.on.after_workflows) {
        if (!workflow.name.empty() && name == workflow.name && !after.jobs.empty() &&
            !workflow.jobs.empty()) {
          deployments.join(&after.jobs.front(), &workflow.jobs.front());
        }
      }
    }
  }
  return deployments;
}

bool is_deploy_step(const project::Project& project, const std::string& subcommand) {
  return subcommand == "migrate" || subcommand == "migrate_schemas" ||
         subcommand == "collectstatic" || subcommand == "createsuperuser" ||
         (project::needs_database(project, subcommand) && subcommand != "test" &&
          subcommand != "showmigrations" && subcommand != "dumpdata" && subcommand != "dbshell" &&
          subcommand != "inspectdb");
}

// `migrate --check`, `migrate --plan` and `collectstatic --dry-run` only look.
bool only_looks(const project::ManageRun& run) {
  for (const auto& word : run.command.args) {
    if (word.text == "--check" || word.text == "--plan" || word.text == "--dry-run" ||
        word.text == "-n") {
      return true;
    }
  }
  return false;
}

void check(const project::Project& project, Findings& out) {
  Deployments deployments = group_jobs(project);
  // (deployment, subcommand) → the runs, in file order.
  std::map<std::pair<std::size_t, std::string>, std::vector<const project::ManageRun*>> steps;
  for (const project::ManageRun& run : project.deployment_commands().manage_runs) {
    if (!run.site.job || !is_deploy_step(project, run.command.subcommand)) continue;
    if (only_looks(run) || project::database_unreachable(project, run)) continue;
    steps[{deployments.of(run.site.job), run.command.subcommand}].push_back(&run);
  }
  for (const auto& [key, runs] : steps) {
    std::vector<const project::ManageRun*> other_jobs;
    for (const project::ManageRun* run : runs) {
      if (run->site.job != runs.back()->site.job) other_jobs.push_back(run);
    }
    if (other_jobs.empty()) continue;
    const project::ManageRun& last = *runs.back();
    auto finding = out.add(kDuplicatedDeployStep, last.subcommand_span);
    finding.message(fmt::format(
        "`manage.py {}` runs again in job `{}` of the same deployment, after {} (job `{}`): run "
        "each deploy step once, in the job that deploys, and let later jobs only check",
        key.second, last.site.job->id, other_jobs.front()->site.where,
        other_jobs.front()->site.job->id));
    finding.predicts(
        key.second == "migrate" || key.second == "migrate_schemas"
            ? "two migrate runs that overlap race for the same tables: `relation … already "
              "exists` or a duplicate key in django_migrations"
            : fmt::format("`{}` runs twice: a step that is not idempotent fails the second time "
                          "(IntegrityError: duplicate key value violates unique constraint)",
                          key.second));
    for (const project::ManageRun* run : other_jobs) {
      finding.related(run->subcommand_span, fmt::format("also run here ({})", run->site.where));
    }
  }
}

}  // namespace

PREFLIGHT_RULE(kDuplicatedDeployStep, check);

}  // namespace preflight::rules
