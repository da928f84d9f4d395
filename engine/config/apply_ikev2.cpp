// IKEv2 configuration: `crypto ikev2 proposal|policy|keyring|profile` and their sub-modes, the
// keyring's `peer` sub-mode inside it, and the global `crypto ikev2 dpd|nat keepalive|
// cookie-challenge|limit` lines (ikev2_config.hpp).
#include <algorithm>

#include "engine/config/apply.hpp"

namespace routerd::config {
namespace {

using grammar::CommandId;
using grammar::Form;
using grammar::Mode;

std::uint32_t number(const std::string& s) { return static_cast<std::uint32_t>(std::stoul(s)); }

ApplyResult enter(Mode mode, std::string context) {
    ApplyResult r;
    r.enter = grammar::ModeFrame{mode, std::move(context)};
    r.changed = true;
    return r;
}

// The words typed after the argument at `from` (canonical keywords, values as typed).
std::string text_from(const grammar::Matched& m, std::size_t from) {
    std::string t;
    for (std::size_t i = from; i < m.args.size(); ++i) t += (t.empty() ? "" : " ") + m.args[i].value;
    return t;
}

template <typename T>
void add_once(std::vector<T>& list, const T& v) {
    if (std::find(list.begin(), list.end(), v) == list.end()) list.push_back(v);
}

// `encryption a b c` adds each (in the order typed, once); `no encryption a` removes a and
// `no encryption` all of them.
template <typename T, typename F>
void edit_list(std::vector<T>& list, const grammar::Matched& m, F convert) {
    if (m.form() != Form::Set && m.args.size() == 1) {
        list.clear();
        return;
    }
    for (std::size_t i = 1; i < m.args.size(); ++i) {
        T v = convert(m.args[i].value);
        if (m.form() == Form::Set) add_once(list, v);
        else std::erase(list, v);
    }
}

std::string peer_context(const std::string& ring, const std::string& peer) { return ring + " " + peer; }

// The caret under a word that is no IPv4 address: where the matcher would put it had the
// syntax only A.B.C.D ("40.76.X.X" at the X, "192.0.2.300" at its last digit).
std::size_t ipv4_caret(const grammar::Arg& word) {
    static const grammar::Token ipv4 = grammar::Token::parse("A.B.C.D");
    return word.column + grammar::viable_prefix(ipv4, word.value);
}

// A word where IOS takes an IPv4 or an IPv6 address: an IPv6 one is kept as typed (`text`)
// without effect, as there is no IPv6 dataplane here; anything else gets IOS's caret under its
// first character no IPv4 address has ("40.76.X.X" at the X). nullopt: the word is IPv4.
std::optional<ApplyResult> not_ipv4(const grammar::Arg& word, std::vector<StoredLine>& stored, const std::string& text,
                                    bool set) {
    if (grammar::parse_ipv4(word.value)) return std::nullopt;
    ApplyResult r;
    if (word.value.find(':') == std::string::npos) {
        r.invalid_column = ipv4_caret(word);
        return r;
    }
    bool was = std::erase_if(stored, [&](const StoredLine& l) { return l.text == text; }) > 0;
    if (set) {
        stored.push_back({text, {}});
        r.notice = "%CONFIG-4-NOT_APPLIED: \"" + text + "\" is kept in the configuration but has no effect on this box\n";
    }
    r.changed = set || was;
    return r;
}

}  // namespace

Ikev2KeyringPeer* ikev2_peer_of(Ikev2Config& c, const std::string& context) {
    auto space = context.find(' ');
    if (space == std::string::npos) return nullptr;
    auto ring = c.keyrings.find(context.substr(0, space));
    return ring == c.keyrings.end() ? nullptr : ring->second.peer(context.substr(space + 1));
}

std::optional<ApplyResult> apply_ikev2(ApplyContext& ctx) {
    auto& crypto = ctx.config.crypto;
    auto& c = crypto.ikev2;
    const auto& m = ctx.match;
    bool set = m.form() == Form::Set;
    const std::string& here = ctx.frame.context;
    switch (m.id()) {
        case CommandId::CryptoIkev2Proposal: {
            auto name = m.value(0);
            if (!set) {
                c.proposals.erase(name);
                if (name == "default") c.default_proposal_disabled = m.form() == Form::No;
                return changed_result();
            }
            if (name == "default") c.default_proposal_disabled = false;
            auto& p = c.proposals[name];
            if (p.name.empty()) {
                p.name = name;
                p.created = crypto.next_created++;
            }
            return enter(Mode::Ikev2Proposal, name);
        }
        case CommandId::Ikev2ProposalEncryption:
        case CommandId::Ikev2ProposalIntegrity:
        case CommandId::Ikev2ProposalPrf:
        case CommandId::Ikev2ProposalGroup: {
            auto it = c.proposals.find(here);
            if (it == c.proposals.end()) return ApplyResult{};
            auto& p = it->second;
            auto same = [](const std::string& s) { return s; };
            switch (m.id()) {
                case CommandId::Ikev2ProposalEncryption: edit_list(p.encryption, m, same); break;
                case CommandId::Ikev2ProposalIntegrity: edit_list(p.integrity, m, same); break;
                case CommandId::Ikev2ProposalPrf: edit_list(p.prf, m, same); break;
                default: edit_list(p.groups, m, [](const std::string& s) { return std::stoi(s); }); break;
            }
            return changed_result();
        }
        case CommandId::CryptoIkev2Policy: {
            auto name = m.value(0);
            if (!set) {
                c.policies.erase(name);
                if (name == "default") c.default_policy_disabled = m.form() == Form::No;
                return changed_result();
            }
            if (name == "default") c.default_policy_disabled = false;
            auto& p = c.policies[name];
            if (p.name.empty()) {
                p.name = name;
                p.created = crypto.next_created++;
            }
            return enter(Mode::Ikev2Policy, name);
        }
        case CommandId::Ikev2PolicyProposal:
        case CommandId::Ikev2PolicyMatchAddressLocal:
        case CommandId::Ikev2PolicyMatchFvrf: {
            auto it = c.policies.find(here);
            if (it == c.policies.end()) return ApplyResult{};
            auto& p = it->second;
            if (m.id() == CommandId::Ikev2PolicyProposal) {
                if (set) add_once(p.proposals, m.value(0));
                else std::erase(p.proposals, m.value(0));
            } else if (m.id() == CommandId::Ikev2PolicyMatchAddressLocal) {
                if (auto r = not_ipv4(m.args.back(), p.stored, "match address local " + m.args.back().value, set)) return r;
                auto a = *grammar::parse_ipv4(m.value(0));
                if (set) add_once(p.match_local, a);
                else std::erase(p.match_local, a);
            } else {
                p.fvrf = set ? m.args.back().value : "";
            }
            return changed_result();
        }
        case CommandId::CryptoIkev2Keyring: {
            auto name = m.value(0);
            if (!set) {
                c.keyrings.erase(name);
                return changed_result();
            }
            auto& k = c.keyrings[name];
            if (k.name.empty()) {
                k.name = name;
                k.created = crypto.next_created++;
            }
            return enter(Mode::Ikev2Keyring, name);
        }
        case CommandId::Ikev2KeyringPeer: {
            auto ring = c.keyrings.find(here);
            if (ring == c.keyrings.end()) return ApplyResult{};
            auto name = m.value(0);
            auto& peers = ring->second.peers;
            if (!set) {
                std::erase_if(peers, [&](const Ikev2KeyringPeer& p) { return p.name == name; });
                return changed_result();
            }
            if (!ring->second.peer(name)) {
                peers.emplace_back();
                peers.back().name = name;
            }
            // Inside the keyring: `exit` goes back to it, a keyring command typed here (another
            // `peer`) is the keyring's, as on IOS.
            ApplyResult r = enter(Mode::Ikev2KeyringPeer, peer_context(here, name));
            r.enter->prompt = std::string(grammar::prompt_suffix(Mode::Ikev2KeyringPeer));
            r.nested = true;
            return r;
        }
        case CommandId::Ikev2PeerAddress:
        case CommandId::Ikev2PeerIdentity:
        case CommandId::Ikev2PeerPresharedKey:
        case CommandId::Ikev2PeerDescription:
        case CommandId::Ikev2PeerHostname: {
            auto* p = ikev2_peer_of(c, here);
            if (!p) return ApplyResult{};
            switch (m.id()) {
                case CommandId::Ikev2PeerAddress: {
                    if (set && !grammar::parse_ipv4(m.args.at(1).value)) {
                        const auto& first = m.args.at(1);
                        // IOS's `address X:X:X:X::X/<0-128>`: kept as typed, without effect here.
                        if (first.value.find(':') == std::string::npos) {
                            ApplyResult r;
                            r.invalid_column = ipv4_caret(first);
                            return r;
                        }
                        std::erase_if(p->stored, [](const StoredLine& l) { return l.text.starts_with("address "); });
                        p->stored.push_back({"address " + first.value, {}});
                        ApplyResult r = changed_result();
                        r.notice = "%CONFIG-4-NOT_APPLIED: \"address " + first.value +
                                   "\" is kept in the configuration but has no effect on this box\n";
                        return r;
                    }
                    std::erase_if(p->stored, [](const StoredLine& l) { return l.text.starts_with("address "); });
                    p->address.reset();
                    p->mask = 0xffffffff;
                    p->mask_given = false;
                    if (!set) break;
                    auto v = m.values();
                    p->address = *grammar::parse_ipv4(v[0]);
                    if (v.size() > 1) {
                        p->mask = *grammar::parse_ipv4(v[1]);
                        p->mask_given = true;
                    }
                    break;
                }
                case CommandId::Ikev2PeerIdentity: p->identity = set ? text_from(m, 1) : ""; break;
                case CommandId::Ikev2PeerPresharedKey: {
                    auto& slot = m.has("local") ? p->psk_local : m.has("remote") ? p->psk_remote : p->psk;
                    if (!set) {
                        slot.reset();
                        break;
                    }
                    PresharedKey k;
                    k.type = m.has("6") ? 6 : 0;
                    k.key = m.args.back().value;
                    if (!open_preshared_key(crypto, k, true, ctx.out)) return ApplyResult{};
                    slot = k;
                    break;
                }
                case CommandId::Ikev2PeerDescription: p->description = set ? m.value(0) : ""; break;
                default: p->hostname = set ? m.value(0) : ""; break;
            }
            return changed_result();
        }
        case CommandId::CryptoIkev2Profile: {
            auto name = m.value(0);
            if (!set) {
                c.profiles.erase(name);
                return changed_result();
            }
            auto& p = c.profiles[name];
            if (p.name.empty()) {
                p.name = name;
                p.created = crypto.next_created++;
            }
            return enter(Mode::Ikev2Profile, name);
        }
        case CommandId::Ikev2ProfileMatchIdentity:
        case CommandId::Ikev2ProfileMatchAddressLocal:
        case CommandId::Ikev2ProfileMatchFvrf:
        case CommandId::Ikev2ProfileIdentityLocal:
        case CommandId::Ikev2ProfileAuthentication:
        case CommandId::Ikev2ProfileKeyring:
        case CommandId::Ikev2ProfileLifetime:
        case CommandId::Ikev2ProfileDpd:
        case CommandId::Ikev2ProfileNatKeepalive:
        case CommandId::Ikev2ProfileVirtualTemplate:
        case CommandId::Ikev2ProfileDescription: {
            auto it = c.profiles.find(here);
            if (it == c.profiles.end()) return ApplyResult{};
            auto& p = it->second;
            switch (m.id()) {
                case CommandId::Ikev2ProfileMatchIdentity: {
                    auto text = text_from(m, 3);  // after `match identity remote`
                    if (set) add_once(p.match_identities, text);
                    else std::erase(p.match_identities, text);
                    break;
                }
                case CommandId::Ikev2ProfileMatchAddressLocal: {
                    if (!m.has("interface"))
                        if (auto r = not_ipv4(m.args.back(), p.stored, "match address local " + m.args.back().value, set))
                            return r;
                    auto text = text_from(m, 3);  // after `match address local`
                    if (set) add_once(p.match_local, text);
                    else std::erase(p.match_local, text);
                    break;
                }
                case CommandId::Ikev2ProfileMatchFvrf: p.fvrf = set ? m.args.back().value : ""; break;
                case CommandId::Ikev2ProfileIdentityLocal: p.identity_local = set ? text_from(m, 2) : ""; break;
                case CommandId::Ikev2ProfileAuthentication:
                    (m.has("local") ? p.auth_local_psk : p.auth_remote_psk) = set;
                    break;
                case CommandId::Ikev2ProfileKeyring: p.keyring = set ? m.args.back().value : ""; break;
                case CommandId::Ikev2ProfileLifetime:
                    p.lifetime = set ? std::optional(number(m.value(0))) : std::nullopt;
                    break;
                case CommandId::Ikev2ProfileDpd:
                    p.dpd = set ? std::optional(Ikev2Dpd{number(m.value(0)), number(m.value(1)), m.has("periodic")})
                                : std::nullopt;
                    break;
                case CommandId::Ikev2ProfileNatKeepalive:
                    p.nat_keepalive = set ? std::optional(number(m.value(0))) : std::nullopt;
                    break;
                case CommandId::Ikev2ProfileVirtualTemplate:
                    p.virtual_template = set ? std::optional(number(m.value(0))) : std::nullopt;
                    p.virtual_template_mode_auto = set && m.has("auto");
                    break;
                default: p.description = set ? m.value(0) : ""; break;
            }
            return changed_result();
        }
        case CommandId::CryptoIkev2Dpd:
            c.dpd = set ? std::optional(Ikev2Dpd{number(m.value(0)), number(m.value(1)), m.has("periodic")})
                        : std::nullopt;
            return changed_result();
        case CommandId::CryptoIkev2NatKeepalive:
            c.nat_keepalive = set ? std::optional(number(m.value(0))) : std::nullopt;
            return changed_result();
        case CommandId::CryptoIkev2Fragmentation:
            c.fragmentation_mtu = set ? std::optional(m.has("mtu") ? number(m.value(0)) : 0u) : std::nullopt;
            return changed_result();
        case CommandId::CryptoIkev2CookieChallenge:
            c.cookie_challenge = set ? std::optional(number(m.value(0))) : std::nullopt;
            return changed_result();
        case CommandId::CryptoIkev2Limit: {
            auto& limit = m.has("max-sa") ? c.max_sa : c.max_in_negotiation_sa;
            limit = set ? std::optional(number(m.value(0))) : std::nullopt;
            return changed_result();
        }
        default: return std::nullopt;
    }
}

}  // namespace routerd::config
