#include "django/urls/project_code.h"

#include <array>
#include <utility>

#include "django/python_values.h"

namespace preflight::django::urls {

using python::Kind;
using python::Node;

namespace {

// Where the names Django re-exports are defined: what `callback.__module__` reports.
constexpr std::array<std::pair<std::string_view, std::string_view>, 20> kDjangoReexports = {{
    {"django.views.View", "django.views.generic.base.View"},
    {"django.views.generic.View", "django.views.generic.base.View"},
    {"django.views.generic.TemplateView", "django.views.generic.base.TemplateView"},
    {"django.views.generic.RedirectView", "django.views.generic.base.RedirectView"},
    {"django.views.generic.ListView", "django.views.generic.list.ListView"},
    {"django.views.generic.DetailView", "django.views.generic.detail.DetailView"},
    {"django.views.generic.FormView", "django.views.generic.edit.FormView"},
    {"django.views.generic.CreateView", "django.views.generic.edit.CreateView"},
    {"django.views.generic.UpdateView", "django.views.generic.edit.UpdateView"},
    {"django.views.generic.DeleteView", "django.views.generic.edit.DeleteView"},
    {"django.views.generic.ArchiveIndexView", "django.views.generic.dates.ArchiveIndexView"},
    {"django.views.generic.YearArchiveView", "django.views.generic.dates.YearArchiveView"},
    {"django.views.generic.MonthArchiveView", "django.views.generic.dates.MonthArchiveView"},
    {"django.views.generic.DayArchiveView", "django.views.generic.dates.DayArchiveView"},
    {"django.views.generic.DateDetailView", "django.views.generic.dates.DateDetailView"},
    {"django.urls.path", "django.urls.conf.path"},
    {"django.urls.re_path", "django.urls.conf.re_path"},
    {"django.urls.include", "django.urls.conf.include"},
    {"django.conf.urls.include", "django.urls.conf.include"},
    {"django.conf.urls.re_path", "django.urls.conf.re_path"},
}};

std::string defined_where(std::string dotted) {
  for (const auto& [name, definition] : kDjangoReexports) {
    if (dotted == name) return std::string(definition);
  }
  return dotted;
}

// The last top-level statement of `module` that defines `name` (def, class or assignment).
const Node* local_definition(const ModuleTable::Module& module, std::string_view name) {
  if (!module.source || !module.source->tree) return nullptr;
  const Node* found = nullptr;
  for (const Node* statement : list_field(*module.source->tree, "body")) {
    switch (statement->kind) {
      case Kind::FunctionDef:
      case Kind::AsyncFunctionDef:
      case Kind::ClassDef:
        if (statement->get("name").text == name) found = statement;
        break;
      case Kind::Assign:
        for (const Node* target : list_field(*statement, "targets")) {
          if (name_id(target) == name) found = statement->get("value").node;
        }
        break;
      case Kind::AnnAssign:
        if (name_id(statement->get("target").node) == name && statement->get("value").node) {
          found = statement->get("value").node;
        }
        break;
      default:
        break;
    }
  }
  return found;
}

// The attributes of `a.b.c` after its head: b, c.
std::vector<std::string_view> attribute_chain(const Node* expression) {
  std::vector<std::string_view> attributes;
  for (const Node* node = expression; node && node->kind == Kind::Attribute;
       node = node->get("value").node) {
    attributes.insert(attributes.begin(), node->get("attr").text);
  }
  return attributes;
}

constexpr int kMaxStarDepth = 16;

// A name a module gets from `from X import *` of project modules: where X binds or defines it
// (functions are not among ModuleTable's bindings). The later star import wins, as in Python.
std::optional<std::string> star_imported(const ModuleTable& table,
                                         const ModuleTable::Module& module, std::string_view name,
                                         int depth) {
  if (depth > kMaxStarDepth) return std::nullopt;
  for (auto it = module.star_imports.rbegin(); it != module.star_imports.rend(); ++it) {
    const ModuleTable::Module* from = table.find(*it);
    if (!from) continue;
    if (const auto binding = from->bindings.find(name); binding != from->bindings.end()) {
      return table.canonical(binding->second);
    }
    if (local_definition(*from, name)) return from->name + "." + std::string(name);
    if (auto found = star_imported(table, *from, name, depth + 1)) return found;
  }
  return std::nullopt;
}

// `module.name` where the module neither binds nor defines `name` but star-imports it.
std::string through_stars(const ModuleTable& table, std::string dotted) {
  const std::size_t dot = dotted.rfind('.');
  if (dot == std::string::npos) return dotted;
  const ModuleTable::Module* module = table.find(std::string_view(dotted).substr(0, dot));
  const std::string_view name = std::string_view(dotted).substr(dot + 1);
  if (!module || module->bindings.count(name) || local_definition(*module, name)) return dotted;
  if (auto found = star_imported(table, *module, name, 0)) return *found;
  return dotted;
}

}  // namespace

std::optional<Definition> find_definition(const ModuleTable& table, std::string_view dotted) {
  const std::size_t dot = dotted.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const ModuleTable::Module* module = table.find(dotted.substr(0, dot));
  if (!module) return std::nullopt;
  const Node* node = local_definition(*module, dotted.substr(dot + 1));
  if (!node) return std::nullopt;
  return Definition{module, node};
}

std::string resolve_reference(const ModuleTable& table, const ModuleTable::Module& module,
                              const Node* expression) {
  if (!expression) return {};
  // A name the module defines itself (a view function) is not among the import bindings.
  const Node* head = expression;
  while (head->kind == Kind::Attribute) head = head->get("value").node;
  if (head->kind == Kind::Name && !module.bindings.count(head->get("id").text) &&
      local_definition(module, head->get("id").text)) {
    std::string dotted = module.name;
    dotted += ".";
    dotted += head->get("id").text;
    for (const std::string_view attribute : attribute_chain(expression)) {
      dotted += ".";
      dotted += attribute;
    }
    return dotted;
  }
  std::optional<std::string> resolved;
  if (head->kind == Kind::Name && !module.bindings.count(head->get("id").text)) {
    // `from .views import *` then `home`: a function of the star-imported module.
    if (auto found = star_imported(table, module, head->get("id").text, 0)) {
      for (const std::string_view attribute : attribute_chain(expression)) {
        *found += ".";
        *found += attribute;
      }
      resolved = std::move(found);
    }
  }
  if (!resolved) resolved = table.resolve(module, expression);
  if (!resolved) return {};
  *resolved = through_stars(table, *resolved);
  // `views.archive` where the package views/__init__.py does `from .archive import archive`: the
  // package attribute is the function, which replaced the submodule of the same name.
  const std::size_t dot = resolved->rfind('.');
  if (dot != std::string::npos && table.find(*resolved)) {
    if (const ModuleTable::Module* package =
            table.find(std::string_view(*resolved).substr(0, dot))) {
      const auto binding = package->bindings.find(std::string_view(*resolved).substr(dot + 1));
      if (binding != package->bindings.end() && binding->second != *resolved) {
        return defined_where(table.canonical(binding->second));
      }
    }
  }
  return defined_where(*resolved);
}

std::string callee_name(const ModuleTable& table, const ModuleTable::Module& module,
                        const Node* expression) {
  // `cache_page(60)(view)`: the callee of the callee.
  while (expression && expression->kind == Kind::Call) expression = expression->get("func").node;
  return resolve_reference(table, module, expression);
}

std::string where(const ModuleTable::Module& module, const Node& node) {
  std::string path = module.source ? module.source->path : module.name;
  return path + ":" + std::to_string(node.location.lineno);
}

}  // namespace preflight::django::urls
