// PF001 through the project pipeline, its lines checked against CPython's own SyntaxError.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "core/config.h"
#include "project/project.h"
#include "rules/registry.h"

namespace preflight {
namespace {

namespace fs = std::filesystem;

// name -> source; every one but `valid.py` is rejected by CPython 3.11.
const std::map<std::string, std::string> kFiles = {
    {"valid.py", "import os\n\n\ndef f(x, /, *, y=1):\n    return [i async for i in x]\n"},
    {"unclosed.py", "DATABASES = {\n    'default': {\n        'NAME': 'x',\n}\n"},
    {"indent.py", "class Meta:\nindexes = []\n"},
    {"string.py", "SECRET_KEY = 'abc\nDEBUG = False\n"},
    {"jinja.py", "{{ cookiecutter.project_slug }} = 1\nimport os\n"},
    {"python2.py", "import os\nprint 'hello'\n"},
    {"type_statement.py", "x = 1\ntype Hosts = list[str]\n"},
    {"walrus_keyword.py", "a = 1\nif (True := a):\n    pass\n"},
};

std::string cpython_error_lines(const fs::path& dir) {
  const std::string command =
      "/usr/bin/python3 -c 'import ast, pathlib, sys\n"
      "for p in sorted(pathlib.Path(sys.argv[1]).glob(\"*.py\")):\n"
      "    try:\n"
      "        ast.parse(p.read_bytes())\n"
      "    except SyntaxError as e:\n"
      "        print(p.name, e.lineno)\n' " +
      dir.string();
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 512> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) out += buffer.data();
  ::pclose(pipe);
  return out;
}

TEST(SyntaxErrorRule, ReportsEveryFileCPythonRejectsAtCPythonsLine) {
  std::random_device random;
  const fs::path root = fs::temp_directory_path() / ("preflight-pf001-" + std::to_string(random()));
  fs::create_directories(root);
  for (const auto& [name, text] : kFiles) std::ofstream(root / name, std::ios::binary) << text;

  Config config;
  config.root = root;
  SourceMap sources;
  const project::Project project =
      project::load_project(root, config, sources, {true, 2, std::nullopt, {}});
  std::ostringstream ours;
  std::map<std::string, std::uint32_t> by_file;
  for (const Diagnostic& d :
       rules::run_rules(project, [](std::string_view c) { return c == "PF001"; })) {
    EXPECT_EQ(d.rule->code, "PF001");
    by_file[sources.file(d.span.file).path().filename().string()] = d.span.start.line;
  }
  for (const auto& [name, line] : by_file) ours << name << " " << line << "\n";

  const std::string expected = cpython_error_lines(root);
  fs::remove_all(root);
  ASSERT_FALSE(expected.empty()) << "/usr/bin/python3 printed nothing";
  EXPECT_EQ(ours.str(), expected);
  EXPECT_EQ(by_file.size(), kFiles.size() - 1);
}

TEST(SyntaxErrorRule, ColumnCountsCodePointsWhereCPythonCountsBytes) {
  std::random_device random;
  const fs::path root =
      fs::temp_directory_path() / ("preflight-pf001c-" + std::to_string(random()));
  fs::create_directories(root);
  // CPython: offset 15 (bytes, 1-based) for the '(' after the two-byte "é": column 14.
  std::ofstream(root / "accent.py", std::ios::binary) << "name = '\xc3\xa9' + (1,\n";
  Config config;
  config.root = root;
  SourceMap sources;
  const project::Project project =
      project::load_project(root, config, sources, {true, 1, std::nullopt, {}});
  const auto found = rules::run_rules(project, [](std::string_view c) { return c == "PF001"; });
  fs::remove_all(root);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].span.start, (Position{1, 14}));
  EXPECT_NE(found[0].message.find("'(' was never closed"), std::string::npos) << found[0].message;
}

TEST(SyntaxErrorRule, TargetVersionDecidesWhatIsNew) {
  Config config;
  config.target_version = "py312";
  EXPECT_EQ(project::python_minor_version(config), 12);
  config.target_version.reset();
  EXPECT_EQ(project::python_minor_version(config), 11);
}

}  // namespace
}  // namespace preflight
