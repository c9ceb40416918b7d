// What the model rules (PF1xx) share: finding the syntax behind a model's span, the models that
// create tables, and proposing explicit index names.
#pragma once

#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "django/models.h"
#include "project/project.h"
#include "python/ast.h"

namespace preflight::rules::models {

// A model whose table `migrate` creates: concrete, managed, not a proxy.
bool creates_table(const django::Model& model);

// The node of `kind` whose source range is exactly `span`, or null (the file did not parse, or
// the span is not one node's).
const python::Node* node_at(const project::Project& project, const Span& span, python::Kind kind);

// The span of `node`, a node of the file `file`.
Span span_of(const project::Project& project, FileId file, const python::Node& node);

// An empty span at byte `offset` of `file`, for insertions.
Span point(const project::Project& project, FileId file, std::uint32_t offset);

// The `class` statement of `model`, or null.
const python::Node* class_def(const project::Project& project, const django::Model& model);

// The statement `name = ...` (or `name: T = ...`) in the Meta class written in `model`'s own body,
// or null.
const python::Node* own_meta_assignment(const project::Project& project, const django::Model& model,
                                        std::string_view name);

// The value of the keyword argument `name=` of the call at `call_span`; null if there is none.
const python::Node* call_keyword(const project::Project& project, const Span& call_span,
                                 std::string_view name);

// `app.Model`, in backquotes, for messages.
std::string quoted_label(const django::Model& model);

// Proposes explicit index names: `<model>_<field>_<field>_idx`, shortened to fit the 30
// characters every Index class allows, never starting with `_` or a digit, and unique among the
// names of the Django project's tables, indexes and constraints (and the names proposed before:
// a counter is added on a collision).
class IndexNamer {
 public:
  explicit IndexNamer(const project::Project& project);

  std::string propose(std::size_t django_project, std::string_view model_name,
                      std::span<const django::IndexField> fields);

 private:
  bool taken(std::size_t django_project, const std::string& name) const;
  std::map<std::size_t, std::set<std::string, std::less<>>> taken_;
};

}  // namespace preflight::rules::models
