// Line con 0's login as IOS asks it (engine/control/console_login): which question, how many
// tries, where a login lands. The real terminal side is tests/control/test_console.py.
#include <catch.hpp>

#include "engine/control/console_login.hpp"
#include "tests/support/configure.hpp"

using namespace routerd;
using control::ConsoleLogin;

namespace {

const char* kUsers =
    "hostname R1\n"
    "username op secret op-pass\n"
    "username admin privilege 15 secret 0 admin-pass\n";

// Answers the session's pending login question; what routerd would print.
std::string answer(const config::RunningConfig& c, control::Session& s, const std::string& text) {
    auto* login = std::get_if<control::AwaitLogin>(&s.pending);
    REQUIRE(login);
    auto copy = *login;
    s.pending = std::monostate{};
    return control::answer_console_login(c, s, copy, text);
}

}  // namespace

TEST_CASE("the console asks what line con 0 says, and nothing by default") {
    CHECK(control::console_login(test::configure(kUsers)) == ConsoleLogin::None);
    CHECK(control::console_login(test::configure(std::string(kUsers) + "line con 0\n login local\n")) == ConsoleLogin::Local);
    CHECK(control::console_login(test::configure("line con 0\n password x\n login\n")) == ConsoleLogin::Password);
    // `login` without a password: IOS keeps the console open rather than lock everyone out.
    CHECK(control::console_login(test::configure("line con 0\n login\n")) == ConsoleLogin::None);
    // vty settings say nothing about the console.
    CHECK(control::console_login(test::configure("line vty 0 4\n login local\n")) == ConsoleLogin::None);
    // aaa new-model: without a default list the console is let in; with one, its methods decide.
    CHECK(control::console_login(test::configure("aaa new-model\nline con 0\n login local\n")) == ConsoleLogin::None);
    CHECK(control::console_login(test::configure("aaa new-model\naaa authentication login default local\n")) ==
          ConsoleLogin::Local);
}

TEST_CASE("login local: Username, Password, three tries, the user's own privilege") {
    auto c = test::configure(std::string(kUsers) + "line con 0\n login local\n");
    control::Session s;
    CHECK(control::begin_console(c, s) == "\nUser Access Verification\n\n");
    CHECK(s.privilege == 1);
    CHECK(answer(c, s, "op").empty());
    CHECK(std::get<control::AwaitLogin>(s.pending).asking_password);
    CHECK(answer(c, s, "admin-pass") == "% Login invalid\n\n");  // another user's password
    CHECK(answer(c, s, "admin").empty());
    CHECK(answer(c, s, "admin-pass").empty());
    CHECK(std::holds_alternative<std::monostate>(s.pending));
    CHECK(s.user == "admin");
    CHECK(s.privilege == 15);
    CHECK(s.mode() == grammar::Mode::PrivExec);

    control::Session t;
    control::begin_console(c, t);
    for (int i = 0; i < 2; ++i) {
        answer(c, t, "nobody");
        CHECK(answer(c, t, "op-pass") == "% Login invalid\n\n");
    }
    answer(c, t, "op");
    CHECK(answer(c, t, "wrong") == "% Login invalid\n");
    CHECK(t.stack.empty());  // the session ends; the line goes idle
}

TEST_CASE("login with a line password asks Password only and says Bad passwords at the third") {
    auto c = test::configure("hostname R1\nline con 0\n password con-pass\n login\n privilege level 15\n");
    control::Session s;
    control::begin_console(c, s);
    CHECK_FALSE(std::get<control::AwaitLogin>(s.pending).local);
    CHECK(answer(c, s, "x").empty());
    CHECK(answer(c, s, "y").empty());
    CHECK(answer(c, s, "con-pass").empty());
    CHECK(s.user.empty());
    CHECK(s.privilege == 15);  // the line's privilege level

    control::Session t;
    control::begin_console(c, t);
    answer(c, t, "a");
    answer(c, t, "b");
    CHECK(answer(c, t, "c") == "% Bad passwords\n");
    CHECK(t.stack.empty());
}

TEST_CASE("the idle console line as IOS prints it") {
    CHECK(control::console_idle_banner("R1") ==
          "\n\n\n\nR1 con0 is now available\n\n\n\n\n\nPress RETURN to get started.\n");
}
