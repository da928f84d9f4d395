// IPsec configuration: transform sets, global SA parameters, IPsec profiles (reference A.5.6,
// A.5.7, A.5.10).
#include <string>

#include "algorithms/dh_groups.hpp"
#include "grammar/command.hpp"
#include "grammar/definitions/shared_syntax.hpp"

namespace routerd::grammar {
namespace {

// One transform, as IOS lists them after `crypto ipsec transform-set NAME ?`.
constexpr std::string_view kTransform =
    "{ah-md5-hmac|ah-sha-hmac|ah-sha256-hmac|ah-sha384-hmac|ah-sha512-hmac|esp-3des|esp-aes [128|192|256]|"
    "esp-des|esp-gcm [128|256]|esp-gmac [128|256]|esp-md5-hmac|esp-null|esp-sha-hmac|esp-sha256-hmac|"
    "esp-sha384-hmac|esp-sha512-hmac}";
constexpr std::string_view kTransformHelp[] = {
    "AH-HMAC-MD5 transform", "AH-HMAC-SHA transform", "AH-HMAC-SHA256 transform", "AH-HMAC-SHA384 transform",
    "AH-HMAC-SHA512 transform", "ESP transform using 3DES(EDE) cipher (168 bits)", "ESP transform using AES cipher",
    "128 bit keys.", "192 bit keys.", "256 bit keys.", "ESP transform using DES cipher (56 bits)",
    "ESP transform using GCM cipher", "128 bit keys.", "256 bit keys.", "ESP transform using GMAC cipher",
    "128 bit keys.", "256 bit keys.", "ESP transform using HMAC-MD5 auth", "ESP transform w/o cipher",
    "ESP transform using HMAC-SHA auth", "ESP transform using HMAC-SHA256 auth",
    "ESP transform using HMAC-SHA384 auth", "ESP transform using HMAC-SHA512 auth"};

}  // namespace

// The SA parameter syntax shared by crypto map entries and IPsec profiles.
std::string_view sa_lifetime_syntax() {
    return "{seconds <120-2592000>|kilobytes {<2560-4294967295>|disable}|days <1-30>}";
}

std::string dh_group_choices(std::string_view prefix) {
    std::string out;
    for (const auto& g : algorithms::dh_groups()) {
        if (!out.empty()) out += "|";
        out += std::string(prefix) + std::to_string(g.number);
    }
    return out;
}

std::vector<CommandDef> crypto_ipsec_commands() {
    using enum CommandId;
    constexpr Mode C = Mode::Config;
    // Up to four transforms: the first required, then each optional inside the previous.
    static const std::string transform_set = [] {
        std::string s = "crypto ipsec transform-set WORD " + std::string(kTransform);
        for (int i = 0; i < 3; ++i) s += " [" + std::string(kTransform);
        return s + "]]]";
    }();
    static const std::vector<std::string_view> transform_set_help = [] {
        std::vector<std::string_view> h{"", "Configure IPSEC policy", "Define transform and settings",
                                        "Transform set tag"};
        for (int i = 0; i < 4; ++i) h.insert(h.end(), std::begin(kTransformHelp), std::end(kTransformHelp));
        return h;
    }();
    static const std::string lifetime =
        "crypto ipsec security-association lifetime " + std::string(sa_lifetime_syntax());
    return {
        {C, CryptoIpsecTransformSet, transform_set, transform_set_help, "crypto ipsec transform-set WORD"},
        {C, CryptoIpsecSaLifetime, lifetime,
         {"", "", "Security association parameters", "security association lifetime",
          "Time-based key duration in seconds", "Security association duration in seconds",
          "Volume-based key duration", "Security association duration in kilobytes encrypted",
          "Disable Volume-based Rekey", "Time-based key duration in days", "Security association duration in days"},
         "crypto ipsec security-association lifetime {seconds|kilobytes|days}"},
        {C, CryptoIpsecSaReplay, "crypto ipsec security-association replay {window-size {1024|128|256|512|64}|disable}",
         {"", "", "", "Set replay checking.", "Set replay window size.", "Window size of 1024",
          "Window size of 128", "Window size of 256", "Window size of 512", "Window size of 64 (default)",
          "Disable replay checking."},
         "crypto ipsec security-association replay {window-size|disable}"},
        {C, CryptoIpsecSaIdleTime, "crypto ipsec security-association idle-time <60-86400> [default]",
         {"", "", "", "Automatically delete IPSec SAs after a given idle period.",
          "Idle time in seconds", "Use the default idle time"},
         "crypto ipsec security-association idle-time"},
        {C, CryptoIpsecDfBit, "crypto ipsec df-bit {clear|copy|set}",
         {"", "", "Handling of encapsulated DF bit.", "Clear DF bit for encapsulated packets.",
          "Copy DF bit from inner for encapsulated packets.", "Set DF bit for encapsulated packets."},
         "crypto ipsec df-bit [clear|copy|set]"},
        {C, CryptoIpsecProfile, "crypto ipsec profile WORD",
         {"", "", "Configure an ipsec policy profile", "Profile name"}},
        {C, CryptoIpsecNatTransparency, "crypto ipsec nat-transparency udp-encapsulation",
         {"", "", "IPsec NAT transparency model", "UDP encapsulation"}},
        {Mode::CfgCryptoTrans, TransformSetMode, "mode {transport [require]|tunnel}",
         {"encapsulation mode (transport/tunnel)", "transport (payload encapsulation) mode",
          "Require transport mode", "tunnel (datagram encapsulation) mode"},
         "mode [transport [require]|tunnel]"},
    };
}

}  // namespace routerd::grammar
