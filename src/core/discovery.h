// One walk over the tree: which files preflight reads, what kind each is, and which it must skip.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/source.h"

namespace preflight {

struct DiscoveryOptions {
  // Glob patterns (core/glob.h) relative to `root`, matched against each entry's relative path and
  // its last component, as ruff's `exclude`: a directory that matches is not entered, a file that
  // matches is not returned. An absolute pattern under `root` is made relative to it first.
  std::vector<std::string> exclude;
  // The directory `exclude` patterns are relative to, when not the walk's root: the configuration
  // file's directory, so that `exclude = ["legacy/**"]` means the same whichever PATH is checked.
  // Empty means the root.
  std::filesystem::path pattern_base;
  std::uint64_t max_file_size = std::uint64_t{1024} * 1024;
  // Read every file of a known kind, not only those that matter to a Django deployment. The walk
  // returns every classified file either way; project::load_project narrows Python files to those
  // that matter (DESIGN.md), which needs the parser to know what imports what.
  bool all_files = false;
  // Honour `.gitignore` files and `$GIT_DIR/info/exclude` when the root is in a git work tree.
  bool respect_gitignore = true;
};

// The default `exclude`: ruff's list without "build" (a common package name that ruff itself
// dropped from its defaults), with "site-packages" kept (installed code is never the project's).
const std::vector<std::string>& default_excludes();

enum class SkipReason { Binary, TooLarge, Unreadable, Undecodable };

struct DiscoveredFile {
  std::filesystem::path path;  // absolute, lexically normal (symbolic links not resolved)
  FileKind kind = FileKind::Other;
};

struct SkippedFile {
  std::filesystem::path path;
  FileKind kind = FileKind::Other;
  SkipReason reason = SkipReason::Unreadable;
  std::uint64_t size = 0;
  std::string detail;  // e.g. "NUL byte at offset 120", "unknown encoding 'ebcdic'"
};

// The kind of a file from its path (relative to the walk's root, or absolute), or nullopt when
// preflight does not read files like it:
//   *.py                                               Python
//   .github/workflows/*.yml|yaml                       Workflow (directly in workflows/)
//   .github/actions/<dir>/.../action.yml|yaml          Workflow (a composite action)
//   Dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile, Containerfile, Containerfile.*
//                                                      Dockerfile (not *.dockerignore)
//   (docker-)compose followed by '.', '-' or '_', ending .yml|.yaml (compose.yaml,
//   docker-compose.prod.yml, compose-ci.yml; not composer.yml)  Compose
//   *.toml  Toml;  other *.yml|*.yaml  Yaml;  *.sql  Sql
//   requirements*.txt, requirements/*.txt, Pipfile, Pipfile.lock, poetry.lock, setup.cfg
//                                                      Requirements
// `.github` may sit at any depth: the walk's root need not be the repository's top.
std::optional<FileKind> classify(const std::filesystem::path& relative);

// Walks `root` once and returns the classified files, sorted by path.
//
// `root` may be a single file: it is returned whatever the ignore rules say (ruff checks an
// explicitly named file too), with its kind or FileKind::Other; the caller decides.
//
// A directory walk never enters `.git`, `node_modules`, `__pycache__`, virtual environments (a
// directory holding `pyvenv.cfg`, or named `.venv`, `venv`, `.tox`, `.nox`), nor what
// `options.exclude` matches. When the root lies in a git work tree, git's own rules apply
// exactly (core/gitignore.h): every `.gitignore` from the work tree's top down, and
// `$GIT_DIR/info/exclude`; a nested repository (a directory holding `.git`) starts its own
// rules. `core.excludesFile` and the global ignore file are not read: they describe one user's
// machine, and the result must not depend on who runs preflight. The root itself and its
// ancestors are never tested against the rules: an explicitly named directory is walked.
//
// Symbolic links: a link to a file is returned when its target lies inside the root; a link to a
// directory is followed when its target lies inside the root and is not a directory being walked
// or an ancestor of one (so loops end). A file reachable by several paths is returned once, under
// its real path when the walk saw it, else under the first of its paths. Unreadable directories
// are skipped silently; unreadable files are returned and reported by read_source().
std::vector<DiscoveredFile> discover(const std::filesystem::path& root,
                                     const DiscoveryOptions& options);

// Reads a discovered file as UTF-8 text. Python sources are read as bytes and decoded per PEP 263
// (core/encoding.h); other kinds must be UTF-8 (a BOM is stripped). A file over `max_file_size`
// (not read beyond the limit), one with a NUL byte (binary, as git decides), an unreadable or
// undecodable one gives a SkippedFile instead.
struct ReadResult {
  std::optional<std::string> text;
  std::optional<SkippedFile> skipped;
};
ReadResult read_source(const DiscoveredFile& file, std::uint64_t max_file_size);

std::string_view to_string(SkipReason reason);

}  // namespace preflight
