#include "engine/routing/frr_config.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "engine/config/routing_blocks.hpp"
#include "engine/config/secrets.hpp"
#include "grammar/interface_name.hpp"
#include "grammar/matcher.hpp"
#include "grammar/token.hpp"

namespace routerd::routing {
namespace {

using config::begins_with_words;
using Words = std::vector<std::string>;

Words split(std::string_view text) {
    Words out;
    for (const auto& w : grammar::split_words(text)) out.emplace_back(w.text);
    return out;
}

std::string join(const Words& w, std::size_t from = 0, std::size_t to = std::string::npos) {
    std::string out;
    for (std::size_t i = from; i < w.size() && i < to; ++i) {
        if (!out.empty()) out += ' ';
        out += w[i];
    }
    return out;
}

std::size_t depth_of(std::string_view child) { return config::child_depth(child); }

// A classful network's prefix length (IOS's `network 10.0.0.0` in `router bgp`).
int classful_length(std::uint32_t address) {
    std::uint32_t first = address >> 24;
    return first < 128 ? 8 : first < 192 ? 16 : 24;
}

// The clear text of a `7 HASH` or `0 TEXT` secret (IOS's `password 7 ...`); FRR keeps clear
// text only.
std::optional<std::string> clear_secret(const Words& w, std::size_t at) {
    if (at >= w.size()) return std::nullopt;
    if (w[at] == "7" && at + 1 < w.size()) return config::decode_type7(w[at + 1]);
    if (w[at] == "0" && at + 1 < w.size()) return join(w, at + 1);
    return join(w, at);
}

class Translator {
public:
    explicit Translator(const interfaces::LinkNames& links) : links_(links) {}

    FrrConfig run(const config::RunningConfig& c) {
        for (const auto& [name, i] : c.interfaces)
            for (const auto& l : i.stored)
                if (config::routing_interface_line(l.text)) interface_line(name, l.text);
        std::vector<FrrStanza> routers, lists, maps;
        // A route map NAT selects with is the packet filter's (nat_config.hpp), not FRR's.
        std::set<std::string> nat_maps;
        for (const auto& l : c.stored) {
            Words w = split(l.text);
            if (w.size() >= 6 && w[0] == "ip" && w[1] == "nat" && w[4] == "route-map") nat_maps.insert(w[5]);
        }
        for (const auto& l : c.stored) {
            if (begins_with_words(l.text, "route-map")) {
                Words w = split(l.text);
                if (w.size() >= 2 && nat_maps.count(w[1])) continue;
            }
            if (begins_with_words(l.text, "router bgp")) routers.push_back(bgp(l));
            else if (begins_with_words(l.text, "router ospf")) {
                if (auto s = ospf(l)) routers.push_back(std::move(*s));
            } else if (begins_with_words(l.text, "route-map")) maps.push_back(route_map(l));
            else if (config::routing_line(l.text)) {
                if (auto s = global_line(l.text)) lists.push_back(std::move(*s));
            }
        }
        // IOS runs OSPF over a tunnel as a point-to-point network (no DR election); FRR takes
        // an xfrm or GRE link for a broadcast one unless told.
        if (ospf_seen_)
            for (const auto& [name, i] : c.interfaces) {
                auto it = links_.find(name);
                if (name.type != grammar::InterfaceType::Tunnel || it == links_.end()) continue;
                auto& lines = interface_lines_[it->second];
                bool typed = std::any_of(lines.begin(), lines.end(),
                                         [](const FrrLine& l) { return l.text.starts_with(" ip ospf network"); });
                if (!typed) lines.insert(lines.begin(), {" ip ospf network point-to-point", "interface " + name.canonical()});
            }
        for (auto& [link, lines] : interface_lines_)
            out_.stanzas.push_back({{"interface " + link, "interface " + link}, std::move(lines)});
        for (auto* group : {&routers, &lists, &maps})
            for (auto& s : *group) out_.stanzas.push_back(std::move(s));
        return std::move(out_);
    }

private:
    void leave_out(const std::string& line, std::string reason) { out_.left_out.push_back({line, std::move(reason)}); }

    std::optional<std::string> link_of(const std::string& ios) {
        auto name = grammar::parse_interface_name(ios);
        if (!name) return std::nullopt;
        auto it = links_.find(*name);
        if (it == links_.end()) return std::nullopt;
        return it->second;
    }

    void interface_line(const grammar::InterfaceName& name, const std::string& text) {
        auto it = links_.find(name);
        if (it == links_.end()) return leave_out(text, "the interface has no Linux link yet");
        Words w = split(text);
        // IOS `ip ospf 1 area 0`: FRR runs one OSPF process, `ip ospf area 0`.
        if (w.size() >= 5 && w[3] == "area" && w[2].find_first_not_of("0123456789") == std::string::npos)
            w.erase(w.begin() + 2);
        // `ip ospf message-digest-key 1 md5 7 HASH`, `ip ospf authentication-key 7 HASH`.
        if (w.size() >= 6 && w[2] == "message-digest-key" && w[4] == "md5") {
            auto clear = clear_secret(w, 5);
            if (!clear) return leave_out(text, "its key is not valid type 7");
            w = Words{w.begin(), w.begin() + 5};
            w.push_back(*clear);
        } else if (w.size() >= 4 && w[2] == "authentication-key") {
            auto clear = clear_secret(w, 3);
            if (!clear) return leave_out(text, "its key is not valid type 7");
            w = Words{w.begin(), w.begin() + 3};
            w.push_back(*clear);
        }
        interface_lines_[it->second].push_back({" " + join(w), text});
    }

    // `redistribute static subnets route-map X` in IOS; FRR has no `subnets` (it always
    // redistributes subnets), names no process number, and sees the routes routerd installs
    // for `ip route` as kernel routes.
    std::string redistribute(Words w) {
        std::erase(w, "subnets");
        if (w.size() >= 3 && (w[1] == "ospf" || w[1] == "bgp" || w[1] == "eigrp") &&
            w[2].find_first_not_of("0123456789") == std::string::npos)
            w.erase(w.begin() + 2);
        if (w.size() >= 2 && w[1] == "static") w[1] = "kernel";
        return join(w);
    }

    FrrStanza bgp(const config::StoredLine& l) {
        FrrStanza s{{l.text, l.text}, {}};
        // RFC 8212's rule (no eBGP routes without a policy) is FRR's default, not IOS's: an
        // IOS neighbor exchanges routes with none.
        s.children.push_back({" no bgp ebgp-requires-policy", l.text});
        // IOS installs one best path unless `maximum-paths` says more; FRR's default is 64.
        bool paths = std::any_of(l.children.begin(), l.children.end(), [](const std::string& c) {
            return begins_with_words(std::string_view(c).substr(depth_of(c)), "maximum-paths");
        });
        if (!paths) s.children.push_back({" maximum-paths 1", l.text});
        bool skipping = false;  // inside an address-family FRR has no counterpart for
        bool in_template = false;  // inside `template peer-policy|peer-session`
        for (const auto& child : l.children) {
            std::size_t depth = depth_of(child);
            std::string text = child.substr(depth);
            Words w = split(text);
            if (w.empty()) continue;
            std::string indent(depth <= 1 ? 1 : 2, ' ');
            // IOS's peer templates have no FRR counterpart (FRR has peer groups): the template
            // and the neighbors' `inherit` lines are left out, never sent to land elsewhere.
            if (w[0] == "template" || in_template) {
                in_template = w[0] != "exit-peer-policy" && w[0] != "exit-peer-session";
                leave_out(text, "FRR has no BGP peer templates");
                continue;
            }
            if (w[0] == "neighbor" && w.size() >= 3 && w[2] == "inherit") {
                leave_out(text, "FRR has no BGP peer templates");
                continue;
            }
            if (w[0] == "neighbor" && w.size() >= 3 && w[2] == "fall-over") {
                leave_out(text, "BFD and next-hop fall-over are not run on this box");
                continue;
            }
            if (w[0] == "address-family") {
                bool plain = w.size() == 2 || (w.size() == 3 && (w[2] == "unicast"));
                skipping = !plain || (w[1] != "ipv4" && w[1] != "ipv6");
                if (skipping) {
                    leave_out(text, "FRR configures this address family elsewhere (a VRF is its own `router bgp`)");
                    continue;
                }
                s.children.push_back({" address-family " + w[1] + " unicast", text});
                continue;
            }
            if (w[0] == "exit-address-family") {
                if (!skipping) s.children.push_back({" exit-address-family", text});
                skipping = false;
                continue;
            }
            if (skipping) {
                leave_out(text, "its address family is not carried out");
                continue;
            }
            if (auto t = bgp_line(w, text)) s.children.push_back({indent + *t, text});
            // A neighbor over a tunnel is first tried while IKE still negotiates: Linux refuses
            // the connect (no SA yet), and FRR's ConnectRetry would wait 120 s before the next
            // try. IOS's session comes up within seconds of the tunnel's; so does ours.
            if (w.size() == 4 && w[0] == "neighbor" && w[2] == "remote-as" && depth <= 1)
                s.children.push_back({" neighbor " + w[1] + " timers connect 10", text});
        }
        return s;
    }

    std::optional<std::string> bgp_line(Words w, const std::string& text) {
        if (w[0] == "neighbor" && w.size() >= 3) {
            // IOS's third timer (the minimum hold time it accepts) has no FRR counterpart.
            if (w[2] == "timers" && w.size() == 6) w.pop_back();
            if (w[2] == "update-source" && w.size() == 4 && !grammar::parse_ipv4(w[3])) {
                auto link = link_of(w[3]);
                if (!link) {
                    leave_out(text, "no Linux link is " + w[3] + " yet");
                    return std::nullopt;
                }
                w[3] = *link;
            }
            if (w[2] == "password" && w.size() >= 4) {
                auto clear = clear_secret(w, 3);
                if (!clear) {
                    leave_out(text, "its password is not valid type 7");
                    return std::nullopt;
                }
                return join(w, 0, 3) + " " + *clear;
            }
            return join(w);
        }
        if (w[0] == "network" && w.size() == 2 && w[1].find('/') == std::string::npos) {
            auto a = grammar::parse_ipv4(w[1]);
            if (a) return "network " + w[1] + "/" + std::to_string(classful_length(*a));
        }
        if (w[0] == "redistribute") return redistribute(w);
        return join(w);
    }

    std::optional<FrrStanza> ospf(const config::StoredLine& l) {
        // FRR's ospfd is one process (`router ospf`); IOS numbers its processes.
        if (ospf_seen_) {
            leave_out(l.text, "FRR runs one OSPF process; " + *ospf_seen_ + " is the one carried out");
            return std::nullopt;
        }
        ospf_seen_ = l.text;
        FrrStanza s{{"router ospf", l.text}, {}};
        for (const auto& child : l.children) {
            std::string text = child.substr(depth_of(child));
            Words w = split(text);
            if (w.empty()) continue;
            if (w[0] == "network" && w.size() == 5 && w[3] == "area") {
                auto length = wildcard_prefix_length(w[2]);
                if (!length) {
                    leave_out(text, "FRR takes a network as a prefix; " + w[2] + " is not a contiguous wildcard");
                    continue;
                }
                s.children.push_back({" network " + w[1] + "/" + std::to_string(*length) + " area " + w[4], text});
                continue;
            }
            // FRR sets a passive interface on the interface (`ip ospf passive`); `default` stays.
            bool negated = w[0] == "no" && w.size() == 3 && w[1] == "passive-interface";
            if ((w[0] == "passive-interface" && w.size() == 2 && w[1] != "default") || (negated && w[2] != "default")) {
                auto link = link_of(w.back());
                if (!link) {
                    leave_out(text, "no Linux link is " + w.back() + " yet");
                    continue;
                }
                interface_lines_[*link].push_back({negated ? " no ip ospf passive" : " ip ospf passive", text});
                continue;
            }
            if (w[0] == "redistribute") {
                s.children.push_back({" " + redistribute(w), text});
                continue;
            }
            s.children.push_back({" " + join(w), text});
        }
        return s;
    }

    // IOS's `route-map NAME` is `route-map NAME permit 10`; FRR wants both said.
    FrrStanza route_map(const config::StoredLine& l) {
        Words w = split(l.text);
        std::string action = w.size() >= 3 ? w[2] : "permit", seq = w.size() >= 4 ? w[3] : "10";
        FrrStanza s{{"route-map " + (w.size() >= 2 ? w[1] : "") + " " + action + " " + seq, l.text}, {}};
        for (const auto& child : l.children) {
            std::string text = child.substr(depth_of(child));
            Words cw = split(text);
            if (cw.empty()) continue;
            // `match ip address 10`: an access list, which FRR keeps apart from the kernel's.
            if (cw.size() >= 4 && cw[0] == "match" && cw[1] == "ip" && cw[2] == "address" && cw[3] != "prefix-list") {
                leave_out(text, "FRR is given prefix lists; match one with `match ip address prefix-list`");
                continue;
            }
            s.children.push_back({" " + join(cw), text});
        }
        return s;
    }

    // FRR names the BGP lists `bgp community-list` and `bgp as-path access-list`.
    std::optional<FrrStanza> global_line(const std::string& text) {
        Words w = split(text);
        if (begins_with_words(text, "ip community-list") || begins_with_words(text, "ip as-path"))
            w[0] = "bgp";
        return FrrStanza{{join(w), text}, {}};
    }

    const interfaces::LinkNames& links_;
    FrrConfig out_;
    std::map<std::string, std::vector<FrrLine>> interface_lines_;
    std::optional<std::string> ospf_seen_;
};

}  // namespace

std::optional<int> wildcard_prefix_length(const std::string& wildcard) {
    auto w = grammar::parse_ipv4(wildcard);
    if (!w) return std::nullopt;
    std::uint32_t mask = ~*w;
    int length = 0;
    while (length < 32 && (mask & (0x80000000u >> length))) ++length;
    std::uint32_t expect = length == 0 ? 0 : ~std::uint32_t{0} << (32 - length);
    if (mask != expect) return std::nullopt;
    return length;
}

FrrConfig frr_config(const config::RunningConfig& config, const interfaces::LinkNames& links) {
    return Translator(links).run(config);
}

}  // namespace routerd::routing
