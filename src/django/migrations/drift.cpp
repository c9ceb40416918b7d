#include "django/migrations/drift.h"

namespace preflight::django::migrations {

DriftReport detect_drift(const MigrationSet&, const ProjectModels&, const ModelOptions&) {
  return {};
}

}  // namespace preflight::django::migrations
