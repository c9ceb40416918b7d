#include "rules/migrations/migration_sql.h"

#include <fmt/format.h>

#include <set>

#include "django/python_values.h"

namespace preflight::rules::migrations {
namespace {

namespace mig = django::migrations;

// The module whose top-level statements hold `function`; the migration's own module first.
const django::ModuleSource* module_of(const project::Project& project, const python::Node* function,
                                      FileId migration_file) {
  const django::ModuleSource* found = nullptr;
  for (const django::ModuleSource& module : project.module_sources()) {
    if (!module.tree) continue;
    for (const python::Node* statement : django::list_field(*module.tree, "body")) {
      if (statement == function && (!found || module.file == migration_file)) found = &module;
    }
  }
  return found;
}

const django::ModuleSource* module_of_file(const project::Project& project, FileId file) {
  for (const django::ModuleSource& module : project.module_sources()) {
    if (module.file == file) return &module;
  }
  return nullptr;
}

template <class Visit>
void each_operation(const std::vector<mig::Operation>& operations, Visit&& visit) {
  for (const mig::Operation& operation : operations) {
    visit(operation);
    each_operation(operation.database_operations, visit);
  }
}

}  // namespace

std::vector<PythonFunction> python_functions(const project::Project& project) {
  std::vector<PythonFunction> out;
  for (const mig::Migration& migration : project.migrations().migrations) {
    each_operation(migration.operations, [&](const mig::Operation& operation) {
      if (operation.kind != mig::OperationKind::RunPython) return;
      for (const bool reverse : {false, true}) {
        const std::optional<mig::PythonCode>& code =
            reverse ? operation.reverse_code : operation.code;
        if (!code || !code->function) continue;
        PythonFunction function;
        function.migration = &migration;
        function.operation = &operation;
        function.function = code->function;
        function.module = module_of(project, code->function, migration.file);
        function.reverse = reverse;
        // An atomic migration runs everything in its transaction, RunPython(atomic=False)
        // included (confirmed on PostgreSQL by the PF214 oracle); a non-atomic one wraps only
        // RunPython(atomic=True) (Migration.apply).
        function.atomic = migration.atomic || operation.atomic.value_or(false);
        if (function.module) out.push_back(function);
      }
    });
  }
  return out;
}

std::vector<SqlSite> sql_sites(const project::Project& project) {
  std::vector<SqlSite> out;
  for (const mig::Migration& migration : project.migrations().migrations) {
    const django::ModuleSource* module = module_of_file(project, migration.file);
    if (!module) continue;
    each_operation(migration.operations, [&](const mig::Operation& operation) {
      if (operation.kind != mig::OperationKind::RunSQL) return;
      for (const bool reverse : {false, true}) {
        const std::optional<mig::SqlArgument>& argument =
            reverse ? operation.reverse_sql : operation.sql;
        if (!argument) continue;
        for (const mig::SqlString& string : argument->statements) {
          if (!string.node) continue;
          auto sql = mig::sql_text(*string.node, *module, nullptr, string.params != nullptr);
          if (!sql) continue;
          out.push_back(SqlSite{&migration, module, std::move(*sql),
                                reverse ? "RunSQL reverse_sql" : "RunSQL"});
        }
      }
    });
  }
  // Functions shared by several operations are read once.
  std::set<const python::Node*> seen;
  for (const PythonFunction& function : python_functions(project)) {
    if (!seen.insert(function.function).second) continue;
    mig::FunctionDatabaseUse use = mig::database_use(*function.function, *function.module);
    for (mig::ExecuteCall& call : use.executes) {
      if (!call.sql) continue;
      out.push_back(SqlSite{function.migration, function.module, std::move(*call.sql),
                            fmt::format("RunPython `{}`", function.function->get("name").text)});
    }
  }
  return out;
}

}  // namespace preflight::rules::migrations
