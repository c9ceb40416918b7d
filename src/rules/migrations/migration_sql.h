// What the migration safety rules (PF21x) share: every SQL string a migration runs (RunSQL's, and
// the literal SQL its RunPython functions execute), parsed, and the RunPython functions with the
// module they live in.
#pragma once

#include <string>
#include <vector>

#include "django/migrations/database_calls.h"
#include "django/migrations/migrations.h"
#include "project/project.h"

namespace preflight::rules::migrations {

// A RunPython function (code or reverse_code) of an operation, with its module.
struct PythonFunction {
  const django::migrations::Migration* migration = nullptr;
  const django::migrations::Operation* operation = nullptr;
  const python::Node* function = nullptr;  // the FunctionDef
  const django::ModuleSource* module = nullptr;
  bool reverse = false;
  // The function runs inside a transaction: the operation's `atomic=`, else the migration's.
  bool atomic = true;
};

// Every RunPython function of the project's migrations (SeparateDatabaseAndState's database
// operations included), each once per operation.
std::vector<PythonFunction> python_functions(const project::Project& project);

// A SQL string a migration runs.
struct SqlSite {
  const django::migrations::Migration* migration = nullptr;
  const django::ModuleSource* module = nullptr;
  django::migrations::SqlText sql;
  std::string where;  // "RunSQL", "RunSQL reverse_sql", "RunPython `rename_indexes`"
};

std::vector<SqlSite> sql_sites(const project::Project& project);

}  // namespace preflight::rules::migrations
