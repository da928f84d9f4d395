// Every startup-config the loader's fuzzer (tests/fuzz/config_load_fuzz.cpp) once broke, kept
// in tests/fuzz/config_load_regressions, still keeps the loader's promises
// (tests/support/config_load_promises.hpp): the fuzzer runs only in the sanitizer pass, for a
// bounded time, and may not find the same input again.
#include <catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/config_load_promises.hpp"

using namespace routerd;

TEST_CASE("every startup-config the loader's fuzzer once broke loads, and reads back as it was") {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(ROUTERD_LOAD_REGRESSIONS_DIR)) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    REQUIRE_FALSE(files.empty());
    const auto table = std::make_shared<const grammar::CommandTable>(grammar::all_commands());
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        REQUIRE(in);
        std::ostringstream text;
        text << in.rdbuf();
        auto broken = test::broken_load_promise(table, text.str());
        INFO(f.filename().string() << ": " << (broken ? broken->promise + "\n" + broken->detail : std::string("kept")));
        CHECK_FALSE(broken);
    }
}

TEST_CASE("an unindented line after a block's indented lines is global when global configuration takes it") {
    // IOS writes a block's lines indented; read back, `ip pim rp-address` is the global line it
    // was, though the interface's kept `ip pim` lines would take it too.
    test::DispatcherCli indented;
    indented.dispatcher.load_config("interface GigabitEthernet0/1\n ip pim sparse-mode\n!\nip pim rp-address 10.0.0.1\n");
    auto running = indented.run("show running-config");
    CHECK(running.find("interface GigabitEthernet0/1\n no ip address\n ip pim sparse-mode\n!\n") != std::string::npos);
    CHECK(running.find("\nip pim rp-address 10.0.0.1\n") != std::string::npos);
    CHECK(running.find(" ip pim rp-address") == std::string::npos);

    // Typed flat, as at a terminal, the sub-mode is tried first (IOS's parser): both go to the
    // interface, and a global-only line still leaves it.
    test::DispatcherCli flat;
    flat.run("configure terminal");
    flat.run("interface GigabitEthernet0/1");
    flat.run("ip pim sparse-mode");  // kept, each with a notice that it has no effect here
    flat.run("ip pim bsr-border");
    CHECK(flat.run("hostname FLAT").empty());
    flat.run("ip tcp synwait-time 5");  // global again: no longer the interface's
    // An interface's command typed in global configuration is refused there, as on IOS.
    CHECK(flat.run("ip tcp adjust-mss 1360").find("% Invalid input detected at '^' marker.") != std::string::npos);
    flat.run("end");
    running = flat.run("show running-config");
    CHECK(running.find("interface GigabitEthernet0/1\n no ip address\n ip pim sparse-mode\n ip pim bsr-border\n!\n") != std::string::npos);
    CHECK(running.find("hostname FLAT\n") != std::string::npos);
    CHECK(running.find("\nip tcp synwait-time 5\n") != std::string::npos);
    CHECK(running.find("adjust-mss") == std::string::npos);

    // An unindented `exit` still leaves the block, never configuration mode.
    test::DispatcherCli exits;
    exits.run("configure terminal");
    exits.run("interface GigabitEthernet0/1");
    exits.run(" description uplink");
    CHECK(exits.run("exit").empty());
    CHECK(exits.dispatcher.line(exits.s, "hostname R9").prompt == "R9(config)#");
}
