// Drift: what `makemigrations --check` would write. The migrations are replayed into the state
// Django's MigrationLoader.project_state() builds, and that state is compared with the current
// models the way MigrationAutodetector compares them (non-interactively: renames are not asked
// for, so a renamed model or field is a removal and an addition).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "core/source.h"
#include "django/migrations/migrations.h"
#include "django/migrations/state.h"
#include "django/models.h"

namespace preflight::django::migrations {

// One operation the autodetector would write.
struct SchemaChange {
  std::size_t project = 0;
  // Django's operation class: "CreateModel", "DeleteModel", "AddField", "RemoveField",
  // "AlterField", "AddIndex", "RemoveIndex", "RenameIndex", "AddConstraint", "RemoveConstraint",
  // "AlterModelTable", "AlterUniqueTogether", "AlterIndexTogether", "AlterModelOptions".
  std::string operation;
  std::string app_label;
  std::string model_name;  // lower-cased, as the operation's model_name/name holds it
  // The field, index or constraint the operation names; "" for model-level operations.
  std::string name;
  // Why Django writes it, in words (for an index: which table the recorded name was generated
  // from).
  std::string cause;
  Span span;  // in the current models: the field, index, or the model's class name
};

struct DriftReport {
  std::vector<SchemaChange> changes;
  // Models left out because something they need is unknown (a third-party base, a field whose
  // arguments cannot be read), with the reason: their drift is not reported either way.
  std::vector<std::string> skipped;
};

// The changes for the project's installed apps that have migrations, for options.django_version.
DriftReport detect_drift(const MigrationSet& migrations, const ProjectModels& models,
                         const ModelOptions& options);
// The same from the replayed states (`replay_all`), one per graph of `migrations`.
DriftReport detect_drift(const MigrationSet& migrations, const ProjectModels& models,
                         const ModelOptions& options, std::span<const ProjectState> states);

}  // namespace preflight::django::migrations
