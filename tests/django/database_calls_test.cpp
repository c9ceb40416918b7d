// database_use: execute calls with their SQL mapped into the literal, and swallowed database
// errors with the statement that fails next. What PostgreSQL then does is checked for real by
// tests/e2e/migration_rules_oracle.py on the PF210/PF211 fixtures.
#include "django/migrations/database_calls.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "django/python_values.h"
#include "python/parser.h"

namespace preflight::django::migrations {
namespace {

class DatabaseCallsTest : public ::testing::Test {
 protected:
  // Parses `source` and reads its function `name`.
  FunctionDatabaseUse use(const std::string& source, std::string_view name = "forwards") {
    text_ = source;
    const FileId id = sources_.add("shop/migrations/0002_x.py", FileKind::Python, text_);
    parsed_ = python::parse_module(text_);
    EXPECT_FALSE(parsed_->error) << parsed_->error->message;
    module_ = ModuleSource{id, "shop/migrations/0002_x.py", parsed_->module, &sources_.file(id),
                           "shop.migrations.0002_x"};
    for (const python::Node* statement : list_field(*parsed_->module, "body")) {
      if (statement->kind == python::Kind::FunctionDef && statement->get("name").text == name) {
        return database_use(*statement, module_);
      }
    }
    ADD_FAILURE() << "no function " << name;
    return {};
  }

  int line(const python::Node* node) const { return node ? node->location.lineno : 0; }
  std::string text_at(const Span& span) const {
    return text_.substr(span.begin, span.end - span.begin);
  }

  SourceMap sources_;
  std::string text_;
  std::unique_ptr<python::ParsedModule> parsed_;
  ModuleSource module_;
};

TEST_F(DatabaseCallsTest, FStringSqlIsParsedWithFieldsAsIdentifiers) {
  const FunctionDatabaseUse found = use(R"py(RENAMES = [("a_idx", "b_idx"), ("c_idx", "d_idx")]


def forwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for old_name, new_name in RENAMES:
            try:
                cursor.execute(f'ALTER INDEX "{old_name}" RENAME TO "{new_name}"')
            except Exception as exc:
                print(f"could not rename {old_name}: {exc}")
)py");
  ASSERT_EQ(found.executes.size(), 1U);
  const ExecuteCall& call = found.executes[0];
  ASSERT_TRUE(call.sql);
  ASSERT_FALSE(call.sql->parsed.error) << call.sql->parsed.error->message;
  ASSERT_EQ(call.sql->parsed.statements.size(), 1U);
  const sql::Statement& statement = call.sql->parsed.statements[0];
  EXPECT_TRUE(statement.needs_ownership);
  ASSERT_EQ(statement.targets.size(), 1U);
  EXPECT_EQ(call.sql->display(statement.targets[0].name), "{old_name}");
  EXPECT_EQ(text_at(call.sql->span(module_, statement.begin, statement.end)),
            R"(ALTER INDEX "{old_name}" RENAME TO "{new_name}")");

  ASSERT_EQ(found.swallowed.size(), 1U);
  EXPECT_EQ(line(found.swallowed[0].handler), 9);
  EXPECT_EQ(line(found.swallowed[0].failing), 8);
  EXPECT_EQ(found.swallowed[0].next, call.call);  // the next rename, in the next iteration
  EXPECT_TRUE(found.swallowed[0].next_in_loop);
}

TEST_F(DatabaseCallsTest, ParametersBecomePostgresMarkers) {
  const FunctionDatabaseUse found = use(R"py(from django.db import IntegrityError


def forwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("INSERT INTO shop_product (name, note) VALUES (%s, %(note)s) -- 100%%", ["a"])
        cursor.execute("SELECT '100%'")
        sql = "UPDATE shop_product SET name = upper(name)"
        schema_editor.execute(sql)
)py");
  ASSERT_EQ(found.executes.size(), 3U);
  ASSERT_TRUE(found.executes[0].sql);
  EXPECT_EQ(found.executes[0].sql->text.text,
            "INSERT INTO shop_product (name, note) VALUES ($1, $2) -- 100%");
  EXPECT_FALSE(found.executes[0].sql->parsed.error);
  ASSERT_TRUE(found.executes[1].sql);
  EXPECT_EQ(found.executes[1].sql->text.text, "SELECT '100%'");  // no parameters: sent as is
  ASSERT_TRUE(found.executes[2].sql);                            // through the local name
  EXPECT_EQ(found.executes[2].sql->parsed.statements.at(0).node, "UpdateStmt");
  EXPECT_TRUE(found.swallowed.empty());
}

// An f-string field after a parameter marker: the rewrite to $1 moves the field's stand-in, and its
// range moves with it.
TEST_F(DatabaseCallsTest, FieldRangesFollowTheParameterRewrite) {
  const FunctionDatabaseUse found = use(R"py(def forwards(apps, schema_editor):
    table = "shop_product"
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET note = %s WHERE name = %(name)s AND id > {table}", ["a"])
)py");
  ASSERT_EQ(found.executes.size(), 1U);
  ASSERT_TRUE(found.executes[0].sql);
  const python::StringText& text = found.executes[0].sql->text;
  EXPECT_EQ(text.text, "UPDATE pf_field_0 SET note = $1 WHERE name = $2 AND id > pf_field_1");
  ASSERT_EQ(text.fields.size(), 2U);
  for (const python::StringText::Field& field : text.fields) {
    const std::string stand_in = "pf_field_" + std::to_string(&field - text.fields.data());
    EXPECT_EQ(text.text.substr(field.text_begin, field.text_end - field.text_begin), stand_in);
  }
}

TEST_F(DatabaseCallsTest, SyntaxErrorOffsetPointsIntoTheLiteral) {
  const FunctionDatabaseUse found = use(R"py(def forwards(apps, schema_editor):
    schema_editor.execute("ALTER INDX shop_idx RENAME TO x")
)py");
  ASSERT_EQ(found.executes.size(), 1U);
  ASSERT_TRUE(found.executes[0].sql && found.executes[0].sql->parsed.error);
  const sql::ParseError& error = *found.executes[0].sql->parsed.error;
  EXPECT_EQ(error.message, "syntax error at or near \"INDX\"");
  EXPECT_EQ(text_at(found.executes[0].sql->span(module_, error.offset, error.offset + 4)), "INDX");
}

TEST_F(DatabaseCallsTest, SavepointsAndReRaisesAreNotSwallowing) {
  const FunctionDatabaseUse found = use(R"py(from django.db import IntegrityError, transaction


def forwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for name in ["a", "b"]:
            try:
                with transaction.atomic():
                    cursor.execute("INSERT INTO t (name) VALUES (%s)", [name])
            except IntegrityError:
                pass
        try:
            cursor.execute("DROP INDEX x")
        except Exception:
            raise
        try:
            cursor.execute("DROP INDEX y")
        except ValueError:
            pass
        sid = transaction.savepoint()
        try:
            cursor.execute("DROP INDEX z")
        except IntegrityError:
            transaction.savepoint_rollback(sid)
)py");
  EXPECT_EQ(found.executes.size(), 4U);
  EXPECT_TRUE(found.swallowed.empty());
}

TEST_F(DatabaseCallsTest, NextStatementAfterTheTry) {
  const FunctionDatabaseUse found = use(R"py(from django.db import ProgrammingError

ONLY = ["x_idx"]


def forwards(apps, schema_editor):
    for name in ONLY:
        try:
            schema_editor.execute(f"DROP INDEX {name}")
        except (ValueError, ProgrammingError):
            pass
    schema_editor.execute("UPDATE t SET a = 1")
)py");
  ASSERT_EQ(found.swallowed.size(), 1U);
  EXPECT_EQ(line(found.swallowed[0].next), 12);  // the loop runs once: the UPDATE after it
  EXPECT_FALSE(found.swallowed[0].next_in_loop);
}

TEST_F(DatabaseCallsTest, NothingFollowsInTheFunction) {
  const FunctionDatabaseUse found = use(R"py(def forwards(apps, schema_editor):
    try:
        schema_editor.execute("DROP INDEX x")
    except:
        pass
)py");
  ASSERT_EQ(found.swallowed.size(), 1U);
  EXPECT_EQ(found.swallowed[0].next, nullptr);
}

}  // namespace
}  // namespace preflight::django::migrations
