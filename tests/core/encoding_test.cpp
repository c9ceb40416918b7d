#include "core/encoding.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace preflight {
namespace {

std::string decode_ok(std::string_view bytes) {
  const DecodedSource decoded = decode_python_source(bytes);
  EXPECT_TRUE(decoded.text.has_value()) << decoded.error;
  return decoded.text.value_or("");
}

std::string decode_error(std::string_view bytes) {
  const DecodedSource decoded = decode_python_source(bytes);
  EXPECT_FALSE(decoded.text.has_value());
  return decoded.error;
}

TEST(Encoding, Utf8IsTheDefault) {
  EXPECT_EQ(decode_ok("x = 'caf\xC3\xA9'\n"), "x = 'caf\xC3\xA9'\n");
  EXPECT_EQ(decode_python_source("x = 1\n").encoding, "utf-8");
}

TEST(Encoding, BomIsStripped) {
  EXPECT_EQ(decode_ok("\xEF\xBB\xBFx = 1\n"), "x = 1\n");
  EXPECT_EQ(decode_ok("\xEF\xBB\xBF# -*- coding: utf-8 -*-\nx = 1\n"),
            "# -*- coding: utf-8 -*-\nx = 1\n");
  EXPECT_EQ(decode_ok("\xEF\xBB\xBF# coding: UTF_8\n"), "# coding: UTF_8\n");
}

TEST(Encoding, BomWithAnotherCookieIsAnErrorAsInCPython) {
  EXPECT_EQ(decode_error("\xEF\xBB\xBF# coding: latin-1\nx = 1\n"),
            "encoding problem: iso-8859-1 with BOM");
  // CPython compares its own spelling: `utf8` is the right codec but still refused.
  EXPECT_EQ(decode_error("\xEF\xBB\xBF# coding: utf8\nx = 1\n"), "encoding problem: utf8 with BOM");
}

TEST(Encoding, Latin1CookieDecodesHighBytes) {
  const std::string text = decode_ok("# -*- coding: latin-1 -*-\ns = '\xE9'\n");
  EXPECT_EQ(text, "# -*- coding: latin-1 -*-\ns = '\xC3\xA9'\n");  // U+00E9
  EXPECT_EQ(decode_python_source("# coding: latin-1\n").encoding, "iso-8859-1");
}

TEST(Encoding, CookieOnTheSecondLineOnlyAfterACommentOrBlankLine) {
  EXPECT_EQ(decode_ok("#!/usr/bin/env python\n# coding: latin-1\ns = '\xE9'\n"),
            "#!/usr/bin/env python\n# coding: latin-1\ns = '\xC3\xA9'\n");
  EXPECT_EQ(decode_ok("   \n# coding: latin-1\ns = '\xE9'\n"),
            "   \n# coding: latin-1\ns = '\xC3\xA9'\n");
  // Code on line 1: the cookie on line 2 does not count, and the file is UTF-8.
  EXPECT_EQ(decode_error("x = 1\n# coding: latin-1\ns = '\xE9'\n"),
            "invalid UTF-8 at byte offset 29");
  // Line 3 never counts.
  EXPECT_FALSE(find_coding_cookie("#\n#\n# coding: latin-1\n"));
}

TEST(Encoding, CookieMustBeAWholeLineComment) {
  EXPECT_FALSE(find_coding_cookie("s = 1  # coding: latin-1\n"));
  EXPECT_EQ(find_coding_cookie(" \t\f# coding=latin-1\n"), "latin-1");
  EXPECT_EQ(find_coding_cookie("# vim: set fileencoding=cp1252 :\n"), "cp1252");
  EXPECT_EQ(find_coding_cookie("# coding: , coding=l1\n"), "l1");  // an empty name goes on
  EXPECT_EQ(find_coding_cookie("#coding:utf-8\n"), "utf-8");
  EXPECT_FALSE(find_coding_cookie("# coding latin-1\n"));
  EXPECT_EQ(find_coding_cookie("#\r# coding: latin-1\r"), "latin-1");  // lone CR ends a line
}

TEST(Encoding, NamesAreNormalizedAsPythonDoes) {
  EXPECT_EQ(canonical_encoding("UTF8"), "utf-8");
  EXPECT_EQ(canonical_encoding("utf_8"), "utf-8");
  EXPECT_EQ(canonical_encoding("Latin-1"), "iso-8859-1");
  EXPECT_EQ(canonical_encoding("latin1"), "iso-8859-1");
  EXPECT_EQ(canonical_encoding("ISO-8859-1"), "iso-8859-1");
  EXPECT_EQ(canonical_encoding("iso8859-1"), "iso-8859-1");
  EXPECT_EQ(canonical_encoding("l1"), "iso-8859-1");
  EXPECT_EQ(canonical_encoding("us-ascii"), "ascii");
  EXPECT_EQ(canonical_encoding("windows-1252"), "cp1252");
  EXPECT_EQ(canonical_encoding("iso-8859-15"), "iso-8859-15");
  EXPECT_EQ(canonical_encoding("latin9"), "iso-8859-15");
  EXPECT_EQ(canonical_encoding("iso.8859.1"), "iso-8859-1");
  EXPECT_FALSE(canonical_encoding("latin-9"));  // not a Python alias
  EXPECT_FALSE(canonical_encoding("ebcdic"));
  // The tokenizer's own spellings.
  EXPECT_EQ(decode_python_source("# coding: utf-8-sig\n").encoding, "utf-8");
  EXPECT_EQ(decode_python_source("# coding: iso-latin-1\n").encoding, "iso-8859-1");
  EXPECT_EQ(decode_python_source("# coding: latin-1-unix\n").encoding, "iso-8859-1");
}

TEST(Encoding, UnknownEncoding) {
  const DecodedSource decoded = decode_python_source("# coding: ebcdic\nx = 1\n");
  EXPECT_FALSE(decoded.text);
  EXPECT_EQ(decoded.error, "unknown encoding 'ebcdic'");
  EXPECT_EQ(decoded.encoding, "ebcdic");
}

TEST(Encoding, InvalidUtf8GivesTheOffset) {
  const DecodedSource decoded = decode_python_source("x = '\xE9'\n");
  EXPECT_EQ(decoded.error, "invalid UTF-8 at byte offset 5");
  EXPECT_EQ(decoded.error_offset, 5u);
  // Offsets count the BOM: they point into the file.
  EXPECT_EQ(decode_error("\xEF\xBB\xBFx = '\xE9'\n"), "invalid UTF-8 at byte offset 8");
}

TEST(Encoding, StrictUtf8) {
  EXPECT_EQ(find_invalid_utf8("plain"), std::string_view::npos);
  EXPECT_EQ(find_invalid_utf8("\xF0\x9F\x98\x80"), std::string_view::npos);  // U+1F600
  EXPECT_EQ(find_invalid_utf8("\xEF\xBF\xBF"), std::string_view::npos);      // U+FFFF
  EXPECT_EQ(find_invalid_utf8("\xF4\x8F\xBF\xBF"), std::string_view::npos);  // U+10FFFF
  EXPECT_EQ(find_invalid_utf8("ab\xC0\x80"), 2u);                            // overlong NUL
  EXPECT_EQ(find_invalid_utf8("\xE0\x80\xAF"), 0u);                          // overlong '/'
  EXPECT_EQ(find_invalid_utf8("\xED\xA0\x80"), 0u);                          // surrogate
  EXPECT_EQ(find_invalid_utf8("\xF4\x90\x80\x80"), 0u);                      // past U+10FFFF
  EXPECT_EQ(find_invalid_utf8("a\xC3"), 1u);                                 // truncated
  EXPECT_EQ(find_invalid_utf8("\x80"), 0u);                                  // lone continuation
  EXPECT_EQ(find_invalid_utf8("\xFF"), 0u);
}

TEST(Encoding, SingleByteCodecs) {
  EXPECT_EQ(decode_ok("# coding: cp1252\ns = '\x80\x93'\n"),
            "# coding: cp1252\ns = '\xE2\x82\xAC\xE2\x80\x9C'\n");  // U+20AC U+201C
  EXPECT_EQ(decode_error("# coding: cp1252\ns = '\x81'\n"),
            "byte 0x81 at offset 22 is not valid cp1252");
  EXPECT_EQ(decode_ok("# coding: iso-8859-15\ns = '\xA4\xE9'\n"),
            "# coding: iso-8859-15\ns = '\xE2\x82\xAC\xC3\xA9'\n");  // U+20AC U+00E9
  EXPECT_EQ(decode_ok("# coding: latin-1\ns = '\xA4'\n"),
            "# coding: latin-1\ns = '\xC2\xA4'\n");  // U+00A4
  EXPECT_EQ(decode_ok("# coding: ascii\ns = 'x'\n"), "# coding: ascii\ns = 'x'\n");
  EXPECT_EQ(decode_error("# coding: ascii\ns = '\xE9'\n"),
            "byte 0xE9 at offset 21 is not valid ascii");
}

// ---------------------------------------------------------------------------------------------
// The oracle: CPython itself compiles each case and prints the string literal it decoded.

std::string hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    out.push_back(digits[static_cast<unsigned char>(c) >> 4]);
    out.push_back(digits[static_cast<unsigned char>(c) & 15]);
  }
  return out;
}

// The value of `s` in a decoded file of the form "...s = '<value>'\n".
std::string literal_of(const std::string& text) {
  const std::size_t start = text.find("s = '");
  const std::size_t end = text.rfind('\'');
  if (start == std::string::npos || end == std::string::npos || end < start + 5) return "?";
  return text.substr(start + 5, end - start - 5);
}

TEST(Encoding, AgreesWithCPython) {
  if (std::system("/usr/bin/python3 -c pass > /dev/null 2>&1") != 0) {
    GTEST_SKIP() << "/usr/bin/python3 is not available";
  }
  std::vector<std::string> cases;
  for (const char* head : {"",
                           "# coding: latin-1\n",
                           "# -*- coding: iso-8859-15 -*-\n",
                           "# coding: cp1252\n",
                           "# coding=ascii\n",
                           "#!/bin/python\n# coding: l1\n",
                           "x = 1\n# coding: latin-1\n",
                           "# vim: fileencoding=windows-1252\n",
                           "\xEF\xBB\xBF",
                           "\xEF\xBB\xBF# coding: utf-8\n",
                           "\xEF\xBB\xBF# coding: latin-1\n",
                           "\xEF\xBB\xBF# coding: utf8\n",
                           "# coding: UTF_8\n",
                           "# coding: utf-8-sig\n",
                           "# coding: iso-latin-1\n",
                           "# coding: latin9\n",
                           "# coding: us-ascii\n",
                           "#\n#\n# coding: latin-1\n",
                           "\f# coding: latin-1\n",
                           "# coding: latin-1\r\n",
                           "# coding: ebcdic-nope\n",
                           "#\r# coding: latin-1\r"}) {
    for (const char* body :
         {"caf\xC3\xA9", "caf\xE9", "\x80\x81", "\x93\x94\xA4\xBC", "plain", "\xED\xA0\x80"}) {
      cases.push_back(std::string(head) + "s = '" + body + "'\n");
    }
  }

  const std::filesystem::path input = std::filesystem::temp_directory_path() /
                                      ("preflight-encoding-" + std::to_string(::getpid()) + ".txt");
  {
    std::ofstream out(input, std::ios::binary);
    for (const std::string& source : cases) out << hex(source) << '\n';
  }
  const std::string script =
      "import sys\n"
      "for line in open(sys.argv[1]):\n"
      "    src = bytes.fromhex(line.strip())\n"
      "    try:\n"
      "        ns = {}\n"
      "        exec(compile(src, 'case', 'exec'), ns)\n"
      "        print('ok', ns['s'].encode('utf-8', 'surrogatepass').hex())\n"
      "    except (SyntaxError, UnicodeDecodeError) as e:\n"
      "        print('error')\n";
  const std::filesystem::path program = input.string() + ".py";
  {
    std::ofstream out(program, std::ios::binary);
    out << script;
  }
  const std::string command =
      "/usr/bin/python3 '" + program.string() + "' '" + input.string() + "'";
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[4096];
  while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  ::pclose(pipe);
  std::filesystem::remove(input);
  std::filesystem::remove(program);

  std::istringstream lines(output);
  std::string line;
  std::size_t index = 0;
  std::size_t agreed = 0;
  while (std::getline(lines, line) && index < cases.size()) {
    const DecodedSource ours = decode_python_source(cases[index]);
    const std::string expected = line.starts_with("ok ") ? line.substr(3) : "error";
    const std::string actual = ours.text ? hex(literal_of(*ours.text)) : "error";
    EXPECT_EQ(actual, expected) << "case " << index << ": " << hex(cases[index]) << " ("
                                << ours.error << ")";
    agreed += actual == expected;
    ++index;
  }
  EXPECT_EQ(index, cases.size()) << output;
  EXPECT_GT(agreed, 100u);
}

}  // namespace
}  // namespace preflight
