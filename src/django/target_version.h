// The Django version whose behaviour the rules reproduce (DESIGN.md "Versions"): the configured
// one, else the lowest version the project's requirements allow, else 4.2.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "django/names.h"

namespace preflight::django {

// A file that may declare the `django` dependency. What it is is decided by its name:
// `pyproject.toml` ([project] dependencies, [tool.poetry.dependencies]), `Pipfile` ([packages]),
// `Pipfile.lock`, `poetry.lock`, `setup.cfg` ([options] install_requires), and any other `*.txt`
// as a pip requirements file. Other names are ignored.
struct VersionSource {
  std::string path;  // relative, '/'-separated
  std::string_view text;
};

struct TargetVersion {
  DjangoVersion version;
  // As ModelOptions::django_version_source: "[tool.preflight.django] version",
  // "requirements/base.txt:3 (Django==3.2.25)", or "default".
  std::string source;
};

// `configured`: the config / --django-version value "MAJOR.MINOR" (already validated), if any; it
// wins. Otherwise the lowest MAJOR.MINOR any file allows for the `django` distribution (name
// compared as PEP 503 normalises it): the lower bound of each specifier set (`==`, `===`, `>=`,
// `>`, `~=`, Poetry's `^` and `~` and bare versions; only upper bounds give none), the minimum over
// all declarations, the first file in `files` order on a tie. Otherwise 4.2, "default". Never
// throws on malformed input: what does not parse declares nothing.
TargetVersion target_django_version(const std::optional<std::string>& configured,
                                    std::span<const VersionSource> files);

// The lowest MAJOR.MINOR a specifier set allows, or nullopt when it has no lower bound.
// `poetry`: Poetry's syntax (`^4.2`, `~4.2`, a bare `4.2` meaning `==4.2`, `||` alternatives, and
// constraints separated by spaces as well as commas); otherwise PEP 440's (comma-separated).
std::optional<DjangoVersion> lowest_allowed_version(std::string_view specifiers, bool poetry);

}  // namespace preflight::django
