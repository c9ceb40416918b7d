// Statement classification over libpg_query's JSON parse tree. The JSON (and libpg_query) stay in
// this file; sql.h is the typed model rules see.
//
// What each statement demands of the executing role was checked against PostgreSQL 15 as a role
// with every privilege but no ownership (tests/e2e/run_sql_oracle.sh); where the server disagrees
// with intuition, a comment says so.
#include "sql/sql.h"

#include <pg_query.h>

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

namespace preflight::sql {
namespace {

using json = nlohmann::json;

// libpg_query leaves out members that hold their type's zero value (false, 0, empty string), so
// every read tolerates absence.
const json* member(const json& node, const char* key) {
  if (!node.is_object()) return nullptr;
  const auto it = node.find(key);
  return it == node.end() ? nullptr : &*it;
}

std::string text(const json& node, const char* key) {
  const json* value = member(node, key);
  return value && value->is_string() ? value->get<std::string>() : std::string();
}

bool flag(const json& node, const char* key) {
  const json* value = member(node, key);
  return value && value->is_boolean() && value->get<bool>();
}

const json& empty_object() {
  static const json empty = json::object();
  return empty;
}

const json& child(const json& node, const char* key) {
  const json* value = member(node, key);
  return value ? *value : empty_object();
}

// A RangeVar: [catalog.][schema.]relation.
std::string range_var(const json& rv) {
  std::string name;
  for (const char* key : {"catalogname", "schemaname"}) {
    const std::string part = text(rv, key);
    if (!part.empty()) name += part + ".";
  }
  return name + text(rv, "relname");
}

// A list of String nodes (a qualified name): joined with '.'.
std::string dotted(const json& list) {
  std::string name;
  if (!list.is_array()) return name;
  for (const json& item : list) {
    const json& string = child(item, "String");
    if (!name.empty()) name += '.';
    name += text(string, "sval");
  }
  return name;
}

// An object named in DropStmt/CommentStmt/RenameStmt/AlterOwnerStmt: a List of String, a String,
// a TypeName, an ObjectWithArgs (functions: the name without its argument types) or a RangeVar.
std::string object_name(const json& node) {
  if (const json* list = member(node, "List")) return dotted(child(*list, "items"));
  if (const json* string = member(node, "String")) return text(*string, "sval");
  if (const json* type = member(node, "TypeName")) return dotted(child(*type, "names"));
  if (const json* function = member(node, "ObjectWithArgs"))
    return dotted(child(*function, "objname"));
  if (const json* rv = member(node, "RangeVar")) return range_var(*rv);
  return {};
}

// "OBJECT_MATVIEW" → "materialized view": PostgreSQL's words for an ObjectType.
std::string object_kind(std::string_view object_type) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> special{{
      {"OBJECT_MATVIEW", "materialized view"},
      {"OBJECT_TABCONSTRAINT", "constraint"},
      {"OBJECT_DOMCONSTRAINT", "constraint"},
      {"OBJECT_FDW", "foreign data wrapper"},
      {"OBJECT_FOREIGN_SERVER", "server"},
      {"OBJECT_STATISTIC_EXT", "statistics"},
      {"OBJECT_OPCLASS", "operator class"},
      {"OBJECT_OPFAMILY", "operator family"},
      {"OBJECT_TSCONFIGURATION", "text search configuration"},
      {"OBJECT_TSDICTIONARY", "text search dictionary"},
      {"OBJECT_TSPARSER", "text search parser"},
      {"OBJECT_TSTEMPLATE", "text search template"},
  }};
  for (const auto& [type, kind] : special) {
    if (type == object_type) return std::string(kind);
  }
  std::string kind(object_type.substr(object_type.starts_with("OBJECT_") ? 7 : 0));
  for (char& c : kind) {
    c = c == '_' ? ' ' : static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return kind;
}

std::string upper(std::string_view words) {
  std::string result(words);
  for (char& c : result) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return result;
}

// "ALTER TABLE" for OBJECT_TABLE, "ALTER MATERIALIZED VIEW" for OBJECT_MATVIEW, ….
std::string verb_kind(std::string_view verb, std::string_view object_type) {
  return std::string(verb) + " " + upper(object_kind(object_type));
}

// Constraint nodes' contype: "CONSTR_FOREIGN" → "FOREIGN".
std::string constraint_type(const json& constraint) {
  const std::string contype = text(constraint, "contype");
  return contype.starts_with("CONSTR_") ? contype.substr(7) : contype;
}

// Extensions PostgreSQL 15 ships with `trusted = true` in their control file: a role with CREATE
// on the database may create them; every other extension needs a superuser.
bool trusted_extension(std::string_view name) {
  static constexpr std::array<std::string_view, 21> trusted{
      "btree_gin",       "btree_gist", "citext",   "cube",      "dict_int", "fuzzystrmatch",
      "hstore",          "intarray",   "isn",      "lo",        "ltree",    "pg_trgm",
      "pgcrypto",        "plpgsql",    "seg",      "tablefunc", "tcn",      "tsm_system_rows",
      "tsm_system_time", "unaccent",   "uuid-ossp"};
  return std::find(trusted.begin(), trusted.end(), name) != trusted.end();
}

bool has_def_elem(const json& list, std::string_view name) {
  if (!list.is_array()) return false;
  return std::any_of(list.begin(), list.end(), [&](const json& item) {
    return text(child(item, "DefElem"), "defname") == name;
  });
}

AlterTableCommand alter_command(const json& cmd) {
  AlterTableCommand command;
  const std::string subtype = text(cmd, "subtype");
  command.subtype = subtype.starts_with("AT_") ? subtype.substr(3) : subtype;
  command.name = text(cmd, "name");
  const json& def = child(cmd, "def");
  const bool missing_ok = flag(cmd, "missing_ok");

  // Constraints of a new column, or the one constraint being added.
  auto read_constraint = [&](const json& constraint) {
    const std::string type = constraint_type(constraint);
    if (type == "NOTNULL") {
      command.not_null = true;
    } else if (type == "DEFAULT") {
      command.has_default = true;
    } else if (type != "NULL" && command.constraint_type.empty()) {
      command.constraint_type = type;
      command.not_valid = flag(constraint, "skip_validation");
      command.using_index = !text(constraint, "indexname").empty();
      if (command.name.empty()) command.name = text(constraint, "conname");
    }
  };

  const std::string& s = command.subtype;
  if (s == "AddColumn" || s == "AddColumnToView") {
    command.kind = AlterKind::add_column;
    command.if_not_exists = missing_ok;
    const json& column = child(def, "ColumnDef");
    command.name = text(column, "colname");
    if (const json* constraints = member(column, "constraints");
        constraints && constraints->is_array()) {
      for (const json& c : *constraints) read_constraint(child(c, "Constraint"));
    }
  } else if (s == "DropColumn") {
    command.kind = AlterKind::drop_column;
    command.if_exists = missing_ok;
  } else if (s == "AlterColumnType") {
    command.kind = AlterKind::alter_column_type;
    command.has_using = member(child(def, "ColumnDef"), "raw_default") != nullptr;
  } else if (s == "SetNotNull") {
    command.kind = AlterKind::set_not_null;
  } else if (s == "DropNotNull") {
    command.kind = AlterKind::drop_not_null;
  } else if (s == "ColumnDefault") {
    // SET DEFAULT carries the expression; DROP DEFAULT is the same subtype without one.
    command.kind = member(cmd, "def") ? AlterKind::set_default : AlterKind::drop_default;
  } else if (s == "AddConstraint" || s == "AddIndexConstraint") {
    command.kind = AlterKind::add_constraint;
    read_constraint(child(def, "Constraint"));
  } else if (s == "DropConstraint") {
    command.kind = AlterKind::drop_constraint;
    command.if_exists = missing_ok;
  } else if (s == "ValidateConstraint") {
    command.kind = AlterKind::validate_constraint;
  } else if (s == "ChangeOwner") {
    command.kind = AlterKind::change_owner;
  } else if (s == "SetRelOptions" || s == "ResetRelOptions" || s == "ReplaceRelOptions") {
    command.kind = AlterKind::set_options;
  } else if (s == "SetTableSpace") {
    command.kind = AlterKind::set_tablespace;
  } else if (s == "AttachPartition") {
    command.kind = AlterKind::attach_partition;
    command.name = range_var(child(child(def, "PartitionCmd"), "name"));
  } else if (s == "DetachPartition" || s == "DetachPartitionFinalize") {
    command.kind = AlterKind::detach_partition;
    const json& partition = child(def, "PartitionCmd");
    command.name = range_var(child(partition, "name"));
    command.concurrently = flag(partition, "concurrent");
  }
  return command;
}

// The words after "ALTER TABLE …" for a statement with one subcommand.
std::string alter_phrase(AlterKind kind) {
  switch (kind) {
    case AlterKind::add_column:
      return "ADD COLUMN";
    case AlterKind::drop_column:
      return "DROP COLUMN";
    case AlterKind::alter_column_type:
      return "ALTER COLUMN … TYPE";
    case AlterKind::set_not_null:
      return "ALTER COLUMN … SET NOT NULL";
    case AlterKind::drop_not_null:
      return "ALTER COLUMN … DROP NOT NULL";
    case AlterKind::set_default:
      return "ALTER COLUMN … SET DEFAULT";
    case AlterKind::drop_default:
      return "ALTER COLUMN … DROP DEFAULT";
    case AlterKind::add_constraint:
      return "ADD CONSTRAINT";
    case AlterKind::drop_constraint:
      return "DROP CONSTRAINT";
    case AlterKind::validate_constraint:
      return "VALIDATE CONSTRAINT";
    case AlterKind::change_owner:
      return "OWNER TO";
    case AlterKind::set_options:
      return "SET (…)";
    case AlterKind::set_tablespace:
      return "SET TABLESPACE";
    case AlterKind::attach_partition:
      return "ATTACH PARTITION";
    case AlterKind::detach_partition:
      return "DETACH PARTITION";
    case AlterKind::other:
      break;
  }
  return {};
}

void classify_alter_table(const json& n, Statement& s) {
  const std::string objtype = text(n, "objtype");
  const std::string relation = range_var(child(n, "relation"));
  s.is_ddl = true;
  s.authority = Authority::ownership;
  s.relation = relation;
  s.targets.push_back({object_kind(objtype), relation});
  s.if_exists = flag(n, "missing_ok");
  if (const json* cmds = member(n, "cmds"); cmds && cmds->is_array()) {
    for (const json& cmd : *cmds)
      s.alter_commands.push_back(alter_command(child(cmd, "AlterTableCmd")));
  }
  s.description = verb_kind("ALTER", objtype);
  if (s.alter_commands.size() == 1) {
    const std::string phrase = alter_phrase(s.alter_commands.front().kind);
    if (!phrase.empty()) s.description += " … " + phrase;
  }
  // The one subcommand PostgreSQL refuses inside a transaction block.
  for (const AlterTableCommand& command : s.alter_commands) {
    if (command.kind == AlterKind::detach_partition && command.concurrently) {
      s.forbidden_in_transaction = true;
    }
  }
}

void classify_rename(const json& n, Statement& s) {
  const std::string type = text(n, "renameType");
  const std::string kind = object_kind(type);
  const std::string subname = text(n, "subname");
  s.is_ddl = true;
  s.authority = Authority::ownership;
  s.if_exists = flag(n, "missing_ok");
  s.new_name = text(n, "newname");
  if (const json* rv = member(n, "relation")) {
    const std::string relation = range_var(*rv);
    s.relation = relation;
    s.targets.push_back({kind, subname.empty() ? relation : relation + "." + subname});
  } else if (const json* object = member(n, "object")) {
    s.targets.push_back({kind, object_name(*object)});
  } else {
    s.targets.push_back({kind, subname});  // schemas, databases, roles, …
  }
  // relationType is only meaningful for columns (ALTER TABLE/VIEW/… RENAME COLUMN).
  if (type == "OBJECT_COLUMN") {
    s.description = verb_kind("ALTER", text(n, "relationType")) + " … RENAME COLUMN";
  } else if (type == "OBJECT_TABCONSTRAINT") {
    s.description = "ALTER TABLE … RENAME CONSTRAINT";
  } else if (type == "OBJECT_DOMCONSTRAINT") {
    s.description = "ALTER DOMAIN … RENAME CONSTRAINT";
  } else {
    s.description = verb_kind("ALTER", type) + " … RENAME TO";
  }
  // Roles and databases are not owned objects in the same sense: CREATEROLE / CREATEDB.
  if (type == "OBJECT_ROLE") s.authority = Authority::role_attribute;
}

void classify_index(const json& n, Statement& s) {
  const std::string table = range_var(child(n, "relation"));
  const std::string name = text(n, "idxname");
  s.is_ddl = true;
  // Building an index on a table takes ownership of the table, not the INDEX/CREATE privilege.
  s.authority = Authority::ownership;
  s.relation = table;
  s.targets.push_back({"table", table});
  if (!name.empty()) s.created = ObjectRef{"index", name};
  s.concurrently = flag(n, "concurrent");
  s.forbidden_in_transaction = s.concurrently;
  s.if_not_exists = flag(n, "if_not_exists");
  s.unique = flag(n, "unique");
  s.description = s.unique ? "CREATE UNIQUE INDEX" : "CREATE INDEX";
  if (s.concurrently) s.description += " CONCURRENTLY";
}

void classify_drop(const json& n, Statement& s) {
  const std::string type = text(n, "removeType");
  const std::string kind = object_kind(type);
  s.is_ddl = true;
  s.authority = Authority::ownership;
  s.if_exists = flag(n, "missing_ok");
  s.concurrently = flag(n, "concurrent");
  s.forbidden_in_transaction = s.concurrently;
  s.description = verb_kind("DROP", type);
  if (s.concurrently) s.description += " CONCURRENTLY";
  if (const json* objects = member(n, "objects"); objects && objects->is_array()) {
    for (const json& object : *objects) s.targets.push_back({kind, object_name(object)});
  }
  // DROP TRIGGER/RULE/POLICY name ON table: the list is (table…, name); ownership is the table's.
  if ((type == "OBJECT_TRIGGER" || type == "OBJECT_RULE" || type == "OBJECT_POLICY") &&
      !s.targets.empty()) {
    const std::string& full = s.targets.front().name;
    if (const auto dot = full.rfind('.'); dot != std::string::npos)
      s.relation = full.substr(0, dot);
  }
}

// CREATE: the new object in `created`; OR REPLACE of an existing object needs its ownership.
void classify_create(Statement& s, std::string description, ObjectRef created, bool replace) {
  s.is_ddl = true;
  s.description = std::move(description);
  s.created = std::move(created);
  s.or_replace = replace;
  if (replace) {
    s.authority = Authority::ownership;
    s.targets.push_back(*s.created);
  }
}

void classify_reindex(const json& n, Statement& s) {
  const std::string kind = text(n, "kind");  // REINDEX_OBJECT_TABLE, …_INDEX, …_SCHEMA, …
  std::string what = kind.starts_with("REINDEX_OBJECT_") ? kind.substr(15) : kind;
  std::string object_kind_name = what;
  for (char& c : object_kind_name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  s.authority = Authority::ownership;
  s.concurrently = has_def_elem(child(n, "params"), "concurrently");
  s.description = "REINDEX " + what;
  if (s.concurrently) s.description += " CONCURRENTLY";
  if (const json* rv = member(n, "relation")) {
    s.relation = range_var(*rv);
    s.targets.push_back({object_kind_name, *s.relation});
    s.forbidden_in_transaction = s.concurrently;
  } else {
    // REINDEX SCHEMA/DATABASE/SYSTEM commit per table, so never inside a transaction block.
    s.targets.push_back({object_kind_name, text(n, "name")});
    s.forbidden_in_transaction = true;
  }
}

void classify_grant(const json& n, Statement& s) {
  s.is_ddl = true;
  // Not an error without ownership: without the grant option PostgreSQL warns ("no privileges
  // were granted") and grants nothing, as long as the role holds some privilege on the object.
  s.skipped_without_ownership = true;
  const bool is_grant = flag(n, "is_grant");
  const std::string objtype = text(n, "objtype");
  const std::string kind = object_kind(objtype);
  s.description = std::string(is_grant ? "GRANT" : "REVOKE") + " … ON " + upper(kind);
  if (text(n, "targtype") == "ACL_TARGET_ALL_IN_SCHEMA") s.description += " (ALL IN SCHEMA)";
  if (const json* objects = member(n, "objects"); objects && objects->is_array()) {
    for (const json& object : *objects) s.targets.push_back({kind, object_name(object)});
  }
}

// Node kinds that read or write rows, or set session state: no schema change, no ownership.
bool is_plain_statement(std::string_view node) {
  static constexpr std::array<std::string_view, 13> plain{
      "SelectStmt",  "InsertStmt",      "UpdateStmt",      "DeleteStmt",
      "MergeStmt",   "TransactionStmt", "VariableSetStmt", "VariableShowStmt",
      "ExplainStmt", "LockStmt",        "CopyStmt",        "NotifyStmt",
      "DoStmt"};
  return std::find(plain.begin(), plain.end(), node) != plain.end();
}

std::string plain_description(std::string_view node, const json& n) {
  if (node == "SelectStmt") return "SELECT";
  if (node == "InsertStmt") return "INSERT";
  if (node == "UpdateStmt") return "UPDATE";
  if (node == "DeleteStmt") return "DELETE";
  if (node == "MergeStmt") return "MERGE";
  if (node == "VariableSetStmt") {
    const std::string kind = text(n, "kind");
    if (kind.starts_with("VAR_RESET")) return "RESET";
    return flag(n, "is_local") ? "SET LOCAL" : "SET";
  }
  if (node == "TransactionStmt") {
    std::string kind = text(n, "kind");  // TRANS_STMT_BEGIN, …
    if (kind.starts_with("TRANS_STMT_")) kind = kind.substr(11);
    for (char& c : kind) c = c == '_' ? ' ' : c;
    return kind;
  }
  if (node == "VariableShowStmt") return "SHOW";
  if (node == "ExplainStmt") return "EXPLAIN";
  if (node == "LockStmt") return "LOCK TABLE";
  if (node == "CopyStmt") return "COPY";
  if (node == "NotifyStmt") return "NOTIFY";
  return "DO";
}

void classify(const std::string& node, const json& n, Statement& s) {
  s.node = node;
  if (is_plain_statement(node)) {
    s.description = plain_description(node, n);
    if (node == "LockStmt") {
      if (const json* relations = member(n, "relations"); relations && relations->is_array()) {
        for (const json& r : *relations) s.targets.push_back({"table", object_name(r)});
      }
    }
    return;
  }

  if (node == "CreateStmt") {
    const json& rv = child(n, "relation");
    s.if_not_exists = flag(n, "if_not_exists");
    classify_create(s, "CREATE TABLE", {"table", range_var(rv)}, false);
    // PARTITION OF / INHERITS a parent changes the parent: PostgreSQL wants its ownership.
    if (const json* parents = member(n, "inhRelations"); parents && parents->is_array()) {
      for (const json& parent : *parents) {
        s.targets.push_back({"table", object_name(parent)});
        s.authority = Authority::ownership;
      }
      if (member(n, "partbound")) s.description = "CREATE TABLE … PARTITION OF";
    }
  } else if (node == "CreateTableAsStmt") {
    const bool matview = text(n, "objtype") == "OBJECT_MATVIEW";
    s.if_not_exists = flag(n, "if_not_exists");
    classify_create(
        s, matview ? "CREATE MATERIALIZED VIEW" : "CREATE TABLE AS",
        {matview ? "materialized view" : "table", range_var(child(child(n, "into"), "rel"))},
        false);
  } else if (node == "AlterTableStmt") {
    classify_alter_table(n, s);
  } else if (node == "RenameStmt") {
    classify_rename(n, s);
  } else if (node == "IndexStmt") {
    classify_index(n, s);
  } else if (node == "DropStmt") {
    classify_drop(n, s);
  } else if (node == "AlterOwnerStmt") {
    const std::string type = text(n, "objectType");
    s.is_ddl = true;
    s.authority = Authority::ownership;
    s.description = verb_kind("ALTER", type) + " … OWNER TO";
    const json* rv = member(n, "relation");
    s.targets.push_back({object_kind(type), rv ? range_var(*rv) : object_name(child(n, "object"))});
  } else if (node == "AlterObjectSchemaStmt") {
    const std::string type = text(n, "objectType");
    s.is_ddl = true;
    s.authority = Authority::ownership;
    s.if_exists = flag(n, "missing_ok");
    s.new_name = text(n, "newschema");
    s.description = verb_kind("ALTER", type) + " … SET SCHEMA";
    const json* rv = member(n, "relation");
    s.targets.push_back({object_kind(type), rv ? range_var(*rv) : object_name(child(n, "object"))});
  } else if (node == "CreateExtensionStmt") {
    const std::string name = text(n, "extname");
    s.if_not_exists = flag(n, "if_not_exists");
    classify_create(s, "CREATE EXTENSION", {"extension", name}, false);
    s.authority = trusted_extension(name) ? Authority::database_create : Authority::superuser;
  } else if (node == "AlterExtensionStmt" || node == "AlterExtensionContentsStmt") {
    s.is_ddl = true;
    s.authority = Authority::ownership;
    s.description =
        node == "AlterExtensionStmt" ? "ALTER EXTENSION … UPDATE" : "ALTER EXTENSION … ADD/DROP";
    s.targets.push_back({"extension", text(n, "extname")});
  } else if (node == "AlterEnumStmt") {
    s.is_ddl = true;
    s.authority = Authority::ownership;
    s.targets.push_back({"type", dotted(child(n, "typeName"))});
    if (member(n, "oldVal")) {
      s.description = "ALTER TYPE … RENAME VALUE";
      s.new_name = text(n, "newVal");
    } else {
      s.description = "ALTER TYPE … ADD VALUE";
      s.if_not_exists = flag(n, "skipIfNewValExists");
    }
  } else if (node == "CreateEnumStmt") {
    classify_create(s, "CREATE TYPE … AS ENUM", {"type", dotted(child(n, "typeName"))}, false);
  } else if (node == "CompositeTypeStmt") {
    classify_create(s, "CREATE TYPE … AS", {"type", range_var(child(n, "typevar"))}, false);
  } else if (node == "CreateDomainStmt") {
    classify_create(s, "CREATE DOMAIN", {"domain", dotted(child(n, "domainname"))}, false);
  } else if (node == "AlterDomainStmt") {
    s.is_ddl = true;
    s.authority = Authority::ownership;
    s.description = "ALTER DOMAIN";
    s.targets.push_back({"domain", dotted(child(n, "typeName"))});
  } else if (node == "CreateSeqStmt") {
    s.if_not_exists = flag(n, "if_not_exists");
    classify_create(s, "CREATE SEQUENCE", {"sequence", range_var(child(n, "sequence"))}, false);
  } else if (node == "AlterSeqStmt") {
    s.is_ddl = true;
    s.authority = Authority::ownership;
    s.if_exists = flag(n, "missing_ok");
    s.description = "ALTER SEQUENCE";
    s.relation = range_var(child(n, "sequence"));
    s.targets.push_back({"sequence", *s.relation});
  } else if (node == "ViewStmt") {
    classify_create(s, flag(n, "replace") ? "CREATE OR REPLACE VIEW" : "CREATE VIEW",
                    {"view", range_var(child(n, "view"))}, flag(n, "replace"));
  } else if (node == "RefreshMatViewStmt") {
    s.authority = Authority::ownership;
    s.concurrently = flag(n, "concurrent");
    s.description =
        s.concurrently ? "REFRESH MATERIALIZED VIEW CONCURRENTLY" : "REFRESH MATERIALIZED VIEW";
    s.relation = range_var(child(n, "relation"));
    s.targets.push_back({"materialized view", *s.relation});
  } else if (node == "CreateFunctionStmt") {
    const bool procedure = flag(n, "is_procedure");
    const bool replace = flag(n, "replace");
    const std::string kind = procedure ? "procedure" : "function";
    classify_create(s, std::string(replace ? "CREATE OR REPLACE " : "CREATE ") + upper(kind),
                    {kind, dotted(child(n, "funcname"))}, replace);
  } else if (node == "AlterFunctionStmt") {
    const std::string type = text(n, "objtype");
    s.is_ddl = true;
    s.authority = Authority::ownership;
    s.description = verb_kind("ALTER", type);
    s.targets.push_back({object_kind(type), dotted(child(child(n, "func"), "objname"))});
  } else if (node == "CreateTrigStmt") {
    // The TRIGGER privilege on the table is enough (and EXECUTE on the function).
    const std::string table = range_var(child(n, "relation"));
    s.is_ddl = true;
    s.privilege = "TRIGGER";
    s.or_replace = flag(n, "replace");
    s.description = s.or_replace ? "CREATE OR REPLACE TRIGGER" : "CREATE TRIGGER";
    s.relation = table;
    s.created = ObjectRef{"trigger", table + "." + text(n, "trigname")};
  } else if (node == "CommentStmt") {
    const std::string type = text(n, "objtype");
    s.is_ddl = true;
    s.authority = Authority::ownership;
    s.description = "COMMENT ON " + upper(object_kind(type));
    s.targets.push_back({object_kind(type), object_name(child(n, "object"))});
  } else if (node == "GrantStmt") {
    classify_grant(n, s);
  } else if (node == "VacuumStmt") {
    const bool vacuum = flag(n, "is_vacuumcmd");
    // Not an error without ownership: "permission denied to vacuum …, skipping it" (a warning).
    s.skipped_without_ownership = true;
    s.forbidden_in_transaction = vacuum;  // ANALYZE alone may run in a transaction block
    s.description = vacuum ? "VACUUM" : "ANALYZE";
    if (const json* rels = member(n, "rels"); rels && rels->is_array()) {
      for (const json& rel : *rels) {
        s.targets.push_back({"table", range_var(child(child(rel, "VacuumRelation"), "relation"))});
      }
    }
  } else if (node == "ReindexStmt") {
    classify_reindex(n, s);
  } else if (node == "ClusterStmt") {
    s.description = "CLUSTER";
    if (const json* rv = member(n, "relation")) {
      s.authority = Authority::ownership;
      s.relation = range_var(*rv);
      s.targets.push_back({"table", *s.relation});
    } else {
      // Without a table it reclusters every table the role owns, one transaction each.
      s.forbidden_in_transaction = true;
    }
  } else if (node == "TruncateStmt") {
    s.description = "TRUNCATE";
    s.privilege = "TRUNCATE";
    if (const json* relations = member(n, "relations"); relations && relations->is_array()) {
      for (const json& r : *relations) s.targets.push_back({"table", object_name(r)});
    }
  } else if (node == "CreateSchemaStmt") {
    s.if_not_exists = flag(n, "if_not_exists");
    classify_create(s, "CREATE SCHEMA", {"schema", text(n, "schemaname")}, false);
    s.authority = Authority::database_create;
  } else if (node == "CreatedbStmt" || node == "DropdbStmt") {
    const bool create = node == "CreatedbStmt";
    s.is_ddl = true;
    s.forbidden_in_transaction = true;
    s.description = create ? "CREATE DATABASE" : "DROP DATABASE";
    const ObjectRef database{"database", text(n, "dbname")};
    if (create) {
      s.authority = Authority::role_attribute;
      s.created = database;
    } else {
      s.authority = Authority::ownership;
      s.if_exists = flag(n, "missing_ok");
      s.targets.push_back(database);
    }
  } else if (node == "AlterSystemStmt") {
    s.forbidden_in_transaction = true;
    s.authority = Authority::superuser;
    s.description = "ALTER SYSTEM";
  } else if (node == "CreateRoleStmt") {
    classify_create(s, "CREATE ROLE", {"role", text(n, "role")}, false);
    s.authority = Authority::role_attribute;
  } else if (node == "CreateTableSpaceStmt" || node == "DropTableSpaceStmt") {
    s.is_ddl = true;
    s.forbidden_in_transaction = true;
    s.authority = Authority::superuser;
    s.description = node == "CreateTableSpaceStmt" ? "CREATE TABLESPACE" : "DROP TABLESPACE";
  } else if (node == "CreatePolicyStmt" || node == "AlterPolicyStmt" || node == "RuleStmt" ||
             node == "CreateStatsStmt") {
    // Policies, rules and extended statistics hang off a table its owner controls.
    s.is_ddl = true;
    s.authority = Authority::ownership;
    const char* description = node == "CreatePolicyStmt"  ? "CREATE POLICY"
                              : node == "AlterPolicyStmt" ? "ALTER POLICY"
                              : node == "RuleStmt"        ? "CREATE RULE"
                                                          : "CREATE STATISTICS";
    s.description = description;
    const json* rv =
        member(n, node == "CreatePolicyStmt" || node == "AlterPolicyStmt" ? "table" : "relation");
    // CREATE STATISTICS names its table in a FROM list.
    if (const json* relations = member(n, "relations");
        !rv && relations && relations->is_array() && !relations->empty()) {
      rv = &child(relations->front(), "RangeVar");
    }
    if (rv) {
      s.relation = range_var(*rv);
      s.targets.push_back({"table", *s.relation});
    }
  } else {
    // Unknown to this layer: kept by name, assumed to change the schema, nothing else claimed.
    s.classified = false;
    s.is_ddl = true;
    s.description = node;
  }
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Moves `begin` past whitespace and comments (`--` to the end of the line, nested `/* */`), the
// parts libpg_query counts into a statement that precede its first token.
std::uint32_t skip_leading(std::string_view sql, std::uint32_t begin, std::uint32_t end) {
  while (begin < end) {
    if (is_space(sql[begin])) {
      ++begin;
    } else if (sql.substr(begin, 2) == "--") {
      while (begin < end && sql[begin] != '\n') ++begin;
    } else if (sql.substr(begin, 2) == "/*") {
      int depth = 0;
      while (begin < end) {
        if (sql.substr(begin, 2) == "/*") {
          ++depth;
          begin += 2;
        } else if (sql.substr(begin, 2) == "*/") {
          begin += 2;
          if (--depth == 0) break;
        } else {
          ++begin;
        }
      }
    } else {
      break;
    }
  }
  return begin;
}

// PostgreSQL reports an error position in characters of the database encoding (UTF-8 for
// libpg_query), not in bytes: the byte offset of the character at index `characters`. Invalid
// UTF-8 is stepped over the way PostgreSQL's pg_utf_mblen does, by its lead byte alone.
std::size_t byte_offset(std::string_view sql, std::size_t characters) {
  std::size_t offset = 0;
  for (; characters > 0 && offset < sql.size(); --characters) {
    const auto lead = static_cast<unsigned char>(sql[offset]);
    std::size_t length = 1;
    if ((lead & 0xe0U) == 0xc0U) {
      length = 2;
    } else if ((lead & 0xf0U) == 0xe0U) {
      length = 3;
    } else if ((lead & 0xf8U) == 0xf0U) {
      length = 4;
    }
    offset += length;
  }
  return std::min(offset, sql.size());
}

std::uint32_t clamp_offset(long long offset, std::size_t size) {
  if (offset < 0) return 0;
  return static_cast<std::uint32_t>(std::min<long long>(offset, static_cast<long long>(size)));
}

}  // namespace

ParseResult parse(std::string_view sql) {
  ParseResult result;
  // libpg_query reads a C string: a NUL byte would silently end the text early.
  if (const auto nul = sql.find('\0'); nul != std::string_view::npos) {
    result.error = ParseError{"the SQL text contains a NUL byte",
                              clamp_offset(static_cast<long long>(nul), sql.size())};
    return result;
  }
  const std::string input(sql);
  PgQueryParseResult parsed = pg_query_parse(input.c_str());
  if (parsed.error) {
    // cursorpos is 1-based and counts characters; 0 means the error has no position (it then
    // concerns the whole text, and points at its end).
    const int cursor = parsed.error->cursorpos;
    const std::size_t offset =
        cursor > 0 ? byte_offset(sql, static_cast<std::size_t>(cursor - 1)) : sql.size();
    result.error = ParseError{parsed.error->message ? parsed.error->message : "syntax error",
                              clamp_offset(static_cast<long long>(offset), sql.size())};
    pg_query_free_parse_result(parsed);
    return result;
  }
  const json tree = json::parse(parsed.parse_tree, nullptr, false);
  pg_query_free_parse_result(parsed);
  if (tree.is_discarded()) {
    result.error = ParseError{"libpg_query returned an unreadable parse tree", 0};
    return result;
  }
  if (const json* stmts = member(tree, "stmts"); stmts && stmts->is_array()) {
    for (const json& raw : *stmts) {
      Statement statement;
      const json* location = member(raw, "stmt_location");
      const json* length = member(raw, "stmt_len");
      const long long from =
          location && location->is_number_integer() ? location->get<long long>() : 0;
      const long long len = length && length->is_number_integer() ? length->get<long long>() : 0;
      // stmt_len 0: the statement runs to the end of the text.
      std::uint32_t begin = clamp_offset(from, sql.size());
      std::uint32_t end = len > 0 ? clamp_offset(from + len, sql.size())
                                  : clamp_offset(static_cast<long long>(sql.size()), sql.size());
      begin = skip_leading(sql, begin, end);
      while (end > begin && is_space(sql[end - 1])) --end;
      statement.begin = begin;
      statement.end = end;
      const json& node = child(raw, "stmt");
      if (node.is_object() && !node.empty()) {
        const auto it = node.begin();
        classify(it.key(), it.value(), statement);
      }
      statement.needs_ownership = statement.authority == Authority::ownership;
      result.statements.push_back(std::move(statement));
    }
  }
  return result;
}

std::string_view to_string(Authority authority) {
  switch (authority) {
    case Authority::privileges:
      return "privileges";
    case Authority::ownership:
      return "ownership";
    case Authority::database_create:
      return "database_create";
    case Authority::role_attribute:
      return "role_attribute";
    case Authority::superuser:
      return "superuser";
  }
  return "privileges";
}

std::string_view to_string(AlterKind kind) {
  switch (kind) {
    case AlterKind::add_column:
      return "add_column";
    case AlterKind::drop_column:
      return "drop_column";
    case AlterKind::alter_column_type:
      return "alter_column_type";
    case AlterKind::set_not_null:
      return "set_not_null";
    case AlterKind::drop_not_null:
      return "drop_not_null";
    case AlterKind::set_default:
      return "set_default";
    case AlterKind::drop_default:
      return "drop_default";
    case AlterKind::add_constraint:
      return "add_constraint";
    case AlterKind::drop_constraint:
      return "drop_constraint";
    case AlterKind::validate_constraint:
      return "validate_constraint";
    case AlterKind::change_owner:
      return "change_owner";
    case AlterKind::set_options:
      return "set_options";
    case AlterKind::set_tablespace:
      return "set_tablespace";
    case AlterKind::attach_partition:
      return "attach_partition";
    case AlterKind::detach_partition:
      return "detach_partition";
    case AlterKind::other:
      return "other";
  }
  return "other";
}

}  // namespace preflight::sql
