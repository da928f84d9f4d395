// Known-answer tests for IOS password storage. Vectors come from independent tools:
// - types 8 and 9: hashcat's published example hashes for modes 9200 and 9300, password
//   "hashcat" (hashcat.net example_hashes; also in many hash-identifier test suites);
// - type 5: `openssl passwd -1 -salt saltsalt password` (OpenSSL's command line);
// - type 7: "cisco" with seed 02 and 05, the encodings every IOS type-7 decoder documents.
#include <catch.hpp>

#include "engine/config/secrets.hpp"

using namespace routerd::config;

TEST_CASE("type 9 (scrypt) matches hashcat's example") {
    CHECK(hash_type9("hashcat", "2MJBozw/9R3UsU") == "$9$2MJBozw/9R3UsU$2lFhcKvpghcyw8deP25GOfyZaagyUOGBymkryvOdfo6");
    CHECK(verify_secret({9, "$9$2MJBozw/9R3UsU$2lFhcKvpghcyw8deP25GOfyZaagyUOGBymkryvOdfo6"}, "hashcat"));
    CHECK_FALSE(verify_secret({9, "$9$2MJBozw/9R3UsU$2lFhcKvpghcyw8deP25GOfyZaagyUOGBymkryvOdfo6"}, "hashcaT"));
}

TEST_CASE("type 8 (PBKDF2-SHA256) matches hashcat's example") {
    CHECK(hash_type8("hashcat", "TnGX/fE4KGHOVU") == "$8$TnGX/fE4KGHOVU$pEhnEvxrvaynpi8j4f.EMHr6M.FzU8xnZnBr/tJdFWk");
    CHECK(verify_secret({8, "$8$TnGX/fE4KGHOVU$pEhnEvxrvaynpi8j4f.EMHr6M.FzU8xnZnBr/tJdFWk"}, "hashcat"));
}

TEST_CASE("type 5 (md5-crypt) matches openssl passwd -1") {
    CHECK(hash_type5("password", "saltsalt") == "$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/");
    CHECK(verify_secret({5, "$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/"}, "password"));
    CHECK_FALSE(verify_secret({5, "$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/"}, "Password"));
}

TEST_CASE("type 7 encodes and decodes as IOS does") {
    CHECK(encode_type7("cisco", 2) == "02050D480809");
    CHECK(encode_type7("cisco", 5) == "05080F1C2243");
    CHECK(decode_type7("02050D480809") == std::optional<std::string>("cisco"));
    CHECK(decode_type7("0") == std::nullopt);
    CHECK(decode_type7("99AB") == std::nullopt);  // seeds stop at 15
    CHECK(decode_type7("02ZZ") == std::nullopt);
}

TEST_CASE("fresh salts differ and hashes are well formed") {
    auto a = random_salt(), b = random_salt();
    CHECK(a.size() == 14);
    CHECK(a != b);
    auto h = hash_type9("x", a);
    CHECK(valid_hash(9, h));
    CHECK_FALSE(valid_hash(9, "$9$short$abc"));
    CHECK_FALSE(valid_hash(5, "notahash"));
}

TEST_CASE("mask_secrets hides keys, passwords and secrets as IOS's hidekeys does, and nothing else") {
    struct Case {
        const char* line;
        const char* masked;
    };
    const Case cases[] = {
        {"crypto isakmp key SuperSecret123 address 10.0.0.2", "crypto isakmp key ***** address 10.0.0.2"},
        {"crypto isakmp key 6 FLgBaJHXdYY_AcHZZMgQ address 2.2.2.2", "crypto isakmp key 6 ***** address 2.2.2.2"},
        {"crypto isakmp key 0 cisco hostname peer.example.com", "crypto isakmp key 0 ***** hostname peer.example.com"},
        {" pre-shared-key address 10.0.0.2 key K3y!", " pre-shared-key address 10.0.0.2 key *****"},
        {"  pre-shared-key local L0cal", "  pre-shared-key local *****"},
        {"username admin privilege 15 secret 9 $9$abc$def", "username admin privilege 15 secret 9 *****"},
        {"username bob password 7 0822455D0A16", "username bob password 7 *****"},
        {"enable secret level 15 5 $1$salt$hash", "enable secret level 15 5 *****"},
        {"enable password cisco", "enable password *****"},
        {" password linepass", " password *****"},
        {"key config-key password-encrypt MasterKey1", "key config-key password-encrypt *****"},
        {"snmp-server community public RO", "snmp-server community ***** RO"},
        {" ip ospf message-digest-key 1 md5 7 05080F1C2243", " ip ospf message-digest-key 1 md5 7 *****"},
        {"ntp authentication-key 1 md5 NtpKey 7", "ntp authentication-key 1 md5 ***** 7"},
        {" key-string 7 1511021F0725", " key-string 7 *****"},
        // No secret in these: they pass unchanged.
        {"crypto key generate rsa modulus 2048", "crypto key generate rsa modulus 2048"},
        {"password encryption aes", "password encryption aes"},
        {" hash md5", " hash md5"},
        {"crypto isakmp keepalive 10 3", "crypto isakmp keepalive 10 3"},
        {"service password-encryption", "service password-encryption"},
    };
    for (const auto& c : cases) {
        INFO(c.line);
        CHECK(mask_secrets(c.line).text == c.masked);
    }
    auto m = mask_secrets("crypto isakmp key SuperSecret123 address 10.0.0.2 bogus");
    REQUIRE(m.secrets == std::vector<std::string>{"SuperSecret123"});
    // A caret under `bogus` (column 50 of the line) stays under it once the key is 5 characters.
    CHECK(m.text.substr(m.column_in_text(50), 5) == "bogus");
    CHECK(m.column_in_text(20) == 18);  // inside the secret: its start
    CHECK(m.column_in_text(4) == 4);
}
