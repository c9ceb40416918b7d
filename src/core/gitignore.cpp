#include "core/gitignore.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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

enum class Wild { Match, NoMatch, AbortAll, AbortToStarStar };

// A line-by-line port of git's dowild() (wildmatch.c). git walks NUL-terminated strings; here a
// position past the end reads as 0, which keeps the control flow, and therefore every corner
// case, identical.
class WildMatcher {
 public:
  WildMatcher(std::string_view pattern, std::string_view text, bool pathname)
      : pattern_(pattern), text_(text), pathname_(pathname) {}

  Wild run(std::size_t pi, std::size_t ti) const;

 private:
  unsigned char p(std::size_t i) const {
    return i < pattern_.size() ? static_cast<unsigned char>(pattern_[i]) : 0;
  }
  unsigned char t(std::size_t i) const {
    return i < text_.size() ? static_cast<unsigned char>(text_[i]) : 0;
  }
  bool in_class(std::string_view name, unsigned char c, bool* known) const;

  std::string_view pattern_;
  std::string_view text_;
  bool pathname_;
};

bool WildMatcher::in_class(std::string_view name, unsigned char c, bool* known) const {
  *known = true;
  if (name == "alnum") return std::isalnum(c);
  if (name == "alpha") return std::isalpha(c);
  if (name == "blank") return c == ' ' || c == '\t';
  if (name == "cntrl") return std::iscntrl(c);
  if (name == "digit") return std::isdigit(c);
  if (name == "graph") return std::isgraph(c);
  if (name == "lower") return std::islower(c);
  if (name == "print") return std::isprint(c);
  if (name == "punct") return std::ispunct(c);
  if (name == "space") return std::isspace(c);
  if (name == "upper") return std::isupper(c);
  if (name == "xdigit") return std::isxdigit(c);
  *known = false;
  return false;
}

Wild WildMatcher::run(std::size_t pi, std::size_t ti) const {
  const std::size_t start = pi;
  for (; p(pi) != 0; ++ti, ++pi) {
    unsigned char p_ch = p(pi);
    unsigned char t_ch = t(ti);
    if (t_ch == 0 && p_ch != '*') return Wild::AbortAll;
    switch (p_ch) {
      case '\\':
        // A literal match with the next character; a trailing backslash compares 0 and fails.
        p_ch = p(++pi);
        [[fallthrough]];
      default:
        if (t_ch != p_ch) return Wild::NoMatch;
        continue;
      case '?':
        if (pathname_ && t_ch == '/') return Wild::NoMatch;
        continue;
      case '*': {
        bool match_slash = false;
        if (p(++pi) == '*') {
          const bool after_slash = pi < start + 2 || p(pi - 2) == '/';
          while (p(++pi) == '*') {
          }
          if (!pathname_) {
            match_slash = true;
          } else if (after_slash &&
                     (p(pi) == 0 || p(pi) == '/' || (p(pi) == '\\' && p(pi + 1) == '/'))) {
            // `**/` may match no directory at all: try the rest of the pattern right here, so
            // that `a/**/b` matches `a/b`.
            if (p(pi) == '/' && run(pi + 1, ti) == Wild::Match) return Wild::Match;
            match_slash = true;
          } else {
            // `**` that is not a whole component is an ordinary `*`.
            match_slash = false;
          }
        } else {
          match_slash = !pathname_;
        }
        if (p(pi) == 0) {
          // A trailing `**` matches everything; a trailing `*` only what has no more '/'.
          if (!match_slash && text_.find('/', ti) != std::string_view::npos) return Wild::NoMatch;
          return Wild::Match;
        }
        if (!match_slash && p(pi) == '/') {
          // One `*` followed by '/' matches the rest of this component.
          const std::size_t slash = text_.find('/', ti);
          if (slash == std::string_view::npos) return Wild::NoMatch;
          ti = slash;
          break;  // the loop's increment consumes both slashes
        }
        while (true) {
          if (t_ch == 0) break;
          // When the star is followed by a literal, skip straight to its next occurrence.
          if (!is_glob_special(p(pi))) {
            const unsigned char literal = p(pi);
            while ((t_ch = t(ti)) != 0 && (match_slash || t_ch != '/')) {
              if (t_ch == literal) break;
              ++ti;
            }
            if (t_ch != literal) return Wild::NoMatch;
          }
          const Wild matched = run(pi, ti);
          if (matched != Wild::NoMatch) {
            if (!match_slash || matched != Wild::AbortToStarStar) return matched;
          } else if (!match_slash && t_ch == '/') {
            return Wild::AbortToStarStar;
          }
          t_ch = t(++ti);
        }
        return Wild::AbortAll;
      }
      case '[': {
        p_ch = p(++pi);
        if (p_ch == '^') p_ch = '!';
        const bool negated = p_ch == '!';
        if (negated) p_ch = p(++pi);
        unsigned char prev_ch = 0;
        bool matched = false;
        do {
          if (!p_ch) return Wild::AbortAll;
          if (p_ch == '\\') {
            p_ch = p(++pi);
            if (!p_ch) return Wild::AbortAll;
            if (t_ch == p_ch) matched = true;
          } else if (p_ch == '-' && prev_ch && p(pi + 1) && p(pi + 1) != ']') {
            p_ch = p(++pi);
            if (p_ch == '\\') {
              p_ch = p(++pi);
              if (!p_ch) return Wild::AbortAll;
            }
            if (t_ch <= p_ch && t_ch >= prev_ch) matched = true;
            p_ch = 0;  // a range cannot start another range
          } else if (p_ch == '[' && p(pi + 1) == ':') {
            pi += 2;
            const std::size_t name_start = pi;
            while ((p_ch = p(pi)) != 0 && p_ch != ']') ++pi;
            if (!p_ch) return Wild::AbortAll;
            if (pi < name_start + 1 || p(pi - 1) != ':') {
              // No ":]": the '[' was an ordinary member of the set.
              pi = name_start - 2;
              p_ch = '[';
              if (t_ch == p_ch) matched = true;
              continue;
            }
            bool known = false;
            if (in_class(pattern_.substr(name_start, pi - 1 - name_start), t_ch, &known)) {
              matched = true;
            }
            if (!known) return Wild::AbortAll;
            p_ch = 0;
          } else if (t_ch == p_ch) {
            matched = true;
          }
        } while (prev_ch = p_ch, (p_ch = p(++pi)) != ']');
        if (matched == negated || (pathname_ && t_ch == '/')) return Wild::NoMatch;
        continue;
      }
    }
  }
  return ti < text_.size() ? Wild::NoMatch : Wild::Match;
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
  return wildmatch(pattern.pattern, basename, /*pathname=*/false);
}

// git's match_pathname(): `base` is the ignore file's directory without its trailing '/'. The
// literal prefix is compared first and the rest handed to wildmatch, exactly as git does: it
// changes what `**` after a literal means (`foo**/bar`), so it is not only an optimisation.
bool match_pathname(std::string_view path, std::string_view base, const IgnorePattern& pattern) {
  std::string_view glob = pattern.pattern;
  std::size_t prefix = pattern.literal_prefix;
  if (!glob.empty() && glob.front() == '/') {
    glob.remove_prefix(1);
    --prefix;
  }
  if (path.size() < base.size() + 1 || (!base.empty() && path[base.size()] != '/') ||
      path.substr(0, base.size()) != base) {
    return false;
  }
  std::string_view name = base.empty() ? path : path.substr(base.size() + 1);
  if (prefix > 0) {
    if (prefix > name.size()) return false;
    if (glob.substr(0, prefix) != name.substr(0, prefix)) return false;
    glob.remove_prefix(prefix);
    name.remove_prefix(prefix);
    if (glob.empty() && name.empty()) return true;
  }
  return wildmatch(glob, name, /*pathname=*/true);
}

}  // namespace

bool wildmatch(std::string_view pattern, std::string_view text, bool pathname) {
  return WildMatcher(pattern, text, pathname).run(0, 0) == Wild::Match;
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
    patterns_.push_back(std::move(pattern));
  }
}

const IgnorePattern* IgnoreList::last_match(std::string_view path, bool is_directory) const {
  const std::size_t slash = path.rfind('/');
  const std::string_view basename = slash == std::string_view::npos ? path : path.substr(slash + 1);
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
