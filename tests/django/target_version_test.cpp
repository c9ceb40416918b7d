// The target Django version (DESIGN.md "Versions"): configured, else the lowest the requirements
// allow, else 4.2.
#include "django/target_version.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace preflight::django {
namespace {

TargetVersion target(std::vector<VersionSource> files,
                     const std::optional<std::string>& configured = std::nullopt) {
  return target_django_version(configured, files);
}

TargetVersion one(std::string path, std::string_view text) {
  return target({VersionSource{std::move(path), text}});
}

void expect_version(const TargetVersion& got, int major, int minor, std::string_view source) {
  EXPECT_EQ(got.version, (DjangoVersion{major, minor})) << got.source;
  EXPECT_EQ(got.source, source);
}

TEST(TargetVersion, ConfiguredWins) {
  expect_version(target({{"requirements.txt", "Django==3.2.25\n"}}, "5.1"), 5, 1,
                 "[tool.preflight.django] version");
}

TEST(TargetVersion, DefaultIs42) {
  expect_version(target({}), 4, 2, "default");
  expect_version(one("requirements.txt", "gunicorn==21.2.0\npsycopg2-binary\n"), 4, 2, "default");
}

TEST(TargetVersion, RequirementsTxtPinsAndRanges) {
  expect_version(one("requirements.txt", "psycopg2==2.9\nDjango==3.2.25\n"), 3, 2,
                 "requirements.txt:2 (Django==3.2.25)");
  expect_version(one("requirements/base.txt", "django>=4.2,<5.0\n"), 4, 2,
                 "requirements/base.txt:1 (django>=4.2,<5.0)");
  expect_version(one("requirements.txt", "Django~=4.2.0\n"), 4, 2,
                 "requirements.txt:1 (Django~=4.2.0)");
  expect_version(one("requirements.txt", "django[argon2]>=4.1\n"), 4, 1,
                 "requirements.txt:1 (django[argon2]>=4.1)");
  expect_version(one("requirements.txt", "Django >= 3.2 , < 4\n"), 3, 2,
                 "requirements.txt:1 (Django >= 3.2 , < 4)");
  expect_version(one("requirements.txt", "Django (>=4.0)\n"), 4, 0,
                 "requirements.txt:1 (Django (>=4.0))");
  expect_version(one("requirements.txt", "Django==5.*\n"), 5, 0,
                 "requirements.txt:1 (Django==5.*)");
  expect_version(one("requirements.txt", "Django>4.1\n"), 4, 1, "requirements.txt:1 (Django>4.1)");
  expect_version(one("requirements.txt", "Django===4.2.7\n"), 4, 2,
                 "requirements.txt:1 (Django===4.2.7)");
  // Several lower bounds in one set: all must hold, so the highest counts.
  expect_version(one("requirements.txt", "Django>=3.2,>=4.1,!=4.1.2\n"), 4, 1,
                 "requirements.txt:1 (Django>=3.2,>=4.1,!=4.1.2)");
}

TEST(TargetVersion, NameIsNormalisedAsPep503Does) {
  expect_version(one("requirements.txt", "DJANGO==4.1\n"), 4, 1,
                 "requirements.txt:1 (DJANGO==4.1)");
  EXPECT_EQ(one("requirements.txt", "django-environ==0.11\ndjango_filter>=2\n").source, "default");
  EXPECT_EQ(one("requirements.txt", "djangorestframework==3.14\n").source, "default");
}

TEST(TargetVersion, OnlyUpperBoundsOrNoneGiveNothing) {
  EXPECT_EQ(one("requirements.txt", "Django<5\n").source, "default");
  EXPECT_EQ(one("requirements.txt", "Django!=4.0,<=5\n").source, "default");
  EXPECT_EQ(one("requirements.txt", "Django\n").source, "default");
  EXPECT_EQ(one("requirements.txt", "Django @ https://example.com/Django-4.2.tar.gz\n").source,
            "default");
}

TEST(TargetVersion, MarkersCommentsOptionsAndContinuations) {
  const std::string_view text =
      "# Django==1.11 is a comment\n"
      "-r base.txt\n"
      "--index-url https://pypi.example/simple\n"
      "-e git+https://github.com/django/django.git#egg=django\n"
      "Django>=4.2 ; python_version >= \"3.8\"  # the LTS\n"
      "Django==3.2.25 \\\n"
      "    --hash=sha256:abc \\\n"
      "    --hash=sha256:def\n"
      "django#==1.8 not a comment without a space before it\n";
  expect_version(one("requirements/prod.txt", text), 3, 2,
                 "requirements/prod.txt:6 (Django==3.2.25)");
  expect_version(one("requirements.txt", "Dja\\\nngo==4.1\r\n"), 4, 1,
                 "requirements.txt:1 (Django==4.1)");
}

TEST(TargetVersion, LowestOverFilesFirstOnATie) {
  expect_version(target({{"requirements/dev.txt", "Django==4.2.7\n"},
                         {"requirements/prod.txt", "Django>=3.2\n"},
                         {"requirements/test.txt", "Django~=3.2.1\n"}}),
                 3, 2, "requirements/prod.txt:1 (Django>=3.2)");
}

TEST(TargetVersion, PyprojectProjectDependencies) {
  const std::string_view text =
      "[project]\n"
      "name = \"shop\"\n"
      "dependencies = [\n"
      "  \"gunicorn\",\n"
      "  \"Django>=4.1,<5; python_version>'3.8'\",\n"
      "]\n"
      "[project.optional-dependencies]\n"
      "old = [\"Django==2.2\"]\n";
  expect_version(one("pyproject.toml", text), 4, 1, "pyproject.toml:5 (Django>=4.1,<5)");
}

TEST(TargetVersion, PoetryCaretTildeAndTables) {
  expect_version(one("pyproject.toml",
                     "[tool.poetry.dependencies]\npython = \"^3.11\"\n"
                     "django = \"^4.2\"\n"),
                 4, 2, "pyproject.toml:3 (django = \"^4.2\")");
  expect_version(one("pyproject.toml", "[tool.poetry.dependencies]\nDjango = \"~3.2.5\"\n"), 3, 2,
                 "pyproject.toml:2 (Django = \"~3.2.5\")");
  expect_version(one("pyproject.toml",
                     "[tool.poetry.dependencies]\n"
                     "Django = { version = \">=4.0 <5.0\", extras = [\"argon2\"] }\n"),
                 4, 0, "pyproject.toml:2 (Django = \">=4.0 <5.0\")");
  expect_version(one("pyproject.toml", "[tool.poetry.dependencies]\ndjango = \"4.1.3\"\n"), 4, 1,
                 "pyproject.toml:2 (django = \"4.1.3\")");
  expect_version(one("pyproject.toml", "[tool.poetry.dependencies]\ndjango = \"^4.2 || ^3.2\"\n"),
                 3, 2, "pyproject.toml:2 (django = \"^4.2 || ^3.2\")");
  EXPECT_EQ(one("pyproject.toml", "[tool.poetry.dependencies]\ndjango = \"*\"\n").source,
            "default");
  EXPECT_EQ(one("pyproject.toml", "[tool.poetry.dependencies]\ndjango = \"^4.2 || <5\"\n").source,
            "default");
}

TEST(TargetVersion, Pipfile) {
  expect_version(
      one("Pipfile", "[packages]\ndjango = \">=4.0\"\n[dev-packages]\ndjango = \"==2\"\n"), 4, 0,
      "Pipfile:2 (django = \">=4.0\")");
  EXPECT_EQ(one("Pipfile", "[packages]\ndjango = \"*\"\n").source, "default");
}

TEST(TargetVersion, LockFiles) {
  const std::string_view pipfile_lock = R"({
    "_meta": {"hash": {"sha256": "x"}},
    "default": {
        "asgiref": {"version": "==3.7.2"},
        "django": {
            "hashes": ["sha256:a", "sha256:b"],
            "index": "pypi",
            "markers": "python_version >= '3.8'",
            "version": "==4.2.7"
        }
    },
    "develop": {}
})";
  expect_version(one("Pipfile.lock", pipfile_lock), 4, 2, "Pipfile.lock:9 (django==4.2.7)");

  const std::string_view poetry_lock =
      "[[package]]\n"
      "name = \"asgiref\"\n"
      "version = \"3.7.2\"\n"
      "\n"
      "[[package]]\n"
      "name = \"django\"\n"
      "version = \"4.1.13\"\n"
      "description = \"A high-level Python web framework\"\n";
  expect_version(one("poetry.lock", poetry_lock), 4, 1, "poetry.lock:7 (django 4.1.13)");
}

TEST(TargetVersion, SetupCfgInstallRequires) {
  const std::string_view text =
      "[metadata]\n"
      "name = shop\n"
      "install_requires = Django==1.0\n"
      "\n"
      "[options]\n"
      "packages = find:\n"
      "install_requires =\n"
      "    gunicorn\n"
      "    # Django==2.0\n"
      "    Django>=4.0,<5; python_version >= \"3.10\"\n"
      "\n"
      "[options.extras_require]\n"
      "old = Django==1.11\n";
  expect_version(one("setup.cfg", text), 4, 0, "setup.cfg:10 (Django>=4.0,<5)");
  expect_version(one("setup.cfg", "[options]\ninstall_requires = gunicorn; Django~=3.2\n"), 3, 2,
                 "setup.cfg:2 (Django~=3.2)");
}

TEST(TargetVersion, OtherFilesAreIgnored) {
  EXPECT_EQ(one("preflight.toml", "[project]\ndependencies = [\"Django==3.2\"]\n").source,
            "default");
  EXPECT_EQ(one("README.md", "Django==3.2\n").source, "default");
}

TEST(TargetVersion, MalformedInputDeclaresNothing) {
  const std::vector<std::string> texts = {
      "",
      "Django==",
      "Django[argon2>=4",
      "Django>=99999999999999999999",
      "Django==\\",
      "\\",
      "[project\ndependencies = [\"Django==3.2\"",
      "{\"django\": {\"version\": \"==4.2",
      "{\"django\": {\"version\": ",
      "{\"django\": {\"version\\",
      "\"django\"",
      "[[package]]\nname = 1\nversion = []\n",
      "[options]\ninstall_requires",
      "[tool.poetry.dependencies]\ndjango = [1, {version = 2}, \"^\"]\n",
  };
  for (const std::string& text : texts) {
    for (const char* path : {"requirements.txt", "pyproject.toml", "Pipfile", "Pipfile.lock",
                             "poetry.lock", "setup.cfg"}) {
      EXPECT_EQ(one(path, text).source, "default") << path << ": " << text;
    }
  }
}

TEST(TargetVersion, LowestAllowedVersion) {
  EXPECT_EQ(lowest_allowed_version(">=3.2,<4", false), (DjangoVersion{3, 2}));
  EXPECT_EQ(lowest_allowed_version("^4", true), (DjangoVersion{4, 0}));
  EXPECT_EQ(lowest_allowed_version("4.2", false), std::nullopt);  // invalid in PEP 440
  EXPECT_EQ(lowest_allowed_version("", false), std::nullopt);
  EXPECT_EQ(lowest_allowed_version(">=3.2 <4", true), (DjangoVersion{3, 2}));
}

}  // namespace
}  // namespace preflight::django
