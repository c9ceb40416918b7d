// PF002 through the whole project pipeline: discovery, reading, the rule.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "core/config.h"
#include "project/project.h"
#include "rules/registry.h"

namespace preflight {
namespace {

namespace fs = std::filesystem;

class UnreadableFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    root_ = fs::temp_directory_path() / ("preflight-pf002-" + std::to_string(random()));
    fs::create_directories(root_ / "app");
  }
  void TearDown() override { fs::remove_all(root_); }
  void write(const std::string& relative, const std::string& content) {
    std::ofstream(root_ / relative, std::ios::binary) << content;
  }
  std::vector<Diagnostic> check(std::uint64_t max_file_size = 1024 * 1024) {
    config_.root = root_;
    config_.max_file_size = max_file_size;
    project::Project project =
        project::load_project(root_, config_, sources_, {true, 2, std::nullopt, {}});
    return rules::run_rules(project, [](std::string_view code) { return code == "PF002"; });
  }
  std::string path_of(const Diagnostic& d) {
    return fs::relative(sources_.file(d.span.file).path(), root_).generic_string();
  }

  fs::path root_;
  Config config_;
  SourceMap sources_;
};

TEST_F(UnreadableFileTest, ReportsBinaryFilesOnce) {
  write("app/models.py", "from django.db import models\n");
  write("app/compiled.py", std::string("\x7f"
                                       "ELF\0\0\0",
                                       7));
  const std::vector<Diagnostic> found = check();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(path_of(found[0]), "app/compiled.py");
  EXPECT_EQ(found[0].rule->code, "PF002");
  EXPECT_EQ(found[0].severity, Severity::Warning);
  EXPECT_NE(found[0].message.find("binary"), std::string::npos) << found[0].message;
  EXPECT_EQ(found[0].span.start, (Position{1, 1}));
}

TEST_F(UnreadableFileTest, ReportsOversizedFilesWithTheLimit) {
  write("app/models.py", "x = 1\n");
  write("app/schema.py", std::string(5000, '#'));
  const std::vector<Diagnostic> found = check(4096);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(path_of(found[0]), "app/schema.py");
  EXPECT_NE(found[0].message.find("5000 bytes"), std::string::npos) << found[0].message;
  EXPECT_NE(found[0].message.find("4096"), std::string::npos) << found[0].message;
}

TEST_F(UnreadableFileTest, QuietOnReadableFilesAndUnreadKinds) {
  write("app/models.py", "x = 1\n");
  write("app/logo.png", std::string("\x89PNG\0\0", 6));  // not a kind preflight reads
  EXPECT_TRUE(check().empty());
}

}  // namespace
}  // namespace preflight
