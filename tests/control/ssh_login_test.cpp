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

TEST_CASE("access-class on the vty lines decides from where SSH logins come") {
    auto ip = [](const char* a) { return grammar::parse_ipv4(a); };
    std::string cfg = std::string(kBase) + " access-class 10 in\n" +
                      "access-list 10 permit 192.0.2.0 0.0.0.255\naccess-list 10 deny host 198.51.100.7\n" +
                      "access-list 10 permit 198.51.100.0 0.0.0.255\n";
    auto c = with_key(cfg);
    CHECK(control::check_ssh_login(c, "op", "op-pass", ip("192.0.2.44")));
    CHECK(control::check_ssh_login(c, "op", "op-pass", ip("198.51.100.8")));
    CHECK_FALSE(control::check_ssh_login(c, "op", "op-pass", ip("198.51.100.7")));  // first match wins
    CHECK_FALSE(control::check_ssh_login(c, "op", "op-pass", ip("203.0.113.1")));   // the implicit deny
    CHECK_FALSE(control::check_ssh_login(c, "op", "op-pass", std::nullopt));         // address unknown
    CHECK_FALSE(control::check_ssh_login(c, "op", "wrong", ip("192.0.2.44")));
    // A class naming a list that does not exist lets everyone in (IOS).
    CHECK(control::check_ssh_login(with_key(std::string(kBase) + " access-class 99 in\n"), "op", "op-pass", ip("203.0.113.1")));
    // Extended lists: the source, and tcp to the SSH port.
    auto ext = with_key(std::string(kBase) + " access-class VTY in\n" +
                        "ip access-list extended VTY\n permit tcp host 203.0.113.1 any eq telnet\n"
                        " permit tcp host 203.0.113.2 any eq 22\n permit ip host 203.0.113.3 any\n");
    CHECK_FALSE(control::check_ssh_login(ext, "op", "op-pass", ip("203.0.113.1")));
    CHECK(control::check_ssh_login(ext, "op", "op-pass", ip("203.0.113.2")));
    CHECK(control::check_ssh_login(ext, "op", "op-pass", ip("203.0.113.3")));
    // As IOS writes it, first in the line block; `no access-class 10 in` takes it away.
    auto text = config::render_config(c);
    CHECK(text.find("line vty 0 4\n access-class 10 in\n login local\n") != std::string::npos);
    auto removed = with_key(cfg + "line vty 0 4\n no access-class 10 in\n");
    CHECK(config::render_config(removed).find("access-class") == std::string::npos);
    CHECK(control::check_ssh_login(removed, "op", "op-pass", ip("203.0.113.1")));
}
