// Reads `execute` calls and `try`/`except` around them in migration functions. Statically and
// conservatively: an error is "swallowed" only when the handler certainly catches database errors
// and certainly does not re-raise or roll back to a savepoint.
#include "django/migrations/database_calls.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "django/python_values.h"

namespace preflight::django::migrations {

using python::Kind;
using python::Node;

namespace {

// Each f-string field `{expr}` stands in the SQL text as this identifier and its index, so that
// libpg_query can parse the rest; messages show `{expr}` again (SqlText::display).
constexpr std::string_view kFieldStandInPrefix = "pf_field_";

bool before(const Node& a, const Node& b) {
  const auto& x = a.location;
  const auto& y = b.location;
  return x.lineno != y.lineno ? x.lineno < y.lineno : x.col_offset < y.col_offset;
}

bool ends_before(const Node& a, const Node& b) {
  const auto& x = a.location;
  const auto& y = b.location;
  return x.end_lineno != y.lineno ? x.end_lineno < y.lineno : x.end_col_offset <= y.col_offset;
}

// `inner` starts inside `outer`'s source range.
bool contains(const Node& outer, const Node& inner) {
  return !before(inner, outer) && !ends_before(outer, inner);
}

bool is_scope(const Node& node) {
  return node.kind == Kind::FunctionDef || node.kind == Kind::AsyncFunctionDef ||
         node.kind == Kind::ClassDef || node.kind == Kind::Lambda;
}

// Every node under `root` in a pre-order walk that does not enter nested scopes.
template <class Visit>
void walk(const Node& root, Visit&& visit) {
  python::for_each_child(root, [&](const Node& child) {
    if (is_scope(child)) return;
    visit(child);
    walk(child, visit);
  });
}

// The last component of a Name or Attribute chain: `transaction.atomic` -> "atomic".
std::string_view last_name(const Node* node) {
  if (!node) return {};
  if (node->kind == Kind::Name) return node->get("id").text;
  if (node->kind == Kind::Attribute) return node->get("attr").text;
  return {};
}

bool is_execute(const Node& node) {
  if (node.kind != Kind::Call) return false;
  const Node* func = node.get("func").node;
  if (!func || func->kind != Kind::Attribute) return false;
  const std::string_view attr = func->get("attr").text;
  return attr == "execute" || attr == "executemany";
}

bool calls_named(const Node& root, std::initializer_list<std::string_view> names) {
  bool found = false;
  walk(root, [&](const Node& node) {
    if (node.kind != Kind::Call) return;
    const std::string_view name = last_name(node.get("func").node);
    found = found || std::find(names.begin(), names.end(), name) != names.end();
  });
  return found;
}

// Exceptions a failed statement raises on PostgreSQL: Django's wrappers (django.db), psycopg2's
// classes and its errors module's most common SQLSTATE classes, and what they derive from.
bool catches_database_errors(const Node* type) {
  static constexpr std::array<std::string_view, 36> kNames = {
      "Exception",
      "BaseException",
      "Error",
      "DatabaseError",
      "ProgrammingError",
      "OperationalError",
      "IntegrityError",
      "InternalError",
      "DataError",
      "NotSupportedError",
      "InsufficientPrivilege",
      "UniqueViolation",
      "ForeignKeyViolation",
      "NotNullViolation",
      "CheckViolation",
      "UndefinedTable",
      "UndefinedColumn",
      "UndefinedObject",
      "UndefinedFunction",
      "DuplicateTable",
      "DuplicateObject",
      "DuplicateColumn",
      "DuplicateSchema",
      "DuplicateFunction",
      "InvalidTextRepresentation",
      "LockNotAvailable",
      "QueryCanceled",
      "DeadlockDetected",
      "SerializationFailure",
      "ObjectInUse",
      "FeatureNotSupported",
      "DependentObjectsStillExist",
      "WrongObjectType",
      "InvalidParameterValue",
      "ExclusionViolation",
      "RaiseException",
  };
  if (!type) return true;  // a bare `except:`
  if (type->kind == Kind::Tuple) {
    return std::any_of(elements(type).begin(), elements(type).end(),
                       [](const Node* item) { return catches_database_errors(item); });
  }
  const std::string_view name = last_name(type);
  return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

// The handler lets the error go on, or repairs the transaction itself.
bool handler_recovers(const Node& handler) {
  bool raises = false;
  walk(handler, [&](const Node& node) { raises = raises || node.kind == Kind::Raise; });
  return raises || calls_named(handler, {"savepoint_rollback", "rollback", "set_rollback"});
}

bool opens_savepoint(const Node& with) {
  for (const Node* item : list_field(with, "items")) {
    const Node* context = item->get("context_expr").node;
    if (context && context->kind == Kind::Call) context = context->get("func").node;
    const std::string_view name = last_name(context);
    if (name == "atomic" || name == "savepoint") return true;
  }
  return false;
}

// The first execute in `body` that no `with transaction.atomic()` inside it protects.
const Node* unprotected_execute(std::span<Node* const> body) {
  for (const Node* statement : body) {
    if (is_scope(*statement)) continue;
    if ((statement->kind == Kind::With || statement->kind == Kind::AsyncWith) &&
        opens_savepoint(*statement)) {
      continue;
    }
    if (is_execute(*statement)) return statement;
    const Node* found = nullptr;
    walk(*statement, [&](const Node& node) {
      if (!found && is_execute(node)) found = &node;
    });
    // A savepoint deeper down protects what is inside it: look again statement by statement.
    bool nested_savepoint = false;
    walk(*statement, [&](const Node& node) {
      nested_savepoint =
          nested_savepoint ||
          ((node.kind == Kind::With || node.kind == Kind::AsyncWith) && opens_savepoint(node));
    });
    if (!nested_savepoint) {
      if (found) return found;
      continue;
    }
    for (const std::string_view field : {"body", "orelse", "finalbody"}) {
      if (const Node* inner = unprotected_execute(list_field(*statement, field))) return inner;
    }
  }
  return nullptr;
}

// A loop that runs its body once at most: `for x in [one]` over a literal (or a module-level name
// bound to one).
bool runs_once(const Node& loop, const ModuleSource& module) {
  if (loop.kind != Kind::For && loop.kind != Kind::AsyncFor) return false;
  const Node* iterable = loop.get("iter").node;
  if (iterable && iterable->kind == Kind::Name && module.tree) {
    const std::string_view name = iterable->get("id").text;
    const Node* bound = nullptr;
    int assignments = 0;
    for (const Node* statement : list_field(*module.tree, "body")) {
      if (statement->kind != Kind::Assign) continue;
      for (const Node* target : list_field(*statement, "targets")) {
        if (name_id(target) == name) {
          bound = statement->get("value").node;
          ++assignments;
        }
      }
    }
    iterable = assignments == 1 ? bound : nullptr;
  }
  return iterable && is_sequence(iterable) && elements(iterable).size() <= 1;
}

class SwallowFinder {
 public:
  SwallowFinder(const ModuleSource& module, const std::vector<ExecuteCall>& executes,
                FunctionDatabaseUse& out)
      : module_(module), executes_(executes), out_(out) {}

  void statements(std::span<Node* const> body) {
    for (const Node* statement : body) this->statement(*statement);
  }

 private:
  void statement(const Node& node) {
    if (is_scope(node)) return;
    const bool loop =
        node.kind == Kind::For || node.kind == Kind::AsyncFor || node.kind == Kind::While;
    if (loop) loops_.push_back(&node);
    if (node.kind == Kind::Try || node.kind == Kind::TryStar) try_statement(node);
    for (const std::string_view field : {"body", "orelse", "finalbody", "handlers"}) {
      statements(list_field(node, field));
    }
    if (loop) loops_.pop_back();
  }

  void try_statement(const Node& node) {
    if (calls_named(node, {"savepoint"})) return;  // a manual savepoint
    const Node* failing = unprotected_execute(list_field(node, "body"));
    if (!failing) return;
    for (const Node* handler : list_field(node, "handlers")) {
      if (!catches_database_errors(handler->get("type").node) || handler_recovers(*handler)) {
        continue;
      }
      SwallowedError swallowed;
      swallowed.handler = handler;
      swallowed.failing = failing;
      const Node* loop = loops_.empty() ? nullptr : loops_.back();
      if (loop && !runs_once(*loop, module_)) {
        // The next iteration runs the loop's first execute again.
        for (const ExecuteCall& call : executes_) {
          if (contains(*loop, *call.call)) {
            swallowed.next = call.call;
            break;
          }
        }
        if (!swallowed.next) swallowed.next = failing;
        swallowed.next_in_loop = true;
      } else {
        for (const ExecuteCall& call : executes_) {
          if (ends_before(node, *call.call)) {
            swallowed.next = call.call;
            break;
          }
        }
      }
      out_.swallowed.push_back(swallowed);
      break;  // one finding per try
    }
  }

  const ModuleSource& module_;
  const std::vector<ExecuteCall>& executes_;
  FunctionDatabaseUse& out_;
  std::vector<const Node*> loops_;
};

// The value of the single assignment of `name` in `scope` (a module, or a function's body with
// its nested blocks but not its nested scopes); null when there is none or several.
const Node* single_binding(const Node& scope, std::string_view name) {
  const Node* bound = nullptr;
  int assignments = 0;
  auto consider = [&](const Node& statement) {
    if (statement.kind != Kind::Assign && statement.kind != Kind::AnnAssign &&
        statement.kind != Kind::AugAssign) {
      return;
    }
    const Node* single_target = statement.get("target").node;
    if (single_target && name_id(single_target) == name) {
      bound = statement.get("value").node;
      ++assignments;
    }
    for (const Node* target : list_field(statement, "targets")) {
      if (name_id(target) == name) {
        bound = statement.get("value").node;
        ++assignments;
      }
    }
  };
  if (scope.kind == Kind::Module) {
    for (const Node* statement : list_field(scope, "body")) consider(*statement);
  } else {
    walk(scope, consider);
  }
  return assignments == 1 ? bound : nullptr;
}

// psycopg2's parameter markers as PostgreSQL's ($1, $2, …), and "%%" as "%", keeping each byte's
// source offset.
void replace_parameter_markers(python::StringText& text) {
  std::string out;
  std::vector<std::uint32_t> offsets;
  int parameter = 0;
  const std::string& in = text.text;
  // Where each byte of `in` lands in `out`, to move the fields' ranges along.
  const std::size_t in_size = in.size();
  std::vector<std::uint32_t> moved(in_size + 1, 0);
  for (std::size_t i = 0; i < in.size(); ++i) {
    moved[i] = static_cast<std::uint32_t>(out.size());
    const std::uint32_t at = text.source_offsets[i];
    if (in[i] == '%' && i + 1 < in.size()) {
      std::size_t end = std::string::npos;
      if (in[i + 1] == 's') {
        end = i + 2;
      } else if (in[i + 1] == '(') {
        const std::size_t close = in.find(")s", i + 2);
        if (close != std::string::npos) end = close + 2;
      } else if (in[i + 1] == '%') {
        out += '%';
        offsets.push_back(at);
        ++i;
        continue;
      }
      if (end != std::string::npos) {
        const std::string marker = fmt::format("${}", ++parameter);
        out += marker;
        offsets.insert(offsets.end(), marker.size(), at);
        i = end - 1;
        continue;
      }
    }
    out += in[i];
    offsets.push_back(at);
  }
  moved[in_size] = static_cast<std::uint32_t>(out.size());
  offsets.push_back(text.source_offsets.back());
  text.text = std::move(out);
  text.source_offsets = std::move(offsets);
  // A field's stand-in holds no '%', so its bytes move as one block.
  for (python::StringText::Field& field : text.fields) {
    if (field.text_end > in_size || field.text_begin > field.text_end) continue;
    field.text_begin = moved[field.text_begin];
    field.text_end = moved[field.text_end];
  }
}

}  // namespace

Span SqlText::span(const ModuleSource& module, std::uint32_t begin, std::uint32_t end) const {
  const std::uint32_t from = text.source_offset(begin);
  std::uint32_t to = end > begin ? text.source_offset(end - 1) + 1 : from;
  if (to < from) to = from;
  return module.source->span(module.file, from, to);
}

std::string SqlText::display(const std::string& name) const {
  std::string out = name;
  for (std::size_t index = text.fields.size(); index-- > 0;) {
    const std::string stand_in = fmt::format("{}{}", kFieldStandInPrefix, index);
    for (std::size_t at = out.find(stand_in); at != std::string::npos;
         at = out.find(stand_in, at)) {
      const std::string field = fmt::format("{{{}}}", text.fields[index].expression);
      out.replace(at, stand_in.size(), field);
      at += field.size();
    }
  }
  return out;
}

std::optional<SqlText> sql_text(const Node& expression, const ModuleSource& module,
                                const Node* function, bool has_params) {
  if (!module.source) return std::nullopt;
  const Node* literal = &expression;
  if (expression.kind == Kind::Name) {
    const std::string_view name = expression.get("id").text;
    literal = function ? single_binding(*function, name) : nullptr;
    if (!literal && module.tree) literal = single_binding(*module.tree, name);
    if (!literal) return std::nullopt;
  }
  if (literal->kind != Kind::Constant && literal->kind != Kind::JoinedStr) return std::nullopt;
  if (literal->kind == Kind::Constant &&
      literal->get("value").constant->type != python::Constant::Type::Str) {
    return std::nullopt;
  }
  const Span where = node_span(*module.source, module.file, *literal);
  std::optional<python::StringText> text = python::string_text(
      module.source->text(), where.begin, where.end, [](std::string_view, std::size_t index) {
        return fmt::format("{}{}", kFieldStandInPrefix, index);
      });
  if (!text || text->bytes) return std::nullopt;
  if (has_params) replace_parameter_markers(*text);
  SqlText sql;
  sql.expression = literal;
  sql.parsed = sql::parse(text->text);
  sql.text = std::move(*text);
  return sql;
}

FunctionDatabaseUse database_use(const Node& function, const ModuleSource& module) {
  FunctionDatabaseUse use;
  walk(function, [&](const Node& node) {
    if (!is_execute(node)) return;
    ExecuteCall call;
    call.call = &node;
    const auto arguments = positional_arguments(node);
    const Node* sql = arguments.empty() ? keyword_argument(node, "sql") : arguments[0];
    const bool has_params = arguments.size() >= 2 || keyword_argument(node, "params");
    if (sql) call.sql = sql_text(*sql, module, &function, has_params);
    use.executes.push_back(std::move(call));
  });
  std::sort(use.executes.begin(), use.executes.end(),
            [](const ExecuteCall& a, const ExecuteCall& b) { return before(*a.call, *b.call); });
  SwallowFinder finder(module, use.executes, use);
  finder.statements(list_field(function, "body"));
  return use;
}

}  // namespace preflight::django::migrations
