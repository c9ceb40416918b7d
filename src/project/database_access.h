// Whether a management command run by a deployment can reach a database (issue 8, PF504 and
// PF505): which commands need one, and what a CI runner without one gets instead.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "django/settings/evaluator.h"
#include "project/command_settings.h"
#include "project/deployment_commands.h"
#include "project/project.h"

namespace preflight::project {

// Django's commands that connect to the database, and the project's own management commands
// (the deploy's setup steps: tenants, superusers, fixtures).
bool needs_database(const Project& project, const std::string& subcommand);

// A management command on a CI runner where no database is reachable.
struct NoDatabase {
  ModuleChoice module;
  std::string cause;  // "the job's env sets none of the variables DATABASES of M reads"
  // The variables DATABASES reads, and where it is assigned, for a note beside the finding.
  std::vector<std::string> variables_read;
  std::optional<Span> databases_span;
  std::string predicted;  // what stops Django first in the job's environment
};

// nullopt when the command runs elsewhere (a server, a container), its job has a database
// service or starts one, or its environment gives database settings of its own.
std::optional<NoDatabase> database_unreachable(const Project& project, const ManageRun& run);

}  // namespace preflight::project
