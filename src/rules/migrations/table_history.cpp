#include "rules/migrations/table_history.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "core/ascii.h"
#include "django/python_values.h"
#include "rules/migrations/migration_sql.h"

namespace preflight::rules::migrations {
namespace {

namespace mig = django::migrations;

// The value of key `key` of a dict literal.
const python::Node* dict_value(const python::Node* dict, std::string_view key) {
  if (!dict || dict->kind != python::Kind::Dict) return nullptr;
  const auto keys = django::list_field(*dict, "keys");
  const auto values = django::list_field(*dict, "values");
  for (std::size_t i = 0; i < keys.size() && i < values.size(); ++i) {
    if (keys[i] && django::string_value(keys[i]) == key) return values[i];
  }
  return nullptr;
}

// The table an operation names for its model: CreateModel's `options={"db_table": …}`,
// AlterModelTable's `table`.
std::optional<std::string> declared_table(const mig::Operation& operation) {
  if (operation.kind == mig::OperationKind::AlterModelTable)
    return operation.string_argument("table");
  if (operation.kind != mig::OperationKind::CreateModel) return std::nullopt;
  const mig::Argument* options = operation.argument("options");
  if (!options) return std::nullopt;
  if (const auto table = django::string_value(dict_value(options->value, "db_table"))) {
    return std::string(*table);
  }
  return std::nullopt;
}

}  // namespace

std::string python_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string normal_table_name(std::string_view name) {
  std::string out;
  for (const char c : name) {
    if (c != '"') out += c;
  }
  out = ascii_lower(out);
  if (out.starts_with("public.")) out.erase(0, 7);
  return out;
}

std::set<std::string> models_created(const mig::Migration& migration) {
  std::set<std::string> models;
  each_database_operation(migration.operations, [&](const mig::Operation& operation) {
    if (operation.kind != mig::OperationKind::CreateModel) return;
    if (const auto name = operation.string_argument("name")) models.insert(ascii_lower(*name));
  });
  return models;
}

CreatedTables tables_created(const project::Project& project) {
  CreatedTables created;
  for (const mig::Migration& migration : project.migrations().migrations) {
    std::set<std::string>& tables = created[&migration];
    each_database_operation(migration.operations, [&](const mig::Operation& operation) {
      if (operation.kind != mig::OperationKind::CreateModel) return;
      const auto name = operation.string_argument("name");
      if (const auto table = declared_table(operation)) {
        tables.insert(normal_table_name(*table));
      } else if (name) {
        tables.insert(ascii_lower(migration.app_label + "_" + *name));
      }
    });
  }
  for (const SqlSite& site : sql_sites(project)) {
    for (const sql::Statement& statement : site.sql.parsed.statements) {
      if (statement.created && statement.created->kind == "table") {
        created[site.migration].insert(normal_table_name(statement.created->name));
      }
    }
  }
  return created;
}

std::string model_table(const project::Project& project, const mig::Migration& migration,
                        std::string_view model_name) {
  const std::string model = ascii_lower(model_name);
  std::string table = ascii_lower(migration.app_label + "_" + model);
  for (const mig::Migration& other : project.migrations().migrations) {
    if (other.project != migration.project || other.app_label != migration.app_label) continue;
    each_database_operation(other.operations, [&](const mig::Operation& operation) {
      const auto name = operation.string_argument("name");
      if (!name || ascii_lower(*name) != model) return;
      if (const auto declared = declared_table(operation)) table = normal_table_name(*declared);
    });
  }
  return table;
}

NextMigration next_migration(const project::Project& project, const mig::Migration& migration) {
  NextMigration next{"", migration.name};
  for (const mig::MigrationGraph& graph : project.migrations().graphs) {
    if (graph.project != migration.project) continue;
    for (const mig::NodeKey& leaf : graph.leaf_nodes(migration.app_label)) {
      next.depends_on = std::max(next.depends_on, leaf.name);
    }
  }
  const int number = std::atoi(next.depends_on.c_str());
  next.number = fmt::format("{:04d}", number + 1);
  return next;
}

}  // namespace preflight::rules::migrations
