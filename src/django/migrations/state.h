// The migration state: the operations of every migration applied, in graph order, to model
// states, as MigrationLoader.project_state() builds it. Only what migrations record is kept:
// fields as deconstructed, options, indexes, constraints, and the tables each model had.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "django/migrations/deconstruct.h"
#include "django/migrations/migrations.h"

namespace preflight::django::migrations {

struct FieldState {
  std::string name;
  Deconstructed deconstructed;
  std::string column;  // db_column, else the name (+ "_id" for a ForeignKey/OneToOneField)
};

// An index or constraint as the state holds it.
struct ObjectState {
  std::string name;
  std::vector<std::string> fields;  // as written (an index's "-field" kept)
  std::string class_name;           // the call's class, last component ("Index", "GinIndex")
  Deconstructed deconstructed;
  const Migration* migration = nullptr;  // the migration that added it
  Span span;
};

// A table a model had, and the migration that gave it (null for the first).
struct TableHistory {
  std::string table;
  const Migration* migration = nullptr;
  std::string model_name;  // the model's name then ("Domain")
};

struct ModelState {
  std::string app_label;
  std::string name;  // as written in the migrations ("TenantDomain")
  std::vector<FieldState> fields;
  // Options by key, as canonical values; unique_together/index_together normalised to a set.
  std::map<std::string, std::string, std::less<>> options;
  std::vector<ObjectState> indexes;
  std::vector<ObjectState> constraints;
  std::vector<TableHistory> tables;  // oldest first; the last is the current one
  const Migration* created_by = nullptr;
  // Why the state of this model may be wrong (a field or option that cannot be read).
  std::string unknown;

  bool proxy() const;
  bool managed() const;
  // db_table, else Django's default for the app label and name.
  std::string table(std::optional<int> max_name_length) const;
  const FieldState* find_field(std::string_view field_name) const;
};

// Where the state and the database part ways: an operation that fails on the database the
// earlier migrations left (PF205), or, after the last migration, a name or column one side has
// and the other does not (PF205 for columns, PF217 for table and index names).
struct Divergence {
  enum class Kind { FailingOperation, MissingColumn, ExtraColumn, TableName, IndexName };
  Kind kind = Kind::FailingOperation;
  std::string app_label;
  std::string model_name;
  std::string message;
  // What the divergence is about, for telling one from another: the state's table or index
  // names, the column.
  std::string subject;
  std::string sqlstate;                  // FailingOperation: what PostgreSQL answers
  const Migration* migration = nullptr;  // the operation's, or the one that made them diverge
  Span span;
};

struct ProjectState {
  std::size_t project = 0;
  std::optional<int> max_name_length = 63;                // for default table names
  std::map<std::string, ModelState, std::less<>> models;  // "app_label.model_name" (lower-cased)
  // The same models as the database has them: every operation that reaches the database
  // applied (SeparateDatabaseAndState's database_operations, the DDL of RunSQL and of RunPython's
  // literal `execute` calls), none that only changes the state. Tables that SQL created without
  // a model are keyed "?<table>".
  std::map<std::string, ModelState, std::less<>> database;
  // Apps whose state is uncertain (a custom operation), with the reason.
  std::map<std::string, std::string, std::less<>> uncertain_apps;
  // Apps whose database is uncertain (SQL that cannot be read), with the reason.
  std::map<std::string, std::string, std::less<>> uncertain_database;
  std::vector<Divergence> failing;  // operations that fail on the database as replayed
  // Table and index names the state and the database disagree on, as each first appeared after
  // a migration (a later operation may hide it from the final comparison, not undo it).
  std::vector<Divergence> renamed;
  // The last migration that changed a model on one side only, by model key.
  std::map<std::string, std::pair<const Migration*, Span>, std::less<>> one_sided;
};

// The differences between the state and the database after the last migration, for the apps
// whose database is known.
std::vector<Divergence> database_divergences(const ProjectState& state);

// Replays the migrations of `graph` (every node of the project's apps, in the order
// MigrationGraph.make_state takes them).
ProjectState replay_migrations(const MigrationSet& set, const MigrationGraph& graph,
                               const ProjectModels& models, const ModelOptions& options);

// replay_migrations for each graph of `set`, in order.
std::vector<ProjectState> replay_all(const MigrationSet& set, const ProjectModels& models,
                                     const ModelOptions& options);

// `unique_together`/`index_together` as normalize_together makes them, as a canonical set text;
// nullopt when not literal.
std::optional<std::string> together_text(const python::Node* value);
std::string together_text(const std::vector<FieldGroup>& groups);

// The keys AlterModelOptions replaces (AlterModelOptions.ALTER_OPTION_KEYS).
const std::vector<std::string_view>& alter_option_keys();

}  // namespace preflight::django::migrations
