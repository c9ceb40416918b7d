// PF206: a migration imports a module the project does not have or declare; Django imports every
// migration module to build the graph, so `migrate`, `makemigrations` and `showmigrations` stop
// with ModuleNotFoundError.
#include <fmt/format.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "django/dependencies.h"
#include "django/python_stdlib.h"
#include "rules/registry.h"

namespace preflight::rules {
namespace {

namespace mig = django::migrations;
namespace fs = std::filesystem;

constexpr RuleInfo kMigrationImportMissing{
    .code = "PF206",
    .name = "migration-import-missing",
    .family = Family::Migrations,
    .severity = Severity::Error,
    .summary =
        "a migration imports a module that is neither in the project nor in its "
        "requirements: loading migrations fails",
    .explanation = R"md(
## What it finds

A module-level `import` in a migration of an installed app that cannot succeed:

- a **project module that does not exist**: the import's package is part of the project
  (`billing`), but the module it names (`billing.legacy`) is neither a module nor a package of it
  — typically a helper or a whole app that was deleted while old migrations still import it. For
  `from X import y` only a missing `X` is reported (`y` may be a name defined in `X`). A folder or
  any file named like the module (a namespace package, a compiled extension, an excluded or
  oversized file) counts as present.
- a **third-party module no declared distribution provides**: only when the project's declared
  dependencies are complete, that is when every list that installs Django also lists Django's own
  dependency `sqlparse`, as `pip freeze`, pip-compile, `poetry export` and `poetry.lock` do
  (hand-written lists leave transitive dependencies out, so a name missing from them proves
  nothing; beside a `poetry.lock`, `pyproject.toml`'s top-level list does not count). The declarations read
  are `requirements*.txt` (and `requirements/*.txt`), `pyproject.toml` (`[project]` dependencies
  and optional dependencies, Poetry's dependency tables), `poetry.lock`, and packages that
  Dockerfile `RUN pip install NAME` lines install. Anything preflight cannot read makes the set
  unknown and turns this half of the rule off: a `-r` include that is not in the project, an
  editable or URL requirement without `#egg=`, a line that is not a requirement, dynamic
  dependencies, a `Pipfile`, `Pipfile.lock` or `setup.cfg`, or a `pip install` of a path, URL or
  variable. An import matches a distribution when its top-level name, normalised as PEP 503 does
  (lower case, `-`, `_` and `.` alike), equals the distribution's name (`django_extensions` is
  `django-extensions`), when a table of well-known differences says so (`PIL` is Pillow,
  `rest_framework` is djangorestframework, `bs4` is beautifulsoup4, `cv2` is opencv-python ...),
  or when, separators removed, one name contains the other (`jwt` and PyJWT, `environ` and
  django-environ, `corsheaders` and django-cors-headers). Standard-library modules (Python 3.11's
  `sys.stdlib_module_names`) and pip's own (`setuptools`, `pkg_resources`) are never reported.

A third-party name that is also the name of a folder or module of the project (`apps/billing/`
for `import billing`) is not reported: a `sys.path` entry, or a package without `__init__.py`,
may make it importable.

Imports inside functions, `try` blocks and `if` blocks are not read: they do not run when the
migration module is loaded, or they handle their own failure.

## What fails in production

Django's `MigrationLoader` imports every migration module of every installed app before it does
anything else, so one failing import stops `migrate`, `makemigrations`, `showmigrations` and
`sqlmigrate` — and every test run that creates the test database:

```
ModuleNotFoundError: No module named 'billing.legacy'
```

A deploy that runs `migrate` stops there, whatever migration is pending.

## Example

```python
# billing/migrations/0007_backfill_totals.py
from django.db import migrations

from billing.legacy import recompute_totals  # billing/legacy.py was deleted


class Migration(migrations.Migration):
    dependencies = [("billing", "0006_invoice_total")]
    operations = [migrations.RunPython(recompute_totals, migrations.RunPython.noop)]
```

## Fix

Restore the module, or add the distribution to the requirements when it is still needed. When the
code is gone for good, edit the migration so that it no longer imports it: copy the function
`RunPython` calls into the migration itself (old migrations must keep working on an empty
database), replace it with `migrations.RunPython.noop` when its work no longer matters, or squash
the app's migrations and delete the old ones once every database has applied them.
)md"};

// The first prefix of `dotted` (from the top) that the module table lacks, with the longest
// prefix it has; nullopt when the whole name exists.
struct MissingModule {
  std::string missing;
  const django::ModuleTable::Module* parent = nullptr;
};

std::optional<MissingModule> first_missing(const django::ModuleTable& table,
                                           std::string_view dotted) {
  const django::ModuleTable::Module* parent = nullptr;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = dotted.find('.', start);
    const std::string_view prefix = dotted.substr(0, dot);
    const django::ModuleTable::Module* module = table.find(prefix);
    if (!module) return MissingModule{std::string(prefix), parent};
    if (dot == std::string_view::npos) return std::nullopt;
    parent = module;
    start = dot + 1;
  }
}

// A folder, or a file named `name` or `name.*`, in `folder`.
bool entry_in_folder(const fs::path& folder, std::string_view name) {
  std::error_code ec;
  for (fs::directory_iterator it(folder.empty() ? fs::path(".") : folder, ec), end;
       !ec && it != end; it.increment(ec)) {
    const std::string entry = it->path().filename().string();
    if (entry == name ||
        (entry.size() > name.size() && entry.starts_with(name) && entry[name.size()] == '.')) {
      return true;
    }
  }
  return static_cast<bool>(ec);  // a folder that cannot be listed: unknown, not missing
}

// Whether Python may find `missing` although the module table lacks it: a folder (a namespace
// package) or a file named like it (a compiled extension, a module preflight did not read) next
// to the parent package's `__init__.py`, or at the same place below the folder the migration's
// own modules are imported from (another project of the tree may own the parent's name).
bool present_on_disk(const project::Project& project, const mig::Migration& migration,
                     const MissingModule& missing) {
  const std::string_view name =
      std::string_view(missing.missing).substr(missing.parent->name.size() + 1);
  if (missing.parent->is_package && missing.parent->source && missing.parent->source->source &&
      entry_in_folder(missing.parent->source->source->path().parent_path(), name)) {
    return true;
  }
  // The migration `a.b.migrations.0001_x` lies four folders below its import root.
  fs::path root = project.sources().file(migration.file).path().parent_path();
  for (const char c : migration.module) {
    if (c == '.') root = root.parent_path();
  }
  fs::path folder = root;
  std::string_view parent = missing.parent->name;
  for (std::size_t start = 0; start <= parent.size();) {
    std::size_t dot = parent.find('.', start);
    if (dot == std::string_view::npos) dot = parent.size();
    folder /= std::string(parent.substr(start, dot - start));
    start = dot + 1;
  }
  std::error_code ec;
  return fs::is_directory(folder, ec) && entry_in_folder(folder, name);
}

// The project's declared dependencies, from requirements files, pyproject.toml and poetry.lock,
// and Dockerfiles' `pip install` lines.
django::DeclaredDependencies declared_dependencies(const project::Project& project) {
  std::vector<django::VersionSource> files;
  for (const project::ProjectFile& file : project.files()) {
    const SourceFile& source = project.sources().file(file.id);
    const std::string name = source.path().filename().string();
    if (file.kind == FileKind::Requirements || name == "pyproject.toml") {
      files.push_back(django::VersionSource{source.path().generic_string(), source.text()});
    }
  }
  django::DeclaredDependencies declared = django::read_declared_dependencies(files);
  for (const deploy::Dockerfile& dockerfile : project.deployment().dockerfiles) {
    for (const deploy::DockerInstruction& instruction : dockerfile.instructions) {
      if (instruction.keyword != "RUN") continue;
      if (!django::add_pip_install_names(instruction.arguments, declared)) {
        declared.unknown.push_back("a Dockerfile `pip install` of a path, URL or variable");
      }
    }
  }
  return declared;
}

// A folder or module of the project named `top` (`apps/billing/`, `src/billing.py`) although no
// project package has that name: a `sys.path` entry the settings or manage.py add, or a package
// without `__init__.py`, may make it importable as `billing`.
bool project_folder_named(const django::ModuleTable& table, std::string_view top) {
  for (const django::ModuleTable::Module& module : table.modules()) {
    if (!module.source) continue;
    std::string_view path = module.source->path;
    for (std::size_t start = 0; start <= path.size();) {
      std::size_t slash = path.find('/', start);
      if (slash == std::string_view::npos) slash = path.size();
      std::string_view component = path.substr(start, slash - start);
      if (slash == path.size() && component.ends_with(".py")) component.remove_suffix(3);
      if (component == top) return true;
      start = slash + 1;
    }
  }
  return false;
}

bool app_not_installed(const project::Project& project, const mig::Migration& migration) {
  const auto& apps = project.django().apps;
  return migration.app < apps.size() && apps[migration.app].installed == false;
}

void report(Findings& out, const mig::Migration& migration, const mig::ModuleImport& import,
            const std::string& missing, std::string message, std::string fix_text) {
  Findings::Builder finding = out.add(kMigrationImportMissing, import.span);
  finding.message(std::move(message))
      .predicts(fmt::format("ModuleNotFoundError: No module named '{}' (while MigrationLoader "
                            "imports {})",
                            missing, migration.module));
  Fix fix;
  fix.message = std::move(fix_text);
  finding.fix(std::move(fix));
}

void check(const project::Project& project, Findings& out) {
  const mig::MigrationSet& set = project.migrations();
  if (set.migrations.empty()) return;
  const django::ModuleTable& table = set.table ? *set.table : project.module_table();
  std::optional<django::DeclaredDependencies> declared;
  for (const mig::Migration& migration : set.migrations) {
    if (app_not_installed(project, migration)) continue;
    for (const mig::ModuleImport& import : migration.imports) {
      if (import.module.empty()) continue;
      if (import.origin == mig::ModuleImport::Origin::Project) {
        const std::optional<MissingModule> missing = first_missing(table, import.module);
        if (!missing || !missing->parent) continue;
        if (present_on_disk(project, migration, *missing)) continue;
        report(out, migration, import, missing->missing,
               fmt::format("migration `{}` imports `{}`, but the project has no module `{}`: "
                           "Django imports every migration, so `migrate` and `makemigrations` "
                           "stop with ModuleNotFoundError",
                           migration.label(), import.module, missing->missing),
               fmt::format("restore `{}`, or edit `{}` so that it no longer imports it (copy the "
                           "function RunPython calls into the migration, or use "
                           "`migrations.RunPython.noop`), or squash the app's migrations",
                           missing->missing, migration.path));
        continue;
      }
      if (import.origin != mig::ModuleImport::Origin::Other) continue;
      const std::string top = import.module.substr(0, import.module.find('.'));
      if (top.empty() || django::is_stdlib_module(top) || django::installer_module(top)) continue;
      if (project_folder_named(table, top)) continue;
      if (!declared) declared = declared_dependencies(project);
      if (!declared->complete()) continue;
      if (django::import_declared(top, declared->names)) continue;
      report(out, migration, import, top,
             fmt::format("migration `{}` imports `{}`, which no declared dependency provides "
                         "(not in requirements): loading migrations fails where the package is "
                         "not installed",
                         migration.label(), import.module),
             fmt::format("add the distribution that provides `{}` to the requirements, or edit "
                         "`{}` so that it no longer imports it (copy the function RunPython calls "
                         "into the migration, or use `migrations.RunPython.noop`), or squash the "
                         "app's migrations",
                         top, migration.path));
    }
  }
}

}  // namespace

PREFLIGHT_RULE(kMigrationImportMissing, check);

}  // namespace preflight::rules
