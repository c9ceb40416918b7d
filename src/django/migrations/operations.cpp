// Operation calls bound to Django's signatures: `migrations.AddField("book", "title", field=...)`
// becomes an AddField whose `model_name`, `name` and `field` arguments are known by parameter,
// positional or keyword, as Python itself would bind them.
#include "django/migrations/operations.h"

#include <fmt/format.h>

#include <array>
#include <string>

#include "django/python_values.h"

namespace preflight::django::migrations {
namespace {

using python::Kind;
using python::Node;

struct Signature {
  std::string_view class_name;
  OperationKind kind;
  std::vector<std::string_view> parameters;    // positional or keyword, in order
  std::vector<std::string_view> keyword_only;  // after `*`
  std::string_view extension;                  // a CreateExtension subclass's fixed name
};

// Django's operation classes and their `__init__` parameters (3.2, plus RenameIndex from 4.1,
// AlterModelTableComment from 4.2 and the 4.0 NOT VALID constraint operations).
const std::vector<Signature>& signatures() {
  using K = OperationKind;
  static const std::vector<Signature> table = {
      {"CreateModel", K::CreateModel, {"name", "fields", "options", "bases", "managers"}, {}, ""},
      {"DeleteModel", K::DeleteModel, {"name"}, {}, ""},
      {"RenameModel", K::RenameModel, {"old_name", "new_name"}, {}, ""},
      {"AlterModelTable", K::AlterModelTable, {"name", "table"}, {}, ""},
      {"AlterModelTableComment", K::AlterModelTableComment, {"name", "table_comment"}, {}, ""},
      {"AlterUniqueTogether", K::AlterUniqueTogether, {"name", "unique_together"}, {}, ""},
      {"AlterIndexTogether", K::AlterIndexTogether, {"name", "index_together"}, {}, ""},
      {"AlterOrderWithRespectTo",
       K::AlterOrderWithRespectTo,
       {"name", "order_with_respect_to"},
       {},
       ""},
      {"AlterModelOptions", K::AlterModelOptions, {"name", "options"}, {}, ""},
      {"AlterModelManagers", K::AlterModelManagers, {"name", "managers"}, {}, ""},
      {"AddField", K::AddField, {"model_name", "name", "field", "preserve_default"}, {}, ""},
      {"RemoveField", K::RemoveField, {"model_name", "name"}, {}, ""},
      {"AlterField", K::AlterField, {"model_name", "name", "field", "preserve_default"}, {}, ""},
      {"RenameField", K::RenameField, {"model_name", "old_name", "new_name"}, {}, ""},
      {"AddIndex", K::AddIndex, {"model_name", "index"}, {}, ""},
      {"RemoveIndex", K::RemoveIndex, {"model_name", "name"}, {}, ""},
      {"RenameIndex", K::RenameIndex, {"model_name", "new_name", "old_name", "old_fields"}, {}, ""},
      {"AddConstraint", K::AddConstraint, {"model_name", "constraint"}, {}, ""},
      {"RemoveConstraint", K::RemoveConstraint, {"model_name", "name"}, {}, ""},
      {"SeparateDatabaseAndState",
       K::SeparateDatabaseAndState,
       {"database_operations", "state_operations"},
       {},
       ""},
      {"RunSQL",
       K::RunSQL,
       {"sql", "reverse_sql", "state_operations", "hints", "elidable"},
       {},
       ""},
      {"RunPython", K::RunPython, {"code", "reverse_code", "atomic", "hints", "elidable"}, {}, ""},
      {"AddIndexConcurrently", K::AddIndexConcurrently, {"model_name", "index"}, {}, ""},
      {"RemoveIndexConcurrently", K::RemoveIndexConcurrently, {"model_name", "name"}, {}, ""},
      {"AddConstraintNotValid", K::AddConstraintNotValid, {"model_name", "constraint"}, {}, ""},
      {"ValidateConstraint", K::ValidateConstraint, {"model_name", "name"}, {}, ""},
      {"CreateExtension", K::CreateExtension, {"name"}, {}, ""},
      {"BloomExtension", K::CreateExtension, {}, {}, "bloom"},
      {"BtreeGinExtension", K::CreateExtension, {}, {}, "btree_gin"},
      {"BtreeGistExtension", K::CreateExtension, {}, {}, "btree_gist"},
      {"CITextExtension", K::CreateExtension, {}, {}, "citext"},
      {"CryptoExtension", K::CreateExtension, {}, {}, "pgcrypto"},
      {"HStoreExtension", K::CreateExtension, {}, {}, "hstore"},
      {"TrigramExtension", K::CreateExtension, {}, {}, "pg_trgm"},
      {"UnaccentExtension", K::CreateExtension, {}, {}, "unaccent"},
      {"CreateCollation",
       K::CreateCollation,
       {"name", "locale"},
       {"provider", "deterministic"},
       ""},
      {"RemoveCollation",
       K::RemoveCollation,
       {"name", "locale"},
       {"provider", "deterministic"},
       ""},
  };
  return table;
}

// The modules that export Django's operation classes.
constexpr std::array<std::string_view, 6> kOperationModules = {
    "django.db.migrations",
    "django.db.migrations.operations",
    "django.db.migrations.operations.models",
    "django.db.migrations.operations.fields",
    "django.db.migrations.operations.special",
    "django.contrib.postgres.operations",
};

// The Django class a dotted name stands for: "django.db.migrations.AddField" -> AddField.
const Signature* django_signature(std::string_view dotted) {
  const std::size_t dot = dotted.rfind('.');
  if (dot == std::string_view::npos) return nullptr;
  const std::string_view module = dotted.substr(0, dot);
  const std::string_view name = dotted.substr(dot + 1);
  bool known_module = false;
  for (const std::string_view candidate : kOperationModules) known_module |= module == candidate;
  if (!known_module) return nullptr;
  // Postgres operations live only in contrib.postgres, the others never there.
  const bool postgres = module == "django.contrib.postgres.operations";
  for (const Signature& signature : signatures()) {
    if (signature.class_name != name) continue;
    const bool is_postgres = signature.kind == OperationKind::AddIndexConcurrently ||
                             signature.kind == OperationKind::RemoveIndexConcurrently ||
                             signature.kind == OperationKind::AddConstraintNotValid ||
                             signature.kind == OperationKind::ValidateConstraint ||
                             signature.kind == OperationKind::CreateExtension ||
                             signature.kind == OperationKind::CreateCollation ||
                             signature.kind == OperationKind::RemoveCollation;
    if (is_postgres == postgres) return &signature;
  }
  return nullptr;
}

// The name an expression is written as: `AddTenantSchema`, `ops.AddTenantSchema`.
std::string written_name(const Node* expression) {
  if (!expression) return "";
  if (expression->kind == Kind::Name) return std::string(name_id(expression));
  if (expression->kind == Kind::Attribute) {
    const std::string head = written_name(expression->get("value").node);
    const std::string_view attribute = expression->get("attr").text;
    return head.empty() ? std::string(attribute) : head + "." + std::string(attribute);
  }
  return "";
}

bool is_django_attribute(const BindingContext& context, const Node* expression,
                         std::string_view suffix) {
  const auto dotted = context.table.resolve(context.module, expression);
  if (!dotted || !dotted->ends_with(suffix)) return false;
  return dotted->starts_with("django.db.migrations") || dotted->starts_with("django.contrib");
}

SqlString sql_string(const Node* node, const Node* params, const BindingContext& context) {
  SqlString statement;
  statement.node = node;
  statement.params = params;
  statement.span = node_span(context.source, context.file, *node);
  if (const auto text = string_value(node)) {
    statement.literal = node;
    statement.text = std::string(*text);
  }
  return statement;
}

// RunSQL's `sql`/`reverse_sql` as `RunSQL._run_sql` reads it: a string (a script), or a list or
// tuple of strings and (sql, params) pairs.
SqlArgument sql_argument(const Node* node, const BindingContext& context) {
  SqlArgument argument;
  argument.node = node;
  argument.span = node_span(context.source, context.file, *node);
  if (is_django_attribute(context, node, "RunSQL.noop")) {
    argument.noop = true;
    return argument;
  }
  if (const auto text = string_value(node)) {
    argument.noop = text->empty();
    if (!argument.noop) argument.statements.push_back(sql_string(node, nullptr, context));
    return argument;
  }
  if (!is_sequence(node)) {
    argument.known = false;
    argument.statements.push_back(sql_string(node, nullptr, context));
    return argument;
  }
  for (const Node* element : elements(node)) {
    if (is_sequence(element) && elements(element).size() == 2) {
      argument.statements.push_back(
          sql_string(elements(element)[0], elements(element)[1], context));
    } else {
      if (!string_value(element)) argument.known = false;
      argument.statements.push_back(sql_string(element, nullptr, context));
    }
  }
  return argument;
}

PythonCode python_code(const Node* node, const BindingContext& context) {
  PythonCode code;
  code.node = node;
  code.span = node_span(context.source, context.file, *node);
  if (node->kind == Kind::Lambda) {
    code.lambda = true;
    return code;
  }
  code.function_name = written_name(node);
  if (is_django_attribute(context, node, "RunPython.noop")) {
    code.noop = true;
    return code;
  }
  if (node->kind == Kind::Name) {
    code.function = module_function(context.module.source->tree, name_id(node));
    if (code.function) return code;
  }
  // A function imported from a project module.
  if (const auto dotted = context.table.resolve(context.module, node)) {
    const std::size_t dot = dotted->rfind('.');
    if (dot != std::string::npos) {
      if (const ModuleTable::Module* owner = context.table.find(dotted->substr(0, dot))) {
        code.function = module_function(owner->source->tree, dotted->substr(dot + 1));
      }
    }
  }
  return code;
}

// Fills the typed members of an operation from its bound arguments.
void type_arguments(Operation& operation, const BindingContext& context) {
  for (const Argument& argument : operation.arguments) {
    const Node* value = argument.value;
    const bool none = value->kind == Kind::Constant &&
                      value->get("value").constant->type == python::Constant::Type::None;
    if (argument.name == "elidable") {
      operation.elidable = bool_value(value).value_or(false);
    } else if (argument.name == "database_operations" && !none) {
      operation.database_operations = bind_operations(value, context);
    } else if (argument.name == "state_operations" && !none) {
      operation.state_operations = bind_operations(value, context);
    } else if (operation.kind == OperationKind::RunSQL && argument.name == "sql") {
      operation.sql = sql_argument(value, context);
    } else if (operation.kind == OperationKind::RunSQL && argument.name == "reverse_sql" && !none) {
      operation.reverse_sql = sql_argument(value, context);
    } else if (operation.kind == OperationKind::RunPython && argument.name == "code") {
      operation.code = python_code(value, context);
    } else if (operation.kind == OperationKind::RunPython && argument.name == "reverse_code" &&
               !none) {
      operation.reverse_code = python_code(value, context);
    } else if (operation.kind == OperationKind::RunPython && argument.name == "atomic") {
      operation.atomic = bool_value(value);
    } else if (operation.kind == OperationKind::CreateExtension && argument.name == "name") {
      if (const auto text = string_value(value)) operation.extension = std::string(*text);
    }
  }
}

}  // namespace

std::string_view to_string(OperationKind kind) {
  if (kind == OperationKind::Custom) return "Custom";
  for (const Signature& signature : signatures()) {
    if (signature.kind == kind) return signature.class_name;
  }
  return "Custom";
}

const Argument* Operation::argument(std::string_view parameter) const {
  for (const Argument& argument : arguments) {
    if (argument.name == parameter) return &argument;
  }
  return nullptr;
}

std::optional<std::string> Operation::string_argument(std::string_view parameter) const {
  const Argument* found = argument(parameter);
  if (!found) return std::nullopt;
  const auto text = string_value(found->value);
  if (!text) return std::nullopt;
  return std::string(*text);
}

const Node* module_function(const Node* module_tree, std::string_view name) {
  if (!module_tree) return nullptr;
  const Node* found = nullptr;
  // The last definition wins, as at import time.
  for (const Node* statement : list_field(*module_tree, "body")) {
    if ((statement->kind == Kind::FunctionDef || statement->kind == Kind::AsyncFunctionDef) &&
        statement->get("name").text == name) {
      found = statement;
    }
  }
  return found;
}

Operation bind_operation(const Node& expression, const BindingContext& context) {
  Operation operation;
  operation.call = &expression;
  operation.span = node_span(context.source, context.file, expression);
  if (expression.kind != Kind::Call) {
    operation.class_name = written_name(&expression);
    operation.notes.push_back("not a call: the operation is computed");
    return operation;
  }
  const Node* function = expression.get("func").node;
  const auto dotted = context.table.resolve(context.module, function);
  const Signature* signature = dotted ? django_signature(*dotted) : nullptr;
  if (!signature) {
    operation.class_name = dotted ? *dotted : written_name(function);
    operation.notes.push_back(
        fmt::format("custom operation `{}`: its effect is unknown", written_name(function)));
    // The arguments as written, unbound.
    std::size_t index = 0;
    for (const Node* value : positional_arguments(expression)) {
      operation.arguments.push_back(Argument{fmt::format("{}", index++), value,
                                             node_span(context.source, context.file, *value),
                                             false});
    }
    for (const Node* keyword : list_field(expression, "keywords")) {
      const Node* value = keyword->get("value").node;
      if (keyword->get("arg").is_null() || !value) continue;
      operation.arguments.push_back(Argument{std::string(keyword->get("arg").text), value,
                                             node_span(context.source, context.file, *value),
                                             true});
    }
    return operation;
  }
  operation.kind = signature->kind;
  operation.class_name = std::string(signature->class_name);
  if (!signature->extension.empty()) operation.extension = std::string(signature->extension);

  // Positional arguments fill the parameters in order; `*args` stops what can be known.
  std::size_t index = 0;
  for (const Node* value : positional_arguments(expression)) {
    if (value->kind == Kind::Starred) {
      operation.notes.push_back("`*args`: the remaining positional arguments are unknown");
      break;
    }
    if (index >= signature->parameters.size()) {
      operation.notes.push_back(
          fmt::format("{}() takes {} positional arguments: TypeError when the migration is loaded",
                      signature->class_name, signature->parameters.size()));
      break;
    }
    operation.arguments.push_back(Argument{std::string(signature->parameters[index++]), value,
                                           node_span(context.source, context.file, *value), false});
  }
  for (const Node* keyword : list_field(expression, "keywords")) {
    const Node* value = keyword->get("value").node;
    if (keyword->get("arg").is_null()) {
      operation.notes.push_back("`**kwargs`: some arguments are unknown");
      continue;
    }
    const std::string_view name = keyword->get("arg").text;
    bool known = false;
    for (const std::string_view parameter : signature->parameters) known |= parameter == name;
    for (const std::string_view parameter : signature->keyword_only) known |= parameter == name;
    if (!known) {
      operation.notes.push_back(
          fmt::format("{}() got an unexpected keyword argument '{}': TypeError when the "
                      "migration is loaded",
                      signature->class_name, name));
      continue;
    }
    if (operation.argument(name)) {
      operation.notes.push_back(fmt::format(
          "{}() got multiple values for argument '{}': TypeError when the migration is loaded",
          signature->class_name, name));
      continue;
    }
    operation.arguments.push_back(
        Argument{std::string(name), value, node_span(context.source, context.file, *value), true});
  }
  type_arguments(operation, context);
  return operation;
}

std::vector<Operation> bind_operations(const Node* list, const BindingContext& context,
                                       bool* known) {
  std::vector<Operation> operations;
  if (!list || !is_sequence(list)) {
    if (known) *known = false;
    return operations;
  }
  for (const Node* element : elements(list)) {
    if (element->kind == Kind::Starred) {
      if (known) *known = false;
      continue;
    }
    operations.push_back(bind_operation(*element, context));
  }
  return operations;
}

}  // namespace preflight::django::migrations
