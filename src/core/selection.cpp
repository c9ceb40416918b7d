#include "core/selection.h"

#include <optional>

namespace preflight {
namespace {

constexpr std::string_view kAll = "ALL";

std::size_t specificity(std::string_view selector) {
  return selector == kAll ? 0 : selector.size();
}

void append(std::vector<std::string>& to, const std::vector<std::string>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

// The verdict of the most specific selector matching `code`; ignores are weighed after selects
// with `>=`, so an ignore wins a tie. nullopt when no selector matches.
std::optional<bool> verdict(const std::vector<std::string>& select,
                            const std::vector<std::string>& ignore, std::string_view code) {
  std::optional<bool> on;
  std::size_t best = 0;
  for (const std::string& selector : select) {
    if (selector_matches(selector, code) && (!on || specificity(selector) > best)) {
      on = true;
      best = specificity(selector);
    }
  }
  for (const std::string& selector : ignore) {
    if (selector_matches(selector, code) && (!on || specificity(selector) >= best)) {
      on = false;
      best = specificity(selector);
    }
  }
  return on;
}

}  // namespace

bool selector_matches(std::string_view selector, std::string_view code) {
  if (selector == kAll) return true;
  return !selector.empty() && code.substr(0, selector.size()) == selector;
}

CodeSelection::CodeSelection(const std::vector<SelectionLayer>& layers) {
  std::size_t base = layers.size();  // the last layer that sets `select`, if any
  for (std::size_t i = 0; i < layers.size(); ++i) {
    if (layers[i].select) base = i;
  }
  Step first;
  std::size_t next = 0;
  if (base == layers.size()) {
    first.select.emplace_back(kAll);
  } else {
    first.select = *layers[base].select;
    append(first.select, layers[base].extend_select);
    // Earlier layers' ignores survive a later select; their extend-selects do not.
    for (std::size_t i = 0; i <= base; ++i) append(first.ignore, layers[i].ignore);
    next = base + 1;
  }
  steps_.push_back(std::move(first));
  for (std::size_t i = next; i < layers.size(); ++i) {
    steps_.push_back(Step{layers[i].extend_select, layers[i].ignore});
  }
}

bool CodeSelection::enabled(std::string_view code) const {
  bool on = false;
  for (const Step& step : steps_) {
    if (const std::optional<bool> result = verdict(step.select, step.ignore, code)) on = *result;
  }
  return on;
}

}  // namespace preflight
