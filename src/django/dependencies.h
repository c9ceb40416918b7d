// The distributions a project declares it installs (requirements files, pyproject.toml,
// poetry.lock), and whether an import name is provided by one of them. Static: nothing is
// installed or looked up.
#pragma once

#include <cstdint>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "django/target_version.h"

namespace preflight::django {

// Calls `visit(number, line)` for each physical line of `text`, 1-based, without terminators.
template <typename Visit>
void for_each_line(std::string_view text, Visit visit) {
  std::uint32_t number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    visit(++number, line);
    start = end + 1;
  }
}

// A logical line of a pip requirements file: `\` continuations joined, a `#` comment (at the
// start or after whitespace) and per-requirement options (`--hash=...` after a requirement)
// removed, trimmed; blank lines are left out. `line` is 1-based, where
// the logical line starts.
struct RequirementLine {
  std::uint32_t line = 0;
  std::string text;
};
std::vector<RequirementLine> requirement_lines(std::string_view text);

// A distribution name as PEP 503 normalises it: lower case, runs of `-`, `_`, `.` as one `-`.
std::string normalize_distribution(std::string_view name);

struct DeclaredDependencies {
  std::set<std::string> names;  // normalised
  // Some declaration could not be read: a `-r` file that is not in the project, an editable or URL
  // requirement without `#egg=`, a line that is not a requirement, a pyproject.toml that does not
  // parse or whose dependencies are dynamic, a Pipfile, Pipfile.lock or setup.cfg (not read here).
  std::vector<std::string> unknown;
  bool any_file = false;  // some file declares dependencies
  // Some declaration installs Django, and each one that does lists Django's own dependency
  // sqlparse too (with what it includes): hand-written lists leave transitive dependencies out,
  // `pip freeze`, pip-compile, `poetry export` and poetry.lock have them. A pyproject.toml's
  // top-level list does not count beside a poetry.lock.
  bool transitive = false;
  std::vector<std::string> includes;  // `-r` files of a requirements file, normalised paths

  // The declared set is complete enough to say "not installed": files were read, nothing was
  // unknown, and the lists are complete (`transitive`).
  bool complete() const;
};

// Reads the files of `files` by name, as target_django_version does: `requirements*.txt` (any
// `*.txt` given), `pyproject.toml` ([project] dependencies and optional-dependencies, Poetry's
// dependencies, dev-dependencies and groups), `poetry.lock` (every package). `-r` includes are
// resolved against the including file's folder and must be among `files` (they are then read as
// files of their own); `-c` constraints install nothing and are skipped.
DeclaredDependencies read_declared_dependencies(std::span<const VersionSource> files);

// Adds the packages `pip install` commands in `command` (a RUN line, a shell step) name directly.
// Returns false when such a command names something that is not a plain requirement.
bool add_pip_install_names(std::string_view command, DeclaredDependencies& declared);

// Whether the top-level import name `module` may be provided by a declared distribution: its name
// normalised equals one (`django_x` and `django-x`), a well-known alias (`yaml` is PyYAML, `PIL`
// is Pillow, `rest_framework` is djangorestframework), or either name, with separators removed,
// contains the other (`jwt` and PyJWT, `django_filters` and django-filter).
bool import_declared(std::string_view module, const std::set<std::string>& names);

// Modules present wherever pip is: pip, setuptools (pkg_resources), wheel; `pip freeze` omits them.
bool installer_module(std::string_view top_level);

}  // namespace preflight::django
