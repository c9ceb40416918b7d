// DESIGN.md "Files that matter": app modules Django loads, settings, and every project module they
// reference (imports, or dotted paths in strings), transitively; `--all-files` parses everything.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "project/project.h"

namespace preflight {
namespace {

namespace fs = std::filesystem;

class FilesThatMatter : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ =
        fs::temp_directory_path() /
        ("preflight-matter-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    write("manage.py",
          "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings')\n");
    write("config/__init__.py", "");
    write("config/settings.py", "INSTALLED_APPS = ['shop', 'plugins.audit']\n");
    write("shop/__init__.py", "");
    write("shop/models.py", "from django.db import models\nfrom shop.pricing import total\n");
    write("shop/pricing.py", "from .rounding import cents\n");
    write("shop/rounding.py", "def cents(x):\n    return x\n");
    write("shop/scratch.py", "this is not python\n");
    write("shop/management/commands/sync.py", "import shop.remote\n");
    write("shop/remote.py", "x = 1\n");
    write("plugins/__init__.py", "");
    write("plugins/audit/__init__.py", "from plugins.audit.hooks import *\n");
    write("plugins/audit/hooks.py", "y = 2\n");
    write("plugins/unused.py", "z = 3\n");
  }
  void TearDown() override { fs::remove_all(root_); }

  void write(const std::string& relative, const std::string& content) {
    fs::create_directories((root_ / relative).parent_path());
    std::ofstream(root_ / relative, std::ios::binary) << content;
  }

  std::set<std::string> parsed(bool all_files) {
    Config config;
    config.root = root_;
    SourceMap sources;
    const project::Project project =
        project::load_project(root_, config, sources, {all_files, 2, std::nullopt, {}});
    std::set<std::string> paths;
    for (const project::PythonModule& module : project.modules()) {
      paths.insert(fs::relative(sources.file(module.id).path(), root_).generic_string());
    }
    return paths;
  }

  fs::path root_;
};

TEST_F(FilesThatMatter, ImportsAndDottedStringsAreFollowedTransitively) {
  const std::set<std::string> files = parsed(false);
  for (const char* expected :
       {"manage.py", "config/settings.py", "shop/models.py", "shop/pricing.py", "shop/rounding.py",
        "shop/management/commands/sync.py", "shop/remote.py", "plugins/audit/__init__.py",
        "plugins/audit/hooks.py"}) {
    EXPECT_TRUE(files.count(expected)) << expected << " should be parsed";
  }
  EXPECT_FALSE(files.count("shop/scratch.py")) << "nothing imports it";
  EXPECT_FALSE(files.count("plugins/unused.py")) << "nothing imports it";
}

TEST_F(FilesThatMatter, AllFilesParsesEverything) {
  const std::set<std::string> files = parsed(true);
  EXPECT_TRUE(files.count("shop/scratch.py"));
  EXPECT_TRUE(files.count("plugins/unused.py"));
  EXPECT_EQ(files.size(), 14u);
}

}  // namespace
}  // namespace preflight
