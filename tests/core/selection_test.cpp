#include "core/selection.h"

#include <gtest/gtest.h>

namespace preflight {
namespace {

using Strings = std::vector<std::string>;

SelectionLayer layer(std::optional<Strings> select, Strings extend_select = {},
                     Strings ignore = {}) {
  return SelectionLayer{std::move(select), std::move(extend_select), std::move(ignore)};
}

TEST(SelectorMatches, AllAndPrefixes) {
  EXPECT_TRUE(selector_matches("ALL", "PF101"));
  EXPECT_TRUE(selector_matches("PF", "PF101"));
  EXPECT_TRUE(selector_matches("PF1", "PF101"));
  EXPECT_TRUE(selector_matches("PF101", "PF101"));
  EXPECT_FALSE(selector_matches("PF102", "PF101"));
  EXPECT_FALSE(selector_matches("PF1010", "PF101"));
  EXPECT_FALSE(selector_matches("", "PF101"));
}

TEST(CodeSelection, DefaultIsAll) {
  const CodeSelection selection({});
  EXPECT_TRUE(selection.enabled("PF101"));
  EXPECT_TRUE(selection.enabled("PF002"));
}

TEST(CodeSelection, IgnoreWithoutSelectStartsFromAll) {
  const CodeSelection selection({layer(std::nullopt, {}, {"PF1"})});
  EXPECT_FALSE(selection.enabled("PF101"));
  EXPECT_TRUE(selection.enabled("PF201"));
}

TEST(CodeSelection, MostSpecificPrefixWins) {
  const CodeSelection selection({layer(Strings{"PF"}, {"PF101"}, {"PF1"})});
  EXPECT_TRUE(selection.enabled("PF101"));   // PF101 (5) beats PF1 (3)
  EXPECT_FALSE(selection.enabled("PF102"));  // PF1 (3) beats PF (2)
  EXPECT_TRUE(selection.enabled("PF201"));   // only PF matches
}

TEST(CodeSelection, IgnoreWinsATie) {
  const CodeSelection selection({layer(Strings{"PF101"}, {}, {"PF101"})});
  EXPECT_FALSE(selection.enabled("PF101"));
  EXPECT_FALSE(selection.enabled("PF102"));  // not selected at all
}

TEST(CodeSelection, AllIsLeastSpecific) {
  const CodeSelection ignore_all({layer(Strings{"PF5"}, {}, {"ALL"})});
  EXPECT_TRUE(ignore_all.enabled("PF501"));
  EXPECT_FALSE(ignore_all.enabled("PF101"));
  const CodeSelection tie({layer(Strings{"ALL"}, {}, {"ALL"})});
  EXPECT_FALSE(tie.enabled("PF101"));
}

TEST(CodeSelection, CommandLineSelectReplacesConfigSelect) {
  const CodeSelection selection({layer(Strings{"PF1"}, {"PF501"}), layer(Strings{"PF2"})});
  EXPECT_FALSE(selection.enabled("PF101"));
  EXPECT_FALSE(selection.enabled("PF501"));  // the config's extend-select went with its select
  EXPECT_TRUE(selection.enabled("PF201"));
}

TEST(CodeSelection, CommandLineExtendSelectAddsToConfigSelect) {
  const CodeSelection selection({layer(Strings{"PF1"}), layer(std::nullopt, {"PF2"})});
  EXPECT_TRUE(selection.enabled("PF101"));
  EXPECT_TRUE(selection.enabled("PF201"));
  EXPECT_FALSE(selection.enabled("PF501"));
}

TEST(CodeSelection, ConfigIgnoreSurvivesALessSpecificCommandLineSelect) {
  const CodeSelection broad({layer(std::nullopt, {}, {"PF1"}), layer(Strings{"PF"})});
  EXPECT_FALSE(broad.enabled("PF101"));
  EXPECT_TRUE(broad.enabled("PF201"));
  const CodeSelection same({layer(std::nullopt, {}, {"PF101"}), layer(Strings{"PF101"})});
  EXPECT_FALSE(same.enabled("PF101"));  // tie: ignore wins, whichever layer it came from
}

TEST(CodeSelection, MoreSpecificCommandLineSelectOverridesConfigIgnore) {
  const CodeSelection selection({layer(std::nullopt, {}, {"PF1"}), layer(Strings{"PF101"})});
  EXPECT_TRUE(selection.enabled("PF101"));
  EXPECT_FALSE(selection.enabled("PF102"));
  EXPECT_FALSE(selection.enabled("PF201"));  // the CLI select replaced the default ALL
}

TEST(CodeSelection, CommandLineIgnoreOverridesConfigSelect) {
  // A later layer's verdict wins for the codes it matches, however specific the file was.
  const CodeSelection selection(
      {layer(Strings{"PF101", "PF201"}), layer(std::nullopt, {}, {"PF1"})});
  EXPECT_FALSE(selection.enabled("PF101"));
  EXPECT_TRUE(selection.enabled("PF201"));
  const CodeSelection exact({layer(Strings{"PF1"}), layer(std::nullopt, {}, {"PF101"})});
  EXPECT_FALSE(exact.enabled("PF101"));
  EXPECT_TRUE(exact.enabled("PF102"));
}

TEST(CodeSelection, CommandLineExtendSelectOverridesConfigIgnore) {
  const CodeSelection selection({layer(std::nullopt, {}, {"PF101"}), layer(std::nullopt, {"PF1"})});
  EXPECT_TRUE(selection.enabled("PF101"));
  // Within the command line's own set, specificity still decides.
  const CodeSelection inner(
      {layer(std::nullopt, {}, {"PF1"}), layer(std::nullopt, {"PF1"}, {"PF102"})});
  EXPECT_TRUE(inner.enabled("PF101"));
  EXPECT_FALSE(inner.enabled("PF102"));
}

TEST(CodeSelection, ConfigExtendSelectGoesWithConfigSelectButIgnoresStay) {
  const CodeSelection selection(
      {layer(std::nullopt, {"PF5"}, {"PF2"}), layer(Strings{"PF1", "PF2"}, {}, {"PF102"})});
  EXPECT_FALSE(selection.enabled("PF501"));  // extend-select replaced by the later select
  EXPECT_FALSE(selection.enabled("PF201"));  // PF2 ignore ties PF2 select: ignore wins
  EXPECT_TRUE(selection.enabled("PF101"));
  EXPECT_FALSE(selection.enabled("PF102"));
}

TEST(CodeSelection, EmptySelectSelectsNothing) {
  const CodeSelection selection({layer(Strings{})});
  EXPECT_FALSE(selection.enabled("PF101"));
  const CodeSelection extended({layer(Strings{}, {"PF5"})});
  EXPECT_TRUE(extended.enabled("PF501"));
  EXPECT_FALSE(extended.enabled("PF101"));
}

}  // namespace
}  // namespace preflight
