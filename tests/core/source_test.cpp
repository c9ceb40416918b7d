#include "core/source.h"

#include <gtest/gtest.h>

namespace preflight {
namespace {

TEST(SourceFile, PositionsCountCodePointsAndTabsAsOne) {
  // "é" is two bytes, "€" three, "😀" four; a tab is one column, as DESIGN.md fixes.
  const SourceFile file("m.py", FileKind::Python, "x = 1\n\tné€😀 = 2\n");
  EXPECT_EQ(file.position_at(0), (Position{1, 1}));
  EXPECT_EQ(file.position_at(4), (Position{1, 5}));
  const std::uint32_t second = 6;
  EXPECT_EQ(file.position_at(second + 1), (Position{2, 2}));      // after the tab
  EXPECT_EQ(file.position_at(second + 2 + 2), (Position{2, 4}));  // after "né"
  EXPECT_EQ(file.position_at(second + 2 + 2 + 3 + 4), (Position{2, 6}));
  EXPECT_EQ(file.line_text(2), "\tné€😀 = 2");
  EXPECT_EQ(file.offset_at(Position{2, 6}), second + 2 + 2 + 3 + 4);
}

TEST(SourceFile, LineEndingsCrLfAndLoneCr) {
  const SourceFile file("m.py", FileKind::Python, "a\r\nb\rc\n");
  EXPECT_EQ(file.line_count(), 4u);  // the empty line after the final newline counts
  EXPECT_EQ(file.line_text(1), "a");
  EXPECT_EQ(file.line_text(2), "b");
  EXPECT_EQ(file.line_text(3), "c");
  EXPECT_EQ(file.position_at(5), (Position{3, 1}));
}

TEST(SourceFile, InvalidUtf8CountsBytewise) {
  EXPECT_EQ(count_code_points("a\xff\xfe"
                              "b"),
            4u);
  EXPECT_EQ(count_code_points("\xe2\x82"), 2u);  // a truncated sequence
}

TEST(SourceFile, OffsetsPastTheEndClamp) {
  const SourceFile file("m.py", FileKind::Python, "ab");
  EXPECT_EQ(file.position_at(99), (Position{1, 3}));
  EXPECT_EQ(file.offset_at(Position{7, 1}), 2u);
  EXPECT_EQ(file.line_text(0), "");
}

TEST(SourceMap, FileSpanCoversTheFirstLine) {
  SourceMap sources;
  const FileId empty = sources.add("/p/a.py", FileKind::Python, "");
  const FileId id = sources.add("/p/b.py", FileKind::Python, "import os\nx\n");
  const Span span = sources.file_span(id);
  EXPECT_EQ(span.file, id);
  EXPECT_EQ(span.start, (Position{1, 1}));
  EXPECT_EQ(span.stop, (Position{1, 10}));
  EXPECT_EQ(sources.file_span(empty).stop, (Position{1, 1}));
}

TEST(DisplayPath, RelativeUnderBaseElseAbsolute) {
  EXPECT_EQ(display_path("/work/repo/app/models.py", "/work/repo"), "app/models.py");
  EXPECT_EQ(display_path("/work/repo/../repo/x.py", "/work/repo/"), "x.py");
  EXPECT_EQ(display_path("/elsewhere/x.py", "/work/repo"), "/elsewhere/x.py");
  EXPECT_EQ(display_path("/work/repository/x.py", "/work/repo"), "/work/repository/x.py");
}

}  // namespace
}  // namespace preflight
