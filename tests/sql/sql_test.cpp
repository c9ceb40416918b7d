// The sql layer: statement classification, offsets and syntax errors (what PostgreSQL itself does
// with the same statements is checked by tests/e2e/run_sql_oracle.sh).
#include "sql/sql.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace preflight::sql {
namespace {

// The one statement of `sql`.
Statement one(std::string_view sql) {
  ParseResult result = parse(sql);
  EXPECT_FALSE(result.error) << sql << ": " << result.error->message;
  EXPECT_EQ(result.statements.size(), 1u) << sql;
  return result.statements.empty() ? Statement{} : result.statements.front();
}

TEST(SqlParse, EmptyInputAndCommentsOnlyHaveNoStatements) {
  for (const char* sql : {"", "   \n", "-- nothing here\n", "/* nor /* here */ */", ";;"}) {
    const ParseResult result = parse(sql);
    EXPECT_FALSE(result.error) << sql;
    EXPECT_TRUE(result.statements.empty()) << sql;
  }
}

TEST(SqlParse, OffsetsOfSeveralStatements) {
  const std::string sql =
      "ALTER INDEX foo RENAME TO bar;\n  -- then\n  CREATE INDEX i ON t (a) ;\n/* last */ DROP "
      "TABLE t";
  const ParseResult result = parse(sql);
  ASSERT_FALSE(result.error);
  ASSERT_EQ(result.statements.size(), 3u);
  const auto text = [&](const Statement& s) { return sql.substr(s.begin, s.end - s.begin); };
  EXPECT_EQ(text(result.statements[0]), "ALTER INDEX foo RENAME TO bar");
  EXPECT_EQ(text(result.statements[1]), "CREATE INDEX i ON t (a)");
  EXPECT_EQ(text(result.statements[2]), "DROP TABLE t");  // stmt_len 0: to the end
}

TEST(SqlParse, OffsetsAreBytesAcrossNonAscii) {
  const std::string sql = "SELECT 'é→😀'; SELECT \"ünïcode\" FROM t";
  const ParseResult result = parse(sql);
  ASSERT_FALSE(result.error);
  ASSERT_EQ(result.statements.size(), 2u);
  EXPECT_EQ(
      sql.substr(result.statements[1].begin, result.statements[1].end - result.statements[1].begin),
      "SELECT \"ünïcode\" FROM t");
  // libpg_query counts the error position in characters; the offset is in bytes.
  for (const std::string prefix : {"SELECT 'é' FRM ", "SELECT '😀→' AS \"ü\" ", "SELECT 'abc' x "}) {
    const ParseResult bad = parse(prefix + "t");
    ASSERT_TRUE(bad.error) << prefix;
    EXPECT_EQ(bad.error->message, "syntax error at or near \"t\"");
    EXPECT_EQ(bad.error->offset, prefix.size()) << prefix;
  }
}

TEST(SqlParse, SyntaxErrorPointsAtTheToken) {
  const ParseResult result = parse("ALTER INDX foo");
  ASSERT_TRUE(result.error);
  EXPECT_EQ(result.error->message, "syntax error at or near \"INDX\"");
  EXPECT_EQ(result.error->offset, 6u);
  EXPECT_TRUE(result.statements.empty());

  // An error in a later statement: no statements at all (PostgreSQL runs none of them).
  const ParseResult later = parse("SELECT 1;\nSELEC 2");
  ASSERT_TRUE(later.error);
  EXPECT_EQ(later.error->offset, 10u);
  EXPECT_TRUE(later.statements.empty());
}

TEST(SqlParse, UnterminatedStringAndNulByte) {
  const ParseResult open = parse("SELECT 'abc");
  ASSERT_TRUE(open.error);
  EXPECT_EQ(open.error->offset, 7u);
  EXPECT_NE(open.error->message.find("unterminated quoted string"), std::string::npos);

  const ParseResult nul = parse(std::string_view("SELECT 1;\0DROP TABLE t", 22));
  ASSERT_TRUE(nul.error);
  EXPECT_EQ(nul.error->offset, 9u);
}

TEST(SqlParse, DollarQuotedBodiesAreOneStatement) {
  const std::string sql =
      "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN PERFORM 1; RETURN 2; END "
      "$body$;\nDO $$ BEGIN DROP TABLE x; END $$";
  const ParseResult result = parse(sql);
  ASSERT_FALSE(result.error);
  ASSERT_EQ(result.statements.size(), 2u);
  EXPECT_EQ(result.statements[0].node, "CreateFunctionStmt");
  EXPECT_EQ(result.statements[0].created, (ObjectRef{"function", "f"}));
  EXPECT_FALSE(result.statements[0].needs_ownership);
  EXPECT_EQ(result.statements[1].node, "DoStmt");
  EXPECT_FALSE(result.statements[1].is_ddl);
}

TEST(SqlClassify, RenameIndexNeedsOwnership) {
  const Statement s = one("ALTER INDEX IF EXISTS app.book_idx RENAME TO \"Book Idx\"");
  EXPECT_EQ(s.node, "RenameStmt");
  EXPECT_EQ(s.description, "ALTER INDEX … RENAME TO");
  EXPECT_TRUE(s.is_ddl);
  EXPECT_TRUE(s.needs_ownership);
  EXPECT_EQ(s.authority, Authority::ownership);
  EXPECT_TRUE(s.if_exists);
  ASSERT_EQ(s.targets.size(), 1u);
  EXPECT_EQ(s.targets[0], (ObjectRef{"index", "app.book_idx"}));
  EXPECT_EQ(s.new_name, "Book Idx");
  EXPECT_FALSE(s.forbidden_in_transaction);
}

TEST(SqlClassify, RenameKinds) {
  EXPECT_EQ(one("ALTER TABLE t RENAME COLUMN a TO b").targets[0], (ObjectRef{"column", "t.a"}));
  EXPECT_EQ(one("ALTER TABLE t RENAME COLUMN a TO b").description, "ALTER TABLE … RENAME COLUMN");
  EXPECT_EQ(one("ALTER TABLE t RENAME CONSTRAINT c TO d").targets[0],
            (ObjectRef{"constraint", "t.c"}));
  EXPECT_EQ(one("ALTER TABLE s.t RENAME TO u").targets[0], (ObjectRef{"table", "s.t"}));
  EXPECT_EQ(one("ALTER SEQUENCE q RENAME TO r").targets[0], (ObjectRef{"sequence", "q"}));
  EXPECT_EQ(one("ALTER VIEW v RENAME TO w").targets[0], (ObjectRef{"view", "v"}));
  EXPECT_EQ(one("ALTER MATERIALIZED VIEW m RENAME TO n").targets[0],
            (ObjectRef{"materialized view", "m"}));
  EXPECT_EQ(one("ALTER SCHEMA s RENAME TO x").targets[0], (ObjectRef{"schema", "s"}));
  EXPECT_EQ(one("ALTER TYPE s.e RENAME TO x").targets[0], (ObjectRef{"type", "s.e"}));
  EXPECT_EQ(one("ALTER FUNCTION f(int) RENAME TO g").targets[0], (ObjectRef{"function", "f"}));
  const Statement trigger = one("ALTER TRIGGER tr ON t RENAME TO x");
  EXPECT_EQ(trigger.targets[0], (ObjectRef{"trigger", "t.tr"}));
  EXPECT_EQ(trigger.relation, "t");
}

TEST(SqlClassify, AlterTableSubcommands) {
  const Statement s = one(
      "ALTER TABLE IF EXISTS s.t ADD COLUMN c int NOT NULL DEFAULT 0, ADD COLUMN d text NOT NULL, "
      "ALTER COLUMN e TYPE bigint USING e::bigint, ALTER COLUMN f SET NOT NULL, "
      "ADD CONSTRAINT k CHECK (a > 0) NOT VALID, ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u, "
      "DROP COLUMN IF EXISTS g, DROP CONSTRAINT h, VALIDATE CONSTRAINT k, ALTER g SET DEFAULT 1, "
      "ALTER g DROP DEFAULT, ADD CONSTRAINT pk PRIMARY KEY USING INDEX i, ENABLE ROW LEVEL "
      "SECURITY");
  EXPECT_EQ(s.node, "AlterTableStmt");
  EXPECT_EQ(s.description, "ALTER TABLE");
  EXPECT_TRUE(s.needs_ownership);
  EXPECT_TRUE(s.if_exists);
  EXPECT_EQ(s.relation, "s.t");
  ASSERT_EQ(s.alter_commands.size(), 13u);
  const auto& c = s.alter_commands;
  EXPECT_EQ(c[0].kind, AlterKind::add_column);
  EXPECT_EQ(c[0].name, "c");
  EXPECT_TRUE(c[0].not_null);
  EXPECT_TRUE(c[0].has_default);
  EXPECT_TRUE(c[1].not_null);
  EXPECT_FALSE(c[1].has_default);
  EXPECT_EQ(c[2].kind, AlterKind::alter_column_type);
  EXPECT_TRUE(c[2].has_using);
  EXPECT_EQ(c[3].kind, AlterKind::set_not_null);
  EXPECT_EQ(c[3].name, "f");
  EXPECT_EQ(c[4].kind, AlterKind::add_constraint);
  EXPECT_EQ(c[4].constraint_type, "CHECK");
  EXPECT_EQ(c[4].name, "k");
  EXPECT_TRUE(c[4].not_valid);
  EXPECT_EQ(c[5].constraint_type, "FOREIGN");
  EXPECT_FALSE(c[5].not_valid);
  EXPECT_EQ(c[6].kind, AlterKind::drop_column);
  EXPECT_TRUE(c[6].if_exists);
  EXPECT_EQ(c[7].kind, AlterKind::drop_constraint);
  EXPECT_EQ(c[8].kind, AlterKind::validate_constraint);
  EXPECT_EQ(c[9].kind, AlterKind::set_default);
  EXPECT_EQ(c[10].kind, AlterKind::drop_default);
  EXPECT_EQ(c[11].constraint_type, "PRIMARY");
  EXPECT_TRUE(c[11].using_index);
  EXPECT_EQ(c[12].kind, AlterKind::other);
  EXPECT_EQ(c[12].subtype, "EnableRowSecurity");
}

TEST(SqlClassify, AlterIndexSetIsAlterTableOnAnIndex) {
  const Statement s = one("ALTER INDEX i SET (fillfactor = 50)");
  EXPECT_EQ(s.node, "AlterTableStmt");
  EXPECT_EQ(s.description, "ALTER INDEX … SET (…)");
  EXPECT_EQ(s.targets[0], (ObjectRef{"index", "i"}));
  EXPECT_TRUE(s.needs_ownership);
  EXPECT_TRUE(one("ALTER TABLE p DETACH PARTITION c CONCURRENTLY").forbidden_in_transaction);
  EXPECT_FALSE(one("ALTER TABLE p DETACH PARTITION c").forbidden_in_transaction);
}

TEST(SqlClassify, CreateIndexNeedsTheTablesOwnership) {
  const Statement s = one("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON s.t (a)");
  EXPECT_EQ(s.node, "IndexStmt");
  EXPECT_EQ(s.description, "CREATE UNIQUE INDEX CONCURRENTLY");
  EXPECT_TRUE(s.needs_ownership);
  EXPECT_TRUE(s.concurrently);
  EXPECT_TRUE(s.forbidden_in_transaction);
  EXPECT_TRUE(s.if_not_exists);
  EXPECT_TRUE(s.unique);
  EXPECT_EQ(s.targets[0], (ObjectRef{"table", "s.t"}));
  EXPECT_EQ(s.created, (ObjectRef{"index", "i"}));
  const Statement plain = one("CREATE INDEX ON t (a)");
  EXPECT_FALSE(plain.concurrently);
  EXPECT_FALSE(plain.forbidden_in_transaction);
  EXPECT_FALSE(plain.created);
}

TEST(SqlClassify, Drop) {
  const Statement s = one("DROP INDEX CONCURRENTLY IF EXISTS a, s.b CASCADE");
  EXPECT_EQ(s.description, "DROP INDEX CONCURRENTLY");
  EXPECT_TRUE(s.if_exists);
  EXPECT_TRUE(s.forbidden_in_transaction);
  EXPECT_TRUE(s.needs_ownership);
  ASSERT_EQ(s.targets.size(), 2u);
  EXPECT_EQ(s.targets[1], (ObjectRef{"index", "s.b"}));
  EXPECT_EQ(one("DROP TABLE t").description, "DROP TABLE");
  EXPECT_EQ(one("DROP TYPE s.e").targets[0], (ObjectRef{"type", "s.e"}));
  EXPECT_EQ(one("DROP FUNCTION f(int)").targets[0], (ObjectRef{"function", "f"}));
  EXPECT_EQ(one("DROP SCHEMA s").targets[0], (ObjectRef{"schema", "s"}));
  EXPECT_EQ(one("DROP MATERIALIZED VIEW m").targets[0], (ObjectRef{"materialized view", "m"}));
  EXPECT_EQ(one("DROP TRIGGER tr ON s.t").relation, "s.t");
}

TEST(SqlClassify, CreateNeedsNoOwnershipUnlessItReplacesOrInherits) {
  const Statement table = one("CREATE TABLE IF NOT EXISTS s.t (a int REFERENCES u)");
  EXPECT_EQ(table.node, "CreateStmt");
  EXPECT_TRUE(table.is_ddl);
  EXPECT_FALSE(table.needs_ownership);
  EXPECT_TRUE(table.if_not_exists);
  EXPECT_EQ(table.created, (ObjectRef{"table", "s.t"}));
  EXPECT_TRUE(table.targets.empty());

  const Statement partition = one("CREATE TABLE p1 PARTITION OF p FOR VALUES IN (1)");
  EXPECT_TRUE(partition.needs_ownership);
  EXPECT_EQ(partition.targets[0], (ObjectRef{"table", "p"}));
  EXPECT_TRUE(one("CREATE TABLE c () INHERITS (p)").needs_ownership);

  EXPECT_FALSE(one("CREATE VIEW v AS SELECT 1").needs_ownership);
  const Statement view = one("CREATE OR REPLACE VIEW v AS SELECT 1");
  EXPECT_TRUE(view.needs_ownership);
  EXPECT_TRUE(view.or_replace);
  EXPECT_TRUE(
      one("CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'select 1'").needs_ownership);
  EXPECT_FALSE(one("CREATE SEQUENCE q").needs_ownership);
  EXPECT_EQ(one("CREATE TYPE e AS ENUM ('a')").created, (ObjectRef{"type", "e"}));
  EXPECT_EQ(one("CREATE TYPE c AS (a int)").created, (ObjectRef{"type", "c"}));
  EXPECT_EQ(one("CREATE MATERIALIZED VIEW m AS SELECT 1").created,
            (ObjectRef{"materialized view", "m"}));
}

TEST(SqlClassify, TriggerAndTruncateNeedPrivilegesOnly) {
  const Statement trigger =
      one("CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()");
  EXPECT_EQ(trigger.node, "CreateTrigStmt");
  EXPECT_FALSE(trigger.needs_ownership);
  EXPECT_EQ(trigger.privilege, "TRIGGER");
  EXPECT_EQ(trigger.relation, "t");
  const Statement truncate = one("TRUNCATE a, b");
  EXPECT_FALSE(truncate.needs_ownership);
  EXPECT_FALSE(truncate.is_ddl);
  EXPECT_EQ(truncate.privilege, "TRUNCATE");
  EXPECT_EQ(truncate.targets.size(), 2u);
}

TEST(SqlClassify, OwnershipStatements) {
  for (const char* sql :
       {"ALTER TYPE e ADD VALUE IF NOT EXISTS 'x' BEFORE 'y'",
        "ALTER TYPE e RENAME VALUE 'a' TO 'b'", "ALTER TABLE t OWNER TO x",
        "ALTER TYPE e OWNER TO x", "ALTER TABLE t SET SCHEMA s", "ALTER EXTENSION hstore UPDATE",
        "ALTER SEQUENCE q RESTART", "COMMENT ON TABLE t IS 'x'", "COMMENT ON COLUMN t.a IS 'x'",
        "REINDEX INDEX i", "CLUSTER t USING i", "REFRESH MATERIALIZED VIEW m",
        "ALTER FUNCTION f() IMMUTABLE", "ALTER DOMAIN d SET DEFAULT 1",
        "CREATE POLICY p ON t USING (true)", "CREATE STATISTICS s ON a, b FROM t"}) {
    const Statement s = one(sql);
    EXPECT_TRUE(s.needs_ownership) << sql;
    EXPECT_TRUE(s.classified) << sql;
    EXPECT_FALSE(s.targets.empty()) << sql;
  }
  const Statement add = one("ALTER TYPE s.e ADD VALUE IF NOT EXISTS 'x'");
  EXPECT_EQ(add.description, "ALTER TYPE … ADD VALUE");
  EXPECT_TRUE(add.if_not_exists);
  EXPECT_EQ(add.targets[0], (ObjectRef{"type", "s.e"}));
  EXPECT_EQ(one("COMMENT ON COLUMN t.a IS 'x'").targets[0], (ObjectRef{"column", "t.a"}));
  EXPECT_EQ(one("ALTER TABLE t SET SCHEMA s").new_name, "s");
}

TEST(SqlClassify, GrantAndVacuumAreSkippedRatherThanRefused) {
  const Statement grant = one("GRANT SELECT ON t TO PUBLIC");
  EXPECT_EQ(grant.node, "GrantStmt");
  EXPECT_FALSE(grant.needs_ownership);
  EXPECT_TRUE(grant.skipped_without_ownership);
  EXPECT_EQ(grant.description, "GRANT … ON TABLE");
  EXPECT_EQ(one("REVOKE ALL ON SEQUENCE q FROM x").description, "REVOKE … ON SEQUENCE");

  const Statement vacuum = one("VACUUM (ANALYZE) t");
  EXPECT_TRUE(vacuum.skipped_without_ownership);
  EXPECT_TRUE(vacuum.forbidden_in_transaction);
  EXPECT_FALSE(vacuum.needs_ownership);
  const Statement analyze = one("ANALYZE t");
  EXPECT_EQ(analyze.description, "ANALYZE");
  EXPECT_FALSE(analyze.forbidden_in_transaction);
}

TEST(SqlClassify, ForbiddenInTransaction) {
  for (const char* sql :
       {"REINDEX TABLE CONCURRENTLY t", "REINDEX SCHEMA s", "CLUSTER", "CREATE DATABASE d",
        "DROP DATABASE d", "ALTER SYSTEM SET work_mem = '1MB'", "VACUUM",
        "CREATE TABLESPACE x LOCATION '/x'"}) {
    EXPECT_TRUE(one(sql).forbidden_in_transaction) << sql;
  }
  for (const char* sql :
       {"REINDEX TABLE t", "CLUSTER t", "REFRESH MATERIALIZED VIEW CONCURRENTLY m",
        "ALTER TYPE e ADD VALUE 'x'", "CREATE INDEX i ON t (a)"}) {
    EXPECT_FALSE(one(sql).forbidden_in_transaction) << sql;
  }
}

TEST(SqlClassify, Authorities) {
  EXPECT_EQ(one("CREATE EXTENSION IF NOT EXISTS hstore").authority, Authority::database_create);
  EXPECT_EQ(one("CREATE EXTENSION \"uuid-ossp\"").authority, Authority::database_create);
  EXPECT_EQ(one("CREATE EXTENSION postgis").authority, Authority::superuser);
  EXPECT_EQ(one("CREATE SCHEMA s").authority, Authority::database_create);
  EXPECT_EQ(one("CREATE DATABASE d").authority, Authority::role_attribute);
  EXPECT_EQ(one("CREATE ROLE r").authority, Authority::role_attribute);
  EXPECT_EQ(one("ALTER SYSTEM SET work_mem = '1MB'").authority, Authority::superuser);
  EXPECT_FALSE(one("CREATE EXTENSION postgis").needs_ownership);
}

TEST(SqlClassify, NotDdl) {
  for (const char* sql :
       {"SELECT 1", "INSERT INTO t VALUES (1)", "UPDATE t SET a = 1", "DELETE FROM t", "BEGIN",
        "COMMIT", "SAVEPOINT a", "SET lock_timeout = '1s'", "RESET ALL", "LOCK TABLE t", "VACUUM t",
        "REINDEX INDEX i", "CLUSTER t", "TRUNCATE t", "REFRESH MATERIALIZED VIEW m",
        "WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x"}) {
    const Statement s = one(sql);
    EXPECT_FALSE(s.is_ddl) << sql;
    EXPECT_TRUE(s.classified) << sql;
  }
  EXPECT_EQ(one("SET LOCAL statement_timeout = 0").description, "SET LOCAL");
  EXPECT_EQ(one("BEGIN").description, "BEGIN");
  EXPECT_FALSE(one("SELECT 1").needs_ownership);
}

TEST(SqlClassify, UnknownStatementsAreKeptByName) {
  const Statement s = one("CREATE AGGREGATE agg (int) (SFUNC = int4pl, STYPE = int)");
  EXPECT_EQ(s.node, "DefineStmt");
  EXPECT_FALSE(s.classified);
  EXPECT_TRUE(s.is_ddl);
  EXPECT_FALSE(s.needs_ownership);
  EXPECT_FALSE(s.forbidden_in_transaction);
  EXPECT_EQ(s.description, "DefineStmt");
}

// Every statement the PostgreSQL oracle runs is one classified statement here, so the oracle
// compares real predictions.
TEST(SqlClassify, OracleCorpusIsClassified) {
  std::ifstream file(std::string(PREFLIGHT_SOURCE_DIR) + "/tests/sql/oracle_corpus.json");
  ASSERT_TRUE(file);
  std::stringstream text;
  text << file.rdbuf();
  const auto corpus = nlohmann::json::parse(text.str());
  ASSERT_GE(corpus["statements"].size(), 60u);
  for (const auto& sql : corpus["statements"]) {
    const Statement s = one(sql.get<std::string>());
    EXPECT_TRUE(s.classified) << sql;
  }
}

}  // namespace
}  // namespace preflight::sql
