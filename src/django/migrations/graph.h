// Building the migration graph of one Django project as MigrationLoader.build_graph does
// (internal to the migration loader).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "django/migrations/migrations.h"

namespace preflight::django::migrations {

// `migrations` are the project's loaded migrations; `problems` those found while loading
// (BadMigration), kept first as Django raises them first; `migrated_apps` the labels of the
// project's apps whose migrations/ is a package (the others are unmigrated).
MigrationGraph build_graph(std::size_t project, const std::vector<const Migration*>& migrations,
                           const ProjectModels& models, const GraphOptions& options,
                           std::vector<GraphProblem> problems,
                           const std::set<std::string>& migrated_apps);

}  // namespace preflight::django::migrations
