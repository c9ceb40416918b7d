// Robustness (issue 4): `check --all-files` over every package in Debian's dist-packages. No
// crash, hang or sanitizer report (this test also runs in the asan build); every Python file found
// is parsed; PF001 reports exactly the files CPython's ast.parse rejects.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "run_preflight.h"

namespace preflight::testing {
namespace {

constexpr const char* kTree = "/usr/lib/python3/dist-packages";

std::string run_python(const std::string& program) {
  const std::string command = "/usr/bin/python3 -c " + shell_quote(program);
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), n);
  ::pclose(pipe);
  return out;
}

std::set<std::string> lines_of(const std::string& text) {
  std::set<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.insert(line);
  }
  return lines;
}

TEST(Robustness, AllFilesOfDistPackagesParseAsCPythonDecides) {
  if (!std::filesystem::is_directory(kTree)) GTEST_SKIP() << kTree << " is missing";

  // Every .py file, as preflight's walk should find them (regular files, links to files inside
  // the tree; no excluded or always-skipped directories such as __pycache__ in dist-packages).
  std::set<std::string> cpython_files, rejected;
  for (const std::string& line : lines_of(run_python(
           "import ast, os, warnings\n"
           "warnings.simplefilter('ignore')\n"
           "for d, subdirs, names in os.walk('/usr/lib/python3/dist-packages'):\n"
           "    subdirs[:] = [s for s in subdirs if s not in ('__pycache__', 'node_modules')]\n"
           "    for n in names:\n"
           "        p = os.path.join(d, n)\n"
           "        if not n.endswith('.py') or not os.path.isfile(p) or os.path.islink(p):\n"
           "            continue\n"
           "        print('F', p)\n"
           "        try: ast.parse(open(p, 'rb').read())\n"
           "        except (SyntaxError, ValueError): print('R', p)\n"))) {
    (line[0] == 'F' ? cpython_files : rejected).insert(line.substr(2));
  }
  ASSERT_GT(cpython_files.size(), 1000u);

  std::set<std::string> found;
  for (const std::string& path :
       lines_of(run_preflight({"check", "--show-files", "--all-files", kTree}).out)) {
    if (path.size() > 3 && path.compare(path.size() - 3, 3, ".py") == 0) found.insert(path);
  }
  EXPECT_EQ(found.size(), cpython_files.size());
  for (const std::string& path : cpython_files)
    EXPECT_TRUE(found.count(path)) << "not found: " << path;

  const RunResult result =
      run_preflight({"check", "--all-files", "--format", "json", "--exit-zero", kTree});
  ASSERT_EQ(result.exit_code, 0) << result.err.substr(0, 2000);
  EXPECT_TRUE(result.err.empty()) << result.err.substr(0, 2000);
  const nlohmann::json report = nlohmann::json::parse(result.out);
  std::set<std::string> pf001;
  for (const auto& finding : report["findings"]) {
    EXPECT_NE(finding["code"], "PF002") << finding["path"] << ": " << finding["message"];
    if (finding["code"] == "PF001") pf001.insert(finding["path"].get<std::string>());
  }
  EXPECT_EQ(pf001, rejected);
}

}  // namespace
}  // namespace preflight::testing
