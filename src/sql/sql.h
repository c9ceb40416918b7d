// The sql layer: PostgreSQL 15's own parser (libpg_query) behind a small typed model of each
// statement — what kind it is, which objects it changes, and what PostgreSQL demands of the role
// that runs it (ownership, a transaction-free session). Rules ask these questions of migrations'
// SQL without ever seeing the parse tree.
//
// Every classification in sql.cpp was checked against a real PostgreSQL 15 server running the
// statement as a role that holds all privileges but owns nothing (tests/e2e/run_sql_oracle.sh).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace preflight::sql {

// An object a statement names. `kind` is PostgreSQL's word for it in lower case: "table",
// "index", "sequence", "view", "materialized view", "type", "domain", "extension", "schema",
// "function", "procedure", "trigger", "column", "constraint", "database", "role", ….
// `name` is as written, unquoted, schema-qualified only if written so; a column, constraint or
// trigger is qualified by its relation ("app.book.title").
struct ObjectRef {
  std::string kind;
  std::string name;

  friend bool operator==(const ObjectRef&, const ObjectRef&) = default;
};

// What the executing role must have, beyond ordinary privileges that can be GRANTed on the
// objects involved (table privileges, CREATE/USAGE on the schema, EXECUTE on a function).
enum class Authority {
  privileges,       // GRANTable privileges suffice (CREATE TABLE, CREATE TRIGGER, TRUNCATE, DML)
  ownership,        // must own every target (or be a member of the owning role, or superuser)
  database_create,  // CREATE privilege on the current database (CREATE SCHEMA, CREATE EXTENSION
                    // of an extension PostgreSQL 15 marks trusted)
  role_attribute,   // CREATEDB or CREATEROLE (CREATE DATABASE, CREATE ROLE)
  superuser,        // CREATE EXTENSION of an untrusted extension, tablespaces, ALTER SYSTEM (which
                    // PostgreSQL 15 also allows with GRANT ALTER SYSTEM ON PARAMETER)
};

// The kind of one ALTER TABLE subcommand; `other` for the rest (AlterTableCommand::subtype still
// names it).
enum class AlterKind {
  add_column,
  drop_column,
  alter_column_type,
  set_not_null,
  drop_not_null,
  set_default,
  drop_default,
  add_constraint,
  drop_constraint,
  validate_constraint,
  change_owner,
  set_options,  // SET (storage_parameter = …) of a table or index
  set_tablespace,
  attach_partition,
  detach_partition,
  other,
};

// One subcommand of ALTER TABLE / ALTER INDEX / ALTER SEQUENCE … (AlterTableStmt).
struct AlterTableCommand {
  AlterKind kind = AlterKind::other;
  std::string subtype;  // libpg_query's AlterTableType without "AT_": "AddColumn", "SetNotNull", …
  std::string name;     // the column or constraint it names, when it names one
  bool if_exists = false;      // DROP COLUMN/CONSTRAINT IF EXISTS
  bool if_not_exists = false;  // ADD COLUMN IF NOT EXISTS
  // ADD COLUMN: its NOT NULL and DEFAULT clauses (a NOT NULL column without a DEFAULT fails on a
  // table that has rows).
  bool not_null = false;
  bool has_default = false;
  // ADD CONSTRAINT (and ADD COLUMN … REFERENCES/CHECK/UNIQUE/PRIMARY KEY): the constraint's type
  // ("CHECK", "FOREIGN", "PRIMARY", "UNIQUE", "EXCLUSION", "NOTNULL"), empty otherwise.
  std::string constraint_type;
  bool not_valid = false;     // ADD CONSTRAINT … NOT VALID: existing rows are not checked
  bool using_index = false;   // ADD CONSTRAINT … USING INDEX: no index is built
  bool has_using = false;     // ALTER COLUMN TYPE … USING expression
  bool concurrently = false;  // DETACH PARTITION … CONCURRENTLY
};

// One statement of a SQL text.
struct Statement {
  // Byte offsets into the parsed text: [begin, end) covers the statement without surrounding
  // whitespace, leading comments and the terminating semicolon.
  std::uint32_t begin = 0, end = 0;
  // libpg_query's node name ("RenameStmt", "IndexStmt", …): the statement kind. Rules compare
  // with it; statements this layer does not know keep it too (see `classified`).
  std::string node;
  // Short and human, PostgreSQL's words: "ALTER INDEX … RENAME TO", "CREATE INDEX", "DROP TABLE".
  std::string description;
  // False for node kinds this layer has no knowledge of: then is_ddl is true, authority is
  // `privileges` and every flag false — "unknown", not "safe".
  bool classified = true;
  // Changes the schema (CREATE/ALTER/DROP/COMMENT/GRANT…); false for DML, SET, transaction
  // control and maintenance (VACUUM, ANALYZE, REINDEX, CLUSTER, REFRESH).
  bool is_ddl = false;

  Authority authority = Authority::privileges;
  // authority == Authority::ownership: PostgreSQL refuses with SQLSTATE 42501 ("must be owner of
  // …") unless the role owns the targets; GRANTed privileges are not enough. For IF EXISTS and
  // OR REPLACE forms this holds when the object exists.
  bool needs_ownership = false;
  // The table privilege that is needed instead of ownership, when there is one of note: "TRIGGER"
  // (CREATE TRIGGER), "TRUNCATE".
  std::string privilege;
  // PostgreSQL does not fail but warns and skips the work unless the role owns the targets
  // (VACUUM, ANALYZE) or holds the grant option (GRANT, REVOKE).
  bool skipped_without_ownership = false;

  // The objects the statement changes; ownership (when needed) is of these. A CREATE's new object
  // is in `created`, not here (CREATE INDEX targets its table; CREATE TABLE … PARTITION OF and
  // INHERITS target the parent, which they need to own).
  std::vector<ObjectRef> targets;
  std::optional<ObjectRef> created;
  // The table (index, view, sequence) the statement acts on, for statements that act on one:
  // ALTER TABLE, CREATE INDEX, RENAME of a column/constraint/trigger, CREATE TRIGGER, CLUSTER, ….
  std::optional<std::string> relation;
  std::optional<std::string> new_name;  // … RENAME TO new_name, … SET SCHEMA new_name

  bool if_exists = false;      // DROP … IF EXISTS, ALTER … IF EXISTS
  bool if_not_exists = false;  // CREATE … IF NOT EXISTS, ALTER TYPE … ADD VALUE IF NOT EXISTS
  bool or_replace = false;     // CREATE OR REPLACE
  bool concurrently = false;   // CREATE/DROP INDEX, REINDEX, REFRESH MATERIALIZED VIEW CONCURRENTLY
  bool unique = false;         // CREATE UNIQUE INDEX
  // PostgreSQL refuses it inside a transaction block (SQLSTATE 25001): CREATE/DROP INDEX and
  // REINDEX CONCURRENTLY, VACUUM, CREATE/DROP DATABASE, ALTER SYSTEM, REINDEX SCHEMA/DATABASE,
  // CLUSTER without a table, tablespaces.
  bool forbidden_in_transaction = false;

  std::vector<AlterTableCommand> alter_commands;  // AlterTableStmt only
};

// A syntax error: PostgreSQL's message and the 0-based byte offset it points at (the end of the
// text when the error has no position).
struct ParseError {
  std::string message;
  std::uint32_t offset = 0;
};

// The statements of a text, or the first syntax error (then `statements` is empty: PostgreSQL
// parses a whole query string before running any of it).
struct ParseResult {
  std::vector<Statement> statements;
  std::optional<ParseError> error;
};

ParseResult parse(std::string_view sql);

// "privileges", "ownership", … (the enumerator's name).
std::string_view to_string(Authority authority);
std::string_view to_string(AlterKind kind);

}  // namespace preflight::sql
