// Which rule codes are enabled, ruff-style: the most specific matching selector wins, and on a tie
// `ignore` beats `select`.
//
// Exact semantics:
// - A selector is "ALL" or a prefix of rule codes ("PF", "PF1", "PF101"). It matches a code when it
//   is "ALL" or the code starts with it. Its specificity is its length; "ALL" has 0.
// - Within one set of selectors, a code takes the verdict of the most specific selector matching
//   it; on equal specificity `ignore` wins. When none matches, the set has no verdict.
// - Layers come lowest precedence first: the configuration file, then the command line. The base
//   set is the `select` and `extend_select` of the last layer that sets `select` ("ALL" when none
//   does), weighed against the `ignore` of that layer and of every layer before it: a command-line
//   `select` replaces the file's selection, but the file's `ignore` still applies to the codes the
//   command line's selectors do not match more specifically. Then each later layer's
//   `extend_select` and `ignore` form a set whose verdict overrides the earlier one for the codes
//   it matches (`--ignore PF1` turns off PF101 even when the file selects PF101 by name).
// - A code that no set gives a verdict is disabled (`select = ["PF1"]` leaves PF201 off).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace preflight {

struct SelectionLayer {
  std::optional<std::vector<std::string>> select;  // replaces the earlier layers' selection
  std::vector<std::string> extend_select;
  std::vector<std::string> ignore;
};

// True when `selector` is "ALL" or a non-empty prefix of `code`.
bool selector_matches(std::string_view selector, std::string_view code);

class CodeSelection {
 public:
  // Layers in order of precedence, lowest first: the configuration file, then the command line.
  explicit CodeSelection(const std::vector<SelectionLayer>& layers);
  bool enabled(std::string_view code) const;

 private:
  struct Step {
    std::vector<std::string> select;
    std::vector<std::string> ignore;
  };
  std::vector<Step> steps_;  // the base set, then each later layer's, applied in order
};

}  // namespace preflight
