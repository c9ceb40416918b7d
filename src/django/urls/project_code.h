// Shared by the URL resolver's parts: the routes under construction, and lookups of what a dotted
// name refers to in the project's code.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/source.h"
#include "django/symbols.h"
#include "python/ast.h"

namespace preflight::django::urls {

// One level of a route: the text given to path() (a route) or re_path()/url() (a regex).
struct PatternPart {
  std::string text;
  bool is_regex = false;
};

// A leaf as seen from the list that holds it: the parts and namespaces above it grow as the list
// is included.
struct PendingRoute {
  std::vector<PatternPart> parts;       // outermost first
  std::vector<std::string> namespaces;  // outermost first
  std::string name;                     // the leaf's own name=
  std::string view;
  bool is_class = false;
  std::vector<std::string> url_wrappers;
  Span span;
  std::vector<Span> include_chain;
  bool conditional = false;
  bool opaque = false;
};

// The value of a urlpatterns-like expression.
struct Patterns {
  std::vector<PendingRoute> routes;
  std::vector<std::string> notes;
  bool complete = true;

  void append(Patterns other) {
    for (PendingRoute& route : other.routes) routes.push_back(std::move(route));
    for (std::string& note : other.notes) notes.push_back(std::move(note));
    complete = complete && other.complete;
  }
  void note(std::string text, bool incomplete = true) {
    notes.push_back(std::move(text));
    if (incomplete) complete = false;
  }
};

// A module-level definition in the project: a class, a function or an assignment.
struct Definition {
  const ModuleTable::Module* module = nullptr;
  const python::Node* node = nullptr;  // ClassDef, FunctionDef, AsyncFunctionDef, or Assign value
};

// The definition `dotted` names ("billing.views.InvoiceView"), the last one in its module.
std::optional<Definition> find_definition(const ModuleTable& table, std::string_view dotted);

// The dotted name a Name or Attribute chain stands for in `module`: imports followed, a name
// defined in the module itself is "<module>.<name>", Django's re-exports mapped to where the object
// is defined (django.views.generic.TemplateView -> django.views.generic.base.TemplateView). Empty
// when unknown.
std::string resolve_reference(const ModuleTable& table, const ModuleTable::Module& module,
                              const python::Node* expression);

// The callee of a decorator or wrapper: `x`, `x(...)` and `x(...)(...)` give x's dotted name.
std::string callee_name(const ModuleTable& table, const ModuleTable::Module& module,
                        const python::Node* expression);

// "path:line" of a node in a module, for notes.
std::string where(const ModuleTable::Module& module, const python::Node& node);

}  // namespace preflight::django::urls
