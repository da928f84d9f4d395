// ISAKMP (IKEv1 phase 1) configuration: global `crypto isakmp ...`, the policy sub-mode,
// keyrings and ISAKMP profiles. Help texts are IOS 15's (reference A.5.1-A.5.5).
#include "algorithms/dh_groups.hpp"
#include "grammar/command.hpp"
#include "grammar/definitions/shared_syntax.hpp"

namespace routerd::grammar {

std::vector<CommandDef> crypto_isakmp_commands() {
    using enum CommandId;
    constexpr Mode C = Mode::Config;
    constexpr Mode P = Mode::ConfigIsakmp;
    constexpr Mode K = Mode::ConfKeyring;
    constexpr Mode F = Mode::ConfIsaProf;
    static const std::vector<std::string_view> group_help = [] {
        std::vector<std::string_view> h{"Set the Diffie-Hellman group"};
        for (const auto& g : algorithms::dh_groups()) h.push_back(g.isakmp_help);
        return h;
    }();
    return {
        {C, CryptoIsakmpPolicy, "crypto isakmp policy <1-10000>",
         {"Encryption module", "Configure ISAKMP policy", "Set policy for an ISAKMP protection suite",
          "Priority of protection suite"}},
        {C, CryptoIsakmpKey, "crypto isakmp key [0|6] WORD {address A.B.C.D [A.B.C.D]|hostname WORD} [no-xauth]",
         {"", "", "Set pre-shared key for remote peer", "Specifies an UNENCRYPTED password will follow",
          "Specifies an ENCRYPTED password will follow", "The UNENCRYPTED (cleartext) user password",
          "define shared key with IP address", "Peer IP address", "Peer IP subnet mask",
          "define shared key with hostname", "hostname of peer", "Bypasses XAuth for this peer"},
         "crypto isakmp key [0|6] WORD {address A.B.C.D [A.B.C.D]|hostname WORD} [no-xauth]"},
        {C, CryptoIsakmpKeepalive, "crypto isakmp keepalive <10-3600> [<2-60>] [periodic|on-demand]",
         {"", "", "Set a keepalive interval for use with IOS peers", "Number of seconds between keep alives",
          "Number of seconds between retries if keep alive fails", "The keepalive is sent periodically",
          "The keepalive is sent on-demand (default)"},
         "crypto isakmp keepalive"},
        {C, CryptoIsakmpNatKeepalive, "crypto isakmp nat keepalive <5-3600>",
         {"", "", "Set a nat  keepalive interval for use with IOS peers", "Set a keepalive interval for use with IOS peers",
          "Number of seconds between keep alives"},
         "crypto isakmp nat keepalive"},
        // Call Admission Control for IKE (IOS 12.4(6)T and later): new IKE SAs are refused past
        // the total or the in-negotiation limit; existing SAs are never touched.
        {C, CryptoCallAdmissionLimitIke, "crypto call admission limit ike {in-negotiation-sa|sa} <10-99999>",
         {"", "Configure Crypto Call Admission Control", "Configure Crypto Call Admission Control",
          "Configure Crypto Call Admission Control Limit",
          "Limit on IKE security associations",
          "Limit on number of in-negotiation IKE SAs", "Limit on number of IKE SAs", "Number of SAs"},
         "crypto call admission limit ike {in-negotiation-sa|sa}"},
        // Type 6 pre-shared keys (engine/config/type6.hpp).
        {C, KeyConfigKeyPasswordEncrypt, "key config-key password-encrypt LINE",
         {"Key management", "Set a private configuration key", "Set a private password encryption key",
          "The config-key to use"},
         "key config-key password-encrypt"},
        {C, PasswordEncryptionAes, "password encryption aes",
         {"", "Encrypt system passwords", "Encrypt system passwords with AES cipher"}},
        {C, CryptoIsakmpAggressiveModeDisable, "crypto isakmp aggressive-mode disable",
         {"", "", "Disable ISAKMP aggressive mode ", "Disable ISAKMP aggressive mode"}},
        {C, CryptoIsakmpIdentity, "crypto isakmp identity {address|hostname|dn}",
         {"", "", "Set the identity which ISAKMP will use", "Use the IP address of the interface for the identity",
          "Use the hostname of the router for the identity", "Use the distinguished name of the router cert for the identity"},
         "crypto isakmp identity"},
        {C, CryptoIsakmpEnable, "crypto isakmp enable", {"", "", "Enable ISAKMP"}},
        {C, CryptoIsakmpInvalidSpiRecovery, "crypto isakmp invalid-spi-recovery",
         {"", "", "Initiate IKE and send Invalid SPI Notify"}},
        {C, CryptoIsakmpDefaultPolicy, "crypto isakmp default policy",
         {"", "", "ISAKMP default policy", "Enable/disable ISAKMP default policy"}},
        {C, CryptoIsakmpFragmentation, "crypto isakmp fragmentation",
         {"", "", "IKE Fragmentation enabled if required"}},
        {C, CryptoKeyring, "crypto keyring WORD [vrf WORD]",
         {"", "Key ring commands", "Key ring name", "Mention a vrf it belongs to", "Vrf name"}, "crypto keyring WORD"},
        {C, CryptoLoggingSession, "crypto logging session",
         {"", "logging messages", "Enable logging of session up/down messages"}},
        {C, CryptoIsakmpProfile, "crypto isakmp profile WORD",
         {"", "", "Define ISAKMP Profiles", "Name of ISAKMP profile"}},

        {P, IsakmpEncryption, "encryption {des|3des|aes [128|192|256]}",
         {"Set encryption algorithm for protection suite", "DES - Data Encryption Standard (56 bit keys).",
          "Three key triple DES", "AES - Advanced Encryption Standard.", "128 bit keys.", "192 bit keys.",
          "256 bit keys."},
         "encryption [des|3des|aes [128|192|256]]"},
        {P, IsakmpHash, "hash {md5|sha|sha256|sha384|sha512}",
         {"Set hash algorithm for protection suite", "Message Digest 5", "Secure Hash Standard",
          "Secure Hash Standard 2 (256 bit)", "Secure Hash Standard 2 (384 bit)", "Secure Hash Standard 2 (512 bit)"},
         "hash [md5|sha|sha256|sha384|sha512]"},
        {P, IsakmpAuthentication, "authentication {pre-share|rsa-encr|rsa-sig}",
         {"Set authentication method for protection suite", "Pre-Shared Key", "Rivest-Shamir-Adleman Encryption",
          "Rivest-Shamir-Adleman Signature"},
         "authentication [pre-share|rsa-encr|rsa-sig]"},
        {P, IsakmpGroup, "group {" + dh_group_choices("") + "}", group_help, "group [" + dh_group_choices("") + "]"},
        {P, IsakmpLifetime, "lifetime <60-86400>",
         {"Set lifetime for ISAKMP security association", "lifetime in seconds"}, "lifetime [<60-86400>]"},

        {K, KeyringPresharedKey, "pre-shared-key {address A.B.C.D [A.B.C.D]|hostname WORD} key [0|6] WORD",
         {"Pre-Shared Key", "pre shared key by address", "IP address of the peer", "Mask for the IP address",
          "pre shared key by hostname", "hostname of peer", "pre shared key",
          "Specifies an UNENCRYPTED password will follow", "Specifies an ENCRYPTED password will follow",
          "The UNENCRYPTED (cleartext) key"},
         "pre-shared-key {address A.B.C.D [A.B.C.D]|hostname WORD} [key [0|6] WORD]"},
        {K, KeyringLocalAddress, "local-address {A.B.C.D|IFNAME}",
         {"Limit the keyring usage to a local address", "IP Address", ""}, "local-address [A.B.C.D|IFNAME]"},
        {K, KeyringDescription, "description LINE", {"Describe this keyring", "Up to 80 characters"}, "description"},

        {F, ProfileKeyring, "keyring WORD", {"Keyring", "Keyring name"}},
        {F, ProfileMatchIdentity,
         "match identity {address A.B.C.D [A.B.C.D] [WORD]|host WORD|host domain WORD|user WORD|group WORD}",
         {"Match values of peer", "Match identity", "IP Address(es)", "IP Address", "Mask", "fvrf of the peer",
          "Fully Qualified Domain Name", "FQDN", "", "Domain name", "Domain", "User Fully Qualified Domain Name",
          "User FQDN", "Group name", "Group"}},
        {F, ProfileSelfIdentity, "self-identity {address|fqdn|user-fqdn WORD}",
         {"Specify the self-identity", "address", "fqdn", "user-fqdn", "User FQDN"}, "self-identity"},
        {F, ProfileLocalAddress, "local-address {A.B.C.D|IFNAME}",
         {"Interface to be used as local address", "IP Address", ""}, "local-address [A.B.C.D|IFNAME]"},
        {F, ProfileKeepalive, "keepalive <10-3600> retry <2-60>",
         {"Set a keepalive interval for use with IOS peers", "Number of seconds between keep alives",
          "retry interval", "Number of seconds between retries if keep alive fails"},
         "keepalive"},
        {F, ProfileVrf, "vrf WORD", {"Specify the VRF it is related to", "VRF Name"}, "vrf"},
        {F, ProfileInitiateAggressive, "initiate mode aggressive",
         {"Initiator property", "initiator mode", "Aggressive Mode Exchange"}},
        {F, ProfileVirtualTemplate, "virtual-template <1-4095>",
         {"Specify the virtual-template for dynamic interface creation.", "Virtual template number"}, "virtual-template"},
        {F, ProfileDescription, "description LINE", {"Specify a description of this profile", "Description"}, "description"},
    };
}

}  // namespace routerd::grammar
