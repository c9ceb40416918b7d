// What a migration's Python code does with the database, read from its syntax tree: the SQL it
// passes to `execute` (with every byte mapped back into the Python literal) and the database
// errors it catches and swallows. The migration rules (PF210, PF211, PF213) ask these questions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "django/models.h"
#include "python/ast.h"
#include "python/string_text.h"
#include "sql/sql.h"

namespace preflight::django::migrations {

// A SQL string a migration runs: the Python expression, its decoded text and PostgreSQL's parse.
struct SqlText {
  const python::Node* expression = nullptr;  // the literal (or f-string) itself
  python::StringText text;
  sql::ParseResult parsed;
  // Where a statement or error offset of `text` is in the module's file.
  Span span(const ModuleSource& module, std::uint32_t begin, std::uint32_t end) const;
  // `name` with each f-string field's stand-in (`pf_field_0`) shown as the field (`{old_name}`).
  std::string display(const std::string& name) const;
};

// The SQL of a string expression: a literal, an f-string, or a name bound once to one (in
// `function`'s body, else at module level). `has_params`: the call passes parameters, so psycopg2
// replaces `%s`/`%(name)s` and `%%` (with no parameters the text is sent as it is). nullopt when
// the expression is not known text.
std::optional<SqlText> sql_text(const python::Node& expression, const ModuleSource& module,
                                const python::Node* function, bool has_params);

// A call of `execute`/`executemany` (on a cursor or the schema editor) inside a function.
struct ExecuteCall {
  const python::Node* call = nullptr;
  std::optional<SqlText> sql;  // when its first argument is known text
};

// A database error caught and not re-raised by an `except` inside a function that runs in a
// transaction: PostgreSQL has aborted the transaction, so the next statement fails.
struct SwallowedError {
  const python::Node* handler = nullptr;  // the ExceptHandler
  const python::Node* failing = nullptr;  // the execute call in the `try` whose error it catches
  // The statement that then runs in the aborted transaction: the same try's execute again (the
  // loop around it goes on), or the first execute after the try; null when none follows in the
  // function (then Django's own next statement is the one).
  const python::Node* next = nullptr;
  bool next_in_loop = false;  // `next` runs in the next iteration of a loop around the try
};

struct FunctionDatabaseUse {
  std::vector<ExecuteCall> executes;  // in source order
  std::vector<SwallowedError> swallowed;
};

// Reads a FunctionDef (its nested functions and classes excluded).
FunctionDatabaseUse database_use(const python::Node& function, const ModuleSource& module);

}  // namespace preflight::django::migrations
