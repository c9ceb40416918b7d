#include "core/suppression.h"

#include <gtest/gtest.h>

namespace preflight {
namespace {

Suppressions scan(FileKind kind, std::string text) {
  const SourceFile file("f", kind, std::move(text));
  return Suppressions::scan(file);
}

Suppressions python(std::string text) {
  return scan(FileKind::Python, std::move(text));
}

TEST(PythonNoqa, BareSuppressesEveryCodeOnItsLine) {
  const Suppressions s = python("x = 1\ny = 2  # noqa\nz = 3\n");
  EXPECT_TRUE(s.suppresses(2, "PF101"));
  EXPECT_TRUE(s.suppresses(2, "PF999"));
  EXPECT_FALSE(s.suppresses(1, "PF101"));
  EXPECT_FALSE(s.suppresses(3, "PF101"));
}

TEST(PythonNoqa, CodeLists) {
  const Suppressions s = python(
      "a = 1  # noqa: PF101\n"
      "b = 1  # noqa: PF101, PF102\n"
      "c = 1  # noqa:PF101 PF102\n"
      "d = 1  # noqa:PF101,PF102,  PF201\n"
      "e = 1  # NoQA : PF101\n");
  EXPECT_TRUE(s.suppresses(1, "PF101"));
  EXPECT_FALSE(s.suppresses(1, "PF102"));
  EXPECT_TRUE(s.suppresses(2, "PF101"));
  EXPECT_TRUE(s.suppresses(2, "PF102"));
  EXPECT_FALSE(s.suppresses(2, "PF201"));
  EXPECT_TRUE(s.suppresses(3, "PF101"));
  EXPECT_TRUE(s.suppresses(3, "PF102"));
  EXPECT_TRUE(s.suppresses(4, "PF201"));
  EXPECT_TRUE(s.suppresses(5, "PF101"));
  EXPECT_FALSE(s.suppresses(5, "PF102"));
}

TEST(PythonNoqa, PrefixesAndAll) {
  const Suppressions s = python("a = 1  # noqa: PF1\nb = 1  # noqa: ALL\n");
  EXPECT_TRUE(s.suppresses(1, "PF101"));
  EXPECT_TRUE(s.suppresses(1, "PF199"));
  EXPECT_FALSE(s.suppresses(1, "PF201"));
  EXPECT_TRUE(s.suppresses(2, "PF201"));
}

TEST(PythonNoqa, ListEndsAtTheFirstWordThatIsNotACode) {
  const Suppressions s = python("a = 1  # noqa: PF101 index named in 0042, PF102\n");
  EXPECT_TRUE(s.suppresses(1, "PF101"));
  EXPECT_FALSE(s.suppresses(1, "PF102"));
}

TEST(PythonNoqa, AfterAnotherComment) {
  const Suppressions s = python("import x  # type: ignore # noqa: PF101\n");
  EXPECT_TRUE(s.suppresses(1, "PF101"));
  EXPECT_FALSE(s.suppresses(1, "PF102"));
}

TEST(PythonNoqa, NotADirective) {
  const Suppressions s = python(
      "a = 1  # noqa:\n"        // no codes: ignored, as ruff does
      "b = 1  # noqanything\n"  // not the word noqa
      "c = 1  # see noqa docs\n"
      "d = 1  # noqa: pf101\n");  // codes are upper case
  for (std::uint32_t line = 1; line <= 4; ++line) {
    EXPECT_FALSE(s.suppresses(line, "PF101")) << line;
  }
}

TEST(PythonNoqa, BareWithExplanationAfterIt) {
  const Suppressions s = python("a = 1  # noqa because the index is named in SQL\n");
  EXPECT_TRUE(s.suppresses(1, "PF101"));
}

TEST(PythonNoqa, NotInsideStrings) {
  const Suppressions s = python(
      "a = \"# noqa\"\n"
      "b = '# noqa: PF101'\n"
      "c = f\"{x} # noqa\"\n"
      "d = rb'\\' # noqa'\n"
      "e = \"\\\"# noqa\"\n");
  for (std::uint32_t line = 1; line <= 5; ++line) {
    EXPECT_FALSE(s.suppresses(line, "PF101")) << line;
  }
}

TEST(PythonNoqa, CommentAfterAString) {
  const Suppressions s = python("a = \"# not this\"  # noqa: PF102\n");
  EXPECT_FALSE(s.suppresses(1, "PF101"));
  EXPECT_TRUE(s.suppresses(1, "PF102"));
}

TEST(PythonNoqa, TripleQuotedStringsSpanLines) {
  const Suppressions s = python(
      "sql = \"\"\"\n"
      "  ALTER INDEX a RENAME TO b;  # noqa: PF201\n"
      "  ' # noqa\n"
      "\"\"\"\n"
      "x = 1  # noqa: PF101\n");
  EXPECT_FALSE(s.suppresses(2, "PF201"));
  EXPECT_FALSE(s.suppresses(3, "PF201"));
  EXPECT_TRUE(s.suppresses(5, "PF101"));
  EXPECT_FALSE(s.suppresses(5, "PF201"));
}

TEST(PythonNoqa, AtTheEndOfAMultiLineStringCoversEveryLineOfIt) {
  const Suppressions s = python(
      "ops = [\n"
      "    migrations.RunSQL('''\n"
      "        ALTER INDEX a RENAME TO b;\n"
      "    '''),  # noqa: PF203\n"
      "]\n");
  EXPECT_FALSE(s.suppresses(1, "PF203"));
  EXPECT_TRUE(s.suppresses(2, "PF203"));
  EXPECT_TRUE(s.suppresses(3, "PF203"));
  EXPECT_TRUE(s.suppresses(4, "PF203"));
  EXPECT_FALSE(s.suppresses(5, "PF203"));
}

TEST(PythonNoqa, AtTheEndOfBackslashContinuations) {
  const Suppressions s = python("x = 1 + \\\n    2 + \\\n    3  # noqa: PF101\ny = 1\n");
  EXPECT_TRUE(s.suppresses(1, "PF101"));
  EXPECT_TRUE(s.suppresses(2, "PF101"));
  EXPECT_TRUE(s.suppresses(3, "PF101"));
  EXPECT_FALSE(s.suppresses(4, "PF101"));
}

TEST(PythonNoqa, UnterminatedStringEndsAtItsLine) {
  const Suppressions s = python("a = 'oops\nb = 1  # noqa: PF101\n");
  EXPECT_TRUE(s.suppresses(2, "PF101"));
}

TEST(PythonNoqa, CrLfAndLoneCrLineEndings) {
  const Suppressions s = python("a = 1\r\nb = 2  # noqa: PF101\r\nc = 3\rd = 4  # noqa\r");
  EXPECT_TRUE(s.suppresses(2, "PF101"));
  EXPECT_FALSE(s.suppresses(3, "PF101"));
  EXPECT_TRUE(s.suppresses(4, "PF101"));
}

TEST(PythonNoqa, FileLevel) {
  const Suppressions all = python("# preflight: noqa\nx = 1\n");
  EXPECT_TRUE(all.suppresses(2, "PF101"));
  EXPECT_TRUE(all.suppresses(40, "PF201"));

  const Suppressions some = python("x = 1\n  # Preflight:NOQA: PF101, PF2\n");
  EXPECT_TRUE(some.suppresses(1, "PF101"));
  EXPECT_TRUE(some.suppresses(9, "PF203"));
  EXPECT_FALSE(some.suppresses(1, "PF102"));

  // Only on its own line; after code it is not a directive at all.
  const Suppressions trailing = python("x = 1  # preflight: noqa\n");
  EXPECT_FALSE(trailing.suppresses(1, "PF101"));
  const Suppressions in_string = python("x = '''\n# preflight: noqa\n'''\n");
  EXPECT_FALSE(in_string.suppresses(1, "PF101"));
}

TEST(Suppressions, FileLevelAfterAByteOrderMark) {
  for (FileKind kind : {FileKind::Python, FileKind::Toml, FileKind::Yaml, FileKind::Dockerfile}) {
    EXPECT_TRUE(scan(kind, "\xEF\xBB\xBF# preflight: noqa\nx = 1\n").suppresses(2, "PF101"))
        << to_string(kind);
  }
}

TEST(YamlNoqa, TrailingCommentOnThePrimaryLine) {
  const Suppressions s = scan(FileKind::Workflow,
                              "on: push\n"
                              "env:\n"
                              "  DJANGO_SETTINGS_MODULE: site.settings  # noqa: PF501\n"
                              "  URL: http://x/#noqa\n"
                              "  A: '# noqa: PF501'\n"
                              "  B: \"it's # noqa: PF501\"  # noqa: PF502\n"
                              "  C: 'it''s # noqa' # noqa: PF503\n"
                              "  D: [\"a # noqa\", 'b'] # noqa: PF504\n"
                              "# noqa: PF505\n");
  EXPECT_TRUE(s.suppresses(3, "PF501"));
  EXPECT_FALSE(s.suppresses(4, "PF501"));
  EXPECT_FALSE(s.suppresses(5, "PF501"));
  EXPECT_FALSE(s.suppresses(6, "PF501"));
  EXPECT_TRUE(s.suppresses(6, "PF502"));
  EXPECT_FALSE(s.suppresses(7, "PF501"));
  EXPECT_TRUE(s.suppresses(7, "PF503"));
  EXPECT_FALSE(s.suppresses(8, "PF501"));
  EXPECT_TRUE(s.suppresses(8, "PF504"));
  EXPECT_TRUE(s.suppresses(9, "PF505"));  // a comment line suppresses only itself
  EXPECT_FALSE(s.suppresses(10, "PF505"));
}

TEST(YamlNoqa, QuotesInsideAPlainScalarDoNotHideAComment) {
  // YAML: `echo "a` is a plain scalar and ` #` ends it, whatever the shell would think.
  const Suppressions s = scan(FileKind::Yaml, "cmd: echo \"a # noqa: PF501\"\n");
  EXPECT_TRUE(s.suppresses(1, "PF501"));
}

TEST(YamlNoqa, InsideABlockScalarAsShellComments) {
  const Suppressions s = scan(FileKind::Workflow,
                              "jobs:\n"
                              "  deploy:\n"
                              "    steps:\n"
                              "      - run: |\n"
                              "          curl -f http://localhost/health/ # noqa: PF502\n"
                              "          echo \"# noqa: PF501\"\n"
                              "          echo 'x' # noqa: PF503\n"
                              "\n"
                              "          url=http://x/#noqa\n"
                              "        name: check  # noqa: PF504\n"
                              "      - run: >-\n"
                              "          a  # noqa: PF505\n"
                              "      - |\n"
                              "        b  # noqa: PF506\n");
  EXPECT_TRUE(s.suppresses(5, "PF502"));
  EXPECT_FALSE(s.suppresses(6, "PF501"));
  EXPECT_TRUE(s.suppresses(7, "PF503"));
  EXPECT_FALSE(s.suppresses(9, "PF501"));
  EXPECT_TRUE(s.suppresses(10, "PF504"));
  EXPECT_TRUE(s.suppresses(12, "PF505"));
  EXPECT_TRUE(s.suppresses(14, "PF506"));
}

TEST(YamlNoqa, ComposeAndFileLevel) {
  const Suppressions s =
      scan(FileKind::Compose,
           "# preflight: noqa: PF5\n"
           "services:\n"
           "  web:\n"
           "    healthcheck:\n"
           "      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost/\"]  # noqa: "
           "PF601\n");
  EXPECT_TRUE(s.suppresses(3, "PF501"));
  EXPECT_TRUE(s.suppresses(5, "PF601"));
  EXPECT_FALSE(s.suppresses(4, "PF601"));
}

TEST(TomlNoqa, TrailingCommentsOutsideStrings) {
  const Suppressions s = scan(FileKind::Toml,
                              "a = \"# noqa: PF101\"\n"
                              "b = 'C:\\' # noqa: PF102\n"
                              "c = \"\"\"\n"
                              "# noqa: PF103\n"
                              "\"\"\" # noqa: PF104\n"
                              "d = '''x # noqa''' # noqa: PF105\n"
                              "e=1# noqa: PF106\n");
  EXPECT_FALSE(s.suppresses(1, "PF101"));
  EXPECT_TRUE(s.suppresses(2, "PF102"));  // a literal string has no escapes
  EXPECT_FALSE(s.suppresses(4, "PF103"));
  EXPECT_TRUE(s.suppresses(5, "PF104"));
  EXPECT_FALSE(s.suppresses(3, "PF104"));  // only its own line in TOML
  EXPECT_TRUE(s.suppresses(6, "PF105"));
  EXPECT_FALSE(s.suppresses(6, "PF101"));
  EXPECT_TRUE(s.suppresses(7, "PF106"));
}

TEST(DockerfileNoqa, CommentLineAboveAnInstruction) {
  const Suppressions s = scan(FileKind::Dockerfile,
                              "FROM python:3.11\n"
                              "# noqa: PF501\n"
                              "HEALTHCHECK CMD curl -f http://localhost/health/\n"
                              "RUN echo hi # noqa: PF502\n"
                              "EXPOSE 8000\n");
  EXPECT_FALSE(s.suppresses(1, "PF501"));
  EXPECT_TRUE(s.suppresses(3, "PF501"));
  EXPECT_FALSE(s.suppresses(3, "PF502"));
  EXPECT_FALSE(s.suppresses(4, "PF502"));  // `#` mid-line is not a comment in a Dockerfile
  EXPECT_FALSE(s.suppresses(5, "PF501"));
}

TEST(DockerfileNoqa, CoversEveryLineOfAContinuedInstruction) {
  const Suppressions s = scan(FileKind::Dockerfile,
                              "# noqa: PF503, PF504\n"
                              "# why: the image has no curl\n"
                              "RUN apt-get update && \\\n"
                              "    # a comment inside is dropped by Docker\n"
                              "    apt-get install -y wget \\\n"
                              "    && rm -rf /var/lib/apt/lists/*\n"
                              "CMD [\"gunicorn\"]\n");
  for (std::uint32_t line = 3; line <= 6; ++line) {
    EXPECT_TRUE(s.suppresses(line, "PF503")) << line;
    EXPECT_TRUE(s.suppresses(line, "PF504")) << line;
  }
  EXPECT_FALSE(s.suppresses(7, "PF503"));
}

TEST(DockerfileNoqa, BlankLineBreaksTheLink) {
  const Suppressions s = scan(FileKind::Dockerfile, "# noqa: PF501\n\nRUN x\n");
  EXPECT_FALSE(s.suppresses(3, "PF501"));
}

TEST(DockerfileNoqa, InsideAContinuationAppliesToTheInstruction) {
  const Suppressions s = scan(FileKind::Dockerfile,
                              "RUN a \\\n"
                              "  # noqa: PF505\n"
                              "  b\n"
                              "RUN c\n");
  EXPECT_TRUE(s.suppresses(1, "PF505"));
  EXPECT_TRUE(s.suppresses(3, "PF505"));
  EXPECT_FALSE(s.suppresses(4, "PF505"));
}

TEST(DockerfileNoqa, EscapeDirectiveAndHeredocs) {
  const Suppressions s = scan(FileKind::Dockerfile,
                              "# escape=`\n"
                              "FROM python\n"
                              "# noqa\n"
                              "RUN a `\n"
                              "  b\n"
                              "# noqa: PF506\n"
                              "RUN <<EOF\n"
                              "curl http://x/\n"
                              "EOF\n"
                              "# noqa: PF507\n"
                              "COPY <<-\"A\" /a <<B /b\n"
                              "\tone\n"
                              "\tA\n"
                              "two\n"
                              "B\n"
                              "RUN d\n");
  EXPECT_TRUE(s.suppresses(4, "PF999"));
  EXPECT_TRUE(s.suppresses(5, "PF999"));
  EXPECT_FALSE(s.suppresses(6, "PF506"));
  for (std::uint32_t line = 7; line <= 9; ++line) EXPECT_TRUE(s.suppresses(line, "PF506")) << line;
  for (std::uint32_t line = 11; line <= 15; ++line) {
    EXPECT_TRUE(s.suppresses(line, "PF507")) << line;
  }
  EXPECT_FALSE(s.suppresses(16, "PF507"));
}

TEST(DockerfileNoqa, FileLevel) {
  const Suppressions s = scan(FileKind::Dockerfile, "# preflight: noqa: PF5\nRUN a\n");
  EXPECT_TRUE(s.suppresses(2, "PF501"));
  EXPECT_FALSE(s.suppresses(2, "PF601"));
}

TEST(Suppressions, OtherKindsHaveNone) {
  EXPECT_FALSE(scan(FileKind::Sql, "SELECT 1; -- noqa\n# noqa\n").suppresses(2, "PF201"));
  EXPECT_FALSE(scan(FileKind::Other, "# noqa\n").suppresses(1, "PF201"));
}

}  // namespace
}  // namespace preflight
