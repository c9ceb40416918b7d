// Django projects and their apps, found from the folder layout and apps.py, as Django's
// AppConfig derives name and label (django/apps/config.py).
#include <algorithm>

#include "django/model_builder.h"
#include "django/python_values.h"

namespace preflight::django::detail {

using python::Kind;
using python::Node;
using python::Value;

namespace {

bool is_file(std::string_view path, std::string_view name) {
  return path == name || (path.ends_with(name) && path[path.size() - name.size() - 1] == '/');
}

// `dir` holds `path`, at any depth ("" holds everything).
bool holds(std::string_view dir, std::string_view path) {
  return dir.empty() ||
         (path.starts_with(dir) && path.size() > dir.size() && path[dir.size()] == '/');
}

std::string join_path(std::string_view dir, std::string_view name) {
  return dir.empty() ? std::string(name) : std::string(dir) + "/" + std::string(name);
}

// Reads the AppConfig subclass of an apps.py: Django 3.2 takes the one marked `default = True`,
// else the only one.
void read_app_config(App& app, const ModuleTable& table, const ModuleTable::Module& module) {
  const Node* chosen = nullptr;
  bool chosen_is_default = false;
  int candidates = 0;
  for (const auto& [name, node] : module.classes) {
    bool is_config = false;
    const Value& bases = node->get("bases");
    if (bases.type == Value::Type::List) {
      for (const Node* base : bases.list) {
        const std::optional<std::string> resolved = table.resolve(module, base);
        if (resolved &&
            (*resolved == "django.apps.AppConfig" || *resolved == "django.apps.config.AppConfig")) {
          is_config = true;
        }
      }
    }
    if (!is_config) continue;
    ++candidates;
    bool is_default = false;
    for (const Node* statement : node->get("body").list) {
      if (statement->kind != Kind::Assign) continue;
      for (const Node* target : statement->get("targets").list) {
        if (name_id(target) == "default" && bool_value(statement->get("value").node) == true) {
          is_default = true;
        }
      }
    }
    if (is_default || !chosen) chosen = node;
    if (is_default) {
      chosen_is_default = true;
      break;
    }
  }
  // Several candidates and no default: Django uses a plain AppConfig for the package.
  if (!chosen || (candidates > 1 && !chosen_is_default)) return;
  for (const Node* statement : chosen->get("body").list) {
    if (statement->kind != Kind::Assign) continue;
    const std::optional<std::string_view> text = string_value(statement->get("value").node);
    if (!text) continue;
    for (const Node* target : statement->get("targets").list) {
      const std::string_view attribute = name_id(target);
      if (attribute == "name") app.name = std::string(*text);
      if (attribute == "label") app.label = std::string(*text);
      if (attribute == "default_auto_field") app.default_auto_field = std::string(*text);
    }
  }
}

}  // namespace

std::vector<DjangoProject> find_projects(std::span<const ModuleSource> modules,
                                         std::vector<std::size_t>& project_of_module) {
  std::vector<DjangoProject> projects;
  for (const ModuleSource& module : modules) {
    if (is_file(module.path, "manage.py")) {
      projects.push_back(DjangoProject{std::string(parent_dir(module.path))});
    }
  }
  std::sort(projects.begin(), projects.end(),
            [](const DjangoProject& a, const DjangoProject& b) { return a.root < b.root; });
  project_of_module.assign(modules.size(), 0);
  std::optional<std::size_t> root_project;
  for (std::size_t i = 0; i < modules.size(); ++i) {
    std::optional<std::size_t> best;
    for (std::size_t p = 0; p < projects.size(); ++p) {
      if (!holds(projects[p].root, modules[i].path)) continue;
      if (!best || projects[p].root.size() > projects[*best].root.size()) best = p;
    }
    if (!best) {
      // Modules outside every manage.py folder form the root project (also when there is none).
      if (!root_project) {
        root_project = projects.size();
        projects.push_back(DjangoProject{""});
      }
      best = root_project;
    }
    project_of_module[i] = *best;
  }
  return projects;
}

std::vector<App> find_apps(std::size_t project, const ModuleTable& table) {
  // Package folder -> what it holds.
  struct Candidate {
    const ModuleTable::Module* package = nullptr;
    const ModuleTable::Module* apps_py = nullptr;
    bool has_models = false;
    bool has_migrations = false;
  };
  std::map<std::string, Candidate> by_dir;
  for (const ModuleTable::Module& module : table.modules()) {
    const std::string_view path = module.source->path;
    const std::string_view dir = parent_dir(path);
    if (module.is_package) by_dir[std::string(dir)].package = &module;
    const std::string_view file = path.substr(dir.empty() ? 0 : dir.size() + 1);
    if (file == "models.py") by_dir[std::string(dir)].has_models = true;
    if (file == "apps.py") by_dir[std::string(dir)].apps_py = &module;
    const std::string_view dir_name =
        dir.substr(dir.rfind('/') == std::string_view::npos ? 0 : dir.rfind('/') + 1);
    if (file == "__init__.py" && dir_name == "models") {
      by_dir[std::string(parent_dir(dir))].has_models = true;
    }
    if (dir_name == "migrations") by_dir[std::string(parent_dir(dir))].has_migrations = true;
  }

  std::vector<App> apps;
  for (const auto& [dir, candidate] : by_dir) {
    if (!candidate.package) continue;  // Django imports apps as packages
    if (!candidate.has_models && !candidate.has_migrations && !candidate.apps_py) continue;
    App app;
    app.project = project;
    app.dir = dir;
    app.name = candidate.package->name;
    app.has_models = candidate.has_models;
    app.has_migrations = candidate.has_migrations;
    if (candidate.apps_py) read_app_config(app, table, *candidate.apps_py);
    if (app.label.empty()) {
      const std::size_t dot = app.name.rfind('.');
      app.label = dot == std::string::npos ? app.name : app.name.substr(dot + 1);
    }
    apps.push_back(std::move(app));
  }
  return apps;
}

const App* containing_app(std::span<const App> apps, std::string_view path) {
  const App* best = nullptr;
  for (const App& app : apps) {
    if (!holds(app.dir, path) && join_path(app.dir, "") != path) continue;
    if (!best || app.dir.size() > best->dir.size()) best = &app;
  }
  return best;
}

}  // namespace preflight::django::detail
