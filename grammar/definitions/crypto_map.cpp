// Crypto maps and dynamic maps with their entry sub-mode, IPsec profiles, and the interface
// commands that bind them (reference A.5.8-A.5.11).
#include <string>

#include "grammar/command.hpp"
#include "algorithms/dh_groups.hpp"
#include "grammar/definitions/shared_syntax.hpp"

namespace routerd::grammar {
namespace {

// Commands of a crypto map entry that IPsec profiles share (`set transform-set`, `set pfs`,
// `set security-association ...`, `set isakmp-profile`, `description`).
void add_sa_settings(std::vector<CommandDef>& out, Mode mode) {
    using enum CommandId;
    static const std::string lifetime = "set security-association lifetime " + std::string(sa_lifetime_syntax());
    static const std::vector<std::string_view> lifetime_help = [] {
        std::vector<std::string_view> h{"Set values for encryption/decryption", "Security association parameters",
                                        "security association lifetime"};
        h.insert(h.end(), std::begin(kSaLifetimeHelp), std::end(kSaLifetimeHelp));
        return h;
    }();
    static const std::string pfs = "set pfs [" + dh_group_choices("group") + "]";
    static const std::vector<std::string_view> pfs_help = [] {
        std::vector<std::string_view> h{"", "Specify pfs settings"};
        for (const auto& g : algorithms::dh_groups()) h.push_back(g.pfs_help);
        return h;
    }();
    out.push_back({mode, MapSetTransformSet, "set transform-set WORD [WORD [WORD [WORD [WORD [WORD]]]]]",
                   {"", "Specify list of transform sets in priority order", "Proposal tag", "Proposal tag",
                    "Proposal tag", "Proposal tag", "Proposal tag", "Proposal tag"},
                   "set transform-set"});
    out.push_back({mode, MapSetPfs, pfs, pfs_help, "set pfs"});
    out.push_back({mode, MapSetSaLifetime, lifetime, lifetime_help,
                   "set security-association lifetime {seconds|kilobytes|days}"});
    out.push_back({mode, MapSetSaIdleTime, "set security-association idle-time <60-86400> [default]",
                   {"", "", "Automatically delete IPSec SAs after a given idle period.", "Idle time in seconds",
                    "Use the default idle time"},
                   "set security-association idle-time"});
    out.push_back({mode, MapSetSaReplay, "set security-association replay {window-size {1024|128|256|512|64}|disable}",
                   {"", "", "Set replay checking.", "Set replay window size.", "Window size of 1024",
                    "Window size of 128", "Window size of 256", "Window size of 512", "Window size of 64 (default)",
                    "Disable replay checking."},
                   "set security-association replay"});
    out.push_back({mode, MapSetIsakmpProfile, "set isakmp-profile WORD",
                   {"", "Specify isakmp Profile", "isakmp profile name"}, "set isakmp-profile"});
}

}  // namespace

std::vector<CommandDef> crypto_map_commands() {
    using enum CommandId;
    constexpr Mode C = Mode::Config;
    constexpr Mode M = Mode::ConfigCryptoMap;
    constexpr Mode P = Mode::IpsecProfile;
    constexpr Mode I = Mode::ConfigIf;
    std::vector<CommandDef> out{
        {C, CryptoMapEntry, "crypto map WORD <1-65535> [ipsec-isakmp [dynamic WORD [discover]]|ipsec-manual]",
         {"", "Enter a crypto map", "Crypto map tag", "Sequence to insert into crypto map entry",
          "IPSEC w/ISAKMP", "Enable dynamic crypto map support", "Name of dynamic crypto map template",
          "Enable peer discovery", "IPSEC w/manual keying"},
         "crypto map WORD [<1-65535>]"},
        {C, CryptoMapLocalAddress, "crypto map WORD local-address IFNAME",
         {"", "", "", "Interface to use for local address for this crypto map", ""}, "crypto map WORD local-address"},
        {C, CryptoMapIsakmpProfile, "crypto map WORD isakmp-profile WORD",
         {"", "", "", "Specify isakmp profile to use", "isakmp profile name"}, "crypto map WORD isakmp-profile"},
        {C, CryptoDynamicMap, "crypto dynamic-map WORD <1-65535>",
         {"", "Specify a dynamic crypto map template", "Dynamic crypto map template tag",
          "Sequence to insert into dynamic crypto map entry"},
         "crypto dynamic-map WORD [<1-65535>]"},

        {M, MapSetPeer, "set peer {A.B.C.D|WORD} [default]",
         {"Set values for encryption/decryption", "Allowed Encryption/Decryption peer.", "IP address of peer",
          "Host name of the peer", "Set the default peer"}},
        {M, MapMatchAddress, "match address {<100-199>|<2000-2699>|WORD}",
         {"Match values.", "Match address of packets to encrypt.", "IP access-list number",
          "IP access-list number (expanded range)", "Access-list name"},
         "match address [<100-199>|<2000-2699>|WORD]"},
        {M, MapReverseRoute, "reverse-route [static|remote-peer [A.B.C.D] [gateway]]",
         {"Reverse Route Injection.", "Create routes based on static crypto map ACLs",
          "Create route to remote peer", "Address of next hop to remote peer", "Create route to remote peer via gateway"},
         "reverse-route"},
        {M, MapSetNatDemux, "set nat demux", {"", "Set NAT settings", "Enable NAT demultiplexing"}},
        {M, MapDescription, "description LINE",
         {"Description of the crypto map statement policy", "Up to 80 characters describing this crypto map"},
         "description"},
        {M, MapSetSessionKey,
         "set session-key {inbound|outbound} {ah <256-4294967295> WORD|esp <256-4294967295> [cipher WORD] [authenticator WORD]}",
         {"", "Specify session key settings", "Inbound session key", "Outbound session key", "Specify an AH key",
          "Security Parameter Index", "Key string", "Specify an ESP key", "Security Parameter Index",
          "Cipher key", "Key string", "Authenticator key", "Key string"},
         "set session-key {inbound|outbound} {ah|esp} [<256-4294967295>]"},
        {P, ProfileResponderOnly, "responder-only", {"Do not initiate SAs from this profile"}},
        {P, MapDescription, "description LINE",
         {"Description of the IPsec profile", "Up to 80 characters describing this profile"}, "description"},

        {I, InterfaceCryptoMap, "crypto map WORD", {"Encryption/Decryption commands", "Assign a Crypto Map",
                                                    "Crypto Map tag"}, "crypto map [WORD]"},
        {I, IpUnnumbered, "ip unnumbered IFNAME", {"", "Enable IP processing without an explicit address", ""},
         "ip unnumbered [IFNAME]"},
        {I, TunnelSource, "tunnel source {A.B.C.D|IFNAME}",
         {"protocol-over-protocol tunneling", "source of tunnel packets", "ip address", ""}, "tunnel source"},
        {I, TunnelDestination, "tunnel destination {A.B.C.D|WORD}",
         {"", "destination of tunnel", "ip address or host name", "ip address or host name"}, "tunnel destination"},
        {I, TunnelMode, "tunnel mode {gre {ip|multipoint}|ipsec {ipv4|ipv6}}",
         {"", "tunnel encapsulation method", "generic route encapsulation protocol", "over IP",
          "over IPv4 (multipoint)", "IPSec tunnel encapsulation", "over IPv4", "over IPv6"},
         "tunnel mode"},
        {I, TunnelProtection, "tunnel protection ipsec profile WORD [shared]",
         {"", "Enable tunnel protection", "Use ipsec for tunnel protection",
          "Determine the ipsec policy profile to use.", "Name of IPSec profile",
          "Use a shared socket for the crypto connection."},
         "tunnel protection ipsec profile [WORD [shared]]"},
        {I, IpMtu, "ip mtu <68-1500>", {"", "Set IP Maximum Transmission Unit", "MTU (bytes)"}, "ip mtu"},
        {I, IpTcpAdjustMss, "ip tcp adjust-mss <500-1460>",
         {"", "TCP header compression and other TCP parameters", "Adjust the mss of transit packets",
          "Maximum segment size in bytes"},
         "ip tcp adjust-mss"},
    };
    add_sa_settings(out, M);
    add_sa_settings(out, P);
    return out;
}

}  // namespace routerd::grammar
