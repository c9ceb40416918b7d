// PF104: Meta.index_together, deprecated in Django 4.2 and removed in 5.1.
#include <fmt/format.h>

#include <set>
#include <utility>

#include "django/python_values.h"
#include "rules/models/model_rules.h"
#include "rules/registry.h"

namespace preflight::rules {
namespace {

constexpr RuleInfo kIndexTogether{
    .code = "PF104",
    .name = "index-together",
    .family = Family::Models,
    .severity = Severity::Warning,
    .summary = "Meta.index_together: deprecated in Django 4.2, an import error from 5.1",
    .explanation = R"md(
## What it finds

A model `Meta` that sets `index_together`. Django 4.2 deprecated it in favour of `Meta.indexes`
(`RemovedInDjango51Warning: 'index_together' is deprecated. Use 'Meta.indexes' in 'app.Model'
instead.`), and Django 5.1 removed the option. The severity is *warning*, and *error* when the
target Django version (`[tool.preflight.django] version`, else the lowest version the
requirements allow) is 5.1 or later; the message names the version and where it comes from.

## What fails in production

Up to 5.0 the indexes exist and every import of the models warns. Django 5.1 dropped
`index_together` from the Meta options it accepts, so the models module no longer imports:
`TypeError: 'class Meta' got invalid attribute(s): index_together` stops `migrate`, the WSGI server
and every management command at start-up. (Historical migrations that carry the option still load:
the migration state prunes it.)

## Example

```python
class Event(models.Model):
    start = models.DateTimeField()
    end = models.DateTimeField()

    class Meta:
        index_together = [("start", "end")]
```

## Fix

Replace it with `Meta.indexes`, one `models.Index(fields=[...], name="...")` per group, with exactly
`fields` and `name`. On Django 4.2 and later `makemigrations` then writes a `RenameIndex(old_fields=
...)`: the existing index is renamed from its generated `..._idx` name to the new one, not dropped
and rebuilt (the migrating role must own the index). On 4.1 and earlier it drops the old index and
creates the new one. preflight proposes short explicit names, unique in the project.
)md"};

constexpr django::DjangoVersion kDeprecated{4, 2};
constexpr django::DjangoVersion kRemoved{5, 1};

std::string version_text(django::DjangoVersion version) {
  return fmt::format("{}.{}", version.major, version.minor);
}

// How the module spells `models.Index`: through `from django.db import models [as m]`, or an
// imported `Index`; "models.Index" when neither is imported.
std::string index_callee(const project::Project& project, FileId file) {
  for (const project::PythonModule& module : project.modules()) {
    if (module.id != file || !module.parsed || !module.parsed->module) continue;
    for (const python::Node* statement : module.parsed->module->get("body").list) {
      if (statement->kind != python::Kind::ImportFrom) continue;
      const std::string_view from = statement->get("module").text;
      for (const python::Node* alias : statement->get("names").list) {
        const std::string_view name = alias->get("name").text;
        const std::string_view as = alias->get("asname").text;
        const std::string_view bound = as.empty() ? name : as;
        if (from == "django.db" && name == "models") return fmt::format("{}.Index", bound);
        if (from == "django.db.models" && name == "Index") return std::string(bound);
      }
    }
  }
  return "models.Index";
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items)
    out += fmt::format("{}\"{}\"", out.empty() ? "" : ", ", item);
  return out;
}

// The offset of the first character of `offset`'s line.
std::uint32_t line_start(const SourceFile& file, std::uint32_t offset) {
  return file.offset_at(Position{file.position_at(offset).line, 1});
}

struct Proposal {
  std::vector<std::string> entries;  // `models.Index(fields=[...], name="...")`
  std::vector<std::string> names;
  std::vector<std::string> renames;  // "`old_idx` to `new`"
};

std::optional<Fix> make_fix(const project::Project& project, const django::Model& model,
                            const python::Node& assignment, const Proposal& proposal) {
  const FileId file_id = model.span.file;
  const SourceFile& file = project.sources().file(file_id);
  const Span statement = models::span_of(project, file_id, assignment);
  std::string renames;
  for (const std::string& rename : proposal.renames) {
    renames += (renames.empty() ? "" : ", ") + rename;
  }
  Fix fix;
  fix.message = fmt::format(
      "replace index_together with Meta.indexes with explicit names; from Django 4.2 "
      "makemigrations turns this into RenameIndex ({}), a rename of the existing indexes, not a "
      "drop and re-create",
      renames);

  const python::Node* existing = models::own_meta_assignment(project, model, "indexes");
  if (!existing) {
    const std::string indent(statement.start.column - 1, ' ');
    std::string single = "indexes = [";
    for (std::size_t i = 0; i < proposal.entries.size(); ++i) {
      single += (i ? ", " : "") + proposal.entries[i];
    }
    single += "]";
    std::string text = single;
    if (indent.size() + single.size() > 99) {
      text = "indexes = [\n";
      for (const std::string& entry : proposal.entries) {
        text += indent + "    " + entry + ",\n";
      }
      text += indent + "]";
    }
    fix.edits.push_back(TextEdit{statement, std::move(text)});
    return fix;
  }

  // Meta already has `indexes = [...]`: add to it, and delete the index_together lines.
  const python::Node* list = existing->get("value").node;
  if (!list || (list->kind != python::Kind::List && list->kind != python::Kind::Tuple)) {
    return std::nullopt;
  }
  const std::span<python::Node* const> items = django::elements(list);
  std::string added;
  std::uint32_t at = 0;
  if (items.empty()) {
    at = models::span_of(project, file_id, *list).begin + 1;
    for (std::size_t i = 0; i < proposal.entries.size(); ++i) {
      added += (i ? ", " : "") + proposal.entries[i];
    }
  } else {
    at = models::span_of(project, file_id, *items.back()).end;
    for (const std::string& entry : proposal.entries) added += ", " + entry;
  }
  const std::uint32_t begin = line_start(file, statement.begin);
  std::uint32_t end = statement.end;
  if (end < file.text().size() && file.text()[end] == '\n') ++end;
  const std::string_view before =
      std::string_view(file.text()).substr(begin, statement.begin - begin);
  if (before.find_first_not_of(" \t") != std::string_view::npos) return std::nullopt;
  fix.edits.push_back(TextEdit{models::point(project, file_id, at), std::move(added)});
  fix.edits.push_back(TextEdit{file.span(file_id, begin, end), ""});
  return fix;
}

void check(const project::Project& project, Findings& out) {
  const django::ModelOptions& options = project.model_options();
  const django::DjangoVersion target = options.django_version;
  const bool removed = target >= kRemoved;
  models::IndexNamer namer(project);
  std::set<std::pair<FileId, std::uint32_t>> seen;
  for (const django::Model& model : project.django().models) {
    if (model.index_together.empty() || !model.index_together_span) continue;
    const Span& value = *model.index_together_span;
    if (!seen.emplace(value.file, value.begin).second) continue;

    // The assignment, when it is written in this model's own Meta.
    const python::Node* assignment = models::own_meta_assignment(project, model, "index_together");
    if (assignment) {
      const python::Node* node = assignment->get("value").node;
      if (!node || models::span_of(project, value.file, *node).begin != value.begin) {
        assignment = nullptr;
      }
    }
    Span span = value;
    if (assignment) {
      const python::Node* name_node = assignment->kind == python::Kind::Assign
                                          ? assignment->get("targets").list.front()
                                          : assignment->get("target").node;
      if (name_node) span = models::span_of(project, value.file, *name_node);
    }

    std::string groups;
    Proposal proposal;
    const std::string callee = index_callee(project, value.file);
    for (const django::FieldGroup& group : model.index_together) {
      groups += fmt::format("{}`({})`", groups.empty() ? "" : ", ", quoted_list(group.fields));
      std::vector<django::IndexField> fields;
      for (const std::string& field : group.fields) fields.push_back(django::IndexField{field});
      const std::string name = namer.propose(model.project, model.model_name, fields);
      proposal.names.push_back(name);
      std::vector<std::string> columns;
      for (const std::string& field : group.fields) {
        const django::Field* found = model.find_field(field);
        columns.push_back(found ? found->column : field);
      }
      proposal.renames.push_back(fmt::format(
          "`{}` to `{}`",
          django::index_together_name(model.db_table, columns, options.max_name_length), name));
      proposal.entries.push_back(
          fmt::format("{}(fields=[{}], name=\"{}\")", callee, quoted_list(group.fields), name));
    }

    const std::string version =
        fmt::format("Django {} ({})", version_text(target), options.django_version_source);
    std::string message;
    std::string failure;
    if (removed) {
      message = fmt::format(
          "`Meta.index_together` on {} ({}): the target is {}, and Django 5.1 removed the option, "
          "so the models module no longer imports",
          models::quoted_label(model), groups, version);
      failure = "TypeError: 'class Meta' got invalid attribute(s): index_together";
    } else {
      message = fmt::format(
          "`Meta.index_together` on {} ({}) is deprecated since Django 4.2 and removed in 5.1; "
          "the target is {}",
          models::quoted_label(model), groups, version);
      failure = target >= kDeprecated
                    ? fmt::format(
                          "RemovedInDjango51Warning: 'index_together' is deprecated. Use "
                          "'Meta.indexes' in '{}' instead.",
                          model.label())
                    : "on the upgrade to Django 5.1: TypeError: 'class Meta' got invalid "
                      "attribute(s): index_together";
    }
    Findings::Builder finding = out.add(kIndexTogether, span);
    finding.message(std::move(message)).predicts(std::move(failure));
    if (removed) finding.severity(Severity::Error);
    if (assignment && !model.abstract) {
      if (std::optional<Fix> fix = make_fix(project, model, *assignment, proposal)) {
        finding.fix(std::move(*fix));
      }
    }
  }
}

}  // namespace

PREFLIGHT_RULE(kIndexTogether, check);

}  // namespace preflight::rules
