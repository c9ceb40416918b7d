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
    std::vector<std::string_view> attributes;
    for (const Node* node = expression; node->kind == Kind::Attribute;
         node = node->get("value").node) {
      attributes.insert(attributes.begin(), node->get("attr").text);
    }
    dotted += ".";
    dotted += head->get("id").text;
    for (const std::string_view attribute : attributes) {
      dotted += ".";
      dotted += attribute;
    }
    return dotted;
  }
  const std::optional<std::string> resolved = table.resolve(module, expression);
  if (!resolved) return {};
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
