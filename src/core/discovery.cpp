#include "core/discovery.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <memory>
#include <system_error>

#include "core/encoding.h"
#include "core/gitignore.h"
#include "core/glob.h"

namespace preflight {

namespace fs = std::filesystem;

const std::vector<std::string>& default_excludes() {
  static const std::vector<std::string> excludes = {".bzr",
                                                    ".direnv",
                                                    ".eggs",
                                                    ".git",
                                                    ".git-rewrite",
                                                    ".hg",
                                                    ".ipynb_checkpoints",
                                                    ".mypy_cache",
                                                    ".nox",
                                                    ".pants.d",
                                                    ".pyenv",
                                                    ".pytest_cache",
                                                    ".pytype",
                                                    ".ruff_cache",
                                                    ".svn",
                                                    ".tox",
                                                    ".venv",
                                                    ".vscode",
                                                    "__pypackages__",
                                                    "_build",
                                                    "buck-out",
                                                    "dist",
                                                    "node_modules",
                                                    "site-packages",
                                                    "venv"};
  return excludes;
}

std::string_view to_string(SkipReason reason) {
  switch (reason) {
    case SkipReason::Binary:
      return "binary";
    case SkipReason::TooLarge:
      return "too-large";
    case SkipReason::Unreadable:
      return "unreadable";
    case SkipReason::Undecodable:
      return "undecodable";
  }
  return "unreadable";
}

namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.ends_with(suffix);
}

bool is_compose_name(std::string_view name) {
  for (const std::string_view stem :
       {std::string_view("docker-compose"), std::string_view("compose")}) {
    if (!name.starts_with(stem)) continue;
    const std::string_view rest = name.substr(stem.size());
    if (rest.empty()) continue;
    if (rest.front() == '.' || rest.front() == '-' || rest.front() == '_') return true;
  }
  return false;
}

bool is_dockerfile_name(std::string_view name) {
  if (ends_with(name, ".dockerignore")) return false;
  return name == "Dockerfile" || name.starts_with("Dockerfile.") || name == "Containerfile" ||
         name.starts_with("Containerfile.") || ends_with(name, ".Dockerfile") ||
         ends_with(name, ".dockerfile");
}

}  // namespace

std::optional<FileKind> classify(const fs::path& relative) {
  const std::string path = relative.generic_string();
  std::string_view view = path;
  while (!view.empty() && view.back() == '/') view.remove_suffix(1);
  const std::size_t slash = view.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? view : view.substr(slash + 1);
  const std::string_view parent =
      slash == std::string_view::npos ? std::string_view() : view.substr(0, slash);
  auto parent_is = [&](std::string_view directories) {
    return parent == directories ||
           (parent.ends_with(directories) && parent[parent.size() - directories.size() - 1] == '/');
  };
  if (name.empty() || name == ".") return std::nullopt;

  if (ends_with(name, ".py")) return FileKind::Python;
  if (ends_with(name, ".yml") || ends_with(name, ".yaml")) {
    // GitHub reads workflows from directly inside .github/workflows only.
    if (parent_is(".github/workflows")) return FileKind::Workflow;
    if (name == "action.yml" || name == "action.yaml") {
      // .github/actions/<name>/action.yml, possibly grouped deeper (<group>/<name>/action.yml).
      const std::string with_slash = "/" + std::string(parent) + "/";
      const std::size_t actions = with_slash.find("/.github/actions/");
      if (actions != std::string::npos && actions + 17 < with_slash.size()) {
        return FileKind::Workflow;
      }
    }
    if (is_compose_name(name)) return FileKind::Compose;
    return FileKind::Yaml;
  }
  if (is_dockerfile_name(name)) return FileKind::Dockerfile;
  if (ends_with(name, ".toml")) return FileKind::Toml;
  if (ends_with(name, ".sql")) return FileKind::Sql;
  if (ends_with(name, ".txt") && (name.starts_with("requirements") || parent_is("requirements"))) {
    return FileKind::Requirements;
  }
  if (name == "Pipfile" || name == "Pipfile.lock" || name == "poetry.lock" || name == "setup.cfg") {
    return FileKind::Requirements;
  }
  return std::nullopt;
}

namespace {

// `path` lies in directory `dir` or is it (both canonical, without trailing '/').
bool is_within(std::string_view path, std::string_view dir) {
  if (dir == "/") return true;
  return path.starts_with(dir) && (path.size() == dir.size() || path[dir.size()] == '/');
}

std::string join(std::string_view dir, std::string_view name) {
  std::string out;
  out.reserve(dir.size() + 1 + name.size());
  out.append(dir);
  if (!out.empty() && out.back() != '/') out.push_back('/');
  out.append(name);
  return out;
}

std::optional<std::string> real_path(const std::string& path) {
  char buffer[PATH_MAX];
  if (::realpath(path.c_str(), buffer) == nullptr) return std::nullopt;
  return std::string(buffer);
}

// An absolute, lexically normal path without a trailing separator.
fs::path normal_absolute(const fs::path& path) {
  std::error_code error;
  fs::path absolute = fs::absolute(path, error);
  if (error) absolute = path;
  absolute = absolute.lexically_normal();
  if (!absolute.has_filename() && absolute.has_parent_path() && absolute != absolute.root_path()) {
    absolute = absolute.parent_path();
  }
  return absolute;
}

bool is_always_skipped_directory(std::string_view name) {
  return name == ".git" || name == "node_modules" || name == "__pycache__" || name == ".venv" ||
         name == "venv" || name == ".tox" || name == ".nox";
}

bool exists(const std::string& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0;
}

// The ignore rules of one git work tree, and where the walk's paths sit in it.
struct GitScope {
  std::size_t strip = 0;  // leading characters of a walk-relative path above the work tree
  std::string prefix;     // the rest is appended to this ("" or ending in '/')
  GitIgnoreStack ignores;

  std::string git_path(std::string_view relative) const {
    return prefix + std::string(relative.substr(std::min(strip, relative.size())));
  }
};

struct Candidate {
  fs::path path;
  FileKind kind;
  std::string canonical;
  bool through_symlink;
};

struct Entry {
  std::string name;
  unsigned char type;
};

class Walker {
 public:
  Walker(fs::path root, std::string canonical_root, const DiscoveryOptions& options)
      : root_(std::move(root)), canonical_root_(std::move(canonical_root)), options_(options) {
    if (!options_.pattern_base.empty()) {
      const fs::path prefix = root_.lexically_relative(normal_absolute(options_.pattern_base));
      if (!prefix.empty() && prefix != "." && *prefix.begin() != "..") {
        pattern_prefix_ = prefix.generic_string() + "/";
      }
    }
    for (const std::string& pattern : options_.exclude) {
      const fs::path as_path(pattern);
      if (as_path.is_absolute()) {
        // Made relative when it points under the root; elsewhere it can match nothing here.
        const fs::path relative = normal_absolute(as_path).lexically_relative(root_);
        if (relative.empty() || *relative.begin() == "..") continue;
        // Anchored: an absolute path names one place, not a name to look for everywhere.
        if (relative != ".") excludes_.push_back("/" + relative.generic_string());
      } else {
        excludes_.push_back(pattern);
      }
    }
  }

  std::vector<Candidate> walk() {
    if (options_.respect_gitignore) open_enclosing_repository();
    walk_directory(root_.string(), std::string(), canonical_root_, false);
    return std::move(candidates_);
  }

 private:
  void open_enclosing_repository();
  void walk_directory(const std::string& absolute, const std::string& relative,
                      const std::string& canonical, bool through_symlink);
  bool excluded(const std::string& relative) const {
    for (const std::string& pattern : excludes_) {
      if (glob_match(pattern, pattern_prefix_.empty() ? relative : pattern_prefix_ + relative)) {
        return true;
      }
    }
    return false;
  }
  bool ignored(const std::string& relative, bool is_directory) const {
    if (scopes_.empty()) return false;
    const GitScope& scope = *scopes_.back();
    return scope.ignores.ignored(scope.git_path(relative), is_directory);
  }
  // A symbolic link to `target` would lead round a loop if the target contains a directory that
  // is being walked (it is that directory or one of its ancestors).
  bool would_loop(const std::string& target) const {
    for (const std::string& open : open_directories_) {
      if (is_within(open, target)) return true;
    }
    return false;
  }

  fs::path root_;
  std::string canonical_root_;
  const DiscoveryOptions& options_;
  std::vector<std::string> excludes_;
  std::string pattern_prefix_;  // the root's path below `pattern_base`, with a trailing '/'
  std::vector<std::unique_ptr<GitScope>> scopes_;
  std::vector<std::string> open_directories_;  // canonical paths on the walk's current branch
  std::vector<Candidate> candidates_;
};

void Walker::open_enclosing_repository() {
  const std::optional<GitRepository> repository = find_git_repository(canonical_root_);
  if (!repository) return;
  const std::string work_tree = repository->work_tree.string();
  if (!is_within(canonical_root_, work_tree)) return;
  auto scope = std::make_unique<GitScope>();
  scope->ignores = GitIgnoreStack(
      read_ignore_file(repository->common_dir / "info" / "exclude", std::string(), true));
  // The `.gitignore` files between the work tree's top and the root apply too; the root's own
  // is read by walk_directory().
  std::string base;
  std::string directory = work_tree;
  const std::string below =
      canonical_root_.size() > work_tree.size()
          ? canonical_root_.substr(work_tree.size() + (work_tree == "/" ? 0 : 1))
          : std::string();
  std::size_t position = 0;
  while (position < below.size()) {
    scope->ignores.push(read_ignore_file(join(directory, ".gitignore"), base, false));
    const std::size_t slash = below.find('/', position);
    const std::string component =
        below.substr(position, slash == std::string::npos ? std::string::npos : slash - position);
    directory = join(directory, component);
    base += component + "/";
    position = slash == std::string::npos ? below.size() : slash + 1;
  }
  scope->prefix = base;
  scopes_.push_back(std::move(scope));
}

void Walker::walk_directory(const std::string& absolute, const std::string& relative,
                            const std::string& canonical, bool through_symlink) {
  std::vector<Entry> entries;
  if (DIR* directory = ::opendir(absolute.c_str())) {
    while (const dirent* entry = ::readdir(directory)) {
      const std::string_view name = entry->d_name;
      if (name == "." || name == "..") continue;
      entries.push_back(Entry{std::string(name), entry->d_type});
    }
    ::closedir(directory);
  } else {
    return;  // unreadable: nothing to report about files we cannot even name
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.name < b.name; });
  auto has = [&](std::string_view name) {
    return std::any_of(entries.begin(), entries.end(),
                       [&](const Entry& entry) { return entry.name == name; });
  };

  // A nested repository has its own rules; the enclosing work tree's stop at its top.
  bool own_scope = false;
  if (options_.respect_gitignore && !relative.empty() && has(".git")) {
    if (const std::optional<GitRepository> repository = git_repository_at(absolute)) {
      auto scope = std::make_unique<GitScope>();
      scope->strip = relative.size() + 1;
      scope->ignores = GitIgnoreStack(
          read_ignore_file(repository->common_dir / "info" / "exclude", std::string(), true));
      scopes_.push_back(std::move(scope));
      own_scope = true;
    }
  }
  GitScope* scope = scopes_.empty() ? nullptr : scopes_.back().get();
  if (scope) {
    std::string base = scope->git_path(relative);
    if (!base.empty() && base.back() != '/') base.push_back('/');
    IgnoreList list;
    if (has(".gitignore")) list = read_ignore_file(join(absolute, ".gitignore"), base, false);
    scope->ignores.push(std::move(list));
  }
  open_directories_.push_back(canonical);

  for (const Entry& entry : entries) {
    const std::string child = join(absolute, entry.name);
    const std::string child_relative = join(relative, entry.name);
    unsigned char type = entry.type;
    if (type == DT_UNKNOWN) {
      struct stat info {};
      if (::lstat(child.c_str(), &info) != 0) continue;
      type = S_ISLNK(info.st_mode)   ? DT_LNK
             : S_ISDIR(info.st_mode) ? DT_DIR
             : S_ISREG(info.st_mode) ? DT_REG
                                     : DT_UNKNOWN;
    }
    const bool symlink = type == DT_LNK;
    bool is_directory = type == DT_DIR;
    bool is_file = type == DT_REG;
    std::string child_canonical;
    if (symlink) {
      struct stat info {};
      if (::stat(child.c_str(), &info) != 0) continue;  // dangling, or a loop of links
      is_directory = S_ISDIR(info.st_mode);
      is_file = S_ISREG(info.st_mode);
      std::optional<std::string> target = real_path(child);
      if (!target || !is_within(*target, canonical_root_)) continue;  // never leave the tree
      child_canonical = std::move(*target);
    } else {
      child_canonical = join(canonical, entry.name);
    }

    if (is_directory) {
      if (is_always_skipped_directory(entry.name)) continue;
      if (excluded(child_relative)) continue;
      // git sees a symbolic link as a file, never as a directory, even when it points at one.
      if (ignored(child_relative, !symlink)) continue;
      if (exists(join(child, "pyvenv.cfg"))) continue;
      if (symlink && would_loop(child_canonical)) continue;
      walk_directory(child, child_relative, child_canonical, through_symlink || symlink);
    } else if (is_file) {
      const std::optional<FileKind> kind = classify(child_relative);
      if (!kind) continue;
      if (excluded(child_relative) || ignored(child_relative, false)) continue;
      candidates_.push_back(Candidate{root_ / child_relative, *kind, std::move(child_canonical),
                                      through_symlink || symlink});
    }
    // Sockets, FIFOs and devices are never source.
  }

  open_directories_.pop_back();
  if (scope) scope->ignores.pop();
  if (own_scope) scopes_.pop_back();
}

}  // namespace

std::vector<DiscoveredFile> discover(const fs::path& root, const DiscoveryOptions& options) {
  const fs::path absolute = normal_absolute(root);
  struct stat info {};
  if (::stat(absolute.c_str(), &info) != 0) return {};
  if (!S_ISDIR(info.st_mode)) {
    return {DiscoveredFile{absolute, classify(absolute).value_or(FileKind::Other)}};
  }
  const std::optional<std::string> canonical = real_path(absolute.string());
  if (!canonical) return {};

  std::vector<Candidate> candidates = Walker(absolute, *canonical, options).walk();

  // One entry per real file: its own path when the walk met it there, else its first path.
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.canonical != b.canonical) return a.canonical < b.canonical;
    if (a.through_symlink != b.through_symlink) return !a.through_symlink;
    return a.path < b.path;
  });
  std::vector<DiscoveredFile> files;
  files.reserve(candidates.size());
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (i > 0 && candidates[i].canonical == candidates[i - 1].canonical) continue;
    files.push_back(DiscoveredFile{std::move(candidates[i].path), candidates[i].kind});
  }
  std::sort(files.begin(), files.end(),
            [](const DiscoveredFile& a, const DiscoveredFile& b) { return a.path < b.path; });
  return files;
}

namespace {

SkippedFile make_skipped(const DiscoveredFile& file, SkipReason reason, std::uint64_t size,
                         std::string detail) {
  return SkippedFile{file.path, file.kind, reason, size, std::move(detail)};
}

std::string error_text(int error) {
  return std::system_category().message(error);
}

}  // namespace

ReadResult read_source(const DiscoveredFile& file, std::uint64_t max_file_size) {
  ReadResult result;
  // O_NONBLOCK: opening a FIFO named like a source file must not hang the run.
  const int fd = ::open(file.path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    result.skipped = make_skipped(file, SkipReason::Unreadable, 0, error_text(errno));
    return result;
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    const int error = errno;
    ::close(fd);
    result.skipped = make_skipped(file, SkipReason::Unreadable, 0, error_text(error));
    return result;
  }
  if (!S_ISREG(info.st_mode)) {
    ::close(fd);
    result.skipped = make_skipped(file, SkipReason::Unreadable, 0,
                                  S_ISDIR(info.st_mode) ? "a directory" : "not a regular file");
    return result;
  }
  const auto size = static_cast<std::uint64_t>(info.st_size);
  if (size > max_file_size) {
    ::close(fd);
    result.skipped = make_skipped(file, SkipReason::TooLarge, size,
                                  fmt::format("{} bytes, limit {}", size, max_file_size));
    return result;
  }

  // Read at most one byte past the limit: a file that grew since fstat() is still caught.
  std::string bytes;
  bytes.resize(static_cast<std::size_t>(size) + 1);
  std::size_t filled = 0;
  while (true) {
    if (filled == bytes.size()) {
      if (bytes.size() > max_file_size) break;
      bytes.resize(std::min<std::uint64_t>(max_file_size + 1, bytes.size() * 2 + 4096));
    }
    const ssize_t n = ::read(fd, bytes.data() + filled, bytes.size() - filled);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      result.skipped = make_skipped(file, SkipReason::Unreadable, size, error_text(error));
      return result;
    }
    if (n == 0) break;
    filled += static_cast<std::size_t>(n);
  }
  ::close(fd);
  bytes.resize(filled);
  if (bytes.size() > max_file_size) {
    result.skipped =
        make_skipped(file, SkipReason::TooLarge, bytes.size(),
                     fmt::format("over {} bytes, limit {}", max_file_size, max_file_size));
    return result;
  }

  // git's test for binary content is a NUL in the first 8000 bytes; no text format preflight
  // reads may hold one anywhere (CPython refuses "source code cannot contain null bytes").
  if (const std::size_t offset = bytes.find('\0'); offset != std::string::npos) {
    result.skipped = make_skipped(file, SkipReason::Binary, bytes.size(),
                                  fmt::format("NUL byte at offset {}", offset));
    return result;
  }

  if (file.kind == FileKind::Python) {
    DecodedSource decoded = decode_python_source(bytes);
    if (!decoded.text) {
      result.skipped =
          make_skipped(file, SkipReason::Undecodable, bytes.size(), std::move(decoded.error));
      return result;
    }
    result.text = std::move(decoded.text);
    return result;
  }

  std::string_view text = bytes;
  const std::size_t bom = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  text.remove_prefix(bom);
  const std::size_t invalid = find_invalid_utf8(text);
  if (invalid != std::string_view::npos) {
    result.skipped = make_skipped(file, SkipReason::Undecodable, bytes.size(),
                                  fmt::format("invalid UTF-8 at byte offset {}", bom + invalid));
    return result;
  }
  if (bom) bytes.erase(0, bom);
  result.text = std::move(bytes);
  return result;
}

}  // namespace preflight
