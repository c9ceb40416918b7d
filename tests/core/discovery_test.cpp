#include "core/discovery.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace preflight {
namespace {

namespace fs = std::filesystem;

// A directory under the system's temporary directory, removed with everything in it. Trees with
// .gitignore files, symbolic links, binary and oversized files are built here at test time: a
// committed .gitignore would hide its own fixture from a clean clone.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "preflight-discovery-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    // Canonical, so that expectations compare with what discovery derives.
    path_ = fs::canonical(pattern);
  }
  ~TempDir() {
    std::error_code error;
    // Directories made unreadable by a test must be readable again to be removed.
    for (auto it = fs::recursive_directory_iterator(path_, error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
      if (it->is_directory(error) && !it->is_symlink(error)) {
        fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, error);
      }
    }
    fs::remove_all(path_, error);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }

  fs::path write(const std::string& relative, std::string_view content = "x = 1\n") const {
    const fs::path file = path_ / relative;
    fs::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    return file;
  }
  void mkdir(const std::string& relative) const { fs::create_directories(path_ / relative); }
  void symlink(const std::string& target, const std::string& relative) const {
    fs::create_directories((path_ / relative).parent_path());
    fs::create_symlink(target, path_ / relative);
  }

 private:
  fs::path path_;
};

std::string run(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return output;
  char buffer[4096];
  while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  ::pclose(pipe);
  return output;
}

bool have_git() {
  return std::system("git --version > /dev/null 2>&1") == 0;
}

// git run in `repository`, blind to the machine's and the user's configuration (a global
// excludes file there would change its answers).
std::string git(const fs::path& repository, const std::string& arguments) {
  const std::string dir = repository.string();
  return run("unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE; HOME='" + dir +
             "/.git/home' XDG_CONFIG_HOME='" + dir +
             "/.git/xdg' GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null exec git -C '" + dir +
             "' " + arguments + " 2>/dev/null");
}

std::set<std::string> split_nul(const std::string& text) {
  std::set<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\0', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.insert(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::vector<std::string> relative_paths(const std::vector<DiscoveredFile>& files,
                                        const fs::path& root) {
  std::vector<std::string> out;
  for (const DiscoveredFile& file : files) {
    out.push_back(file.path.lexically_relative(root).generic_string());
  }
  return out;
}

std::set<std::string> discovered_set(const fs::path& root, const DiscoveryOptions& options = {}) {
  const std::vector<std::string> paths = relative_paths(discover(root, options), root);
  return {paths.begin(), paths.end()};
}

// What git says is not ignored, among the files preflight classifies.
std::set<std::string> git_not_ignored(const fs::path& repository) {
  std::set<std::string> out;
  for (const std::string& path :
       split_nul(git(repository, "ls-files -z --others --exclude-standard"))) {
    if (classify(path)) out.insert(path);
  }
  return out;
}

std::string describe_difference(const std::set<std::string>& ours,
                                const std::set<std::string>& theirs) {
  std::string out;
  for (const std::string& path : ours) {
    if (!theirs.count(path)) out += "  only preflight: " + path + "\n";
  }
  for (const std::string& path : theirs) {
    if (!ours.count(path)) out += "  only git:       " + path + "\n";
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

TEST(Classify, KindsFromNamesAndPlaces) {
  struct Case {
    const char* path;
    std::optional<FileKind> kind;
  };
  const Case cases[] = {
      {"manage.py", FileKind::Python},
      {"app/migrations/0001_initial.py", FileKind::Python},
      {"stubs/x.pyi", std::nullopt},
      {"app/x.pyc", std::nullopt},
      {".github/workflows/deploy.yml", FileKind::Workflow},
      {".github/workflows/deploy.yaml", FileKind::Workflow},
      {"services/api/.github/workflows/ci.yml", FileKind::Workflow},
      {".github/workflows/nested/x.yml", FileKind::Yaml},  // GitHub reads only the top level
      {".github/dependabot.yml", FileKind::Yaml},
      {".github/actions/setup/action.yml", FileKind::Workflow},
      {".github/actions/group/setup/action.yaml", FileKind::Workflow},
      {".github/actions/action.yml", FileKind::Yaml},
      {"action.yml", FileKind::Yaml},
      {"Dockerfile", FileKind::Dockerfile},
      {"docker/Dockerfile.prod", FileKind::Dockerfile},
      {"web.Dockerfile", FileKind::Dockerfile},
      {"web.dockerfile", FileKind::Dockerfile},
      {"Containerfile", FileKind::Dockerfile},
      {"Dockerfile.dockerignore", std::nullopt},
      {"Dockerfiles", std::nullopt},
      {"docker-compose.yml", FileKind::Compose},
      {"docker-compose.prod.yaml", FileKind::Compose},
      {"docker-compose-ci.yml", FileKind::Compose},
      {"compose.yaml", FileKind::Compose},
      {"deploy/compose.override.yml", FileKind::Compose},
      {"composer.yml", FileKind::Yaml},
      {"pyproject.toml", FileKind::Toml},
      {"k8s/deployment.yaml", FileKind::Yaml},
      {"db/schema.sql", FileKind::Sql},
      {"README.md", std::nullopt},
      {"requirements.txt", FileKind::Requirements},
      {"requirements-dev.txt", FileKind::Requirements},
      {"services/api/requirements_prod.txt", FileKind::Requirements},
      {"requirements/base.txt", FileKind::Requirements},
      {"deploy/requirements/production.txt", FileKind::Requirements},
      {"requirements/nested/base.txt", std::nullopt},
      {"requirements/README.md", std::nullopt},
      {"docs/notes.txt", std::nullopt},
      {"myrequirements/base.txt", std::nullopt},
      {"Pipfile", FileKind::Requirements},
      {"Pipfile.lock", FileKind::Requirements},
      {"poetry.lock", FileKind::Requirements},
      {"setup.cfg", FileKind::Requirements},
      {"setup.py", FileKind::Python},
      {"app/pyproject.toml", FileKind::Toml},
      {"/abs/repo/.github/workflows/ci.yml", FileKind::Workflow},
  };
  for (const Case& c : cases) EXPECT_EQ(classify(c.path), c.kind) << c.path;
}

TEST(Discovery, DefaultExcludesFollowRuffWithoutBuild) {
  const std::vector<std::string>& excludes = default_excludes();
  for (const char* name : {".git", ".venv", "venv", "node_modules", ".tox", ".nox", "dist",
                           "__pypackages__", ".mypy_cache", ".ruff_cache"}) {
    EXPECT_NE(std::find(excludes.begin(), excludes.end(), name), excludes.end()) << name;
  }
  EXPECT_EQ(std::find(excludes.begin(), excludes.end(), "build"), excludes.end());
}

TEST(Discovery, WalksOnceSortedWithKinds) {
  TempDir tree;
  tree.write("manage.py");
  tree.write("project/settings/base.py");
  tree.write("project/settings-extra/x.py");
  tree.write(".github/workflows/deploy.yml", "on: push\n");
  tree.write("Dockerfile", "FROM python\n");
  tree.write("docker-compose.yml", "services: {}\n");
  tree.write("pyproject.toml", "[tool.preflight]\n");
  tree.write("README.md", "# hi\n");
  tree.write("db/init.sql", "select 1;\n");

  const std::vector<DiscoveredFile> files = discover(tree.path(), {});
  const std::vector<std::string> expected = {
      ".github/workflows/deploy.yml", "Dockerfile",    "db/init.sql",
      "docker-compose.yml",           "manage.py",     "project/settings/base.py",
      "project/settings-extra/x.py",  "pyproject.toml"};
  EXPECT_EQ(relative_paths(files, tree.path()), expected);
  for (const DiscoveredFile& file : files) {
    EXPECT_TRUE(file.path.is_absolute());
    EXPECT_EQ(file.kind, *classify(file.path.lexically_relative(tree.path())));
  }
  // Component-wise order: "settings/" sorts before "settings-extra/".
  EXPECT_TRUE(std::is_sorted(
      files.begin(), files.end(),
      [](const DiscoveredFile& a, const DiscoveredFile& b) { return a.path < b.path; }));
  // A trailing slash or "." in the root changes nothing.
  EXPECT_EQ(relative_paths(discover(tree.path().string() + "/", {}), tree.path()), expected);
  EXPECT_EQ(relative_paths(discover(tree.path() / "project" / "..", {}), tree.path()), expected);
}

TEST(Discovery, SkipsGitVirtualEnvironmentsNodeModulesAndCaches) {
  TempDir tree;
  tree.write("app/models.py");
  tree.write(".git/hooks/pre-commit.py");
  tree.write("sub/.git/x.py");
  tree.write("node_modules/pkg/x.py");
  tree.write("app/__pycache__/models.py");
  tree.write("venv/lib/x.py");
  tree.write(".venv/lib/x.py");
  tree.write(".tox/py311/x.py");
  tree.write(".nox/x.py");
  tree.write("env-with-odd-name/pyvenv.cfg", "home = /usr/bin\n");
  tree.write("env-with-odd-name/lib/python3.11/site.py");
  tree.write("venvs/ok.py");  // only the exact names are virtual environments

  EXPECT_EQ(discovered_set(tree.path()), (std::set<std::string>{"app/models.py", "venvs/ok.py"}));
}

TEST(Discovery, ExcludeGlobsAsRuff) {
  TempDir tree;
  tree.write("app/models.py");
  tree.write("app/migrations/0001_initial.py");
  tree.write("other/migrations/0001_initial.py");
  tree.write("legacy/old.py");
  tree.write("legacy/keep.toml", "");
  tree.write("dist/x.py");
  tree.write("app/dist/y.py");
  tree.write("schema.sql", "");
  tree.write("db/more.sql", "");

  DiscoveryOptions options;
  options.exclude = default_excludes();
  EXPECT_EQ(discovered_set(tree.path(), options),
            (std::set<std::string>{"app/migrations/0001_initial.py", "app/models.py", "db/more.sql",
                                   "legacy/keep.toml", "legacy/old.py",
                                   "other/migrations/0001_initial.py", "schema.sql"}));

  options.exclude = {"migrations", "legacy/*.py", "*.sql", (tree.path() / "dist").string()};
  EXPECT_EQ(discovered_set(tree.path(), options),
            (std::set<std::string>{"app/dist/y.py", "app/models.py", "legacy/keep.toml"}));
}

TEST(Discovery, ExplicitFileIsAlwaysReturned) {
  TempDir tree;
  tree.write(".gitignore", "*.py\n");
  const fs::path ignored = tree.write("ignored.py");
  const fs::path notes = tree.write("notes.txt", "hello\n");
  const fs::path workflow = tree.write(".github/workflows/ci.yml", "on: push\n");

  std::vector<DiscoveredFile> files = discover(ignored, {});
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].path, ignored);
  EXPECT_EQ(files[0].kind, FileKind::Python);

  files = discover(notes, {});
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].kind, FileKind::Other);

  files = discover(workflow, {});
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].kind, FileKind::Workflow);

  EXPECT_TRUE(discover(tree.path() / "missing.py", {}).empty());
}

TEST(Discovery, SymlinkLoopsTerminate) {
  TempDir tree;
  tree.write("a/x.py");
  tree.symlink("..", "a/up");                    // to an ancestor
  tree.symlink(".", "a/self");                   // to itself
  tree.symlink(tree.path().string(), "a/root");  // absolute, to the root
  tree.write("b/y.py");
  tree.write("c/z.py");
  tree.symlink("../c", "b/to-c");  // b -> c and c -> b: sideways, not an ancestor
  tree.symlink("../b", "c/to-b");
  tree.symlink("dangling-target", "a/dangling.py");
  tree.symlink("loop2.py", "a/loop1.py");
  tree.symlink("loop1.py", "a/loop2.py");

  EXPECT_EQ(discovered_set(tree.path()), (std::set<std::string>{"a/x.py", "b/y.py", "c/z.py"}));
}

TEST(Discovery, SymlinksOutOfTheTreeAreNotFollowed) {
  TempDir outside;
  outside.write("secret/settings.py");
  outside.write("lone.py");
  TempDir tree;
  tree.write("app/models.py");
  tree.symlink((outside.path() / "secret").string(), "app/linked-dir");
  tree.symlink((outside.path() / "lone.py").string(), "app/linked.py");

  EXPECT_EQ(discovered_set(tree.path()), (std::set<std::string>{"app/models.py"}));
}

TEST(Discovery, SymlinksInsideTheTreeGiveEachFileOnce) {
  TempDir tree;
  tree.write("real/settings.py");
  tree.write("real/deep/urls.py");
  tree.symlink("real", "alias");                    // directory link: same files
  tree.symlink("real/settings.py", "settings.py");  // file link to a file the walk sees
  tree.write("hidden/only.py");
  tree.symlink("hidden/only.py", "visible.py");  // its target is excluded: the link stands in

  DiscoveryOptions options;
  options.exclude = {"hidden"};
  EXPECT_EQ(discovered_set(tree.path(), options),
            (std::set<std::string>{"real/deep/urls.py", "real/settings.py", "visible.py"}));
}

TEST(Discovery, RootReachedThroughASymlink) {
  TempDir base;
  base.write("project/app.py");
  base.symlink("project", "link");
  const std::vector<DiscoveredFile> files = discover(base.path() / "link", {});
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].path, base.path() / "link" / "app.py");  // paths keep the name given
}

TEST(Discovery, UnreadableDirectoriesAndFilesNeverCrash) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads everything";
  TempDir tree;
  tree.write("ok.py");
  tree.write("locked/inside.py");
  const fs::path unreadable = tree.write("unreadable.py");
  fs::permissions(tree.path() / "locked", fs::perms::none);
  fs::permissions(unreadable, fs::perms::none);

  const std::vector<DiscoveredFile> files = discover(tree.path(), {});
  EXPECT_EQ(relative_paths(files, tree.path()),
            (std::vector<std::string>{"ok.py", "unreadable.py"}));
  const ReadResult read = read_source(files[1], 1024);
  ASSERT_TRUE(read.skipped);
  EXPECT_EQ(read.skipped->reason, SkipReason::Unreadable);
  EXPECT_EQ(read.skipped->detail, "Permission denied");
}

TEST(Discovery, SocketsAndFifosAreNotSource) {
  TempDir tree;
  tree.write("ok.py");
  ASSERT_EQ(::mkfifo((tree.path() / "pipe.py").c_str(), 0600), 0);
  EXPECT_EQ(discovered_set(tree.path()), (std::set<std::string>{"ok.py"}));
  // Named explicitly, it is returned, and reading it neither blocks nor succeeds.
  const std::vector<DiscoveredFile> files = discover(tree.path() / "pipe.py", {});
  ASSERT_EQ(files.size(), 1u);
  const ReadResult read = read_source(files[0], 1024);
  ASSERT_TRUE(read.skipped);
  EXPECT_EQ(read.skipped->reason, SkipReason::Unreadable);
  EXPECT_EQ(read.skipped->detail, "not a regular file");
}

// ---------------------------------------------------------------------------------------------
// read_source

ReadResult read(const TempDir& tree, const std::string& relative, std::string_view bytes,
                std::uint64_t limit = 1024 * 1024) {
  const fs::path path = tree.write(relative, bytes);
  const std::optional<FileKind> kind = classify(relative);
  return read_source(DiscoveredFile{path, kind.value_or(FileKind::Other)}, limit);
}

TEST(ReadSource, BinaryAndOversizedFilesAreReportedOnce) {
  TempDir tree;
  tree.write("app/models.py");
  std::string binary = "x = 1\n";
  binary.push_back('\0');
  binary += "more";
  tree.write("app/blob.py", binary);
  const fs::path huge = tree.write("app/huge.py", "");
  fs::resize_file(huge, 64ull * 1024 * 1024);  // sparse: cheap to make, slow to read whole

  const std::vector<DiscoveredFile> files = discover(tree.path(), {});
  ASSERT_EQ(relative_paths(files, tree.path()),
            (std::vector<std::string>{"app/blob.py", "app/huge.py", "app/models.py"}));

  const ReadResult blob = read_source(files[0], 1024 * 1024);
  EXPECT_FALSE(blob.text);
  ASSERT_TRUE(blob.skipped);
  EXPECT_EQ(blob.skipped->reason, SkipReason::Binary);
  EXPECT_EQ(blob.skipped->detail, "NUL byte at offset 6");
  EXPECT_EQ(blob.skipped->path, files[0].path);
  EXPECT_EQ(blob.skipped->kind, FileKind::Python);

  const ReadResult large = read_source(files[1], 1024 * 1024);
  EXPECT_FALSE(large.text);
  ASSERT_TRUE(large.skipped);
  EXPECT_EQ(large.skipped->reason, SkipReason::TooLarge);
  EXPECT_EQ(large.skipped->size, 64ull * 1024 * 1024);

  const ReadResult models = read_source(files[2], 1024 * 1024);
  EXPECT_EQ(models.text, "x = 1\n");
  EXPECT_FALSE(models.skipped);
}

TEST(ReadSource, LimitIsInclusive) {
  TempDir tree;
  EXPECT_EQ(read(tree, "a.py", "12345", 5).text, "12345");
  const ReadResult over = read(tree, "b.py", "123456", 5);
  ASSERT_TRUE(over.skipped);
  EXPECT_EQ(over.skipped->reason, SkipReason::TooLarge);
  EXPECT_EQ(over.skipped->size, 6u);
  EXPECT_EQ(read(tree, "empty.py", "").text, "");
}

TEST(ReadSource, PythonHonoursBomAndCodingCookies) {
  TempDir tree;
  EXPECT_EQ(read(tree, "bom.py", "\xEF\xBB\xBFx = 1\n").text, "x = 1\n");
  EXPECT_EQ(read(tree, "latin.py", "# -*- coding: latin-1 -*-\ns = '\xE9'\n").text,
            "# -*- coding: latin-1 -*-\ns = '\xC3\xA9'\n");
  const ReadResult unknown = read(tree, "ebcdic.py", "# coding: ebcdic\n");
  ASSERT_TRUE(unknown.skipped);
  EXPECT_EQ(unknown.skipped->reason, SkipReason::Undecodable);
  EXPECT_EQ(unknown.skipped->detail, "unknown encoding 'ebcdic'");
  const ReadResult invalid = read(tree, "bad.py", "s = '\xE9'\n");
  ASSERT_TRUE(invalid.skipped);
  EXPECT_EQ(invalid.skipped->reason, SkipReason::Undecodable);
  EXPECT_EQ(invalid.skipped->detail, "invalid UTF-8 at byte offset 5");
}

TEST(ReadSource, OtherKindsMustBeUtf8) {
  TempDir tree;
  EXPECT_EQ(read(tree, "a.yml", "\xEF\xBB\xBFkey: caf\xC3\xA9\n").text, "key: caf\xC3\xA9\n");
  // A coding cookie means nothing outside Python.
  const ReadResult latin = read(tree, "b.toml", "# coding: latin-1\nkey = '\xE9'\n");
  ASSERT_TRUE(latin.skipped);
  EXPECT_EQ(latin.skipped->reason, SkipReason::Undecodable);
  EXPECT_EQ(latin.skipped->detail, "invalid UTF-8 at byte offset 25");
  // UTF-16 has NUL bytes: binary, as git would say.
  const ReadResult utf16 = read(tree, "Dockerfile",
                                std::string("\xFF\xFE"
                                            "F\0R\0",
                                            6));
  ASSERT_TRUE(utf16.skipped);
  EXPECT_EQ(utf16.skipped->reason, SkipReason::Binary);
  EXPECT_EQ(utf16.skipped->detail, "NUL byte at offset 3");
}

TEST(ReadSource, MissingFileIsUnreadable) {
  TempDir tree;
  const ReadResult missing =
      read_source(DiscoveredFile{tree.path() / "gone.py", FileKind::Python}, 1024);
  ASSERT_TRUE(missing.skipped);
  EXPECT_EQ(missing.skipped->reason, SkipReason::Unreadable);
  EXPECT_EQ(missing.skipped->detail, "No such file or directory");
}

// ---------------------------------------------------------------------------------------------
// git is the oracle for ignore rules.

class GitOracle : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_git()) GTEST_SKIP() << "git is not installed";
  }
  void init(const fs::path& directory) const {
    fs::create_directories(directory);
    git(directory, "init -q --template=");  // no sample hooks to copy
    ASSERT_TRUE(fs::is_directory(directory / ".git"));
  }
  // Every file of the tree (not .git), relative to `root`.
  static std::vector<std::string> all_files(const fs::path& root) {
    std::vector<std::string> out;
    for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
         ++it) {
      if (it->path().filename() == ".git") {
        it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file())
        out.push_back(it->path().lexically_relative(root).generic_string());
    }
    return out;
  }
  // `git check-ignore` asked about every file, which must agree with `git ls-files`.
  static std::set<std::string> check_ignore_not_ignored(const fs::path& root) {
    const std::vector<std::string> files = all_files(root);
    const fs::path input = root / ".git" / "paths";
    {
      std::ofstream out(input, std::ios::binary);
      for (const std::string& file : files) out << file << '\0';
    }
    const std::set<std::string> ignored =
        split_nul(git(root, "check-ignore --stdin -z < '" + input.string() + "'"));
    std::set<std::string> out;
    for (const std::string& file : files) {
      if (!ignored.count(file) && classify(file)) out.insert(file);
    }
    return out;
  }
};

TEST_F(GitOracle, HandWrittenPatternsAgreeWithGit) {
  TempDir tree;
  init(tree.path());
  tree.write(".gitignore",
             "# a comment\n"
             "*.sql\n"
             "!keep.sql\n"
             "/anchored.py\n"
             "build/\n"
             "docs/**/*.toml\n"
             "**/generated/*.py\n"
             "\\#literal.py\n"
             "\\!bang.py\n"
             "spaced.py   \n"
             "trail\\ .py\n"
             "foo**/bar.py\n"
             "data/\n"
             "!data/keep.py\n"
             "tmp*/\n"
             "logs/**\n"
             "!logs/important.py\n"
             "nested/deep/**/x.py\n"
             "[abc]_*.py\n"
             "[!a-z]*.toml\n"
             "crlf.py\r\n"
             "question?.py\n"
             "*.y[a-z]ml\n"
             "!.github/**\n"
             "!docker-compose.yaml\n"
             "[z-\n"
             "sub/x/\n");
  tree.write("app/.gitignore",
             "*.toml\n"
             "!settings.toml\n"
             "/local.py\n"
             "sub/\n");
  tree.write("app/inner/.gitignore", "!*.sql\n!x.toml\n");
  tree.write(".git/info/exclude", "secret.py\n!anchored.py\n");

  for (const char* file : {"main.py",
                           "anchored.py",
                           "sub/anchored.py",
                           "x.sql",
                           "keep.sql",
                           "a/b/c.sql",
                           "build/x.py",
                           "app/build/y.py",
                           "build.py",
                           "docs/conf.toml",
                           "docs/a/b/c.toml",
                           "docs/readme.py",
                           "generated/x.py",
                           "app/generated/y.py",
                           "app/generated/sub/z.py",
                           "#literal.py",
                           "!bang.py",
                           "spaced.py",
                           "trail .py",
                           "foo/bar.py",
                           "foo/x/bar.py",
                           "foox/bar.py",
                           "fo/bar.py",
                           "data/keep.py",
                           "data/other.py",
                           "tmp1/a.py",
                           "tmpfile.py",
                           "logs/important.py",
                           "logs/other.py",
                           "logs/sub/important.py",
                           "nested/deep/x.py",
                           "nested/deep/a/b/x.py",
                           "nested/x.py",
                           "a_1.py",
                           "d_1.py",
                           "A.toml",
                           "a.toml",
                           "1.toml",
                           "app/settings.toml",
                           "app/other.toml",
                           "app/local.py",
                           "app/x/local.py",
                           "app/sub/s.py",
                           "app/inner/q.sql",
                           "app/inner/deeper/r.sql",
                           "app/inner/x.toml",
                           "secret.py",
                           "app/secret.py",
                           ".github/workflows/ci.yml",
                           ".github/workflows/cd.yaml",
                           "Dockerfile",
                           "docker-compose.yml",
                           "docker-compose.yaml",
                           "pyproject.toml",
                           "crlf.py",
                           "question1.py",
                           "question12.py",
                           "sub/x/y.py",
                           "a/sub/x/y.py"}) {
    tree.write(file);
  }

  const std::set<std::string> ours = discovered_set(tree.path());
  const std::set<std::string> theirs = git_not_ignored(tree.path());
  EXPECT_EQ(ours, theirs) << describe_difference(ours, theirs);
  EXPECT_EQ(check_ignore_not_ignored(tree.path()), theirs);
  // Sanity: the rules did something in both directions.
  EXPECT_GT(theirs.size(), 10u);
  EXPECT_LT(theirs.size(), all_files(tree.path()).size() - 20);

  // From a subdirectory, the .gitignore files above it and info/exclude still apply.
  std::set<std::string> below;
  for (const std::string& path : theirs) {
    if (path.starts_with("app/")) below.insert(path.substr(4));
  }
  EXPECT_EQ(discovered_set(tree.path() / "app"), below);

  // And with the rules off, everything classified is found.
  DiscoveryOptions no_git;
  no_git.respect_gitignore = false;
  std::set<std::string> classified;
  for (const std::string& path : all_files(tree.path())) {
    if (classify(path)) classified.insert(path);
  }
  EXPECT_EQ(discovered_set(tree.path(), no_git), classified);
}

TEST_F(GitOracle, NestedRepositoryHasItsOwnRules) {
  TempDir tree;
  init(tree.path());
  tree.write(".gitignore", "*.toml\nignored-by-outer.py\n");
  tree.write("outer.py");
  tree.write("outer.toml", "");
  init(tree.path() / "vendor" / "lib");
  tree.write("vendor/lib/.gitignore", "ignored-by-inner.py\n");
  tree.write("vendor/lib/inner.toml", "");
  tree.write("vendor/lib/ignored-by-outer.py");
  tree.write("vendor/lib/ignored-by-inner.py");

  EXPECT_EQ(discovered_set(tree.path()),
            (std::set<std::string>{"outer.py", "vendor/lib/ignored-by-outer.py",
                                   "vendor/lib/inner.toml"}));
  // git itself, asked inside the nested repository, agrees.
  const std::set<std::string> inner = git_not_ignored(tree.path() / "vendor" / "lib");
  EXPECT_EQ(inner, (std::set<std::string>{"ignored-by-outer.py", "inner.toml"}));
}

TEST_F(GitOracle, LinkedWorktreeUsesTheCommonInfoExclude) {
  TempDir base;
  const fs::path main = base.path() / "main";
  init(main);
  git(main, "-c user.name=t -c user.email=t@example.com commit -q --allow-empty -m init");
  git(main, "worktree add -q ../linked -b linked");
  const fs::path linked = base.path() / "linked";
  ASSERT_TRUE(fs::is_regular_file(linked / ".git")) << "git worktree add failed";
  base.write("main/.git/info/exclude", "*.toml\n");
  base.write("linked/.gitignore", "ignored.py\n");
  base.write("linked/a.py");
  base.write("linked/ignored.py");
  base.write("linked/conf.toml", "");

  const std::set<std::string> theirs = git_not_ignored(linked);
  EXPECT_EQ(theirs, (std::set<std::string>{"a.py"}));
  EXPECT_EQ(discovered_set(linked), theirs);
}

TEST_F(GitOracle, SymlinkedGitignoreIsNotFollowed) {
  TempDir tree;
  init(tree.path());
  tree.write("rules.txt", "*.py\n");
  tree.symlink("rules.txt", ".gitignore");
  tree.write("a.py");
  const std::set<std::string> theirs = git_not_ignored(tree.path());
  EXPECT_EQ(discovered_set(tree.path()), theirs);
  EXPECT_EQ(theirs, (std::set<std::string>{"a.py"}));
}

TEST_F(GitOracle, WithoutARepositoryGitignoreMeansNothing) {
  TempDir tree;
  tree.write(".gitignore", "*.py\n");
  tree.write("a.py");
  EXPECT_EQ(discovered_set(tree.path()), (std::set<std::string>{"a.py"}));
}

// Random trees and random ignore files compared with git. Each round is a directory of one
// repository, so that git runs once for all of them (starting a process is what costs here).
// The seed is fixed: a failure is reproducible and its rules are printed.
TEST_F(GitOracle, RandomPatternsAgreeWithGit) {
  std::mt19937 random(20240607);
  auto pick = [&](const std::vector<std::string>& choices) {
    return choices[std::uniform_int_distribution<std::size_t>(0, choices.size() - 1)(random)];
  };
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(random) < p; };
  const std::vector<std::string> directories = {"a", "b", "src", "build", "lib", "ab"};
  const std::vector<std::string> names = {"x.py",  "y.py",    "test_x.py", "a.py",   "conf.toml",
                                          "q.sql", "main.py", "b.yml",     "lib.py", "ab.toml"};
  const std::vector<std::string> pieces = {
      "a",     "b",        "src",    "build",        "lib",   "ab",    "*",      "?",
      "**",    "*.py",     "x.py",   "test_*",       "[ab]",  "[!a]*", "*.toml", "q.*",
      "y.p?",  "main.py",  "*.sql",  "l*",           "a*",    "*b",    "[a-c]?", "**.py",
      "b.yml", "*[xy].py", "\\*.py", "[[:lower:]]*", "x.py ", "a\\ "};

  TempDir tree;
  init(tree.path());
  // Shared by every round; patterns without '/' reach into each of them.
  tree.write(".git/info/exclude", "test_*.py\n!**/lib/test_*.py\nq.sql/\n");

  // PREFLIGHT_GITIGNORE_ROUNDS=5000 runs a longer search.
  const char* rounds_override = std::getenv("PREFLIGHT_GITIGNORE_ROUNDS");
  const int kRounds = rounds_override ? std::max(1, std::atoi(rounds_override)) : 80;
  std::vector<std::string> descriptions;
  for (int round = 0; round < kRounds; ++round) {
    const std::string top = "round" + std::to_string(round) + "/";
    std::set<std::string> directories_made = {""};
    for (int i = 0; i < 30; ++i) {
      std::string path;
      const int depth = std::uniform_int_distribution<int>(0, 3)(random);
      for (int d = 0; d < depth; ++d) {
        path += pick(directories) + "/";
        directories_made.insert(path);
      }
      tree.write(top + path + pick(names));
    }
    auto random_rules = [&] {
      std::string text;
      const int count = std::uniform_int_distribution<int>(2, 7)(random);
      for (int i = 0; i < count; ++i) {
        std::string line = chance(0.25) ? "!" : "";
        if (chance(0.2)) line += "/";
        const int components = std::uniform_int_distribution<int>(1, 3)(random);
        for (int c = 0; c < components; ++c) line += (c ? "/" : "") + pick(pieces);
        if (chance(0.2)) line += "/";
        text += line + "\n";
      }
      return text;
    };
    std::string description;
    const std::vector<std::string> dirs(directories_made.begin(), directories_made.end());
    for (int file = 0; file < 3; ++file) {
      const std::string directory = file == 0 ? "" : pick(dirs);
      const std::string rules = random_rules();
      tree.write(top + directory + ".gitignore", rules);
      description += "--- " + top + directory + ".gitignore\n" + rules;
    }
    descriptions.push_back(description);
  }

  const std::set<std::string> ours = discovered_set(tree.path());
  const std::set<std::string> theirs = git_not_ignored(tree.path());
  EXPECT_GT(theirs.size(), 200u);
  // Split both answers by round: "round12/a/x.py" belongs to round 12.
  auto by_round = [&](const std::set<std::string>& all) {
    std::vector<std::set<std::string>> out(static_cast<std::size_t>(kRounds));
    for (const std::string& path : all) {
      const std::size_t index = std::stoul(path.substr(5, path.find('/') - 5));
      out.at(index).insert(path);
    }
    return out;
  };
  const std::vector<std::set<std::string>> our_rounds = by_round(ours);
  const std::vector<std::set<std::string>> their_rounds = by_round(theirs);
  int agreed = 0;
  for (std::size_t round = 0; round < our_rounds.size(); ++round) {
    EXPECT_EQ(our_rounds[round], their_rounds[round])
        << descriptions[round] << describe_difference(our_rounds[round], their_rounds[round]);
    agreed += our_rounds[round] == their_rounds[round];
  }
  EXPECT_EQ(agreed, kRounds);
}

}  // namespace
}  // namespace preflight
