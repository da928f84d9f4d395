// Type 6 pre-shared keys (IOS's Encrypted Preshared Key) through the CLI: the master key never
// shows, keys are stored encrypted once `password encryption aes` and a master key are set, a
// type 6 key that is not this router's is refused, and removing the master key asks first.
#include <catch.hpp>

#include <regex>

#include "engine/config/type6.hpp"
#include "tests/support/dispatcher_cli.hpp"

using namespace routerd;

TEST_CASE("type 6: encrypted under the master key, opened only with it, refused when not ours") {
    auto text = config::type6_encrypt("MasterKey123", "cisco123");
    CHECK(config::type6_well_formed(text));
    CHECK(config::type6_decrypt("MasterKey123", text) == "cisco123");
    CHECK_FALSE(config::type6_decrypt("MasterKey124", text));
    CHECK(config::type6_encrypt("MasterKey123", "cisco123") != text);  // a salt per key
    auto tampered = text;
    tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
    CHECK_FALSE(config::type6_decrypt("MasterKey123", tampered));
    CHECK_FALSE(config::type6_well_formed("FLgBaJHXdYY_AcHZZMgQ_RhTDJXHUBAAB"));  // an IOS router's
    CHECK_FALSE(config::type6_well_formed("not type 6"));
}

TEST_CASE("password encryption aes with a master key stores keys as type 6; the master key never shows") {
    test::DispatcherCli cli;
    cli.run("configure terminal");
    cli.run("crypto isakmp key cisco123 address 10.0.0.1");
    cli.run("crypto keyring KR");
    cli.run(" pre-shared-key address 10.0.0.2 key secret22");
    cli.run("exit");
    CHECK(cli.run("password encryption aes") == "");  // waits for a master key
    CHECK(cli.run("do show running-config | include key") ==
          "crypto keyring KR  \n  pre-shared-key address 10.0.0.2 key secret22\ncrypto isakmp key cisco123 address 10.0.0.1\n");
    CHECK(cli.run("key config-key password-encrypt short") == "% Key too short. Minimum length is 8 characters\n");
    CHECK(cli.run("key config-key password-encrypt MasterKey123") == "");
    auto running = cli.run("do show running-config");
    CHECK(running.find("MasterKey123") == std::string::npos);
    CHECK(running.find("cisco123") == std::string::npos);
    CHECK(running.find("secret22") == std::string::npos);
    CHECK(running.find("password encryption aes\n") != std::string::npos);
    std::smatch isakmp, ring;
    REQUIRE(std::regex_search(running, isakmp, std::regex("crypto isakmp key 6 ([A-Za-z0-9_-]+) address 10\\.0\\.0\\.1\n")));
    REQUIRE(std::regex_search(running, ring, std::regex("  pre-shared-key address 10\\.0\\.0\\.2 key 6 ([A-Za-z0-9_-]+)\n")));
    CHECK(config::type6_decrypt("MasterKey123", isakmp[1].str()) == "cisco123");
    CHECK(config::type6_decrypt("MasterKey123", ring[1].str()) == "secret22");
    // The IKE side authenticates with the secret, not with the text shown.
    CHECK(cli.router.config.crypto.keys.at(0).secret == "cisco123");

    CHECK(cli.run("crypto isakmp key " + std::string(129, 'k') + " address 10.0.0.9") ==
          "% Pre-shared key too long: at most 128 characters\n");
    CHECK(cli.run("crypto isakmp key " + std::string(128, 'k') + " address 10.0.0.9") == "");
    // A key typed afterwards is stored encrypted too; one pasted as type 6 opens or is refused.
    cli.run("crypto isakmp key newkey99 address 10.0.0.4");
    CHECK(cli.router.config.crypto.keys.back().type == 6);
    auto other = config::type6_encrypt("SomeOtherMaster", "x");
    CHECK(cli.run("crypto isakmp key 6 " + other + " address 10.0.0.5") ==
          "% The type 6 key does not decrypt with this router's master key\n");
    CHECK(cli.run("crypto isakmp key 6 not-type-6! address 10.0.0.5") == "% Invalid encrypted key: not a type 6 key\n");
    // A real IOS router's type 6 key: kept (a pasted config loses no line), usable by nobody.
    CHECK(cli.run("crypto isakmp key 6 FLgBaJHXdYY_AcHZZMgQ_RhTDJXHUBAAB address 10.0.0.6") == "");
    CHECK(cli.router.config.crypto.keys.back().secret.empty());
    CHECK(cli.run("do show running-config").find("crypto isakmp key 6 FLgBaJHXdYY_AcHZZMgQ_RhTDJXHUBAAB address 10.0.0.6\n") !=
          std::string::npos);
    CHECK(cli.run("crypto isakmp key 6 " + config::type6_encrypt("MasterKey123", "pasted") + " address 10.0.0.5") == "");
    CHECK(cli.router.config.crypto.keys.back().secret == "pasted");

    // A new master key: every type 6 key is encrypted again under it, its secret unchanged.
    cli.run("key config-key password-encrypt NewMaster456");
    running = cli.run("do show running-config");
    REQUIRE(std::regex_search(running, isakmp, std::regex("crypto isakmp key 6 ([A-Za-z0-9_-]+) address 10\\.0\\.0\\.1\n")));
    CHECK(config::type6_decrypt("NewMaster456", isakmp[1].str()) == "cisco123");

    // Removing the master key asks first; the keys stay, encrypted and unusable.
    CHECK(cli.run("no key config-key password-encrypt") == "");
    CHECK(cli.run("maybe") == "% Please answer 'yes' or 'no'.\n");
    CHECK(cli.run("yes") == "");
    CHECK(cli.router.config.crypto.master_key.empty());
    CHECK(cli.router.config.crypto.keys.at(0).type == 6);
    CHECK(cli.router.config.crypto.keys.at(0).secret.empty());
    CHECK(cli.run("do show running-config").find("crypto isakmp key 6 " + isakmp[1].str() + " address 10.0.0.1\n") != std::string::npos);
}

TEST_CASE("a startup-config's type 6 keys open once the private-config's master key is loaded first") {
    std::string key6 = config::type6_encrypt("MasterKey123", "cisco123");
    test::DispatcherCli cli;
    for (const auto& r : cli.dispatcher.load_config("key config-key password-encrypt MasterKey123\n")) FAIL(r);
    for (const auto& r : cli.dispatcher.load_config("crypto isakmp key 6 " + key6 + " address 10.0.0.1\n")) FAIL(r);
    CHECK(cli.router.config.crypto.keys.at(0).secret == "cisco123");
    // Without it the key is kept (a later `key config-key` opens it) and cannot authenticate.
    test::DispatcherCli bare;
    bare.dispatcher.load_config("crypto isakmp key 6 " + key6 + " address 10.0.0.1\n");
    CHECK(bare.router.config.crypto.keys.at(0).secret.empty());
    auto policy = bare.router.policy();
    CHECK(std::any_of(policy->problems.begin(), policy->problems.end(),
                      [](const std::string& p) { return p.find("type 6 key for 10.0.0.1 cannot be decrypted") != std::string::npos; }));
    bare.run("configure terminal");
    bare.run("key config-key password-encrypt MasterKey123");
    CHECK(bare.router.config.crypto.keys.at(0).secret == "cisco123");
}
