// Git's ignore rules (gitignore(5)), written here from git's documented behaviour and checked
// against git itself (tests/core/discovery_test.cpp, tests/core/gitignore_test.cpp), so that
// discovery agrees with `git check-ignore` without ever starting git.
#pragma once

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace preflight {

// A compiled glob with the meaning git's wildmatch() gives it: `?`, `*`, `[...]` (with `!`/`^`
// negation, ranges, `[:alpha:]`-style classes, a leading `]` as a member) and `\` escapes.
// In `pathname` mode `*`, `?` and classes never match '/', and `**` is special only as a whole
// component: `**/` matches zero or more directories, a trailing `/**` everything below, `**`
// alone everything; elsewhere `**` is a plain `*`. Without `pathname`, `*` matches anything. A
// malformed pattern (an unterminated `[`, an unknown `[:class:]`, a trailing `\`) matches
// nothing, as in git. Matching simulates the pattern's automaton, so it takes time proportional
// to pattern length times text length whatever the stars.
class Wildmatch {
 public:
  Wildmatch() = default;
  Wildmatch(std::string_view pattern, bool pathname);

  bool matches(std::string_view text) const;

 private:
  // AnyDirectories is the junction of `**/`, followed by an AnyString and a Literal '/'.
  enum class Kind : unsigned char { Literal, AnyChar, Class, Star, AnyString, AnyDirectories };
  struct Token {
    Kind kind = Kind::Literal;
    unsigned char byte = 0;
    std::uint32_t set = 0;  // index into sets_ for Kind::Class
  };
  bool compile_class(std::string_view pattern, std::size_t& i);

  std::vector<Token> tokens_;
  std::vector<std::bitset<256>> sets_;
  bool pathname_ = true;
  bool valid_ = true;
};

// One-shot form of Wildmatch.
bool wildmatch(std::string_view pattern, std::string_view text, bool pathname);

// One line of an ignore file, parsed as git's parse_path_pattern() does.
struct IgnorePattern {
  std::string pattern;             // without the leading '!' and the trailing '/'
  std::size_t literal_prefix = 0;  // length of the part before the first glob character
  bool negated = false;            // `!pattern` re-includes
  bool directory_only = false;     // `pattern/` matches directories only
  bool basename_only = false;      // no '/' in the pattern: matches the last component anywhere
  std::size_t line = 0;
  // What is matched after the literal prefix (for path patterns) or against the last component.
  Wildmatch glob;
};

// The patterns of one ignore file. `base` is the directory holding it, relative to the work tree
// top, "" or ending in '/' ("app/"); patterns with a '/' are anchored there.
class IgnoreList {
 public:
  IgnoreList() = default;
  IgnoreList(std::string_view text, std::string base);

  const std::string& base() const { return base_; }
  const std::vector<IgnorePattern>& patterns() const { return patterns_; }
  bool empty() const { return patterns_.empty(); }

  // The last pattern that matches `path` (relative to the work tree top, '/'-separated), or
  // nullptr. The last match in a file decides, whether it ignores or re-includes.
  const IgnorePattern* last_match(std::string_view path, bool is_directory) const;

 private:
  std::string base_;
  std::vector<IgnorePattern> patterns_;
};

// Reads an ignore file; a missing or unreadable file gives an empty list, as in git. A
// `.gitignore` that is a symbolic link is not followed (git 2.32 and later), hence `follow`.
IgnoreList read_ignore_file(const std::filesystem::path& file, std::string base, bool follow);

// The rules in force while walking a work tree: the `.gitignore` of every directory from the top
// down to the current one (pushed on entering a directory, popped on leaving it) and
// `$GIT_DIR/info/exclude`. Precedence is git's: deeper files first, each read from its last line
// up, then info/exclude; the first pattern that matches decides.
class GitIgnoreStack {
 public:
  explicit GitIgnoreStack(IgnoreList info_exclude = {}) : info_exclude_(std::move(info_exclude)) {}

  void push(IgnoreList list) { lists_.push_back(std::move(list)); }
  void pop() { lists_.pop_back(); }

  // Whether `path` (relative to the work tree top) is ignored by the patterns themselves. The
  // caller handles git's other rule, that nothing inside an ignored directory can be
  // re-included, by not entering ignored directories.
  bool ignored(std::string_view path, bool is_directory) const;

 private:
  IgnoreList info_exclude_;
  std::vector<IgnoreList> lists_;
};

// The git repository enclosing a directory: its work tree top and the directory holding
// `info/exclude` (the common git directory, which differs from `.git` for linked worktrees).
struct GitRepository {
  std::filesystem::path work_tree;
  std::filesystem::path common_dir;
};

// Looks for `.git` (a directory, or a file with `gitdir: ...` as in worktrees and submodules) in
// `directory` and its ancestors. `directory` should be canonical.
std::optional<GitRepository> find_git_repository(const std::filesystem::path& directory);

// `.git` in `directory` itself: the repository whose work tree top it is, if any.
std::optional<GitRepository> git_repository_at(const std::filesystem::path& directory);

}  // namespace preflight
