// Declared dependencies and the import names they provide (dependencies.h).
#include "django/dependencies.h"

#include <gtest/gtest.h>

#include <vector>

namespace preflight::django {
namespace {

DeclaredDependencies read(std::vector<VersionSource> files) {
  return read_declared_dependencies(files);
}

TEST(Dependencies, NormalisesAsPep503) {
  EXPECT_EQ(normalize_distribution("Django_Environ"), "django-environ");
  EXPECT_EQ(normalize_distribution("zope.interface"), "zope-interface");
  EXPECT_EQ(normalize_distribution("a--b__c"), "a-b-c");
  EXPECT_EQ(normalize_distribution("PyYAML"), "pyyaml");
}

TEST(Dependencies, ReadsARequirementsFile) {
  const DeclaredDependencies declared = read({{"requirements.txt",
                                               "# comment\n"
                                               "Django==3.2.25 \\\n"
                                               "    --hash=sha256:abc\n"
                                               "sqlparse>=0.4  # via django\n"
                                               "psycopg2-binary[pool]; python_version >= '3.8'\n"
                                               "--index-url https://example.org/simple\n"
                                               "-c constraints.txt\n"
                                               "-e git+https://example.org/x.git#egg=Billing_SDK\n"
                                               "requests @ https://example.org/r.whl\n"}});
  EXPECT_TRUE(declared.unknown.empty()) << declared.unknown.front();
  EXPECT_EQ(declared.names, (std::set<std::string>{"billing-sdk", "django", "psycopg2-binary",
                                                   "requests", "sqlparse"}));
  EXPECT_TRUE(declared.complete());
}

TEST(Dependencies, HandWrittenListsAreNotComplete) {
  EXPECT_FALSE(read({{"requirements.txt", "Django>=3.2\n"}}).complete());
  EXPECT_FALSE(read({}).complete());
}

TEST(Dependencies, EveryListThatInstallsDjangoMustBeComplete) {
  // A pinned docs list beside a hand-written application list proves nothing.
  EXPECT_FALSE(read({{"requirements.txt", "Django>=3.2\ncelery\n"},
                     {"docs/requirements.txt", "django==3.2\nsqlparse==0.4\nsphinx==7.0\n"}})
                   .complete());
  // Lists that do not install Django do not matter; some list must.
  EXPECT_TRUE(read({{"requirements.txt", "django==3.2\nsqlparse==0.4\n"},
                    {"requirements-lint.txt", "ruff\n"}})
                  .complete());
  EXPECT_FALSE(read({{"requirements.txt", "sqlparse==0.4\nruff\n"}}).complete());
  // Poetry: the lock has everything, pyproject.toml the top-level list.
  const std::vector<VersionSource> poetry = {
      {"pyproject.toml", "[tool.poetry.dependencies]\nDjango = '^3.2'\n"},
      {"poetry.lock", "[[package]]\nname = 'django'\n\n[[package]]\nname = 'sqlparse'\n"}};
  EXPECT_TRUE(read(poetry).complete());
  EXPECT_FALSE(read({poetry.front()}).complete());
}

TEST(Dependencies, IncludesMustBeInTheProject) {
  const std::vector<VersionSource> both = {{"requirements/prod.txt", "-r base.txt\nPyYAML\n"},
                                           {"requirements/base.txt", "django\nsqlparse\n"}};
  EXPECT_TRUE(read(both).complete());
  const DeclaredDependencies alone = read({{"requirements/prod.txt", "-r base.txt\nsqlparse\n"}});
  EXPECT_FALSE(alone.complete());
  ASSERT_EQ(alone.unknown.size(), 1U);
}

TEST(Dependencies, UnreadableLinesMakeTheSetUnknown) {
  EXPECT_FALSE(read({{"requirements.txt", "sqlparse\n-e .\n"}}).complete());
  EXPECT_FALSE(read({{"requirements.txt", "sqlparse\n./vendor/thing.whl\n"}}).complete());
  EXPECT_FALSE(read({{"requirements.txt", "sqlparse\n"}, {"Pipfile", "[packages]\n"}}).complete());
}

TEST(Dependencies, ReadsPyprojectAndPoetryLock) {
  const DeclaredDependencies pep621 = read({{"pyproject.toml",
                                             "[project]\nname = 'x'\n"
                                             "dependencies = ['Django>=3.2', 'sqlparse']\n"
                                             "[project.optional-dependencies]\n"
                                             "s3 = ['django-storages[boto3]']\n"}});
  EXPECT_EQ(pep621.names, (std::set<std::string>{"django", "django-storages", "sqlparse"}));
  EXPECT_TRUE(pep621.complete());
  const DeclaredDependencies poetry = read({{"pyproject.toml",
                                             "[tool.poetry.dependencies]\npython = '^3.11'\n"
                                             "Django = '^3.2'\n"
                                             "[tool.poetry.group.dev.dependencies]\n"
                                             "pytest = '*'\n"}});
  EXPECT_EQ(poetry.names, (std::set<std::string>{"django", "pytest"}));
  const DeclaredDependencies lock = read({{"poetry.lock",
                                           "[[package]]\nname = 'Django'\nversion = '3.2'\n\n"
                                           "[[package]]\nname = 'sqlparse'\nversion = '0.4'\n"}});
  EXPECT_TRUE(lock.complete());
  EXPECT_FALSE(read({{"pyproject.toml", "[project]\ndynamic = ['dependencies']\n"}}).complete());
  // A pyproject.toml without dependencies declares nothing.
  EXPECT_FALSE(read({{"pyproject.toml", "[tool.ruff]\nline-length = 99\n"}}).any_file);
}

TEST(Dependencies, PipInstallCommands) {
  DeclaredDependencies declared;
  EXPECT_TRUE(
      add_pip_install_names("pip install --no-cache-dir -r requirements.txt && pip install "
                            "gunicorn==21.2 'uvicorn[standard]'",
                            declared));
  EXPECT_EQ(declared.names, (std::set<std::string>{"gunicorn", "uvicorn"}));
  EXPECT_FALSE(add_pip_install_names("pip install ./vendor/sdk", declared));
  EXPECT_FALSE(add_pip_install_names("pip install $EXTRA_PACKAGES", declared));
  EXPECT_TRUE(add_pip_install_names("apt-get install -y libpq-dev", declared));
}

TEST(Dependencies, ImportNamesOfDeclaredDistributions) {
  const std::set<std::string> names = {"pillow",
                                       "pyyaml",
                                       "djangorestframework",
                                       "django-environ",
                                       "django-filter",
                                       "pyjwt",
                                       "django-cors-headers",
                                       "django",
                                       "django-health-check",
                                       "psycopg2-binary",
                                       "celery"};
  for (const char* module : {"PIL", "yaml", "rest_framework", "environ", "django_filters", "jwt",
                             "corsheaders", "health_check", "psycopg2", "celery.schedules"}) {
    EXPECT_TRUE(import_declared(module, names)) << module;
  }
  for (const char* module : {"removed_billing_sdk", "django_removed_app", "stripe", "boto3"}) {
    EXPECT_FALSE(import_declared(module, names)) << module;
  }
  EXPECT_TRUE(import_declared("django_extensions", {"django-extensions"}));
}

}  // namespace
}  // namespace preflight::django
