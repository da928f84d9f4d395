// IKEv2 configuration (IOS 15.x / IOS XE FlexVPN syntax): the global `crypto ikev2 ...` lines,
// the proposal, policy, keyring (and its peers) and profile sub-modes, `set ikev2-profile` in
// crypto map entries and IPsec profiles, and the shows of what is configured. The blocks this
// box keeps without carrying them out (`crypto ikev2 authorization`, `client`) stay in stored.cpp.
#include <string>

#include "grammar/command.hpp"

namespace routerd::grammar {
namespace {

struct Choice {
    std::string_view keyword;
    std::string_view help;
};

// IOS 15 `encryption ?`, `integrity ?`, `prf ?` and `group ?` in config-ikev2-proposal.
constexpr Choice kEncryption[] = {
    {"3des", "Triple DES"},
    {"aes-cbc-128", "AES-CBC-128"},
    {"aes-cbc-192", "AES-CBC-192"},
    {"aes-cbc-256", "AES-CBC-256"},
    {"aes-gcm-128", "Combined-mode,128 bit key,16 byte ICV(Authentication Tag)"},
    {"aes-gcm-256", "Combined-mode,256 bit key,16 byte ICV(Authentication Tag)"},
};
constexpr Choice kHash[] = {
    {"md5", "Message Digest 5"},
    {"sha1", "Secure Hash Standard"},
    {"sha256", "Secure Hash Standard 2 (256 bit)"},
    {"sha384", "Secure Hash Standard 2 (384 bit)"},
    {"sha512", "Secure Hash Standard 2 (512 bit)"},
};
constexpr Choice kGroup[] = {
    {"1", "DH 768 MODP"},  {"14", "DH 2048 MODP"}, {"15", "DH 3072 MODP"}, {"16", "DH 4096 MODP"},
    {"19", "DH 256 ECP"},  {"2", "DH 1024 MODP"},  {"20", "DH 384 ECP"},   {"21", "DH 521 ECP"},
    {"24", "DH 2048 (256 subgroup) MODP"}, {"5", "DH 1536 MODP"},
};

// `WORD {a|b|c} [{a|b|c} [...]]`: IOS takes several algorithms on one line, each at most once
// (a repeat is refused by the handler); `repeat` choices in all.
template <std::size_t N>
CommandDef list_command(Mode mode, CommandId id, std::string_view keyword, std::string_view keyword_help,
                        const Choice (&choices)[N], std::size_t repeat) {
    std::string one = "{";
    for (const auto& c : choices) one += (one.size() > 1 ? "|" : "") + std::string(c.keyword);
    one += "}";
    CommandDef d{mode, id, std::string(keyword) + " " + one, {keyword_help}};
    for (std::size_t i = 1; i < repeat; ++i) d.syntax += " [" + one;
    d.syntax += std::string(repeat - 1, ']');
    for (std::size_t i = 0; i < repeat; ++i)
        for (const auto& c : choices) d.help.push_back(c.help);
    // `no encryption` drops them all; `no encryption aes-cbc-128` only that one.
    std::string no = std::string(keyword);
    for (std::size_t i = 0; i < repeat; ++i) no += " [" + one;
    d.no_syntax = no + std::string(repeat, ']');
    return d;
}

}  // namespace

std::vector<CommandDef> crypto_ikev2_commands() {
    using enum CommandId;
    constexpr Mode C = Mode::Config;
    constexpr Mode Pr = Mode::Ikev2Proposal;
    constexpr Mode Po = Mode::Ikev2Policy;
    constexpr Mode K = Mode::Ikev2Keyring;
    constexpr Mode KP = Mode::Ikev2KeyringPeer;
    constexpr Mode F = Mode::Ikev2Profile;
    constexpr Mode P = Mode::PrivExec;
    const unsigned pipe = kPipeable;
    std::vector<CommandDef> out{
        {C, CryptoIkev2Proposal, "crypto ikev2 proposal WORD",
         {"", "Configure IKEv2 Options", "Define IKEV2 proposals", "Name of IKEv2 proposal"}},
        {C, CryptoIkev2Policy, "crypto ikev2 policy WORD",
         {"", "", "Define IKEV2 policies", "Name of IKEv2 policy"}},
        {C, CryptoIkev2Keyring, "crypto ikev2 keyring WORD",
         {"", "", "Define IKEv2 keyrings", "Name of IKEv2 keyring"}},
        {C, CryptoIkev2Profile, "crypto ikev2 profile WORD",
         {"", "", "Define IKEv2 profiles", "Name of IKEv2 profile"}},
        {C, CryptoIkev2Dpd, "crypto ikev2 dpd <10-3600> <2-60> {on-demand|periodic}",
         {"", "", "Enable IKE liveness check for peers", "DPD interval in seconds",
          "Retry interval in seconds when there is no reply from peer", "Send DPD only on demand",
          "Send DPD periodically"},
         "crypto ikev2 dpd [<10-3600> [<2-60> [on-demand|periodic]]]"},
        {C, CryptoIkev2NatKeepalive, "crypto ikev2 nat keepalive <5-3600>",
         {"", "", "NAT settings", "Set NAT keepalive interval", "NAT keepalive interval in seconds"},
         "crypto ikev2 nat keepalive [<5-3600>]"},
        {C, CryptoIkev2CookieChallenge, "crypto ikev2 cookie-challenge <1-1000>",
         {"", "", "Enable cookie-challenge", "Threshold of half-open SAs at which cookie challenge is enabled"},
         "crypto ikev2 cookie-challenge [<1-1000>]"},
        // IOS 15.x: `crypto ikev2 fragmentation [mtu mtu-size]`, 68-1500, 576 when not given.
        {C, CryptoIkev2Fragmentation, "crypto ikev2 fragmentation [mtu <68-1500>]",
         {"", "", "Enable IKEv2 fragmentation", "Set the mtu", "MTU size in bytes"}, "crypto ikev2 fragmentation [mtu [<68-1500>]]"},
        {C, CryptoIkev2Limit, "crypto ikev2 limit {max-in-negotiation-sa|max-sa} <1-99999>",
         {"", "", "Limit the number of maximum and negotiating sa",
          "Limit the total number of in-negotiation sa", "Limit the total number of sa", "Limit"},
         "crypto ikev2 limit {max-in-negotiation-sa|max-sa} [<1-99999>]"},

        {Po, Ikev2PolicyProposal, "proposal WORD", {"Specify Proposal", "Name of IKEv2 proposal"}},
        {Po, Ikev2PolicyMatchAddressLocal, "match address local {A.B.C.D|WORD}",
         {"Match values of local or remote peer", "Local address", "Local address", "IPv4 address",
          "IPv6 address (kept without effect)"}},
        {Po, Ikev2PolicyMatchFvrf, "match fvrf {WORD|any}",
         {"", "Front door VRF", "VRF name", "Any VRF"}, "match fvrf [WORD|any]"},

        {K, Ikev2KeyringPeer, "peer WORD", {"Configure a Peer and associated keys", "Name of peer"}},
        // An IPv6 address/prefix is kept without effect (no IPv6 dataplane here); any other word
        // is refused by the handler with IOS's caret.
        {KP, Ikev2PeerAddress, "address {A.B.C.D [A.B.C.D]|WORD}",
         {"Address", "IPv4 Address", "Mask", "IPv6 address/prefix (X:X:X:X::X/<0-128>)"}, "address"},
        {KP, Ikev2PeerIdentity, "identity {address A.B.C.D|fqdn WORD|email WORD|key-id WORD}",
         {"Identity", "IP address", "IPv4 address", "Fully qualified domain name", "FQDN string",
          "Email address", "Email string", "proprietary types of identification (ID KEY ID)", "ID KEY ID string"},
         "identity [address A.B.C.D|fqdn WORD|email WORD|key-id WORD]"},
        {KP, Ikev2PeerPresharedKey, "pre-shared-key [local|remote] [0|6] LINE",
         {"pre-shared key", "Local pre-shared key", "Remote pre-shared key",
          "Specifies an UNENCRYPTED password will follow", "Specifies an ENCRYPTED password will follow",
          "The UNENCRYPTED (cleartext) user password"},
         "pre-shared-key [local|remote]"},
        {KP, Ikev2PeerDescription, "description LINE", {"Specify a description of this peer", "Description"},
         "description"},
        {KP, Ikev2PeerHostname, "hostname WORD", {"Hostname of peer", "Hostname"}, "hostname"},

        // `match identity remote ?` and `identity local ?` as Cisco's ASA-router IKEv2 TechNote
        // (document 117337) prints them.
        {F, Ikev2ProfileMatchIdentity,
         "match identity remote {address A.B.C.D [A.B.C.D]|any|email {domain WORD|WORD}|fqdn {domain WORD|WORD}|key-id WORD}",
         {"Match values of peer", "Match identity", "Remote identity", "IP Address(es)", "IP address", "Mask",
          "match any peer identity", "Fully qualified email string [Max. 255 char(s)]", "Match a domain", "Email string",
          "Email string", "Fully qualified domain name string [Max. 255 char(s)]", "Match a domain", "FQDN string",
          "FQDN string", "key-id opaque string", "key-id string"}},
        {F, Ikev2ProfileMatchAddressLocal, "match address local {A.B.C.D|interface IFNAME|WORD}",
         {"", "Local address", "Local address", "IPv4 address", "Local address interface", "",
          "IPv6 address (kept without effect)"}},
        {F, Ikev2ProfileMatchFvrf, "match fvrf {WORD|any}", {"", "Front door VRF", "VRF name", "Any VRF"},
         "match fvrf [WORD|any]"},
        {F, Ikev2ProfileIdentityLocal, "identity local {address A.B.C.D|email WORD|fqdn WORD|key-id WORD}",
         {"Specify IKEv2 Identity", "Local IKEv2 identity", "address", "IPv4 address", "Fully qualified email string",
          "Email string", "Fully qualified domain name string", "FQDN string",
          "key-id opaque string - proprietary types of identification", "key-id string"},
         "identity local [address A.B.C.D|email WORD|fqdn WORD|key-id WORD]"},
        {F, Ikev2ProfileAuthentication, "authentication {local|remote} pre-share",
         {"Set authentication method", "Local authentication method", "Remote authentication method",
          "Pre-Shared Key"},
         "authentication {local|remote} [pre-share]"},
        // IOS 15.1/15.2 took `keyring NAME` (Microsoft's Azure samples for those releases still
        // do); later releases write `keyring local NAME`, which is how it is shown.
        {F, Ikev2ProfileKeyring, "keyring {local WORD|WORD}", {"Keyring", "Local keyring", "Keyring name", "Keyring name"},
         "keyring [local [WORD]|WORD]"},
        {F, Ikev2ProfileLifetime, "lifetime <120-86400>",
         {"Set lifetime for ikev2 SAs", "lifetime in seconds"}, "lifetime [<120-86400>]"},
        {F, Ikev2ProfileDpd, "dpd <10-3600> <2-60> {on-demand|periodic}",
         {"Enable IKE liveness check for peers", "DPD interval in seconds",
          "Retry interval in seconds when there is no reply from peer", "Send DPD only on demand",
          "Send DPD periodically"},
         "dpd [<10-3600> [<2-60> [on-demand|periodic]]]"},
        {F, Ikev2ProfileNatKeepalive, "nat keepalive <5-3600>",
         {"NAT-transparency", "Set NAT keepalive interval", "NAT keepalive interval in seconds"},
         "nat keepalive [<5-3600>]"},
        // FlexVPN's server side: each authenticated peer gets a Virtual-Access cloned from it.
        {F, Ikev2ProfileVirtualTemplate, "virtual-template <1-4095> [mode auto]",
         {"Specify the virtual-template for dynamic interface creation.", "Virtual template number", "Virtual-template mode",
          "Auto tunnel mode"},
         "virtual-template"},
        {F, Ikev2ProfileDescription, "description LINE", {"Specify a description of this profile", "Description"},
         "description"},

        {Mode::ConfigCryptoMap, MapSetIkev2Profile, "set ikev2-profile WORD",
         {"", "Specify ikev2 Profile", "ikev2 Profile"}, "set ikev2-profile [WORD]"},
        {Mode::IpsecProfile, MapSetIkev2Profile, "set ikev2-profile WORD",
         {"", "Specify ikev2 Profile", "ikev2 Profile"}, "set ikev2-profile [WORD]"},

        {P, ShowCryptoIkev2Proposal, "show crypto ikev2 proposal [WORD]",
         {"", "", "Shows ikev2 info", "Show proposals", "IKEv2 proposal name"}, {}, pipe},
        {P, ShowCryptoIkev2Policy, "show crypto ikev2 policy [WORD]",
         {"", "", "", "Show policies", "IKEv2 policy name"}, {}, pipe},
        {P, ShowCryptoIkev2Profile, "show crypto ikev2 profile [WORD]",
         {"", "", "", "Shows ikev2 profiles", "IKEv2 profile name"}, {}, pipe},
        {P, ShowCryptoIkev2Sa, "show crypto ikev2 sa [detailed]",
         {"", "", "", "Shows ikev2 SAs", "show detail sa info"}, {}, pipe},
        {P, ShowCryptoIkev2Session, "show crypto ikev2 session [detailed]",
         {"", "", "", "Shows ikev2 active session", "show detail session info"}, {}, pipe},
        {P, ShowCryptoIkev2Stats, "show crypto ikev2 stats", {"", "", "", "Shows ikev2 sa stats"}, {}, pipe},
        {P, ClearCryptoIkev2Sa, "clear crypto ikev2 sa", {"", "", "Clear ikev2 SAs", "Clear ikev2 SAs"}},
    };
    out.push_back(list_command(Pr, Ikev2ProposalEncryption, "encryption", "Set encryption algorithm(s) for proposal",
                               kEncryption, std::size(kEncryption)));
    out.push_back(list_command(Pr, Ikev2ProposalIntegrity, "integrity", "Set integrity hash algorithm(s) for proposal",
                               kHash, std::size(kHash)));
    out.push_back(list_command(Pr, Ikev2ProposalPrf, "prf", "Set prf algorithm(s) for proposal", kHash, std::size(kHash)));
    out.push_back(list_command(Pr, Ikev2ProposalGroup, "group", "Set the Diffie-Hellman group(s)", kGroup, std::size(kGroup)));
    return out;
}

}  // namespace routerd::grammar
