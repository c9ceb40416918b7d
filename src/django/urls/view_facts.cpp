#include "django/urls/view_facts.h"

#include <algorithm>

#include "django/python_values.h"
#include "django/urls/project_code.h"

namespace preflight::django::urls {

using python::Kind;
using python::Node;

namespace {

constexpr std::string_view kMethodDecorator = "django.utils.decorators.method_decorator";
constexpr int kMaxBaseDepth = 16;

// The methods whose decorators guard every request of a class-based view.
bool is_handler_method(std::string_view name) {
  static constexpr std::string_view kHandlers[] = {"dispatch", "get",    "post",    "put",
                                                   "patch",    "delete", "head",    "options",
                                                   "trace",    "list",   "retrieve"};
  return std::find(std::begin(kHandlers), std::end(kHandlers), name) != std::end(kHandlers);
}

void add_once(std::vector<std::string>& names, std::string name) {
  if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(std::move(name));
}

// A literal list/tuple of class references, resolved; nullopt when not literal.
std::optional<std::vector<std::string>> class_list(const ModuleTable& table,
                                                   const ModuleTable::Module& module,
                                                   const Node* value) {
  if (!is_sequence(value)) return std::nullopt;
  std::vector<std::string> names;
  for (const Node* element : elements(value)) {
    const std::string name = resolve_reference(table, module, element);
    if (name.empty()) return std::nullopt;
    names.push_back(name);
  }
  return names;
}

class FactCollector {
 public:
  FactCollector(const ModuleTable& table, ViewFacts& facts) : table_(table), facts_(facts) {}

  void function(const ModuleTable::Module& module, const Node& definition) {
    decorators(module, definition, /*record=*/true);
  }

  void class_definition(const ModuleTable::Module& module, const Node& definition, int depth) {
    decorators(module, definition, /*record=*/depth == 0);
    for (const Node* statement : list_field(definition, "body")) {
      if (statement->kind == Kind::FunctionDef || statement->kind == Kind::AsyncFunctionDef) {
        if (is_handler_method(statement->get("name").text)) method(module, *statement);
      } else if (statement->kind == Kind::Assign) {
        for (const Node* target : list_field(*statement, "targets")) {
          attribute(module, name_id(target), statement->get("value").node);
        }
      } else if (statement->kind == Kind::AnnAssign) {
        attribute(module, name_id(statement->get("target").node), statement->get("value").node);
      }
    }
    std::vector<std::pair<const ModuleTable::Module*, const Node*>> project_bases;
    for (const Node* base : list_field(definition, "bases")) {
      const std::string name = resolve_reference(table_, module, base);
      if (name.empty()) continue;
      add_once(facts_.bases, name);
      if (const std::optional<Definition> found = find_definition(table_, name);
          found && found->node->kind == Kind::ClassDef && found->node != &definition) {
        project_bases.emplace_back(found->module, found->node);
      }
    }
    if (depth >= kMaxBaseDepth) return;
    for (const auto& [base_module, base] : project_bases) {
      class_definition(*base_module, *base, depth + 1);
    }
  }

 private:
  const ModuleTable& table_;
  ViewFacts& facts_;
  std::vector<std::string> seen_attributes_;

  // `method_decorator(x)` / `method_decorator([x, y], name="dispatch")`: x, y.
  void method_decorator(const ModuleTable::Module& module, const Node& call) {
    const auto arguments = positional_arguments(call);
    if (arguments.empty()) return;
    if (is_sequence(arguments[0])) {
      for (const Node* element : elements(arguments[0])) {
        facts_.method_decorators.push_back(callee_name(table_, module, element));
      }
    } else {
      facts_.method_decorators.push_back(callee_name(table_, module, arguments[0]));
    }
  }

  void decorators(const ModuleTable::Module& module, const Node& definition, bool record) {
    for (const Node* decorator : list_field(definition, "decorator_list")) {
      const std::string name = callee_name(table_, module, decorator);
      if (record) facts_.decorators.push_back(name.empty() ? "?" : name);
      if (decorator->kind != Kind::Call) continue;
      if (name == kMethodDecorator) {
        method_decorator(module, *decorator);
      } else if (record && name == "rest_framework.decorators.permission_classes") {
        const auto arguments = positional_arguments(*decorator);
        if (!arguments.empty())
          facts_.permission_classes = class_list(table_, module, arguments[0]);
      } else if (record && name == "rest_framework.decorators.authentication_classes") {
        const auto arguments = positional_arguments(*decorator);
        if (!arguments.empty()) {
          facts_.authentication_classes = class_list(table_, module, arguments[0]);
        }
      }
    }
  }

  void method(const ModuleTable::Module& module, const Node& definition) {
    for (const Node* decorator : list_field(definition, "decorator_list")) {
      if (decorator->kind == Kind::Call &&
          callee_name(table_, module, decorator) == kMethodDecorator) {
        method_decorator(module, *decorator);
      }
    }
  }

  // The subclass's value wins: an attribute is taken from the first class that sets it.
  void attribute(const ModuleTable::Module& module, std::string_view name, const Node* value) {
    if (name != "permission_classes" && name != "authentication_classes") return;
    if (std::find(seen_attributes_.begin(), seen_attributes_.end(), name) !=
        seen_attributes_.end()) {
      return;
    }
    seen_attributes_.emplace_back(name);
    std::optional<std::vector<std::string>> classes = class_list(table_, module, value);
    if (name == "permission_classes") {
      facts_.permission_classes = std::move(classes);
    } else {
      facts_.authentication_classes = std::move(classes);
    }
  }
};

}  // namespace

ViewFacts view_facts(const ModuleTable& table, std::string_view view, bool is_class,
                     std::vector<std::string> url_wrappers) {
  ViewFacts facts;
  facts.is_class = is_class;
  facts.url_wrappers = std::move(url_wrappers);
  if (view.empty()) return facts;
  const std::optional<Definition> definition = find_definition(table, view);
  if (!definition) return facts;
  FactCollector collector(table, facts);
  switch (definition->node->kind) {
    case Kind::FunctionDef:
    case Kind::AsyncFunctionDef:
      facts.in_project = true;
      collector.function(*definition->module, *definition->node);
      break;
    case Kind::ClassDef:
      facts.in_project = true;
      facts.is_class = true;
      collector.class_definition(*definition->module, *definition->node, 0);
      break;
    default:
      break;
  }
  return facts;
}

}  // namespace preflight::django::urls
