// The migration loader on small in-memory projects: operation calls bound to Django's signatures
// (positional and keyword, every built-in operation, every import form), RunSQL and RunPython
// arguments, the Migration class's attributes, and the modules Django skips or refuses.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "django/migrations/migrations.h"
#include "python/parser.h"

namespace preflight::django::migrations {
namespace {

using Files = std::map<std::string, std::string>;

// A project whose files are given by path; app `shop` is installed.
class Project {
 public:
  explicit Project(Files files) {
    files.emplace("shop/__init__.py", "");
    files.emplace("shop/migrations/__init__.py", "");
    for (const auto& [path, text] : files) {
      const FileId id = sources_.add(path, FileKind::Python, text);
      parsed_.push_back(python::parse_module(sources_.file(id).text()));
      EXPECT_FALSE(parsed_.back()->error) << path;
      modules_.push_back(ModuleSource{id, path, parsed_.back()->module, &sources_.file(id), ""});
    }
    models_ = build_models(modules_, ModelOptions{});
    set_ = load_migrations(modules_, models_);
  }

  const MigrationSet& set() const { return set_; }
  const Migration& migration(const std::string& name) const {
    const Migration* found = set_.find(0, "shop", name);
    EXPECT_TRUE(found) << name;
    static const Migration kNone;
    return found ? *found : kNone;
  }

 private:
  SourceMap sources_;
  std::vector<std::unique_ptr<python::ParsedModule>> parsed_;
  std::vector<ModuleSource> modules_;
  ProjectModels models_;
  MigrationSet set_;
};

std::string migration_source(const std::string& imports, const std::string& operations) {
  return imports + "\n\nclass Migration(migrations.Migration):\n    operations = [\n" + operations +
         "\n    ]\n";
}

// The parameters of each operation class, as Django declares them.
const std::vector<std::pair<std::string, std::vector<std::string>>> kSignatures = {
    {"CreateModel", {"name", "fields", "options", "bases", "managers"}},
    {"DeleteModel", {"name"}},
    {"RenameModel", {"old_name", "new_name"}},
    {"AlterModelTable", {"name", "table"}},
    {"AlterModelTableComment", {"name", "table_comment"}},
    {"AlterUniqueTogether", {"name", "unique_together"}},
    {"AlterIndexTogether", {"name", "index_together"}},
    {"AlterOrderWithRespectTo", {"name", "order_with_respect_to"}},
    {"AlterModelOptions", {"name", "options"}},
    {"AlterModelManagers", {"name", "managers"}},
    {"AddField", {"model_name", "name", "field", "preserve_default"}},
    {"RemoveField", {"model_name", "name"}},
    {"AlterField", {"model_name", "name", "field", "preserve_default"}},
    {"RenameField", {"model_name", "old_name", "new_name"}},
    {"AddIndex", {"model_name", "index"}},
    {"RemoveIndex", {"model_name", "name"}},
    {"RenameIndex", {"model_name", "new_name", "old_name", "old_fields"}},
    {"AddConstraint", {"model_name", "constraint"}},
    {"RemoveConstraint", {"model_name", "name"}},
    {"SeparateDatabaseAndState", {"database_operations", "state_operations"}},
    {"RunSQL", {"sql", "reverse_sql", "state_operations", "hints", "elidable"}},
    {"RunPython", {"code", "reverse_code", "atomic", "hints", "elidable"}},
};

TEST(MigrationOperations, EveryBuiltInBindsPositionalAndKeywordArguments) {
  for (const auto& [name, parameters] : kSignatures) {
    SCOPED_TRACE(name);
    std::string positional, keyword;
    for (const std::string& parameter : parameters) {
      positional += fmt::format("{}'{}'", positional.empty() ? "" : ", ", parameter);
      keyword += fmt::format("{}{}='{}'", keyword.empty() ? "" : ", ", parameter, parameter);
    }
    // Reversed keyword order binds the same way.
    std::string reversed;
    for (auto it = parameters.rbegin(); it != parameters.rend(); ++it) {
      reversed += fmt::format("{}{}='{}'", reversed.empty() ? "" : ", ", *it, *it);
    }
    const Project project(
        Files{{"shop/migrations/0001_initial.py",
               migration_source("from django.db import migrations",
                                fmt::format("        migrations.{}({}),\n"
                                            "        migrations.{}({}),\n"
                                            "        migrations.{}({}),",
                                            name, positional, name, keyword, name, reversed))}});
    const Migration& migration = project.migration("0001_initial");
    ASSERT_EQ(migration.operations.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
      const Operation& operation = migration.operations[i];
      EXPECT_EQ(operation.class_name, name);
      EXPECT_EQ(to_string(operation.kind), name);
      EXPECT_TRUE(operation.notes.empty()) << operation.notes.front();
      ASSERT_EQ(operation.arguments.size(), parameters.size());
      for (const std::string& parameter : parameters) {
        const Argument* argument = operation.argument(parameter);
        ASSERT_TRUE(argument) << parameter;
        EXPECT_EQ(argument->keyword, i > 0);
        EXPECT_EQ(operation.string_argument(parameter), parameter);
      }
    }
  }
}

TEST(MigrationOperations, ImportFormsResolveToDjangoClasses) {
  const Project project(Files{{"shop/migrations/0001_initial.py", R"py(import django.db.migrations
from django.db import migrations as m
from django.db.migrations import operations
from django.db.migrations.operations import AddField as Add
from django.contrib.postgres.operations import AddIndexConcurrently, HStoreExtension
from django.contrib.postgres import operations as pg


class Migration(m.Migration):
    atomic = False
    operations = [
        django.db.migrations.DeleteModel("a"),
        operations.RemoveField("book", "title"),
        Add(model_name="book", name="title", field=None),
        AddIndexConcurrently("book", index=None),
        pg.RemoveIndexConcurrently("book", "book_idx"),
        HStoreExtension(),
        pg.CreateExtension("postgis"),
        pg.TrigramExtension(),
    ]
)py"}});
  const Migration& migration = project.migration("0001_initial");
  EXPECT_TRUE(migration.django_base);
  EXPECT_FALSE(migration.atomic);
  ASSERT_EQ(migration.operations.size(), 8u);
  const std::vector<OperationKind> kinds = {OperationKind::DeleteModel,
                                            OperationKind::RemoveField,
                                            OperationKind::AddField,
                                            OperationKind::AddIndexConcurrently,
                                            OperationKind::RemoveIndexConcurrently,
                                            OperationKind::CreateExtension,
                                            OperationKind::CreateExtension,
                                            OperationKind::CreateExtension};
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    EXPECT_EQ(migration.operations[i].kind, kinds[i]) << i;
    EXPECT_TRUE(migration.operations[i].notes.empty()) << i;
  }
  EXPECT_EQ(migration.operations[1].string_argument("name"), "title");
  EXPECT_EQ(migration.operations[2].string_argument("model_name"), "book");
  EXPECT_EQ(migration.operations[5].extension, "hstore");
  EXPECT_EQ(migration.operations[5].class_name, "HStoreExtension");
  EXPECT_EQ(migration.operations[6].extension, "postgis");
  EXPECT_EQ(migration.operations[7].extension, "pg_trgm");
}

TEST(MigrationOperations, RunSqlStringsListsAndParams) {
  const Project project(
      Files{{"shop/migrations/0001_initial.py", R"py(from django.db import migrations


class Migration(migrations.Migration):
    operations = [
        migrations.RunSQL("CREATE INDEX a ON b (c)", migrations.RunSQL.noop, elidable=True),
        migrations.RunSQL(
            ["SELECT 1", ("UPDATE t SET x = %s", [1])],
            reverse_sql="SELECT 2",
            state_operations=[migrations.DeleteModel("Old")],
        ),
        migrations.RunSQL(sql=STATEMENTS, reverse_sql=None),
    ]
)py"}});
  const Migration& migration = project.migration("0001_initial");
  ASSERT_EQ(migration.operations.size(), 3u);
  const Operation& first = migration.operations[0];
  ASSERT_TRUE(first.sql);
  ASSERT_EQ(first.sql->statements.size(), 1u);
  EXPECT_EQ(first.sql->statements[0].text, "CREATE INDEX a ON b (c)");
  EXPECT_TRUE(first.sql->statements[0].literal);
  EXPECT_EQ(first.sql->statements[0].span.start.line, 6u);
  ASSERT_TRUE(first.reverse_sql);
  EXPECT_TRUE(first.reverse_sql->noop);
  EXPECT_TRUE(first.elidable);

  const Operation& second = migration.operations[1];
  ASSERT_EQ(second.sql->statements.size(), 2u);
  EXPECT_EQ(second.sql->statements[0].text, "SELECT 1");
  EXPECT_FALSE(second.sql->statements[0].params);
  EXPECT_EQ(second.sql->statements[1].text, "UPDATE t SET x = %s");
  EXPECT_TRUE(second.sql->statements[1].params);
  EXPECT_EQ(second.reverse_sql->statements.at(0).text, "SELECT 2");
  ASSERT_EQ(second.state_operations.size(), 1u);
  EXPECT_EQ(second.state_operations[0].kind, OperationKind::DeleteModel);
  EXPECT_FALSE(second.elidable);

  const Operation& third = migration.operations[2];
  EXPECT_FALSE(third.sql->known);
  EXPECT_FALSE(third.sql->statements.at(0).text);
  EXPECT_FALSE(third.reverse_sql);  // None: irreversible
}

TEST(MigrationOperations, RunPythonResolvesFunctions) {
  const Project project(
      Files{{"shop/migrations/0001_initial.py", R"py(from django.db import migrations
from django.db.migrations import RunPython

from shop.migrations._helpers import backfill


def forwards(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop, atomic=False),
        RunPython(code=backfill, reverse_code=RunPython.noop),
        migrations.RunPython(lambda apps, editor: None),
        migrations.RunPython(undefined_name),
    ]
)py"},
            {"shop/migrations/_helpers.py", "def backfill(apps, schema_editor):\n    pass\n"}});
  const Migration& migration = project.migration("0001_initial");
  ASSERT_EQ(migration.operations.size(), 4u);
  const Operation& first = migration.operations[0];
  ASSERT_TRUE(first.code && first.code->function);
  EXPECT_EQ(first.code->function->get("name").text, "forwards");
  EXPECT_TRUE(first.reverse_code && first.reverse_code->noop);
  EXPECT_EQ(first.atomic, false);
  const Operation& second = migration.operations[1];
  ASSERT_TRUE(second.code && second.code->function);
  EXPECT_EQ(second.code->function->get("name").text, "backfill");
  EXPECT_TRUE(second.reverse_code->noop);
  EXPECT_FALSE(second.atomic);
  EXPECT_TRUE(migration.operations[2].code->lambda);
  EXPECT_FALSE(migration.operations[2].reverse_code);
  EXPECT_FALSE(migration.operations[3].code->function);
  EXPECT_EQ(migration.operations[3].code->function_name, "undefined_name");
  // `_helpers` is not a migration (Django skips names starting with `_`).
  EXPECT_EQ(project.set().migrations.size(), 1u);
  EXPECT_TRUE(project.set().graphs.at(0).problems.empty());
}

TEST(MigrationOperations, SeparateDatabaseAndStateNestsOperations) {
  const Project project(
      Files{{"shop/migrations/0001_initial.py", R"py(from django.db import migrations


class Migration(migrations.Migration):
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL("ALTER TABLE a RENAME TO b")],
            state_operations=[migrations.RenameModel("A", "B"), migrations.DeleteModel("C")],
        ),
    ]
)py"}});
  const Operation& operation = project.migration("0001_initial").operations.at(0);
  EXPECT_EQ(operation.kind, OperationKind::SeparateDatabaseAndState);
  ASSERT_EQ(operation.database_operations.size(), 1u);
  EXPECT_EQ(operation.database_operations[0].kind, OperationKind::RunSQL);
  ASSERT_EQ(operation.state_operations.size(), 2u);
  EXPECT_EQ(operation.state_operations[0].string_argument("new_name"), "B");
}

TEST(MigrationOperations, CustomOperationsAndBadArgumentsAreNoted) {
  const Project project(
      Files{{"shop/migrations/0001_initial.py", R"py(from django.db import migrations

from shop.operations import AddTenantSchema


class Migration(migrations.Migration):
    operations = [
        AddTenantSchema("tenant", schema="t1"),
        migrations.DeleteModel("A", "B"),
        migrations.AddField("book", "title", field=None, default=1),
        migrations.AddField("book", "title", name="other", field=None),
        migrations.RemoveField(*ARGS),
    ]
)py"},
            {"shop/operations.py", "class AddTenantSchema:\n    pass\n"}});
  const Migration& migration = project.migration("0001_initial");
  ASSERT_EQ(migration.operations.size(), 5u);
  const Operation& custom = migration.operations[0];
  EXPECT_EQ(custom.kind, OperationKind::Custom);
  EXPECT_EQ(custom.class_name, "shop.operations.AddTenantSchema");
  ASSERT_EQ(custom.notes.size(), 1u);
  EXPECT_EQ(custom.arguments.size(), 2u);
  for (std::size_t i = 1; i < 5; ++i) {
    EXPECT_EQ(migration.operations[i].notes.size(), 1u) << i;
  }
  EXPECT_EQ(migration.imports.size(), 2u);
  EXPECT_EQ(migration.imports[0].origin, ModuleImport::Origin::Django);
  EXPECT_EQ(migration.imports[1].origin, ModuleImport::Origin::Project);
  EXPECT_EQ(migration.imports[1].module, "shop.operations");
}

TEST(MigrationAttributes, DependenciesReplacesRunBeforeInitial) {
  const Project project(
      Files{{"shop/migrations/0002_squashed.py", R"py(from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    replaces = [("shop", "0001_initial"), ("shop", "0002_more")]
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "__first__"),
        ("auth", "0012_alter_user_first_name_max_length"),
        SOMETHING,
    ]
    run_before = [("billing", "0001_initial")]
    operations = []
)py"}});
  const Migration& migration = project.migration("0002_squashed");
  EXPECT_EQ(migration.initial, true);
  EXPECT_TRUE(migration.atomic);
  ASSERT_EQ(migration.replaces.size(), 2u);
  EXPECT_EQ(migration.replaces[1].name, "0002_more");
  ASSERT_EQ(migration.dependencies.size(), 4u);
  EXPECT_TRUE(migration.dependencies[0].swappable);
  EXPECT_EQ(migration.dependencies[0].app_label, "__setting__");
  EXPECT_EQ(migration.dependencies[0].name, "AUTH_USER_MODEL");
  EXPECT_EQ(migration.dependencies[1].name, "__first__");
  EXPECT_FALSE(migration.dependencies[3].known);
  EXPECT_TRUE(migration.incomplete);
  ASSERT_EQ(migration.run_before.size(), 1u);
  EXPECT_EQ(migration.run_before[0].app_label, "billing");
  EXPECT_EQ(migration.span.start.line, 5u);
  EXPECT_EQ(migration.span.start.column, 7u);
}

TEST(MigrationLoader, ModuleWithoutMigrationClassIsBadMigration) {
  const Project project(
      Files{{"shop/migrations/0001_initial.py", migration_source("from django.db import "
                                                                 "migrations",
                                                                 "")},
            {"shop/migrations/helpers.py", "def f():\n    pass\n"},
            {"shop/migrations/~old.py", "x = 1\n"},
            {"shop/migrations/sub/__init__.py", ""},
            {"shop/migrations/sub/more.py", "x = 1\n"}});
  ASSERT_EQ(project.set().graphs.size(), 1u);
  const auto& problems = project.set().graphs[0].problems;
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].kind, GraphProblem::Kind::BadMigration);
  EXPECT_EQ(problems[0].message, "Migration helpers in app shop has no Migration class");
}

}  // namespace
}  // namespace preflight::django::migrations

namespace preflight::django::migrations {
namespace {

std::string migration_with(const std::string& attributes) {
  return "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n" +
         attributes + "    operations = []\n";
}

// A squash of a squash that still has `replaces`: Django fails or not depending on the order it
// lists the files; preflight builds the order that works and reports the other.
TEST(MigrationGraphBuild, SquashOfSquashIsReportedAndResolved) {
  const Project project(Files{
      {"shop/migrations/0001_initial.py", migration_with("")},
      {"shop/migrations/0002_a.py",
       migration_with("    dependencies = [('shop', '0001_initial')]\n")},
      {"shop/migrations/0003_b.py", migration_with("    dependencies = [('shop', '0002_a')]\n")},
      {"shop/migrations/0001_squashed_0002_a.py",
       migration_with("    replaces = [('shop', '0001_initial'), ('shop', '0002_a')]\n")},
      {"shop/migrations/0001_squashed_0003_b.py",
       migration_with("    replaces = [('shop', '0001_squashed_0002_a'), ('shop', '0003_b')]\n")},
      {"shop/migrations/0004_c.py", migration_with("    dependencies = [('shop', '0003_b')]\n")},
  });
  const MigrationGraph& graph = project.set().graphs.at(0);
  ASSERT_EQ(graph.problems.size(), 1u);
  EXPECT_EQ(graph.problems[0].kind, GraphProblem::Kind::ReplacementRemoved);
  EXPECT_EQ(graph.problems[0].message,
            "Unable to find replacement node ('shop', '0001_squashed_0002_a'). It was either never "
            "added to the migration graph, or has been removed.");
  std::vector<std::string> nodes;
  for (const auto& [key, node] : graph.nodes) nodes.push_back(key.label());
  EXPECT_EQ(nodes, (std::vector<std::string>{"shop.0001_squashed_0003_b", "shop.0004_c"}));
  EXPECT_EQ(graph.find({"shop", "0004_c"})->parents,
            (std::set<NodeKey>{{"shop", "0001_squashed_0003_b"}}));
  EXPECT_EQ(graph.leaf_nodes("shop"), (std::vector<NodeKey>{{"shop", "0004_c"}}));
}

// A dependency on the app's own `__first__` is ignored; on its own `__latest__` it names a node
// that does not exist (Django adds it as an internal dependency, unresolved).
TEST(MigrationGraphBuild, OwnFirstIgnoredOwnLatestMissing) {
  const Project project(Files{
      {"shop/migrations/0001_initial.py",
       migration_with("    dependencies = [('shop', '__first__')]\n")},
      {"shop/migrations/0002_a.py",
       migration_with("    dependencies = [('shop', '0001_initial'), ('shop', '__latest__')]\n")},
  });
  const MigrationGraph& graph = project.set().graphs.at(0);
  ASSERT_EQ(graph.problems.size(), 1u);
  EXPECT_EQ(graph.problems[0].kind, GraphProblem::Kind::NodeNotFound);
  EXPECT_EQ(graph.problems[0].message,
            "Migration shop.0002_a dependencies reference nonexistent parent node ('shop', "
            "'__latest__')");
  EXPECT_TRUE(graph.find({"shop", "0001_initial"})->parents.empty());
}

// A migration that depends on itself is a cycle of one.
TEST(MigrationGraphBuild, SelfDependencyIsACycle) {
  const Project project(Files{
      {"shop/migrations/0001_initial.py",
       migration_with("    dependencies = [('shop', '0001_initial')]\n")},
  });
  const MigrationGraph& graph = project.set().graphs.at(0);
  ASSERT_EQ(graph.problems.size(), 1u);
  EXPECT_EQ(graph.problems[0].kind, GraphProblem::Kind::Cycle);
  EXPECT_EQ(graph.problems[0].message, "shop.0001_initial");
}

}  // namespace
}  // namespace preflight::django::migrations
