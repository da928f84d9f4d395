// Who may log in over SSH and where they land, as IOS decides it (engine/control/ssh_login).
#include <catch.hpp>

#include "engine/config/render.hpp"
#include "engine/config/rsa_key.hpp"
#include "engine/control/ssh_login.hpp"
#include "tests/support/configure.hpp"

using namespace routerd;

namespace {

const char* kBase =
    "hostname R1\n"
    "ip domain-name example.com\n"
    "username op secret op-pass\n"
    "username admin privilege 15 secret 0 admin-pass\n"
    "line vty 0 4\n"
    " login local\n"
    " transport input ssh\n";

config::RunningConfig with_key(const std::string& text) {
    auto c = test::configure(text);
    c.rsa_key = config::RsaKeyPair{"R1.example.com", 1024, config::generate_rsa_pem(1024).value()};
    return c;
}

}  // namespace

TEST_CASE("a username's secret opens SSH once a key exists and a vty line takes it") {
    auto c = test::configure(kBase);
    CHECK_FALSE(control::check_ssh_login(c, "op", "op-pass"));  // no key: IOS has no SSH server
    c = with_key(kBase);
    CHECK(control::check_ssh_login(c, "op", "op-pass"));
    CHECK(control::check_ssh_login(c, "admin", "admin-pass"));
    CHECK_FALSE(control::check_ssh_login(c, "op", "admin-pass"));
    CHECK_FALSE(control::check_ssh_login(c, "nobody", "op-pass"));
    CHECK_FALSE(control::check_ssh_login(with_key(std::string(kBase) + " transport input telnet\n"), "op", "op-pass"));
    CHECK_FALSE(control::check_ssh_login(with_key(std::string(kBase) + " transport input none\n"), "op", "op-pass"));
    // plain `login` checks a line password, which SSH has no place for
    CHECK_FALSE(control::check_ssh_login(with_key(std::string(kBase) + " login\n"), "op", "op-pass"));
    // aaa new-model: the default login list decides, and without one the local database does
    CHECK(control::check_ssh_login(with_key(std::string(kBase) + " login\naaa new-model\n"), "op", "op-pass"));
    CHECK(control::check_ssh_login(
        with_key(std::string(kBase) + "aaa new-model\naaa authentication login default local\n"), "op", "op-pass"));
    CHECK_FALSE(control::check_ssh_login(
        with_key(std::string(kBase) + "aaa new-model\naaa authentication login default enable\n"), "op", "op-pass"));
}

TEST_CASE("an SSH login lands at the privilege IOS gives it") {
    auto land = [](const std::string& extra, const std::string& user) {
        control::Session s;
        control::begin_ssh_session(with_key(std::string(kBase) + extra), s, user);
        CHECK(s.user == user);
        CHECK_FALSE(s.trusted);
        return std::pair{s.privilege, s.mode()};
    };
    CHECK(land("", "op") == std::pair{1u, grammar::Mode::UserExec});
    CHECK(land("", "admin") == std::pair{15u, grammar::Mode::PrivExec});
    CHECK(land(" privilege level 15\n", "op") == std::pair{15u, grammar::Mode::PrivExec});
    // with aaa new-model the user's level needs exec authorization from the local database
    CHECK(land("aaa new-model\n", "admin") == std::pair{1u, grammar::Mode::UserExec});
    CHECK(land("aaa new-model\naaa authorization exec default local\n", "admin") ==
          std::pair{15u, grammar::Mode::PrivExec});
}

TEST_CASE("ip ssh and aaa lines show in the running-config as IOS writes them, the key never") {
    // (global lines first: tests/support/configure.hpp keeps unknown lines in a sub-mode)
    auto c = with_key("ip ssh version 2\nip ssh time-out 60\nip ssh authentication-retries 2\nip ssh port 2001 rotary 1\n"
                      "aaa new-model\naaa authentication login default local\naaa authorization exec default local\n" +
                      std::string(kBase));
    auto run = config::render_config(c);
    CHECK(run.find("aaa new-model\n!\n!\naaa authentication login default local\naaa authorization exec default local\n!\n") !=
          std::string::npos);
    CHECK(run.find("ip ssh port 2001 rotary 1\nip ssh time-out 60\nip ssh authentication-retries 2\nip ssh version 2\n") !=
          std::string::npos);
    CHECK(run.find("PRIVATE") == std::string::npos);
    auto s = control::ssh_server_settings(c, {"127.0.0.1", 2222}, "/usr/bin/routersh", "/run/routerd/routerd.sock");
    CHECK(s.host_key_pem == c.rsa_key->private_pem);
    CHECK(s.extra_ports == std::vector<std::uint16_t>{2001});
    CHECK(s.login_grace_seconds == 60);
    CHECK(s.max_auth_tries == 2);
    CHECK(s.users == std::vector<std::string>{"op", "admin"});
}

TEST_CASE("the RSA key's public half in SECSH form") {
    auto pem = config::generate_rsa_pem(1024).value();
    CHECK(config::rsa_pem_bits(pem) == 1024);
    // "ssh-rsa" then the RFC 4253 blob, whose base64 always starts this way for e = 65537
    CHECK(config::rsa_public_secsh(pem).rfind("ssh-rsa AAAAB3NzaC1yc2EAAAADAQAB", 0) == 0);
    CHECK(config::rsa_pem_bits("not a key") == 0);
}
