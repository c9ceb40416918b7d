// Django migrations as MigrationLoader reads them from disk, without importing anything: each
// app's `migrations/` modules, their `class Migration` attributes (dependencies, replaces,
// run_before, initial, atomic) and operations bound to Django's signatures, then the migration
// graph MigrationLoader.build_graph and MigrationGraph build from them (graph.cpp), with the
// errors Django raises while building it.
#pragma once

#include <compare>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/source.h"
#include "django/models.h"
#include "django/symbols.h"
#include "python/ast.h"

namespace preflight::django::migrations {

// One argument of an operation call, bound to the parameter of Django's `__init__` it fills.
struct Argument {
  std::string name;  // the parameter ("model_name", "field", "sql")
  const python::Node* value = nullptr;
  Span span;  // the value
  bool keyword = false;
};

// One SQL string of RunSQL's `sql` / `reverse_sql`: a plain string, an element of a list, or
// the first element of a (sql, params) tuple. `literal` is the str Constant when the SQL is
// written literally, so that a position in the SQL maps back into the source literal.
struct SqlString {
  const python::Node* node = nullptr;     // the expression as written
  const python::Node* literal = nullptr;  // the str Constant; null when computed
  std::optional<std::string> text;        // the decoded value of `literal`
  const python::Node* params = nullptr;   // the params of a (sql, params) tuple
  Span span;
};

// RunSQL's `sql` or `reverse_sql`.
struct SqlArgument {
  std::vector<SqlString> statements;
  bool noop = false;  // RunSQL.noop (the empty string)
  bool known = true;  // false when not a string, list or tuple written literally
  const python::Node* node = nullptr;
  Span span;
};

// RunPython's `code` or `reverse_code`.
struct PythonCode {
  const python::Node* node = nullptr;
  // The FunctionDef of a module-level function of the migration module (or of a project module it
  // imports the name from); null otherwise.
  const python::Node* function = nullptr;
  std::string function_name;  // the name as written, when a plain name or dotted reference
  bool noop = false;          // RunPython.noop
  bool lambda = false;
  Span span;
};

// Every operation class of django.db.migrations and django.contrib.postgres.operations;
// Custom for anything else.
enum class OperationKind {
  CreateModel,
  DeleteModel,
  RenameModel,
  AlterModelTable,
  AlterModelTableComment,
  AlterUniqueTogether,
  AlterIndexTogether,
  AlterOrderWithRespectTo,
  AlterModelOptions,
  AlterModelManagers,
  AddField,
  RemoveField,
  AlterField,
  RenameField,
  AddIndex,
  RemoveIndex,
  RenameIndex,
  AddConstraint,
  RemoveConstraint,
  SeparateDatabaseAndState,
  RunSQL,
  RunPython,
  AddIndexConcurrently,
  RemoveIndexConcurrently,
  AddConstraintNotValid,
  ValidateConstraint,
  CreateExtension,  // and its subclasses (HStoreExtension ...): see `extension`
  CreateCollation,
  RemoveCollation,
  Custom,
};

std::string_view to_string(OperationKind kind);

struct Operation {
  OperationKind kind = OperationKind::Custom;
  // The class as Django names it ("AddField", "HStoreExtension"); for a custom operation, the
  // name as written ("AddTenantSchema") or its resolved dotted path.
  std::string class_name;
  const python::Node* call = nullptr;  // the Call (or the expression, when not a call)
  Span span;
  std::vector<Argument> arguments;  // in call order, each bound to its parameter
  // Arguments that could not be bound: unknown keywords, too many positionals, `*args`/`**kw`.
  std::vector<std::string> notes;

  // SeparateDatabaseAndState's lists, and RunSQL's `state_operations`.
  std::vector<Operation> database_operations;
  std::vector<Operation> state_operations;
  std::optional<SqlArgument> sql, reverse_sql;   // RunSQL
  std::optional<PythonCode> code, reverse_code;  // RunPython
  std::optional<bool> atomic;                    // RunPython(atomic=)
  bool elidable = false;                         // RunSQL / RunPython
  // CreateExtension(name) or the subclass's fixed name ("hstore" for HStoreExtension); nullopt
  // when not a literal.
  std::optional<std::string> extension;

  const Argument* argument(std::string_view parameter) const;
  // The argument as a literal string ("model_name", "name"); nullopt when absent or computed.
  std::optional<std::string> string_argument(std::string_view parameter) const;
};

// One entry of `dependencies` or `run_before`.
struct Dependency {
  std::string app_label;  // "__setting__" for a swappable dependency on a setting
  std::string name;       // a migration name, "__first__", "__latest__", or the setting's name
  // swappable_dependency(settings.AUTH_USER_MODEL): ("__setting__", "AUTH_USER_MODEL").
  bool swappable = false;
  bool known = true;  // false when the entry is not written literally (app_label/name empty)
  Span span;
};

// An import statement of a migration module: what it needs at import time.
struct ModuleImport {
  std::string module;  // dotted, absolute
  enum class Origin { Project, Django, Other };
  Origin origin = Origin::Other;
  Span span;
};

struct Migration {
  std::size_t project = 0;
  std::size_t app = 0;  // index into ProjectModels::apps
  std::string app_label;
  std::string name;    // the module's name ("0002_auto")
  std::string module;  // dotted module path
  std::string path;    // '/'-separated, relative to the checked root
  FileId file = 0;
  const python::Node* class_node = nullptr;
  Span span;  // `Migration` in `class Migration(...)`
  // The class derives from django.db.migrations.Migration (however imported); false for a base
  // preflight cannot see into.
  bool django_base = true;
  std::vector<Dependency> dependencies;
  std::vector<Dependency> replaces;
  std::vector<Dependency> run_before;
  std::optional<bool> initial;
  bool atomic = true;
  std::vector<Operation> operations;
  // `dependencies`/`replaces`/`run_before`/`operations` was given but not as a literal list.
  bool incomplete = false;
  std::vector<ModuleImport> imports;

  std::string label() const { return app_label + "." + name; }
};

// A node of the migration graph: (app_label, migration name).
struct NodeKey {
  std::string app_label;
  std::string name;
  auto operator<=>(const NodeKey&) const = default;
  std::string label() const { return app_label + "." + name; }
};

// A reference from a migration to a node: its `dependencies[i]` or `run_before[i]` entry.
struct Reference {
  const Migration* migration = nullptr;
  const Dependency* entry = nullptr;
  bool run_before = false;
};

// What MigrationLoader.build_graph raises, in the order it would raise it (Django raises the
// first; preflight lists them all).
struct GraphProblem {
  enum class Kind {
    // A module of migrations/ without a Migration class: BadMigrationError.
    BadMigration,
    // `__first__`/`__latest__` of an app that is not installed: ValueError.
    UnknownApp,
    // A squashed migration replaced (and removed) by another squashed migration before its own
    // replacements were made: NodeNotFoundError "Unable to find replacement node".
    ReplacementRemoved,
    // A dependency or run_before on a node that does not exist: NodeNotFoundError.
    NodeNotFound,
    // CircularDependencyError.
    Cycle,
  };
  Kind kind = Kind::NodeNotFound;
  std::string exception;              // "NodeNotFoundError", "CircularDependencyError", ...
  std::string message;                // Django's text
  NodeKey node;                       // the missing node, the removed replacement, the unknown app
  std::vector<Reference> references;  // NodeNotFound: every reference to the node
  std::vector<NodeKey> cycle;         // Cycle: the nodes in order, each a dependency of the next
  const Migration* migration = nullptr;  // the squashed migration at fault (ReplacementRemoved)
  Span span;  // BadMigration: the module's first line; UnknownApp: the dependency
};

struct GraphNode {
  const Migration* migration = nullptr;  // null for a node of an app outside the project
  // A node of an app that is not a project app (third-party or django.contrib): it exists as far
  // as preflight knows, but its own dependencies are unknown.
  bool external = false;
  bool dummy = false;                 // referenced but missing (Django's DummyNode)
  std::vector<Reference> references;  // dummy: who referenced it
  std::set<NodeKey> parents;
  std::set<NodeKey> children;
};

// The graph of one Django project, after replacements (no database: no migration is applied, so
// every squashed migration is used and the migrations it replaces leave the graph).
struct MigrationGraph {
  std::size_t project = 0;
  std::map<NodeKey, GraphNode> nodes;
  std::vector<GraphProblem> problems;
  // Squashed migrations in use, and what each replaced.
  std::map<NodeKey, std::vector<NodeKey>> replacements;
  // Labels of the project's installed apps with a migrations package, and those without one.
  std::set<std::string> migrated_apps;
  std::set<std::string> unmigrated_apps;

  // Nodes with no parent in their own app (`graph.root_nodes(app)`), sorted; all apps when empty.
  // Missing (dummy) nodes are left out; nodes of apps outside the project are in.
  std::vector<NodeKey> root_nodes(std::string_view app = {}) const;
  // Nodes with no child in their own app (`graph.leaf_nodes(app)`), sorted, as root_nodes.
  std::vector<NodeKey> leaf_nodes(std::string_view app = {}) const;
  // `MigrationLoader.detect_conflicts()` for the project's apps: apps with several leaves, and
  // their leaf names (sorted).
  std::map<std::string, std::vector<std::string>> conflicts() const;
  const GraphNode* find(const NodeKey& key) const;
};

// Graphs point into `migrations`: a set is moved, never copied.
struct MigrationSet {
  MigrationSet() = default;
  MigrationSet(MigrationSet&&) = default;
  MigrationSet& operator=(MigrationSet&&) = default;
  MigrationSet(const MigrationSet&) = delete;
  MigrationSet& operator=(const MigrationSet&) = delete;
  ~MigrationSet() = default;

  std::vector<Migration> migrations;   // by app (in ProjectModels::apps order), then by name
  std::vector<MigrationGraph> graphs;  // one per Django project with migrations
  // The module table the migrations were read with (names in them resolve through it), and
  // settings.AUTH_USER_MODEL as the graph took it.
  const ModuleTable* table = nullptr;
  std::unique_ptr<const ModuleTable> owned_table;
  std::optional<std::string> auth_user_model;
  // The migration `app_label.name` of a Django project; null when there is none.
  const Migration* find(std::size_t project, std::string_view app_label,
                        std::string_view name) const;
};

struct GraphOptions {
  // settings.AUTH_USER_MODEL for swappable dependencies; nullopt when unknown (the dependency is
  // then left out of the graph).
  std::optional<std::string> auth_user_model = "auth.User";
  // settings.MIGRATION_MODULES: app label -> the dotted package of its migrations, or nullopt
  // for None (migrations disabled: the app is unmigrated).
  std::map<std::string, std::optional<std::string>, std::less<>> migration_modules;
};

// Reads the migrations of every app of `models` whose `migrations/` package is among `modules`,
// and builds each project's graph.
MigrationSet load_migrations(std::span<const ModuleSource> modules, const ProjectModels& models,
                             const GraphOptions& options = {});
// The same with the module table of `modules` already built.
MigrationSet load_migrations(std::span<const ModuleSource> modules, const ModuleTable& table,
                             const ProjectModels& models, const GraphOptions& options);

}  // namespace preflight::django::migrations
