// The names Django generates for tables, indexes and constraints, computed exactly as Django
// computes them (django/db/backends/utils.py, django/db/models/indexes.py,
// django/db/backends/base/schema.py, django/db/backends/postgresql/schema.py).
//
// These names are pure functions of table and column names. A model rule that predicts "this index
// name changes when the table is renamed" or "these two names collide in one PostgreSQL schema"
// is only as good as these functions, so the oracle test compares them with real Django.
//
// Strings are UTF-8. Django works on Python `str`, so every length, slice and limit here counts
// Unicode code points, not bytes (the `max_name_length` of 63 is 63 characters to Django, while
// PostgreSQL truncates at 63 *bytes*: see `postgres_truncate_identifier`). Bytes that are not
// valid UTF-8 (which Python source can never produce) count as one character each.
#pragma once

#include <compare>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace preflight::django {

// The Django release whose behaviour is reproduced (MAJOR.MINOR; a minor release is taken at its
// latest patch level).
struct DjangoVersion {
  int major = 4;
  int minor = 2;
  friend constexpr auto operator<=>(const DjangoVersion&, const DjangoVersion&) = default;
};

// The database backends Django ships. Identifier limits depend on the engine.
enum class Engine { kPostgreSQL, kMySQL, kSQLite, kOracle };

// "postgresql", "mysql", "sqlite"/"sqlite3", "oracle" (the config file's names), or a
// `DATABASES["ENGINE"]` path such as "django.db.backends.postgresql",
// "django.db.backends.postgresql_psycopg2" or "django.contrib.gis.db.backends.postgis".
// nullopt for a third-party backend, whose limit is unknown.
std::optional<Engine> engine_from_name(std::string_view name);

// `connection.ops.max_name_length()`: PostgreSQL 63, MySQL 64, Oracle 30, SQLite none (nullopt).
std::optional<int> max_name_length(Engine engine);

// Python's `len(s)`: the number of code points.
std::size_t python_length(std::string_view text);

// Python's `s[0] == "_" or s[0].isdigit()` (Unicode digits included: "²", "١"); false for "".
// Django replaces such a first character with "D", and models.E033 rejects such index names.
bool starts_with_underscore_or_digit(std::string_view name);

// django.db.backends.utils.split_identifier: `"ns"."name"` gives {"ns", "name"}; anything else
// gives {"", identifier with surrounding double quotes stripped}.
struct SplitIdentifier {
  std::string namespace_name;
  std::string name;
};
SplitIdentifier split_identifier(std::string_view identifier);

// django.db.backends.utils.strip_quotes: removes one pair of surrounding double quotes.
std::string strip_quotes(std::string_view table_name);

// django.db.backends.utils.names_digest: the first `length` hex digits of the MD5 of the UTF-8
// parts fed back to back, without separators.
std::string names_digest(std::initializer_list<std::string_view> parts, std::size_t length);
std::string names_digest(std::span<const std::string> parts, std::size_t length);

// django.db.backends.utils.truncate_name: unchanged when the name part fits in `length` (or
// `length` is nullopt); otherwise the first `length - hash_len` characters plus a `hash_len` digest
// of the whole name, with a `ns"."` prefix kept.
std::string truncate_name(std::string_view identifier, std::optional<int> length, int hash_len = 4);

// `Options.model_name`: the class name lower-cased by Python's `str.lower()`. nullopt when the name
// has non-ASCII characters, whose Unicode lower-casing is not reproduced here.
std::optional<std::string> model_name_for(std::string_view object_name);

// The default `Meta.db_table`: "<app_label>_<model_name>" (the app label as given, not
// lower-cased), truncated with `truncate_name` to the default database's `max_name_length`.
std::string default_db_table(std::string_view app_label, std::string_view model_name,
                             std::optional<int> max_name_length);

// The automatic ManyToManyField table: "<db_table without quotes>_<field name>", truncated
// (ManyToManyField._get_m2m_db_table; only when neither `through` nor `db_table` is given).
std::string m2m_db_table(std::string_view db_table, std::string_view field_name,
                         std::optional<int> max_name_length);

// ---- models.Index names (Index.set_name_with_model) --------------------------------------------

// One entry of `Index.fields` after the field name has been resolved to its column.
struct IndexColumn {
  std::string column;
  bool descending = false;  // the field was written "-name"
};

// One entry of `Index.fields` as written: "-created" is {"created", true}. The field name (or
// attname: "tenant" and "tenant_id" both resolve to the column "tenant_id") is then mapped to its
// column by the caller.
struct IndexField {
  std::string field;
  bool descending = false;
};
IndexField parse_index_field(std::string_view entry);

// An Index class: its `suffix` and `max_name_length`. contrib.postgres indexes allow
// 30 - 3 + len(suffix) characters.
struct IndexClass {
  std::string_view suffix;
  int max_name_length;
};
inline constexpr IndexClass kIndex{"idx", 30};
inline constexpr IndexClass kBloomIndex{"bloom", 32};
inline constexpr IndexClass kBrinIndex{"brin", 31};
inline constexpr IndexClass kBTreeIndex{"btree", 32};
inline constexpr IndexClass kGinIndex{"gin", 30};
inline constexpr IndexClass kGistIndex{"gist", 31};
inline constexpr IndexClass kHashIndex{"hash", 31};
inline constexpr IndexClass kSpGistIndex{"spgist", 33};

// The name Django gives an unnamed Index on the table `db_table` (schema prefix allowed):
// "<table[:11]>_<column0[:7]>_<md5(table, ±columns..., suffix)[:6]>_<suffix>", with a leading "_"
// or digit replaced by "D". nullopt where Django raises instead of naming: no columns ("At least
// one field or expression is required"), or a name longer than the class allows (an AssertionError
// in 3.2, ValueError from 4.0; identical names in 3.2, 4.2 and 5.x otherwise).
std::optional<std::string> index_name_for_model(std::string_view db_table,
                                                std::span<const IndexColumn> columns,
                                                const IndexClass& index_class = kIndex);

// ---- Schema-editor names (BaseDatabaseSchemaEditor._create_index_name) -------------------------

// "<table>_<col1_col2...>_<md5(table, columns...)[:8]><suffix>" when it fits `max_name_length`
// (nullopt or 0: 200, as `max_name_length() or 200`); otherwise the table and the joined columns
// are shortened to equal parts, and only then a leading "_" or digit gets a "D" prepended (dropping
// the last character). The suffix is not hashed. The same in 3.2, 4.2 and 5.x.
std::string schema_index_name(std::string_view table, std::span<const std::string> columns,
                              std::string_view suffix, std::optional<int> max_name_length);

// `db_index=True` (ForeignKey and SlugField by default) on a field that is not unique:
// `_create_index_sql(model, fields=[field])`, no suffix.
std::string field_index_name(std::string_view table, std::string_view column,
                             std::optional<int> max_name_length);

// PostgreSQL's second index with varchar_pattern_ops/text_pattern_ops (see
// `postgres_needs_like_index`), suffix "_like".
std::string like_index_name(std::string_view table, std::string_view column,
                            std::optional<int> max_name_length);

// `Meta.unique_together`, and `unique=True` added to an existing column by AlterField: "_uniq".
// (unique=True in CreateModel/AddField is an inline UNIQUE that PostgreSQL names itself.)
std::string unique_name(std::string_view table, std::span<const std::string> columns,
                        std::optional<int> max_name_length);

// `Meta.index_together` (gone as a Meta option in Django 5.1): "_idx".
std::string index_together_name(std::string_view table, std::span<const std::string> columns,
                                std::optional<int> max_name_length);

// A ForeignKey/OneToOneField constraint: suffix "_fk_<to_table>_<to_column>", where `to_table` is
// the target's db_table without its schema (split_identifier) and `to_column` the column of the
// target field (usually the primary key).
std::string foreign_key_name(std::string_view table, std::string_view column,
                             std::string_view to_table, std::string_view to_column,
                             std::optional<int> max_name_length);

// A column check (PositiveIntegerField...) added by AlterField: "_check".
std::string check_constraint_name(std::string_view table, std::string_view column,
                                  std::optional<int> max_name_length);

// A primary key added by AlterField: "_pk".
std::string primary_key_name(std::string_view table, std::string_view column,
                             std::optional<int> max_name_length);

// ---- PostgreSQL ---------------------------------------------------------------------------------

// The collation of the column (for a relation, of the target field), as far as it is known.
enum class Collation {
  kDefault,           // no db_collation
  kDeterministic,     // db_collation naming a deterministic collation
  kNondeterministic,  // db_collation naming a nondeterministic (e.g. case-insensitive ICU) one
};

// Whether Django's PostgreSQL schema editor adds the "_like" index for a field
// (DatabaseSchemaEditor._create_like_index_sql): the column type (`field.db_type()`; for a relation
// the target's type) starts with "varchar" or "text", is not an array ("[" in the type), and the
// field has db_index or is unique (a primary key is unique). From 4.2 a nondeterministic collation
// skips it (4.2.0 to 4.2.6 skipped any db_collation); 3.2 still creates it, and PostgreSQL then
// rejects the migration ("nondeterministic collations are not supported for operator class").
bool postgres_needs_like_index(std::string_view db_type, bool db_index, bool unique,
                               Collation collation, DjangoVersion version);

// PostgreSQL's NAMEDATALEN - 1: identifiers longer than 63 bytes are truncated by the server.
inline constexpr std::size_t kPostgresMaxIdentifierBytes = 63;

// The identifier PostgreSQL stores for `name`: cut to at most 63 bytes at a character boundary
// (scansup.c truncate_identifier with a UTF-8 database). Django counts characters, so a non-ASCII
// name it considers short enough can still be truncated by the server.
std::string postgres_truncate_identifier(std::string_view name);

// The names PostgreSQL chooses itself (indexcmds.c makeObjectName) for what Django leaves unnamed:
// the primary key and inline UNIQUE of CREATE TABLE/ADD COLUMN, and the sequence of a serial or
// identity column. These are relations, so they share the schema's namespace with tables and
// Django's indexes. `table` and `columns` as stored (already within 63 bytes). When the name is
// taken, PostgreSQL tries "key1", "key2"... instead; that depends on the catalog, not done here.
//
// "<name1>_<name2>_<label>" in at most 63 bytes, shortening the longer of name1/name2 first.
std::string postgres_object_name(std::string_view name1, std::optional<std::string_view> name2,
                                 std::string_view label);
// "<table>_pkey".
std::string postgres_primary_key_name(std::string_view table);
// "<table>_<col1>_<col2>..._key" (ChooseIndexNameAddition joins the columns).
std::string postgres_unique_name(std::string_view table, std::span<const std::string> columns);
// "<table>_<column>_seq".
std::string postgres_sequence_name(std::string_view table, std::string_view column);

}  // namespace preflight::django
