// Python module names and what a module-level name refers to, without running anything:
// `from django.db import models as m` makes `m.Model` "django.db.models.Model"; a class defined in
// `billing/models.py` is "billing.models.Invoice"; re-exports through packages are followed.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "django/models.h"
#include "python/ast.h"

namespace preflight::django {

// The dotted module name of a '/'-separated path: the folders above it that are packages (hold an
// `__init__.py`) are its package path, as Python finds it from the first folder that is not one.
// "apps/billing/models.py" with apps/__init__.py and apps/billing/__init__.py gives
// "apps.billing.models"; "pkg/__init__.py" gives "pkg".
std::string dotted_module_name(std::string_view path, const std::set<std::string>& package_dirs);

// The last component of a dotted name ("django.db.models.Model" -> "Model").
std::string_view last_component(std::string_view dotted);

// The folder part of a '/'-separated path ("" for a file at the root).
std::string_view parent_dir(std::string_view path);

// The project modules a module may cause to be imported: every `import` and `from ... import`
// anywhere in it (with each package on the way and, for `from X import y`, the candidate submodule
// X.y), plus every string constant shaped like a dotted path ("billing.urls", "apps.billing"),
// since settings name modules in strings. Names only: the caller keeps those that exist.
std::vector<std::string> referenced_module_names(const python::Node& module,
                                                 std::string_view module_name, bool is_package);

class ModuleTable {
 public:
  struct Module {
    std::string name;  // dotted
    bool is_package = false;
    const ModuleSource* source = nullptr;
    // Module-level bindings: a local name to the dotted name it stands for ("models" ->
    // "django.db.models", "Invoice" -> "billing.models.Invoice").
    std::map<std::string, std::string, std::less<>> bindings;
    std::vector<std::string> star_imports;                            // `from X import *`, dotted X
    std::map<std::string, const python::Node*, std::less<>> classes;  // top-level ClassDefs
  };

  explicit ModuleTable(std::span<const ModuleSource> sources);

  const Module* find(std::string_view dotted) const;
  std::span<const Module> modules() const { return modules_; }

  // The dotted name an expression (`Name` or `Attribute` chain) stands for in `module`, with
  // re-exports followed to where the object is defined when that lies in the project. nullopt when
  // the expression is not a plain dotted reference or its head is unbound.
  std::optional<std::string> resolve(const Module& module, const python::Node* expression) const;
  // Follows a dotted name through project modules' bindings to its definition.
  std::string canonical(std::string_view dotted) const;

 private:
  std::vector<Module> modules_;
  std::map<std::string, std::size_t, std::less<>> by_name_;

  std::string canonical(std::string_view dotted, int depth) const;
  const Module* binder(const Module& module, std::string_view name, int depth) const;
  std::optional<std::string> outside_star(const Module& module, int depth) const;
};

}  // namespace preflight::django
