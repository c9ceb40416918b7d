#include "core/config.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <string>

namespace preflight {
namespace {

namespace fs = std::filesystem;

constexpr RuleInfo kPF002{"PF002", "skipped-file", Family::Core, Severity::Error, "", ""};
constexpr RuleInfo kPF101{"PF101", "unnamed-index", Family::Core, Severity::Error, "", ""};
constexpr RuleInfo kPF102{"PF102", "index-name-too-long", Family::Core, Severity::Error, "", ""};
constexpr RuleInfo kPF201{"PF201", "migration-drift", Family::Core, Severity::Error, "", ""};
constexpr RuleInfo kPF501{"PF501", "health-check-host", Family::Core, Severity::Error, "", ""};

const RuleCatalog& catalog() {
  static const RuleCatalog instance({&kPF002, &kPF101, &kPF102, &kPF201, &kPF501});
  return instance;
}

// A fresh directory under the system's temporary directory, removed with everything in it.
class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    dir_ = fs::temp_directory_path() /
           ("preflight-config-test-" + std::to_string(stamp) + "-" + std::to_string(counter++));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  fs::path write(const std::string& relative, const std::string& text) {
    fs::path path = dir_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  Config load(const std::string& relative, const std::string& text) {
    return load_config(write(relative, text), catalog());
  }

  // The error loading `text` as `relative`; fails the test when it loads.
  ConfigError error(const std::string& relative, const std::string& text) {
    try {
      load(relative, text);
    } catch (const ConfigError& e) {
      return e;
    }
    ADD_FAILURE() << "no ConfigError for:\n" << text;
    return ConfigError(dir_ / relative, 0, 0, "none");
  }

  fs::path dir_;
};

TEST_F(ConfigTest, ReadsEveryKeyOfPreflightToml) {
  const Config config = load("preflight.toml", R"(
select = ["PF1", "PF2"]
extend-select = ["PF501"]
ignore = ["PF102"]
exclude = ["build/**"]
extend-exclude = ["legacy/*.py", "vendor"]
fail-on = "error"
max-file-size = 2048
target-version = "py312"

[per-file-ignores]
"*/migrations/*.py" = ["PF2"]
"tests/**" = ["PF101", "PF102"]

[django]
version = "4.2"
settings = "mysite.settings.production"
health-paths = ["/api/v1/health/", "/api/v1/ready/"]
engine = "postgresql"
)");
  ASSERT_TRUE(config.select);
  EXPECT_EQ(*config.select, (std::vector<std::string>{"PF1", "PF2"}));
  EXPECT_EQ(config.extend_select, (std::vector<std::string>{"PF501"}));
  EXPECT_EQ(config.ignore, (std::vector<std::string>{"PF102"}));
  EXPECT_EQ(config.exclude, (std::vector<std::string>{"build/**"}));
  EXPECT_EQ(config.extend_exclude, (std::vector<std::string>{"legacy/*.py", "vendor"}));
  EXPECT_EQ(config.fail_on, Severity::Error);
  EXPECT_EQ(config.max_file_size, 2048u);
  EXPECT_EQ(config.target_version, "py312");
  ASSERT_EQ(config.per_file_ignores.size(), 2u);
  // In the file's order, not toml++'s sorted order.
  EXPECT_EQ(config.per_file_ignores[0].pattern, "*/migrations/*.py");
  EXPECT_EQ(config.per_file_ignores[0].selectors, (std::vector<std::string>{"PF2"}));
  EXPECT_EQ(config.per_file_ignores[1].pattern, "tests/**");
  EXPECT_EQ(config.per_file_ignores[1].selectors, (std::vector<std::string>{"PF101", "PF102"}));
  EXPECT_EQ(config.django.version, "4.2");
  EXPECT_EQ(config.django.settings, "mysite.settings.production");
  EXPECT_EQ(config.django.health_paths,
            (std::vector<std::string>{"/api/v1/health/", "/api/v1/ready/"}));
  EXPECT_EQ(config.django.engine, "postgresql");
  EXPECT_EQ(config.file, dir_ / "preflight.toml");
  EXPECT_EQ(config.root, dir_);
}

TEST_F(ConfigTest, EmptyFileGivesTheDefaults) {
  const Config config = load("preflight.toml", "");
  EXPECT_FALSE(config.select);
  EXPECT_TRUE(config.ignore.empty());
  EXPECT_FALSE(config.fail_on);
  EXPECT_EQ(config.max_file_size, 1024u * 1024u);
  EXPECT_FALSE(config.target_version);
  EXPECT_FALSE(config.django.version);
}

TEST_F(ConfigTest, ReadsToolPreflightOfPyproject) {
  const Config config = load("pyproject.toml", R"(
[project]
name = "mysite"
requires-python = ">=3.11"

[tool.ruff]
select = ["E"]

[tool.preflight]
ignore = ["PF5"]
fail-on = "info"

[tool.preflight.django]
version = "5.1"
engine = "sqlite"

[tool.preflight.per-file-ignores]
"manage.py" = ["ALL"]
)");
  EXPECT_FALSE(config.select);  // [tool.ruff]'s select is not ours
  EXPECT_EQ(config.ignore, (std::vector<std::string>{"PF5"}));
  EXPECT_EQ(config.fail_on, Severity::Info);
  EXPECT_EQ(config.django.version, "5.1");
  EXPECT_EQ(config.django.engine, "sqlite");
  ASSERT_EQ(config.per_file_ignores.size(), 1u);
  EXPECT_EQ(config.per_file_ignores[0].selectors, (std::vector<std::string>{"ALL"}));
}

TEST_F(ConfigTest, PyprojectWithoutToolPreflightGivesTheDefaults) {
  const Config config = load("pyproject.toml", "[project]\nname = \"x\"\n");
  EXPECT_EQ(config.file, dir_ / "pyproject.toml");
  EXPECT_EQ(config.root, dir_);
  EXPECT_FALSE(config.select);
}

TEST_F(ConfigTest, AnyOtherFileNameIsReadWhole) {
  // `--config ci.toml`: top-level keys, like preflight.toml.
  const Config config = load("ci.toml", "select = [\"PF5\"]\n");
  ASSERT_TRUE(config.select);
  EXPECT_EQ(*config.select, (std::vector<std::string>{"PF5"}));
}

TEST_F(ConfigTest, UnknownKeyNamesItsPlaceAndTheClosestKey) {
  const ConfigError e =
      error("pyproject.toml", "[tool.preflight]\nfail-on = \"error\"\nselct = []\n");
  EXPECT_EQ(e.path(), dir_ / "pyproject.toml");
  EXPECT_EQ(e.line(), 3u);
  EXPECT_EQ(e.column(), 1u);
  EXPECT_EQ(e.message(), "unknown key 'selct' in [tool.preflight] (did you mean 'select'?)");
  EXPECT_EQ(std::string(e.what()),
            (dir_ / "pyproject.toml").string() +
                ":3:1: unknown key 'selct' in [tool.preflight] (did you mean 'select'?)");
}

TEST_F(ConfigTest, UnknownKeyWithoutSuggestion) {
  ConfigError e = error("preflight.toml", "color = true\n");
  EXPECT_EQ(e.message(), "unknown key 'color' in preflight.toml");
  e = error("preflight.toml", "[tool.preflight]\nselect = []\n");
  EXPECT_EQ(e.message(),
            "unknown key 'tool' in preflight.toml (keys of preflight.toml are top-level; "
            "[tool.preflight] is for pyproject.toml)");
}

TEST_F(ConfigTest, SnakeCaseKeySuggestsKebabCase) {
  const ConfigError e = error("preflight.toml", "extend_select = [\"PF1\"]\n");
  EXPECT_EQ(e.message(),
            "unknown key 'extend_select' in preflight.toml (did you mean 'extend-select'?)");
}

TEST_F(ConfigTest, UnknownDjangoKey) {
  const ConfigError e =
      error("pyproject.toml", "[tool.preflight.django]\nversion = \"4.2\"\nsetings = \"a.b\"\n");
  EXPECT_EQ(e.line(), 3u);
  EXPECT_EQ(e.message(),
            "unknown key 'setings' in [tool.preflight.django] (did you mean 'settings'?)");
  const ConfigError inline_table = error("preflight.toml", "django = { verison = \"4.2\" }\n");
  EXPECT_EQ(inline_table.message(), "unknown key 'verison' in [django] (did you mean 'version'?)");
}

TEST_F(ConfigTest, WrongTypesNameThePlaceOfTheValue) {
  ConfigError e = error("preflight.toml", "\nselect = \"PF1\"\n");
  EXPECT_EQ(e.line(), 2u);
  EXPECT_EQ(e.column(), 10u);
  EXPECT_EQ(e.message(), "'select' must be an array of strings, found string");

  e = error("preflight.toml", "ignore = [\"PF1\", 3]\n");
  EXPECT_EQ(e.line(), 1u);
  EXPECT_EQ(e.column(), 18u);
  EXPECT_EQ(e.message(), "'ignore' must be an array of strings, found an item of type integer");

  e = error("preflight.toml", "fail-on = 2\n");
  EXPECT_EQ(e.message(), "'fail-on' must be a string, found integer");

  e = error("preflight.toml", "per-file-ignores = [\"a\"]\n");
  EXPECT_EQ(e.message(),
            "'per-file-ignores' must be a table of glob patterns to arrays of rule codes, found "
            "array");

  e = error("preflight.toml", "django = \"4.2\"\n");
  EXPECT_EQ(e.message(), "'django' must be a table, found string");

  e = error("pyproject.toml", "[tool]\npreflight = 1\n");
  EXPECT_EQ(e.line(), 2u);
  EXPECT_EQ(e.message(), "'tool.preflight' must be a table, found integer");
}

TEST_F(ConfigTest, UnknownSelectorNamesItsPlace) {
  ConfigError e = error("preflight.toml", "select = [\"PF1\", \"PF109\"]\n");
  EXPECT_EQ(e.line(), 1u);
  EXPECT_EQ(e.column(), 18u);
  EXPECT_EQ(e.message(), "unknown rule code or prefix 'PF109' in 'select' (did you mean 'PF101'?)");

  e = error("preflight.toml", "[per-file-ignores]\n\"a/*.py\" = [\"E501\"]\n");
  EXPECT_EQ(e.line(), 2u);
  EXPECT_EQ(e.message(), "unknown rule code or prefix 'E501' in per-file-ignores entry \"a/*.py\"");

  e = error("preflight.toml", "[per-file-ignores]\n\"a/*.py\" = \"PF1\"\n");
  EXPECT_EQ(e.message(),
            "per-file-ignores entry \"a/*.py\" must be an array of strings, found string");

  e = error("preflight.toml", "extend-select = [\"\"]\n");
  EXPECT_EQ(e.message(), "empty string in 'extend-select'");

  // Lower case is not a selector: codes are upper case, as in ruff.
  e = error("preflight.toml", "ignore = [\"pf101\"]\n");
  EXPECT_EQ(e.message(), "unknown rule code or prefix 'pf101' in 'ignore'");
}

TEST_F(ConfigTest, SyntaxErrorHasTomlsPosition) {
  const ConfigError e = error("preflight.toml", "select = [\"PF1\"\nignore = 1\n");
  EXPECT_EQ(e.line(), 2u);
  EXPECT_GE(e.column(), 1u);
  EXPECT_EQ(e.message().rfind("invalid TOML: ", 0), 0u) << e.message();
}

TEST_F(ConfigTest, FailOn) {
  EXPECT_EQ(load("preflight.toml", "fail-on = \"warning\"\n").fail_on, Severity::Warning);
  const ConfigError e = error("preflight.toml", "fail-on = \"fatal\"\n");
  EXPECT_EQ(e.message(), "'fail-on' must be \"error\", \"warning\" or \"info\", found \"fatal\"");
}

TEST_F(ConfigTest, MaxFileSize) {
  EXPECT_EQ(load("preflight.toml", "max-file-size = 1\n").max_file_size, 1u);
  EXPECT_EQ(load("preflight.toml", "max-file-size = \"2MiB\"\n").max_file_size, 2u << 20);
  EXPECT_EQ(load("preflight.toml", "max-file-size = \"512 KiB\"\n").max_file_size, 512u << 10);
  EXPECT_EQ(load("preflight.toml", "max-file-size = \"1GiB\"\n").max_file_size, 1u << 30);
  EXPECT_EQ(load("preflight.toml", "max-file-size = \"4096B\"\n").max_file_size, 4096u);
  EXPECT_EQ(load("preflight.toml", "max-file-size = \"4096\"\n").max_file_size, 4096u);
  for (const char* bad : {"0", "-5", "\"0MiB\"", "\"2MB\"", "\"MiB\"", "\"2 mib\"", "1.5",
                          "\"99999999999999GiB\"", "\"999999999999GiB\""}) {
    const ConfigError e = error("preflight.toml", std::string("max-file-size = ") + bad + "\n");
    EXPECT_EQ(e.column(), 17u) << bad;
  }
}

TEST_F(ConfigTest, TargetVersion) {
  for (const char* good : {"py38", "py39", "py310", "py311", "py313", "py314"}) {
    EXPECT_EQ(
        load("preflight.toml", std::string("target-version = \"") + good + "\"\n").target_version,
        good);
  }
  for (const char* bad : {"py37", "py315", "py3", "py2", "3.11", "py311 ", "py0311", "py4"}) {
    const ConfigError e =
        error("preflight.toml", std::string("target-version = \"") + bad + "\"\n");
    EXPECT_EQ(e.message(), std::string("'target-version' must be one of \"py38\" ... \"py314\", "
                                       "found \"") +
                               bad + "\"");
  }
}

TEST_F(ConfigTest, DjangoVersion) {
  for (const char* good : {"3.2", "4.2", "5.1", "4.10"}) {
    EXPECT_EQ(load("preflight.toml", std::string("[django]\nversion = \"") + good + "\"\n")
                  .django.version,
              good);
  }
  for (const char* bad : {"4", "4.2.1", "v4.2", "4.", ".2", "latest"}) {
    const ConfigError e =
        error("preflight.toml", std::string("[django]\nversion = \"") + bad + "\"\n");
    EXPECT_EQ(e.line(), 2u);
    EXPECT_EQ(e.message(), std::string("'version' must be a Django version MAJOR.MINOR like "
                                       "\"4.2\", found \"") +
                               bad + "\"");
  }
  // A float would turn 4.10 into 4.1.
  const ConfigError e = error("preflight.toml", "[django]\nversion = 4.2\n");
  EXPECT_EQ(e.message(), "'version' must be a string like \"4.2\" (quote it)");
}

TEST_F(ConfigTest, DjangoSettingsEngineAndHealthPaths) {
  for (const char* bad : {"my-site.settings", "mysite..settings", "mysite.", "1st.settings", ""}) {
    const ConfigError e =
        error("preflight.toml", std::string("[django]\nsettings = \"") + bad + "\"\n");
    EXPECT_EQ(e.message().rfind("'settings' must be a dotted module name", 0), 0u) << bad;
  }
  EXPECT_EQ(load("preflight.toml", "[django]\nsettings = \"config\"\n").django.settings, "config");

  ConfigError e = error("preflight.toml", "[django]\nengine = \"postgres\"\n");
  EXPECT_EQ(e.message(),
            "'engine' must be one of \"postgresql\", \"mysql\", \"sqlite\", \"oracle\", found "
            "\"postgres\" (did you mean 'postgresql'?)");

  e = error("preflight.toml", "[django]\nhealth-paths = [\"/health/\", \"ready/\"]\n");
  EXPECT_EQ(e.line(), 2u);
  EXPECT_EQ(e.column(), 29u);
  EXPECT_EQ(e.message(), "health path \"ready/\" must start with '/'");
}

TEST_F(ConfigTest, DirectoryIsNotAConfigFile) {
  try {
    load_config(dir_, catalog());
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.message(), "cannot read: is a directory");
  }
}

TEST_F(ConfigTest, UnreadableFile) {
  try {
    load_config(dir_ / "missing.toml", catalog());
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.line(), 0u);
    EXPECT_EQ(e.message().rfind("cannot read", 0), 0u);
    EXPECT_EQ(std::string(e.what()).rfind((dir_ / "missing.toml").string() + ": cannot read", 0),
              0u);
  }
}

TEST_F(ConfigTest, FindConfigPrefersPreflightTomlInOneDirectory) {
  write("pyproject.toml", "[tool.preflight]\n");
  write("preflight.toml", "");
  write("app/models.py", "");
  EXPECT_EQ(find_config(dir_ / "app" / "models.py"), dir_ / "preflight.toml");
  EXPECT_EQ(find_config(dir_ / "app"), dir_ / "preflight.toml");
  EXPECT_EQ(find_config(dir_), dir_ / "preflight.toml");
}

TEST_F(ConfigTest, FindConfigSkipsPyprojectWithoutToolPreflight) {
  write("pyproject.toml", "[tool.preflight]\nignore = []\n");
  write("sub/pyproject.toml", "[tool.ruff]\nline-length = 100\n");
  write("sub/deeper/x.py", "");
  EXPECT_EQ(find_config(dir_ / "sub" / "deeper" / "x.py"), dir_ / "pyproject.toml");
  write("sub/deeper/pyproject.toml", "[tool.preflight.django]\nversion = \"4.2\"\n");
  EXPECT_EQ(find_config(dir_ / "sub" / "deeper" / "x.py"),
            dir_ / "sub" / "deeper" / "pyproject.toml");
}

TEST_F(ConfigTest, FindConfigNearestWins) {
  write("preflight.toml", "");
  write("a/b/preflight.toml", "");
  write("a/b/c/d.py", "");
  EXPECT_EQ(find_config(dir_ / "a" / "b" / "c" / "d.py"), dir_ / "a" / "b" / "preflight.toml");
  EXPECT_EQ(find_config(dir_ / "a" / "x.py"), dir_ / "preflight.toml");  // need not exist
  EXPECT_EQ(find_config(dir_ / "a" / "b" / ""), dir_ / "a" / "b" / "preflight.toml");
}

TEST_F(ConfigTest, FindConfigWithNoneInTheTree) {
  write("pyproject.toml", "[project]\nname = \"x\"\n");
  const auto found = find_config(dir_ / "x.py");
  // Nothing in the temporary tree; whatever lies above it is not ours to control.
  if (found) {
    EXPECT_EQ(found->string().rfind(dir_.string(), 0), std::string::npos);
  }
}

TEST_F(ConfigTest, FindConfigReportsABrokenPyproject) {
  write("pyproject.toml", "[tool.preflight\n");
  EXPECT_THROW(find_config(dir_), ConfigError);
}

}  // namespace
}  // namespace preflight
