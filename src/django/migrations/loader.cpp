// Reading migration modules as MigrationLoader.load_disk does: for every installed app whose
// `migrations/` folder is a package, every module in it whose name does not start with `_` or `~`
// must define `Migration`; its class attributes are read where they are written literally.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "django/migrations/graph.h"
#include "django/migrations/migrations.h"
#include "django/migrations/operations.h"
#include "django/python_values.h"
#include "django/symbols.h"

namespace preflight::django::migrations {
namespace {

using python::Kind;
using python::Node;

// The span of `Migration` in `class Migration(...)`.
Span class_name_span(const SourceFile& source, FileId file, const Node& node) {
  const Span whole = node_span(source, file, node);
  const std::string_view line = source.line_text(whole.start.line);
  const std::uint32_t line_start = source.offset_at(Position{whole.start.line, 1});
  const std::size_t at = line.find("Migration", whole.begin - line_start);
  if (at == std::string_view::npos) return source.span(file, whole.begin, whole.begin);
  const auto begin = static_cast<std::uint32_t>(line_start + at);
  return source.span(file, begin, begin + 9);
}

// One `dependencies` / `replaces` / `run_before` entry.
Dependency read_dependency(const Node* entry, const BindingContext& context) {
  Dependency dependency;
  dependency.span = node_span(context.source, context.file, *entry);
  if (is_sequence(entry)) {
    const auto items = elements(entry);
    const auto app = items.size() == 2 ? string_value(items[0]) : std::nullopt;
    const auto name = items.size() == 2 ? string_value(items[1]) : std::nullopt;
    if (app && name) {
      dependency.app_label = std::string(*app);
      dependency.name = std::string(*name);
      return dependency;
    }
  } else if (entry->kind == Kind::Call) {
    // migrations.swappable_dependency(settings.AUTH_USER_MODEL) or of a literal "app.Model".
    const auto function = context.table.resolve(context.module, entry->get("func").node);
    const auto arguments = positional_arguments(*entry);
    if (function && function->ends_with("swappable_dependency") && arguments.size() == 1) {
      dependency.swappable = true;
      if (const auto literal = string_value(arguments[0])) {
        dependency.app_label = std::string(literal->substr(0, literal->find('.')));
        dependency.name = "__first__";
        return dependency;
      }
      const auto setting = context.table.resolve(context.module, arguments[0]);
      if (setting && setting->starts_with("django.conf.settings.")) {
        dependency.app_label = "__setting__";
        dependency.name = setting->substr(std::string_view("django.conf.settings.").size());
        return dependency;
      }
    }
  }
  dependency.known = false;
  return dependency;
}

std::vector<Dependency> read_dependencies(const Node* value, const BindingContext& context,
                                          bool& incomplete) {
  std::vector<Dependency> entries;
  if (!is_sequence(value)) {
    incomplete = true;
    return entries;
  }
  for (const Node* entry : elements(value)) {
    entries.push_back(read_dependency(entry, context));
    if (!entries.back().known) incomplete = true;
  }
  return entries;
}

bool derives_from_django_migration(const Node& class_node, const BindingContext& context) {
  for (const Node* base : list_field(class_node, "bases")) {
    const auto dotted = context.table.resolve(context.module, base);
    if (dotted && (*dotted == "django.db.migrations.Migration" ||
                   *dotted == "django.db.migrations.migration.Migration")) {
      return true;
    }
  }
  return false;
}

// The absolute module an import statement names (`from . import x` inside app.migrations).
std::string imported_module(const Node& statement, const std::string& module_name,
                            bool is_package) {
  const std::string_view written = statement.get("module").text;
  const std::int64_t level = statement.get("level").integer;
  if (level <= 0) return std::string(written);
  std::string base = module_name;
  for (std::int64_t up = is_package ? 1 : 0; up < level; ++up) {
    const std::size_t dot = base.rfind('.');
    base = dot == std::string::npos ? "" : base.substr(0, dot);
  }
  if (written.empty()) return base;
  return base.empty() ? std::string(written) : base + "." + std::string(written);
}

std::vector<ModuleImport> read_imports(const Node& tree, const BindingContext& context) {
  std::vector<ModuleImport> imports;
  auto add = [&](std::string name, const Node& statement) {
    ModuleImport entry;
    entry.span = node_span(context.source, context.file, statement);
    if (name == "django" || name.starts_with("django.")) {
      entry.origin = ModuleImport::Origin::Django;
    } else {
      // A project module, or a package of one.
      for (std::string prefix = name; !prefix.empty();) {
        if (context.table.find(prefix)) {
          entry.origin = ModuleImport::Origin::Project;
          break;
        }
        const std::size_t dot = prefix.rfind('.');
        prefix = dot == std::string::npos ? "" : prefix.substr(0, dot);
      }
    }
    entry.module = std::move(name);
    imports.push_back(std::move(entry));
  };
  for (const Node* statement : list_field(tree, "body")) {
    if (statement->kind == Kind::Import) {
      for (const Node* alias : list_field(*statement, "names")) {
        add(std::string(alias->get("name").text), *statement);
      }
    } else if (statement->kind == Kind::ImportFrom) {
      add(imported_module(*statement, context.module.name, context.module.is_package), *statement);
    }
  }
  return imports;
}

// Module-level names bound otherwise than by `class Migration`: an assignment, an import or a star
// import may bring a Migration that preflight cannot see.
bool may_bind_migration(const Node& tree) {
  for (const Node* statement : list_field(tree, "body")) {
    if (statement->kind == Kind::ImportFrom) {
      for (const Node* alias : list_field(*statement, "names")) {
        const std::string_view name = alias->get("name").text;
        const std::string_view as = alias->get("asname").text;
        if (name == "*" || (as.empty() ? name : as) == "Migration") return true;
      }
    } else if (statement->kind == Kind::Assign) {
      for (const Node* target : list_field(*statement, "targets")) {
        if (name_id(target) == "Migration") return true;
      }
    } else if (statement->kind != Kind::Import && statement->kind != Kind::FunctionDef &&
               statement->kind != Kind::ClassDef && statement->kind != Kind::Expr) {
      return true;  // `if`/`try`/... blocks may define it
    }
  }
  return false;
}

std::optional<Migration> read_migration(const ModuleSource& source, const App& app,
                                        std::size_t app_index, std::string name,
                                        const BindingContext& context) {
  const Node* class_node = nullptr;
  for (const Node* statement : list_field(*source.tree, "body")) {
    if (statement->kind == Kind::ClassDef && statement->get("name").text == "Migration") {
      class_node = statement;
    }
  }
  if (!class_node) return std::nullopt;
  Migration migration;
  migration.project = app.project;
  migration.app = app_index;
  migration.app_label = app.label;
  migration.name = std::move(name);
  migration.module = context.module.name;
  migration.path = source.path;
  migration.file = source.file;
  migration.class_node = class_node;
  migration.span = class_name_span(context.source, context.file, *class_node);
  migration.django_base = derives_from_django_migration(*class_node, context);
  migration.imports = read_imports(*source.tree, context);
  for (const Node* statement : list_field(*class_node, "body")) {
    if (statement->kind != Kind::Assign || list_field(*statement, "targets").size() != 1) continue;
    const std::string_view target = name_id(list_field(*statement, "targets")[0]);
    const Node* value = statement->get("value").node;
    if (target == "dependencies") {
      migration.dependencies = read_dependencies(value, context, migration.incomplete);
    } else if (target == "replaces") {
      migration.replaces = read_dependencies(value, context, migration.incomplete);
    } else if (target == "run_before") {
      migration.run_before = read_dependencies(value, context, migration.incomplete);
    } else if (target == "initial") {
      migration.initial = bool_value(value);
    } else if (target == "atomic") {
      migration.atomic = bool_value(value).value_or(true);
    } else if (target == "operations") {
      bool known = true;
      migration.operations = bind_operations(value, context, &known);
      if (!known) migration.incomplete = true;
    }
  }
  return migration;
}

}  // namespace

const Migration* MigrationSet::find(std::size_t project, std::string_view app_label,
                                    std::string_view name) const {
  for (const Migration& migration : migrations) {
    if (migration.project == project && migration.app_label == app_label &&
        migration.name == name) {
      return &migration;
    }
  }
  return nullptr;
}

MigrationSet load_migrations(std::span<const ModuleSource> modules, const ProjectModels& models,
                             const GraphOptions& options) {
  auto table = std::make_unique<const ModuleTable>(modules);
  MigrationSet set = load_migrations(modules, *table, models, options);
  set.owned_table = std::move(table);
  return set;
}

MigrationSet load_migrations(std::span<const ModuleSource> modules, const ModuleTable& table,
                             const ProjectModels& models, const GraphOptions& options) {
  std::map<std::string, const ModuleSource*> by_path;
  for (const ModuleSource& module : modules) by_path.emplace(module.path, &module);
  std::map<const ModuleSource*, const ModuleTable::Module*> table_module;
  for (const ModuleTable::Module& module : table.modules()) {
    table_module.emplace(module.source, &module);
  }

  MigrationSet set;
  set.table = &table;
  set.auth_user_model = options.auth_user_model;
  std::map<std::size_t, std::vector<GraphProblem>> problems;  // by project
  std::map<std::size_t, std::set<std::string>> migrated;      // by project
  for (std::size_t a = 0; a < models.apps.size(); ++a) {
    const App& app = models.apps[a];
    if (app.installed == false) continue;
    std::string dir = app.dir.empty() ? "migrations" : app.dir + "/migrations";
    // MigrationLoader.migrations_module: MIGRATION_MODULES first, else "<app>.migrations".
    if (const auto named = options.migration_modules.find(app.label);
        named != options.migration_modules.end()) {
      if (!named->second) continue;  // None: the app is unmigrated
      const ModuleTable::Module* package = table.find(*named->second);
      if (!package || !package->is_package || !package->source) continue;
      dir = std::string(parent_dir(package->source->path));
    } else if (!app.has_migrations) {
      continue;
    }
    // Without __init__.py the folder is a namespace package: Django takes the app as unmigrated.
    if (!by_path.count(dir + "/__init__.py")) continue;
    migrated[app.project].insert(app.label);
    // pkgutil.iter_modules: the folder's own modules (sorted here; Django's order is arbitrary).
    for (auto it = by_path.lower_bound(dir + "/"); it != by_path.end(); ++it) {
      const std::string& path = it->first;
      if (!path.starts_with(dir + "/")) break;
      std::string file = path.substr(dir.size() + 1);
      if (file.find('/') != std::string::npos || !file.ends_with(".py")) continue;
      file.resize(file.size() - 3);
      if (file.empty() || file[0] == '_' || file[0] == '~' || file.find('.') != std::string::npos) {
        continue;
      }
      const ModuleSource& source = *it->second;
      if (!source.tree || !source.source) continue;  // a syntax error: nothing is known
      const auto module = table_module.find(&source);
      if (module == table_module.end()) continue;
      const BindingContext context{table, *module->second, *source.source, source.file};
      if (auto migration = read_migration(source, app, a, file, context)) {
        set.migrations.push_back(std::move(*migration));
      } else if (!may_bind_migration(*source.tree)) {
        GraphProblem problem;
        problem.kind = GraphProblem::Kind::BadMigration;
        problem.exception = "BadMigrationError";
        problem.message =
            fmt::format("Migration {} in app {} has no Migration class", file, app.label);
        problem.node = NodeKey{app.label, file};
        problem.span = source.source->span(
            source.file, 0, static_cast<std::uint32_t>(source.source->line_text(1).size()));
        problems[app.project].push_back(std::move(problem));
      }
    }
  }

  std::set<std::size_t> projects;
  for (const Migration& migration : set.migrations) projects.insert(migration.project);
  for (const auto& [project, list] : problems) projects.insert(project);
  for (const std::size_t project : projects) {
    std::vector<const Migration*> members;
    for (const Migration& migration : set.migrations) {
      if (migration.project == project) members.push_back(&migration);
    }
    set.graphs.push_back(
        build_graph(project, members, models, options, problems[project], migrated[project]));
  }
  return set;
}

}  // namespace preflight::django::migrations
