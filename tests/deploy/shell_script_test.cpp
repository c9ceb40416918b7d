// The shell splitter: words, places, structure, and bash itself as the oracle for the words.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "deploy/shell/script.h"

namespace preflight::deploy::shell {
namespace {

std::vector<std::string> texts(const SimpleCommand& command) {
  std::vector<std::string> result;
  for (const Word& word : command.words) result.push_back(word.text);
  return result;
}

std::string written(std::string_view text, const Word& word) {
  return std::string(text.substr(word.begin, word.end - word.begin));
}

// Every word's place is where the word is written: no quote removal has shifted it.
void expect_places(std::string_view text, const Script& script) {
  for (const SimpleCommand& command : script.commands) {
    ASSERT_LE(command.begin, command.end);
    ASSERT_LE(command.end, text.size());
    for (const Word& word : command.words) {
      ASSERT_LE(word.begin, word.end);
      ASSERT_LE(word.end, text.size());
      ASSERT_GE(word.begin, command.begin);
      ASSERT_LE(word.end, command.end);
    }
  }
}

TEST(ShellScript, WordsQuotesAndPlaces) {
  const std::string text = R"(curl -s "a b"'c'\ d $'e\tf' "x\$y\"z" 'p\q')";
  const Script script = split_script(text);
  ASSERT_EQ(script.commands.size(), 1u);
  EXPECT_TRUE(script.errors.empty());
  const SimpleCommand& command = script.commands[0];
  EXPECT_EQ(texts(command),
            (std::vector<std::string>{"curl", "-s", "a bc d", "e\tf", "x$y\"z", "p\\q"}));
  EXPECT_EQ(written(text, command.words[2]), R"("a b"'c'\ d)");
  EXPECT_EQ(written(text, command.words[3]), R"($'e\tf')");
  EXPECT_EQ(written(text, command.words[5]), R"('p\q')");
  EXPECT_EQ(command.begin, 0u);
  EXPECT_EQ(command.end, text.size());
  for (const Word& word : command.words) EXPECT_TRUE(word.literal);
  expect_places(text, script);
}

TEST(ShellScript, JoinersAndGroups) {
  const std::string text =
      "STATUS=$(curl -s -o /dev/null -w '%{http_code}' http://x/ || echo 000)\n"
      "a && b || c | d & e; f\n";
  const Script script = split_script(text);
  ASSERT_EQ(script.commands.size(), 9u);
  const SimpleCommand& status = script.commands[0];
  EXPECT_TRUE(status.words.empty());
  ASSERT_EQ(status.assignments.size(), 1u);
  EXPECT_EQ(status.assignments[0].name, "STATUS");
  EXPECT_FALSE(status.assignments[0].value.literal);
  EXPECT_EQ(status.group, 0);

  const SimpleCommand& curl = script.commands[1];
  EXPECT_EQ(curl.name(), "curl");
  EXPECT_EQ(curl.group, 1);
  EXPECT_EQ(curl.parent, 0u);
  EXPECT_EQ(curl.words[5].text, "%{http_code}");
  const SimpleCommand& echo = script.commands[2];
  EXPECT_EQ(texts(echo), (std::vector<std::string>{"echo", "000"}));
  EXPECT_EQ(echo.group, 1);
  EXPECT_EQ(echo.joined_by, Joiner::Or);
  EXPECT_EQ(next_joined(script, 1, Joiner::Or), 2u);
  EXPECT_EQ(next_joined(script, 1, Joiner::And), std::nullopt);

  EXPECT_EQ(script.commands[3].joined_by, Joiner::Sequence);
  EXPECT_EQ(script.commands[4].joined_by, Joiner::And);
  EXPECT_EQ(script.commands[5].joined_by, Joiner::Or);
  EXPECT_EQ(script.commands[6].joined_by, Joiner::Pipe);
  EXPECT_EQ(script.commands[7].joined_by, Joiner::Background);
  EXPECT_EQ(script.commands[8].joined_by, Joiner::Sequence);
  for (std::size_t i = 3; i < 9; ++i) EXPECT_EQ(script.commands[i].group, 0);
  expect_places(text, script);
}

TEST(ShellScript, CompoundCommandsKeepTheirBodies) {
  const std::string text =
      "for attempt in 1 2 3; do\n"
      "  if [ \"$x\" = 200 ]; then echo ok; exit 0; elif true; then :; else sleep 6; fi\n"
      "done\n"
      "while ! nc -z db 5432; do sleep 1; done\n"
      "until false; do break; done\n"
      "case \"$1\" in\n"
      "  start|run) gunicorn app ;;\n"
      "  (stop) kill 1 ;;\n"
      "  *) echo usage ;;\n"
      "esac\n"
      "{ one; two; } > /dev/null\n"
      "( three; four ) && five\n"
      "f() { six; }\n"
      "(( i = i + 1 ))\n"
      "echo done if then fi\n";
  const Script script = split_script(text);
  EXPECT_TRUE(script.errors.empty()) << script.errors[0].message;
  std::vector<std::string> names;
  for (const SimpleCommand& command : script.commands) names.emplace_back(command.name());
  EXPECT_EQ(names,
            (std::vector<std::string>{"[",     "echo",  "exit",  "true",     ":",    "sleep", "nc",
                                      "sleep", "false", "break", "gunicorn", "kill", "echo",  "one",
                                      "two",   "three", "four",  "five",     "six",  "echo"}));
  EXPECT_EQ(texts(script.commands.back()),
            (std::vector<std::string>{"echo", "done", "if", "then", "fi"}));
  EXPECT_EQ(script.commands[17].joined_by, Joiner::And);  // five
}

TEST(ShellScript, CommentsContinuationsRedirections) {
  const std::string text =
      "curl -fsS \\\n"
      "    -o /dev/null http://x/ 2>&1 >/dev/null # a comment 'with quote\n"
      "echo a#b '#c' &>log <in >>out 2>/dev/null\n";
  const Script script = split_script(text);
  EXPECT_TRUE(script.errors.empty());
  ASSERT_EQ(script.commands.size(), 2u);
  EXPECT_EQ(texts(script.commands[0]),
            (std::vector<std::string>{"curl", "-fsS", "-o", "/dev/null", "http://x/"}));
  EXPECT_EQ(texts(script.commands[1]), (std::vector<std::string>{"echo", "a#b", "#c"}));
  EXPECT_EQ(written(text, script.commands[0].words.back()), "http://x/");
}

TEST(ShellScript, HereDocumentsAreData) {
  const std::string text =
      "cat <<EOF > /tmp/x\n"
      "rm -rf / $(reboot)\n"
      "EOF\n"
      "cat <<-'END'\n"
      "\tnot a command\n"
      "\tEND\n"
      "psql <<\"SQL\"; after\n"
      "select 1;\n"
      "SQL\n"
      "last\n";
  const Script script = split_script(text);
  EXPECT_TRUE(script.errors.empty());
  std::vector<std::string> names;
  for (const SimpleCommand& command : script.commands) names.emplace_back(command.name());
  EXPECT_EQ(names, (std::vector<std::string>{"cat", "cat", "psql", "after", "last"}));
  ASSERT_EQ(script.commands[0].here_documents.size(), 1u);
  const HereDocument& document = script.commands[0].here_documents[0];
  EXPECT_EQ(document.body, "rm -rf / $(reboot)\n");
  EXPECT_TRUE(document.expands);
  EXPECT_EQ(text.substr(document.begin, document.end - document.begin), document.body);
  EXPECT_FALSE(script.commands[1].here_documents[0].expands);
  EXPECT_EQ(script.commands[2].here_documents[0].body, "select 1;\n");
}

TEST(ShellScript, Variables) {
  const Variables known = {{"HOST", "example.com"}, {"EMPTY", ""}};
  const std::string text =
      "curl http://$HOST/ \"${HOST}:8000\" ${PORT:-8000} ${EMPTY:-x} ${EMPTY-y} $UNKNOWN\n"
      "X=1\n"
      "export Y=two Z\n"
      "echo $X$Y ${W:+alt} ${HOST:+alt} ${#HOST} $1 ${{ github.sha }} '${{ secrets.K }}'\n"
      "X=$(date)\n"
      "echo $X\n"
      "A=1 cmd\n"
      "echo $A\n";
  const Script script = split_script(text, known);
  ASSERT_EQ(script.commands.size(), 9u);
  const auto& curl = script.commands[0].words;
  ASSERT_GE(curl.size(), 5u);
  EXPECT_EQ(curl[1].text, "http://example.com/");
  EXPECT_TRUE(curl[1].literal);
  EXPECT_EQ(curl[2].text, "example.com:8000");
  EXPECT_EQ(curl[3].text, "8000");
  EXPECT_TRUE(curl[3].literal);
  EXPECT_EQ(curl[4].text, "x");
  ASSERT_EQ(curl.size(), 6u);  // ${EMPTY-y} is empty and unquoted: no word, as in the shell
  EXPECT_EQ(curl[5].text, "$UNKNOWN");
  EXPECT_FALSE(curl[5].literal);
  const auto& echo = script.commands[3].words;
  ASSERT_EQ(echo.size(), 8u);
  EXPECT_EQ(echo[1].text, "1two");
  EXPECT_TRUE(echo[1].literal);
  EXPECT_FALSE(echo[2].literal);  // W may be set when the script runs
  EXPECT_EQ(echo[3].text, "alt");
  EXPECT_FALSE(echo[4].literal);  // ${#HOST}
  EXPECT_FALSE(echo[5].literal);  // $1
  EXPECT_EQ(echo[6].text, "${{ github.sha }}");
  EXPECT_FALSE(echo[6].literal);
  EXPECT_FALSE(echo[7].literal);                      // GitHub replaces it inside single quotes too
  EXPECT_FALSE(script.commands[6].words[1].literal);  // X is now the output of date
  EXPECT_EQ(script.commands[8].words[1].text, "$A");  // a prefix assignment is the command's only
}

TEST(ShellScript, SubstitutionsNestAndCount) {
  const std::string text = "a $(b `c` $(d)) \"$(e)\"; f=`g`";
  const Script script = split_script(text);
  EXPECT_TRUE(script.errors.empty());
  std::vector<std::pair<std::string, int>> seen;
  for (const SimpleCommand& command : script.commands) {
    seen.emplace_back(command.words.empty() ? "" : std::string(command.name()), command.group);
  }
  EXPECT_EQ(seen, (std::vector<std::pair<std::string, int>>{
                      {"a", 0}, {"b", 1}, {"c", 2}, {"d", 3}, {"e", 4}, {"", 0}, {"g", 5}}));
  EXPECT_EQ(script.commands[2].parent, 1u);
  EXPECT_EQ(script.commands[6].parent, 5u);
  EXPECT_EQ(written(text, script.commands[0].words[1]), "$(b `c` $(d))");
}

TEST(ShellScript, UnterminatedInputGivesErrorsAndBestEffort) {
  for (const std::string text :
       {"echo 'abc", "echo \"abc", "echo $(curl x", "echo `a", "echo ${X", "cat <<EOF\nbody",
        "case x in a) b", "( a", "echo $'x", "echo ${{ x", "a >", ")", "(( 1"}) {
    const Script script = split_script(text);
    EXPECT_FALSE(script.errors.empty()) << text;
    for (const ScriptError& error : script.errors) EXPECT_LE(error.offset, text.size());
    expect_places(text, script);
  }
  EXPECT_EQ(split_script("echo 'abc").commands[0].words[1].text, "abc");
}

TEST(ShellScript, NeverCrashesOnArbitraryBytes) {
  std::mt19937 random(42);
  const std::string alphabet = "ab $(){}[]'\"`\\\n;&|<>#=-:!*?~%@0123456789\t";
  for (int round = 0; round < 3000; ++round) {
    std::string text(random() % 60, ' ');
    for (char& c : text) c = alphabet[random() % alphabet.size()];
    const Script script = split_script(text, {{"a", "b"}});
    expect_places(text, script);
  }
  const std::string deep = std::string(5000, '(') + std::string(5000, ')');
  (void)split_script(deep);
  std::string dollars;
  for (int i = 0; i < 3000; ++i) dollars += "$(";
  (void)split_script(dollars);
}

TEST(ShellScript, ConditionalExpressionIsOneCommand) {
  const std::string text = "[[ -f \"$F\" && ( $x < 3 || ! -d /a ) ]] && echo yes";
  const Script script = split_script(text);
  EXPECT_TRUE(script.errors.empty());
  ASSERT_EQ(script.commands.size(), 2u);
  EXPECT_EQ(script.commands[0].words.size(), 14u);
  EXPECT_EQ(script.commands[0].words.back().text, "]]");
  EXPECT_EQ(script.commands[1].joined_by, Joiner::And);
  EXPECT_FALSE(split_script("[[ a").errors.empty());
}

TEST(ShellScript, ShellDashC) {
  const std::string text = R"(docker exec web sh -c 'python manage.py check && echo "ok"')";
  const Script outer = split_script(text);
  ASSERT_EQ(outer.commands.size(), 1u);
  SimpleCommand inner = outer.commands[0];
  inner.words.erase(inner.words.begin(), inner.words.begin() + 3);
  const std::optional<Script> script = shell_c_script(inner, text);
  ASSERT_TRUE(script.has_value());
  ASSERT_EQ(script->commands.size(), 2u);
  EXPECT_EQ(texts(script->commands[0]), (std::vector<std::string>{"python", "manage.py", "check"}));
  EXPECT_EQ(written(text, script->commands[0].words[1]), "manage.py");
  EXPECT_EQ(written(text, script->commands[1].words[1]), "\"ok\"");
  EXPECT_EQ(script->commands[1].joined_by, Joiner::And);

  EXPECT_FALSE(shell_c_script(split_script("sh script.sh").commands[0], "sh script.sh"));
  const std::string login = "bash -lc \"cd /app; ./manage.py migrate\"";
  const std::optional<Script> via_login = shell_c_script(split_script(login).commands[0], login);
  ASSERT_TRUE(via_login.has_value());
  ASSERT_EQ(via_login->commands.size(), 2u);
  EXPECT_EQ(written(login, via_login->commands[1].words[0]), "./manage.py");
}

TEST(ShellScript, ProgramIndexSkipsWrappers) {
  const Script script = split_script(
      "sudo -u www-data -E env DJANGO_SETTINGS_MODULE=x.prod timeout -s KILL 30 nice -n 5 curl x");
  std::vector<Assignment> env;
  const std::size_t index = program_index(script.commands[0], &env);
  ASSERT_LT(index, script.commands[0].words.size());
  EXPECT_EQ(script.commands[0].words[index].text, "curl");
  ASSERT_EQ(env.size(), 1u);
  EXPECT_EQ(env[0].name, "DJANGO_SETTINGS_MODULE");
  EXPECT_EQ(env[0].value.text, "x.prod");
}

// bash as the oracle: every command the script runs reaches a command_not_found_handle that
// prints its words; the splitter must find the same commands with the same words.
std::vector<std::vector<std::string>> bash_commands(const std::string& script) {
  char path[] = "/tmp/preflight_shell_oracle_XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return {};
  close(fd);
  std::ofstream(path) << script;
  const std::string runner =
      "env -i PATH=/nonexistent KNOWN=value /bin/bash --norc --noprofile -c '"
      "command_not_found_handle() { builtin printf \"%s\\0\" \"$@\" >&3; builtin printf \"\\1\" "
      ">&3; builtin printf \"<substitution>\"; return 0; }; enable -n echo test [ true false; "
      "source \"$1\"' _ " +
      std::string(path) + " 3>&1 >/dev/null 2>/dev/null";
  std::string output;
  if (FILE* pipe = popen(runner.c_str(), "r")) {
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) output.append(buffer.data(), n);
    pclose(pipe);
  }
  unlink(path);
  std::vector<std::vector<std::string>> commands;
  std::vector<std::string> words;
  std::string word;
  for (const char c : output) {
    if (c == '\1') {
      commands.push_back(std::move(words));
      words.clear();
    } else if (c == '\0') {
      words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  return commands;
}

TEST(ShellScript, WordsAgreeWithBash) {
  if (access("/bin/bash", X_OK) != 0) GTEST_SKIP() << "no bash";
  const std::vector<std::string> scripts = {
      R"(curl -s -o /dev/null -w "%{http_code}" -L -H "Host: harbor.example" http://localhost:8000/api/v1/health/)",
      "STATUS=$(curl -s -o /dev/null -w '%{http_code}' -L http://localhost:8000/api/v1/ready/)",
      R"(run a\ b "c"'d' $'e\tf\x41\101\'' "h\$i\"\\" 'j\k' ${KNOWN}-s "${UNSET:-fall back}")",
      "OUT=$(run inner one && run inner two)\nOUT2=`run tick`; run after",
      "run one \\\n  two # comment\nrun three#four '#five'",
      "run 2>&1 a >/dev/null b <&- c &>/dev/null d\nrun e>/dev/null g",
      "cat <<EOF\nnot a command\nEOF\nrun after heredoc\nrun <<-'X'\n\tskip\n\tX\nrun last",
      "X=1; run $X \"$X\"; export Y=\"two words\"; run \"$Y\" ${X:-d}",
      "{ run a; run b; }; ( run c ); run d && run e",
      "run \"$(run inner \"quoted arg\")\" done",
      "run ${KNOWN:+alt} ${KNOWN-x} ${NOPE-default} pre${KNOWN}post",
      "echo test; test -f x; [ a = b ]",
      "run $'\\n' $\"x\" \"a\nb\" 'c\nd'",
      "docker exec -e A=1 harbor-web python manage.py migrate --noinput",
      "run [[ a ]] && run b",
      "run a; [[ -n x && ( a < b ) ]] && run b",
      "X='-s  -L'; E=; run $X \"$X\" $E x${E}y ${E} \"$E\" ${NOPE:-a b}",
  };
  for (const std::string& text : scripts) {
    const Script script = split_script(text, {{"KNOWN", "value"}});
    EXPECT_TRUE(script.errors.empty()) << text;
    std::vector<std::vector<std::string>> ours;
    for (const SimpleCommand& command : script.commands) {
      if (command.words.empty()) continue;
      // A builtin and a keyword: bash runs them itself.
      if (command.name() == "export" || command.name() == "[[") continue;
      ours.push_back(texts(command));
    }
    std::vector<std::vector<std::string>> theirs = bash_commands(text);
    // bash runs a substitution before its command; the splitter lists the command first.
    // A word that holds a substitution is its output in bash, which the handler makes
    // `<substitution>`.
    for (std::vector<std::string>& words : ours) {
      for (std::string& word : words) {
        if (word.find("$(") != std::string::npos || word.find('`') != std::string::npos) {
          word = "<substitution>";
        }
      }
    }
    std::sort(ours.begin(), ours.end());
    std::sort(theirs.begin(), theirs.end());
    EXPECT_EQ(ours, theirs) << text;
    expect_places(text, script);
  }
}

// /bin/sh (dash on Debian) as a second oracle: `eval "set -- LINE"` gives a command line's words.
std::vector<std::string> sh_words(const std::string& line) {
  char path[] = "/tmp/preflight_shell_words_XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return {};
  close(fd);
  std::ofstream(path) << line;
  const std::string runner =
      "env -i KNOWN=value /bin/sh -c 'eval \"set -- $(cat \"$1\")\"; printf \"%s\\0\" \"$@\"' _ " +
      std::string(path) + " 2>/dev/null";
  std::string output;
  if (FILE* pipe = popen(runner.c_str(), "r")) {
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) output.append(buffer.data(), n);
    pclose(pipe);
  }
  unlink(path);
  std::vector<std::string> words;
  std::string word;
  for (const char c : output) {
    if (c == '\0') {
      words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  return words;
}

TEST(ShellScript, WordsAgreeWithSh) {
  if (access("/bin/sh", X_OK) != 0) GTEST_SKIP() << "no /bin/sh";
  const std::vector<std::string> lines = {
      R"(curl -fsS -o /dev/null http://localhost:8000/api/v1/health/)",
      R"(a\ b "c"'d' "h\$i\"\\" 'j\k' "x\y" \z)",
      R"(${KNOWN}-s "${KNOWN}" "${UNSET:-fall back}" ${UNSET-x} "${KNOWN:+alt}")",
      "one \\\n  two",
      "a 2>/dev/null b >/dev/null c",
      R"(-H "Host: harbor.example" -w '%{http_code}' "it's" 'say "hi"')",
      R"("" '' x""y)",
      "tab\there \"multi\nline\"",
  };
  for (const std::string& line : lines) {
    const Script script = split_script(line, {{"KNOWN", "value"}});
    ASSERT_EQ(script.commands.size(), 1u) << line;
    EXPECT_EQ(texts(script.commands[0]), sh_words(line)) << line;
  }
}

}  // namespace
}  // namespace preflight::deploy::shell
