// Access lists: numbered (global config) and named (`ip access-list` sub-modes), with the
// entry syntax IOS 15 accepts (reference A.5.12). The entry syntax is assembled once from
// the keyword tables so that `?` lists every port and protocol name with its help.
#include <memory>
#include <string>

#include "grammar/acl_keywords.hpp"
#include "grammar/command.hpp"

namespace routerd::grammar {
namespace {

struct Piece {
    std::string syntax;
    std::vector<std::string> help;
    Piece& add(std::string_view s, std::string_view h) {
        syntax += (syntax.empty() || syntax.back() == '{' || syntax.back() == '[' || syntax.back() == '|' ? "" : " ") +
                  std::string(s);
        help.emplace_back(h);
        return *this;
    }
    Piece& raw(std::string_view s) {
        syntax += s;
        return *this;
    }
    Piece& append(const Piece& p) {
        if (!syntax.empty() && syntax.back() != ' ') syntax += ' ';
        syntax += p.syntax;
        help.insert(help.end(), p.help.begin(), p.help.end());
        return *this;
    }
};

Piece address(std::string_view which) {
    bool src = which == "source";
    Piece p;
    p.raw("{").add("any", src ? "Any source host" : "Any destination host").raw("|");
    p.add("host", src ? "A single source host" : "A single destination host");
    p.add("A.B.C.D", src ? "Source address" : "Destination address").raw("|");
    p.add("A.B.C.D", src ? "Source address" : "Destination address");
    p.add("A.B.C.D", src ? "Source wildcard bits" : "Destination wildcard bits").raw("}");
    return p;
}

Piece port_value(std::span<const NamedNumber> names) {
    Piece p;
    p.raw("{").add("<0-65535>", "Port number");
    for (const auto& n : names) p.raw("|").add(n.name, n.help);
    return p.raw("}");
}

Piece port_match(std::span<const NamedNumber> names) {
    Piece p;
    p.raw("[{").add("eq", "Match only packets on a given port number").raw("|");
    p.add("gt", "Match only packets with a greater port number").raw("|");
    p.add("lt", "Match only packets with a lower port number").raw("|");
    p.add("neq", "Match only packets not on a given port number").raw("} ");
    p.append(port_value(names)).raw("|");
    p.add("range", "Match only packets in the range of port numbers").raw(" ");
    p.append(port_value(names)).raw(" ").append(port_value(names)).raw("]");
    return p;
}

Piece options() {
    Piece p;
    p.raw("[").add("dscp", "Match packets with given dscp value").add("WORD", "Differentiated services codepoint value").raw("] ");
    p.raw("[").add("fragments", "Check non-initial fragments").raw("] ");
    p.raw("[{").add("log", "Log matches against this entry").raw("|");
    p.add("log-input", "Log matches against this entry, including input interface").raw("}] ");
    p.raw("[").add("time-range", "Specify a time-range").add("WORD", "Time-range entry name").raw("]");
    return p;
}

Piece action() {
    Piece p;
    p.raw("{").add("deny", "Specify packets to reject").raw("|").add("permit", "Specify packets to forward").raw("}");
    return p;
}

// The four shapes of an extended entry: tcp and udp (ports), icmp (message), the others.
std::vector<Piece> extended_bodies() {
    std::vector<Piece> out;
    for (std::string_view proto : {"tcp", "udp"}) {
        auto names = proto == "tcp" ? tcp_ports() : udp_ports();
        Piece p = action();
        p.add(proto, proto == "tcp" ? "Transmission Control Protocol" : "User Datagram Protocol");
        p.append(address("source")).append(port_match(names)).append(address("destination")).append(port_match(names));
        if (proto == "tcp") {
            // TCP flags: `established`, or `match-all`/`match-any` with +flag/-flag words (IOS 15).
            p.raw(" [{").add("established", "Match established connections").raw("|");
            for (std::string_view kw : {"match-all", "match-any"}) {
                p.add(kw, kw == "match-all" ? "Match if all specified flags are present"
                                            : "Match if any specified flag is present");
                for (int i = 0; i < 6; ++i) p.raw(i ? " [" : " ").add("WORD", "+flag or -flag (ack, fin, psh, rst, syn, urg)");
                p.raw("]]]]]");
                if (kw == "match-all") p.raw("|");
            }
            p.raw("}]");
        }
        p.append(options());
        out.push_back(p);
    }
    Piece icmp = action();
    icmp.add("icmp", "Internet Control Message Protocol").append(address("source")).append(address("destination"));
    icmp.raw(" [").add("<0-255>", "ICMP message type").raw(" [").add("<0-255>", "ICMP message code").raw("]");
    for (const auto& m : icmp_messages()) icmp.raw("|").add(m.name, m.help);
    icmp.raw("]").append(options());
    out.push_back(icmp);
    Piece other = action();
    other.raw(" {").add("<0-255>", "An IP protocol number");
    for (const auto& n : ip_protocols())
        if (n.name != "tcp" && n.name != "udp" && n.name != "icmp") other.raw("|").add(n.name, n.help);
    other.raw("}").append(address("source")).append(address("destination")).append(options());
    out.push_back(other);
    return out;
}

Piece standard_body() {
    Piece p = action();
    p.raw(" {").add("any", "Any source host").raw("|").add("host", "A single host address");
    p.add("A.B.C.D", "Address to match").raw("|").add("A.B.C.D", "Address to match");
    p.raw(" [").add("A.B.C.D", "Wildcard bits").raw("]}");
    p.raw(" [").add("log", "Log matches against this entry").raw("]");
    return p;
}

// The definitions keep string_views: their text lives here for the life of the program.
struct Storage {
    std::vector<std::unique_ptr<Piece>> pieces;
    std::vector<std::unique_ptr<std::vector<std::string_view>>> helps;
    CommandDef make(Mode mode, CommandId id, Piece p, std::string_view no_syntax = {}, unsigned flags = 0) {
        pieces.push_back(std::make_unique<Piece>(std::move(p)));
        auto& piece = *pieces.back();
        helps.push_back(std::make_unique<std::vector<std::string_view>>(piece.help.begin(), piece.help.end()));
        return {mode, id, std::string(piece.syntax), *helps.back(), std::string(no_syntax), flags};
    }
};

Piece prefix(std::initializer_list<std::pair<std::string_view, std::string_view>> tokens) {
    Piece p;
    for (auto [s, h] : tokens) p.add(s, h);
    return p;
}

}  // namespace

std::vector<CommandDef> access_list_commands() {
    using enum CommandId;
    static Storage store;
    static std::vector<CommandDef> defs = [] {
        std::vector<CommandDef> out;
        const Piece std_numbers = [] {
            Piece p;
            p.add("access-list", "Add an access list entry").raw(" {");
            p.add("<1-99>", "IP standard access list").raw("|").add("<1300-1999>", "IP standard access list (expanded range)");
            return p.raw("}");
        }();
        const Piece ext_numbers = [] {
            Piece p;
            p.add("access-list", "Add an access list entry").raw(" {");
            p.add("<100-199>", "IP extended access list").raw("|").add("<2000-2699>", "IP extended access list (expanded range)");
            return p.raw("}");
        }();
        Piece std_entry = std_numbers;
        out.push_back(store.make(Mode::Config, AccessListStandard, std_entry.append(standard_body()),
                                 "access-list {<1-99>|<1300-1999>}"));
        for (auto& body : extended_bodies()) {
            Piece e = ext_numbers;
            out.push_back(store.make(Mode::Config, AccessListExtended, e.append(body), "access-list {<100-199>|<2000-2699>}"));
        }
        for (const Piece& numbers : {std_numbers, ext_numbers}) {
            Piece r = numbers;
            r.raw(" ").add("remark", "Access list entry comment").add("LINE", "Comment up to 100 characters");
            out.push_back(store.make(Mode::Config, AccessListRemark, r, {}, kNoNegation));
        }
        out.push_back(store.make(Mode::Config, IpAccessList,
                                 prefix({{"ip", ""}, {"access-list", "Named access list"}})
                                     .raw(" {").add("extended", "Extended Access List").raw("|")
                                     .add("standard", "Standard Access List").raw("} ")
                                     .add("WORD", "Access-list name")));
        out.push_back(store.make(Mode::Config, IpAccessListResequence,
                                 prefix({{"ip", ""}, {"access-list", "Named access list"},
                                         {"resequence", "Resequence Access List"}, {"WORD", "Access-list name"},
                                         {"<1-2147483647>", "Starting Sequence Number"},
                                         {"<1-2147483647>", "Step to increment the sequence number"}}),
                                 {}, kNoNegation));
        auto seq = [] {
            Piece p;
            p.raw("[").add("<1-2147483647>", "Sequence Number").raw("] ");
            return p;
        };
        Piece named_std = seq();
        out.push_back(store.make(Mode::ConfigStdNacl, AclEntryStandard, named_std.append(standard_body())));
        for (auto& body : extended_bodies()) {
            Piece e = seq();
            out.push_back(store.make(Mode::ConfigExtNacl, AclEntryExtended, e.append(body)));
        }
        for (Mode m : {Mode::ConfigStdNacl, Mode::ConfigExtNacl}) {
            Piece r = seq();
            r.add("remark", "Access list entry comment").add("LINE", "Comment up to 100 characters");
            out.push_back(store.make(m, AclEntryRemark, r));
            out.push_back(store.make(m, AclDeleteSequence,
                                     prefix({{"no", "Negate a command or set its defaults"},
                                             {"<1-2147483647>", "Sequence Number"}}),
                                     {}, kNoNegation));
        }
        return out;
    }();
    return defs;
}

std::vector<CommandDef> crypto_show_commands() {
    using enum CommandId;
    constexpr Mode P = Mode::PrivExec;
    const unsigned pipe = kPipeable;
    return {
        {P, ShowCryptoIsakmpPolicy, "show crypto isakmp policy",
         {"", "Encryption module", "Show ISAKMP", "Show ISAKMP protection suite policy"}, {}, pipe},
        {P, ShowCryptoIsakmpDefaultPolicy, "show crypto isakmp default policy",
         {"", "", "", "Show ISAKMP default", "Show ISAKMP default policies"}, {}, pipe},
        {P, ShowCryptoIsakmpKey, "show crypto isakmp key", {"", "", "", "Show ISAKMP preshared keys"}, {}, pipe},
        {P, ShowCryptoIsakmpProfile, "show crypto isakmp profile [tag WORD]",
         {"", "", "", "Show ISAKMP profiles", "Show info for a profile", "Profile name"}, {}, pipe},
        {P, ShowCryptoKeyring, "show crypto keyring [WORD]", {"", "", "Show keyrings", "Keyring name"}, {}, pipe},
        {P, ShowCryptoIpsecTransformSet, "show crypto ipsec transform-set [tag WORD]",
         {"", "", "Show IPSEC policy", "Crypto transform sets", "Show info for a transform set", "Transform set tag"},
         {}, pipe},
        {P, ShowCryptoIpsecProfile, "show crypto ipsec profile [WORD]",
         {"", "", "", "Show ipsec profile information", "ipsec profile name"}, {}, pipe},
        {P, ShowCryptoMap, "show crypto map [tag WORD|interface IFNAME]",
         {"", "", "Crypto maps", "Crypto maps with a given tag", "Crypto map tag",
          "Crypto maps for an interface", ""},
         {}, pipe},
        {P, ShowCryptoDynamicMap, "show crypto dynamic-map [tag WORD]",
         {"", "", "Crypto map templates", "Crypto map templates with a given tag", "Crypto map template tag"}, {}, pipe},
        {P, ShowCryptoIsakmpSa, "show crypto isakmp sa [detail]",
         {"", "", "", "Security Associations", "Show detailed SA information"}, {}, pipe},
        {P, ShowCryptoIsakmpPeers, "show crypto isakmp peers [A.B.C.D]",
         {"", "", "", "Show ISAKMP peer structures", "Peer IP address"}, {}, pipe},
        {P, ShowCryptoIpsecSa, "show crypto ipsec sa [peer A.B.C.D|map WORD|interface IFNAME] [detail]",
         {"", "", "", "IPSEC SA table", "Peer", "IP address of peer", "Crypto maps", "Crypto map tag",
          "Interface", "", "detailed error counters"},
         {}, pipe},
        {P, ShowCryptoEngineConnections, "show crypto engine connections active",
         {"", "", "Show crypto engine info", "Show current connections", "Show only active connections"}, {}, pipe},
        {P, ShowCryptoSession, "show crypto session [detail]",
         {"", "", "Show crypto sessions (tunnels)", "Show detailed crypto session information"}, {}, pipe},
        // Beyond IOS: the peer's configuration file for an entry (engine/show/show_crypto_peer_config).
        {P, ShowCryptoPeerConfig, "show crypto peer-config {strongswan|libreswan} [map WORD <1-65535>|interface IFNAME]",
         {"", "", "Configuration a non-IOS peer needs to match this router", "strongSwan swanctl.conf (IKEv1)",
          "Libreswan ipsec.conf and ipsec.secrets (IKEv1)", "One crypto map entry", "Crypto map tag", "Sequence number",
          "One protected tunnel interface", ""},
         {}, pipe},
        {P, ClearCryptoSession, "clear crypto session [remote A.B.C.D]",
         {"", "Encryption module", "Clear crypto sessions (tunnels)", "Remote IKE peer", "IP address of remote peer"}},
        {P, ClearCryptoIsakmp, "clear crypto isakmp [<1-32766>]",
         {"", "Encryption module", "Flush the ISAKMP database", "connection id to be cleared"}},
        // IOS 12.2 srfipsec: "If the peer, map, entry, or counters keyword is not used, all IPSec
        // security associations are deleted."
        {P, ClearCryptoSa, "clear crypto sa [peer A.B.C.D|map WORD]",
         {"", "Encryption module", "Clear all IPSec security associations", "Clear IPSec SAs by peer",
          "IP address of peer", "Clear IPSec SAs by map", "Crypto map tag"}},
        {P, DebugCrypto, "debug crypto {isakmp|ipsec}",
         {"Debugging functions (see also 'undebug')", "Cryptographic subsystem", "ISAKMP Key Management", "IPSEC processing"}},
        // IOS XE 16.7 `debug crypto ikev2 ?`: client, cluster, error, internal, packet, <cr>.
        {P, DebugCrypto, "debug crypto ikev2 [packet|internal|error]",
         {"Debugging functions (see also 'undebug')", "Cryptographic subsystem", "IKEv2 Protocol", "IKEv2 Packet debugging",
          "IKEv2 Internal debugging", "IKEv2 Error debugging"}},
        {P, NoDebugCrypto, "no debug crypto {isakmp|ipsec}",
         {"Disable debugging functions", "Debugging functions (see also 'undebug')", "Cryptographic subsystem",
          "ISAKMP Key Management", "IPSEC processing"}},
        {P, NoDebugCrypto, "no debug crypto ikev2 [packet|internal|error]",
         {"Disable debugging functions", "Debugging functions (see also 'undebug')", "Cryptographic subsystem", "IKEv2 Protocol",
          "IKEv2 Packet debugging", "IKEv2 Internal debugging", "IKEv2 Error debugging"}},
        {P, NoDebugCrypto, "undebug crypto {isakmp|ipsec}",
         {"Disable debugging functions (see also 'debug')", "Cryptographic subsystem", "ISAKMP Key Management",
          "IPSEC processing"}},
        {P, NoDebugCrypto, "undebug crypto ikev2 [packet|internal|error]",
         {"Disable debugging functions (see also 'debug')", "Cryptographic subsystem", "IKEv2 Protocol", "IKEv2 Packet debugging",
          "IKEv2 Internal debugging", "IKEv2 Error debugging"}},
        {P, UndebugAll, "undebug all", {"", "Disable all debugging"}},
        {P, UndebugAll, "no debug all", {"", "", "Disable all debugging"}},
        {P, ShowDebugging, "show debugging", {"", "State of each debugging option"}, {}, pipe},
        {P, ShowAccessLists, "show access-lists [<1-2699>|WORD]",
         {"", "List access lists", "ACL number", "ACL name"}, {}, pipe},
        {P, ShowIpAccessLists, "show ip access-lists [<1-2699>|WORD]",
         {"", "", "List IP access lists", "Access list number", "Access list name"}, {}, pipe},
    };
}

}  // namespace routerd::grammar
