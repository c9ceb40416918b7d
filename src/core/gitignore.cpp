#include "core/gitignore.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>

namespace preflight {

namespace {

bool is_glob_special(unsigned char c) {
  return c == '*' || c == '?' || c == '[' || c == '\\';
}

// The length of the part of `pattern` before its first glob character (git's simple_length()).
std::size_t simple_length(std::string_view pattern) {
  std::size_t i = 0;
  while (i < pattern.size() && !is_glob_special(static_cast<unsigned char>(pattern[i]))) ++i;
  return i;
}

// git's trim_trailing_spaces(): unescaped trailing spaces (not tabs) go.
void trim_trailing_spaces(std::string& line) {
  std::size_t last_space = std::string::npos;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == ' ') {
      if (last_space == std::string::npos) last_space = i;
    } else if (line[i] == '\\') {
      ++i;
      if (i == line.size()) return;
      last_space = std::string::npos;
    } else {
      last_space = std::string::npos;
    }
  }
  if (last_space != std::string::npos) line.resize(last_space);
}

bool match_basename(std::string_view basename, const IgnorePattern& pattern) {
  if (pattern.literal_prefix == pattern.pattern.size()) return basename == pattern.pattern;
  return pattern.glob.matches(basename);
}

// git's match_pathname(): `base` is the ignore file's directory without its trailing '/'. The
// literal prefix is compared as a string and only the rest is a glob, as git does: that changes
// what `**` right after a literal means (`foo**/bar` behaves like `foo` + `**/bar`), so it is not
// only an optimisation.
bool match_pathname(std::string_view path, std::string_view base, const IgnorePattern& pattern) {
  std::string_view literal = std::string_view(pattern.pattern).substr(0, pattern.literal_prefix);
  if (!literal.empty() && literal.front() == '/') literal.remove_prefix(1);
  if (path.size() < base.size() + 1 || (!base.empty() && path[base.size()] != '/') ||
      path.substr(0, base.size()) != base) {
    return false;
  }
  std::string_view name = base.empty() ? path : path.substr(base.size() + 1);
  if (!name.starts_with(literal)) return false;
  name.remove_prefix(literal.size());
  return pattern.glob.matches(name);
}

}  // namespace

Wildmatch::Wildmatch(std::string_view pattern, bool pathname) : pathname_(pathname) {
  std::size_t i = 0;
  while (i < pattern.size()) {
    const auto c = static_cast<unsigned char>(pattern[i]);
    if (c == '\\') {
      if (i + 1 == pattern.size()) {
        valid_ = false;  // a trailing backslash escapes nothing and can match nothing
        return;
      }
      tokens_.push_back(Token{Kind::Literal, static_cast<unsigned char>(pattern[i + 1]), 0});
      i += 2;
    } else if (c == '?') {
      tokens_.push_back(Token{Kind::AnyChar, 0, 0});
      ++i;
    } else if (c == '[') {
      if (!compile_class(pattern, i)) {
        valid_ = false;
        return;
      }
    } else if (c == '*') {
      std::size_t end = i;
      while (end < pattern.size() && pattern[end] == '*') ++end;
      const bool several = end - i >= 2;
      const bool component_start = i == 0 || pattern[i - 1] == '/';
      Kind kind = pathname ? Kind::Star : Kind::AnyString;
      if (pathname && several && component_start) {
        if (end == pattern.size()) {
          kind = Kind::AnyString;
        } else if (pattern[end] == '/') {
          kind = Kind::AnyDirectories;
          ++end;  // the '/' belongs to `**/`
        } else if (pattern.substr(end, 2) == "\\/") {
          kind = Kind::AnyDirectories;
          end += 2;
        }
      }
      tokens_.push_back(Token{kind, 0, 0});
      // `**/` is compiled as a junction, then "any string, then '/'": the junction leads into
      // that run or straight past it (no directory at all). The way past must start from the
      // junction only, never from the middle of the run, hence the separate node.
      if (kind == Kind::AnyDirectories) {
        tokens_.push_back(Token{Kind::AnyString, 0, 0});
        tokens_.push_back(Token{Kind::Literal, '/', 0});
      }
      i = end;
    } else {
      tokens_.push_back(Token{Kind::Literal, c, 0});
      ++i;
    }
  }
}

// Reads the class opening at pattern[i] ('['), leaving `i` after its ']'. The first member may
// be ']'; `a-z` is a range unless '-' comes first or last; `\x` is x; `[:name:]` is a ctype
// class, and a `[:` without its `:]` is an ordinary '['.
bool Wildmatch::compile_class(std::string_view pattern, std::size_t& i) {
  auto at = [&](std::size_t k) -> unsigned char {
    return k < pattern.size() ? static_cast<unsigned char>(pattern[k]) : 0;
  };
  std::bitset<256> set;
  std::size_t k = i + 1;
  const bool negated = at(k) == '!' || at(k) == '^';
  if (negated) ++k;
  unsigned char previous = 0;  // the last single member, which a '-' may extend to a range
  bool first = true;
  while (true) {
    if (k >= pattern.size()) return false;
    unsigned char c = at(k);
    if (c == ']' && !first) {
      ++k;
      break;
    }
    first = false;
    if (c == '\\') {
      if (k + 1 >= pattern.size()) return false;
      c = at(k + 1);
      set.set(c);
      previous = c;
      k += 2;
    } else if (c == '-' && previous != 0 && k + 1 < pattern.size() && at(k + 1) != ']') {
      unsigned char last = at(k + 1);
      k += 2;
      if (last == '\\') {
        if (k >= pattern.size()) return false;
        last = at(k);
        ++k;
      }
      for (unsigned v = previous; v <= last; ++v) set.set(v);
      previous = 0;
    } else if (c == '[' && at(k + 1) == ':') {
      const std::size_t name_start = k + 2;
      const std::size_t close = pattern.find(']', name_start);
      if (close == std::string_view::npos) return false;
      if (close == name_start || pattern[close - 1] != ':') {
        set.set('[');
        previous = '[';
        ++k;
        continue;
      }
      const std::string_view name = pattern.substr(name_start, close - 1 - name_start);
      int (*test)(int) = nullptr;
      if (name == "alnum") test = [](int v) { return std::isalnum(v); };
      if (name == "alpha") test = [](int v) { return std::isalpha(v); };
      if (name == "blank") test = [](int v) { return static_cast<int>(v == ' ' || v == '\t'); };
      if (name == "cntrl") test = [](int v) { return std::iscntrl(v); };
      if (name == "digit") test = [](int v) { return std::isdigit(v); };
      if (name == "graph") test = [](int v) { return std::isgraph(v); };
      if (name == "lower") test = [](int v) { return std::islower(v); };
      if (name == "print") test = [](int v) { return std::isprint(v); };
      if (name == "punct") test = [](int v) { return std::ispunct(v); };
      if (name == "space") test = [](int v) { return std::isspace(v); };
      if (name == "upper") test = [](int v) { return std::isupper(v); };
      if (name == "xdigit") test = [](int v) { return std::isxdigit(v); };
      if (test == nullptr) return false;  // git rejects the whole pattern
      for (int v = 0; v < 128; ++v) {
        if (test(v)) set.set(static_cast<std::size_t>(v));
      }
      previous = 0;
      k = close + 1;
    } else {
      set.set(c);
      previous = c;
      ++k;
    }
  }
  if (negated) set.flip();
  if (pathname_) set.reset('/');
  sets_.push_back(set);
  tokens_.push_back(Token{Kind::Class, 0, static_cast<std::uint32_t>(sets_.size() - 1)});
  i = k;
  return true;
}

bool Wildmatch::matches(std::string_view text) const {
  if (!valid_) return false;
  const std::size_t count = tokens_.size();
  // states[k]: the first k tokens can match the text read so far.
  thread_local std::vector<unsigned char> current;
  thread_local std::vector<unsigned char> next;
  current.assign(count + 1, 0);
  next.assign(count + 1, 0);
  // Tokens that may match nothing let the automaton move on without reading.
  auto close = [&](std::vector<unsigned char>& states) {
    for (std::size_t k = 0; k < count; ++k) {
      if (!states[k]) continue;
      const Kind kind = tokens_[k].kind;
      if (kind == Kind::Star || kind == Kind::AnyString || kind == Kind::AnyDirectories) {
        states[k + 1] = 1;
      }
      if (kind == Kind::AnyDirectories) states[k + 3] = 1;  // past `**/` altogether
    }
  };
  current[0] = 1;
  close(current);
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    std::fill(next.begin(), next.end(), 0);
    bool alive = false;
    for (std::size_t k = 0; k < count; ++k) {
      if (!current[k]) continue;
      const Token& token = tokens_[k];
      switch (token.kind) {
        case Kind::Literal:
          if (c == token.byte) next[k + 1] = 1;
          break;
        case Kind::AnyChar:
          if (c != '/' || !pathname_) next[k + 1] = 1;
          break;
        case Kind::Class:
          if (sets_[token.set].test(c)) next[k + 1] = 1;
          break;
        case Kind::Star:
          if (c != '/') next[k] = 1;
          break;
        case Kind::AnyString:
          next[k] = 1;
          break;
        case Kind::AnyDirectories:
          break;  // a junction: it reads nothing itself
      }
    }
    close(next);
    for (const unsigned char state : next) alive = alive || state;
    if (!alive) return false;
    current.swap(next);
  }
  return current[count] != 0;
}

bool wildmatch(std::string_view pattern, std::string_view text, bool pathname) {
  return Wildmatch(pattern, pathname).matches(text);
}

IgnoreList::IgnoreList(std::string_view text, std::string base) : base_(std::move(base)) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const std::size_t newline = text.find('\n');
    std::string_view raw = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    // As in git, the comment and blank checks look at the line before CR and spaces go.
    if (raw.empty() || raw.front() == '#') continue;
    if (raw.back() == '\r') raw.remove_suffix(1);
    std::string line(raw);
    trim_trailing_spaces(line);

    IgnorePattern pattern;
    pattern.line = line_number;
    std::string_view body = line;
    if (!body.empty() && body.front() == '!') {
      pattern.negated = true;
      body.remove_prefix(1);
    }
    if (!body.empty() && body.back() == '/') {
      pattern.directory_only = true;
      body.remove_suffix(1);
    }
    // An empty pattern matches nothing in git; dropping it changes no answer.
    if (body.empty()) continue;
    pattern.basename_only = body.find('/') == std::string_view::npos;
    pattern.pattern = std::string(body);
    pattern.literal_prefix = simple_length(body);
    if (pattern.basename_only) {
      pattern.glob = Wildmatch(body, /*pathname=*/false);
    } else {
      pattern.glob = Wildmatch(body.substr(pattern.literal_prefix), /*pathname=*/true);
    }
    patterns_.push_back(std::move(pattern));
  }
}

const IgnorePattern* IgnoreList::last_match(std::string_view path, bool is_directory) const {
  const std::size_t slash = path.rfind('/');
  const std::string_view basename = slash == std::string_view::npos ? path : path.substr(slash + 1);
  // Only paths below the file's directory are its business (git guarantees this by the order
  // it loads files in; checking here keeps a misused list harmless).
  if (!path.starts_with(base_)) return nullptr;
  std::string_view base = base_;
  if (!base.empty()) base.remove_suffix(1);
  for (auto it = patterns_.rbegin(); it != patterns_.rend(); ++it) {
    if (it->directory_only && !is_directory) continue;
    const bool matched =
        it->basename_only ? match_basename(basename, *it) : match_pathname(path, base, *it);
    if (matched) return &*it;
  }
  return nullptr;
}

IgnoreList read_ignore_file(const std::filesystem::path& file, std::string base, bool follow) {
  const int fd =
      ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | (follow ? 0 : O_NOFOLLOW));
  if (fd < 0) return IgnoreList({}, std::move(base));
  std::string text;
  struct stat info {};
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) {
    char buffer[16384];
    while (true) {
      const ssize_t n = ::read(fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      text.append(buffer, static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  return IgnoreList(text, std::move(base));
}

bool GitIgnoreStack::ignored(std::string_view path, bool is_directory) const {
  for (auto it = lists_.rbegin(); it != lists_.rend(); ++it) {
    if (const IgnorePattern* pattern = it->last_match(path, is_directory)) return !pattern->negated;
  }
  if (const IgnorePattern* pattern = info_exclude_.last_match(path, is_directory)) {
    return !pattern->negated;
  }
  return false;
}

namespace {

// The first line of a small text file, without its line terminator.
std::optional<std::string> read_first_line(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return std::nullopt;
  std::string text;
  char buffer[4096];
  ssize_t n = 0;
  while ((n = ::read(fd, buffer, sizeof buffer)) < 0 && errno == EINTR) {
  }
  if (n > 0) text.assign(buffer, static_cast<std::size_t>(n));
  ::close(fd);
  const std::size_t end = text.find_first_of("\r\n");
  if (end != std::string::npos) text.resize(end);
  return text;
}

}  // namespace

std::optional<GitRepository> git_repository_at(const std::filesystem::path& directory) {
  std::error_code error;
  const std::filesystem::path dot_git = directory / ".git";
  const std::filesystem::file_status status = std::filesystem::status(dot_git, error);
  if (error) return std::nullopt;
  if (std::filesystem::is_directory(status)) return GitRepository{directory, dot_git};
  if (!std::filesystem::is_regular_file(status)) return std::nullopt;

  // A worktree or a submodule: `.git` is a file naming the real git directory.
  const std::optional<std::string> line = read_first_line(dot_git);
  constexpr std::string_view kPrefix = "gitdir: ";
  if (!line || line->compare(0, kPrefix.size(), kPrefix) != 0) return std::nullopt;
  std::filesystem::path git_dir = line->substr(kPrefix.size());
  if (git_dir.is_relative()) git_dir = directory / git_dir;
  git_dir = git_dir.lexically_normal();
  std::filesystem::path common_dir = git_dir;
  if (const std::optional<std::string> common = read_first_line(git_dir / "commondir")) {
    common_dir = std::filesystem::path(*common).is_relative() ? git_dir / *common
                                                              : std::filesystem::path(*common);
    common_dir = common_dir.lexically_normal();
  }
  return GitRepository{directory, common_dir};
}

std::optional<GitRepository> find_git_repository(const std::filesystem::path& directory) {
  std::filesystem::path current = directory;
  while (true) {
    if (std::optional<GitRepository> repository = git_repository_at(current)) return repository;
    std::filesystem::path parent = current.parent_path();
    if (parent == current || parent.empty()) return std::nullopt;
    current = std::move(parent);
  }
}

}  // namespace preflight
