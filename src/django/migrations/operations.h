// Binding operation calls of a migration module to Django's operation classes and their
// `__init__` signatures (internal to the migration loader).
#pragma once

#include <vector>

#include "django/migrations/migrations.h"
#include "django/symbols.h"

namespace preflight::django::migrations {

// What binding needs to know about the module the operations are written in.
struct BindingContext {
  const ModuleTable& table;
  const ModuleTable::Module& module;
  const SourceFile& source;
  FileId file = 0;
};

// The operations of a list or tuple literal (`operations = [...]`); an element that is not a
// call becomes a Custom operation with a note. `known` is cleared when `list` is not a literal.
std::vector<Operation> bind_operations(const python::Node* list, const BindingContext& context,
                                       bool* known = nullptr);

// One operation expression, usually a Call.
Operation bind_operation(const python::Node& expression, const BindingContext& context);

// The module-level FunctionDef `name` of a module's body; null when absent.
const python::Node* module_function(const python::Node* module_tree, std::string_view name);

}  // namespace preflight::django::migrations
