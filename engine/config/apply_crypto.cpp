// ISAKMP and IPsec global configuration: policies, keys, keyrings, ISAKMP profiles,
// transform sets, global SA settings, IPsec profiles.
#include <algorithm>

#include "engine/config/apply.hpp"
#include "engine/config/type6.hpp"

namespace routerd::config {
namespace {

using grammar::CommandId;
using grammar::Form;
using grammar::Mode;

ApplyResult changed() { return changed_result(); }
ApplyResult enter(Mode mode, std::string context) {
    ApplyResult r;
    r.enter = grammar::ModeFrame{mode, std::move(context)};
    return r;
}
std::uint32_t number(const std::string& s) { return static_cast<std::uint32_t>(std::stoul(s)); }

constexpr std::size_t kMaxPresharedKey = 128;

// IOS writes type 6 keys in letters and [\]^_` ("FLgBaJHXdYY_AcHZZMgQ_RhTDJXHUBAAB").
bool ios_type6_shaped(std::string_view text) {
    return text.size() >= 16 && std::all_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'z'; });
}

// A clear key goes into the running-config encrypted once `password encryption aes` and a
// master key are both set (IOS's Encrypted Preshared Key).
void seal(const CryptoConfig& c, PresharedKey& k) {
    if (k.type != 0 || !c.password_encryption_aes || c.master_key.empty()) return;
    k.type = 6;
    k.key = type6_encrypt(c.master_key, k.secret);
}

template <typename F>
void each_key(CryptoConfig& c, F f) {
    for (auto& k : c.keys) f(k);
    for (auto& [name, ring] : c.keyrings)
        for (auto& k : ring.keys) f(k);
    for (auto& [name, ring] : c.ikev2.keyrings)
        for (auto& peer : ring.peers)
            for (auto* k : {&peer.psk, &peer.psk_local, &peer.psk_remote})
                if (*k) f(**k);
}

}  // namespace

// The key as typed, and the secret IKE uses: a type 6 key is decrypted with the master key
// (refused when it does not open with it; kept, unusable, when there is no master key yet).
bool open_preshared_key(const CryptoConfig& c, PresharedKey& k, bool set, std::string& out) {
    if (k.type == 6 && !type6_well_formed(k.key)) {
        // A real IOS router's type 6 key (its own cipher, under its master key): kept, so a
        // pasted config loses no line, but it authenticates nobody (a POLICY_PROBLEM says so).
        if (!ios_type6_shaped(k.key)) {
            out += "% Invalid encrypted key: not a type 6 key\n";
            return false;
        }
    } else if (k.type == 6) {
        if (!c.master_key.empty()) {
            auto secret = type6_decrypt(c.master_key, k.key);
            if (!secret) {
                out += "% The type 6 key does not decrypt with this router's master key\n";
                return false;
            }
            k.secret = *secret;
        } else {
            out += "% No master key is set: the type 6 key is kept but cannot be used until `key config-key "
                   "password-encrypt` sets the one it was encrypted with\n";
        }
    } else {
        // IOS takes a pre-shared key of at most 128 characters (reference A.5.2).
        if (set && k.key.size() > kMaxPresharedKey) {
            out += "% Pre-shared key too long: at most " + std::to_string(kMaxPresharedKey) + " characters\n";
            return false;
        }
        k.secret = k.key;
        seal(c, k);
    }
    return true;
}

namespace {

std::optional<PresharedKey> key_from(const CryptoConfig& c, const grammar::Matched& m, std::string key, std::string& out) {
    PresharedKey k;
    k.type = m.has("6") ? 6 : 0;
    k.key = std::move(key);
    if (!open_preshared_key(c, k, m.form() == grammar::Form::Set, out)) return std::nullopt;
    if (m.has("hostname") || (m.has("host") && !m.has("address"))) {
        k.by_hostname = true;
        k.hostname = m.after("hostname");
    } else {
        auto after = m.after("address");
        k.address = *grammar::parse_ipv4(after);
        // The mask follows the address when given.
        for (std::size_t i = 0; i + 2 < m.args.size(); ++i)
            if (m.args[i].value == "address" && m.args[i + 2].token->kind == grammar::TokenKind::Ipv4) {
                k.mask = *grammar::parse_ipv4(m.args[i + 2].value);
                k.mask_given = true;
            }
    }
    k.no_xauth = m.has("no-xauth");
    return k;
}

// `key config-key password-encrypt KEY`: type 6 keys are encrypted again under the new master
// key (and keys pasted as type 6 before any master key open now if it is theirs); with
// `password encryption aes`, clear keys are encrypted.
ApplyResult set_master_key(ApplyContext& ctx) {
    auto& c = ctx.config.crypto;
    std::string master = ctx.match.value(0);
    if (master.size() < kMinMasterKeyLength) {
        ctx.out += "% Key too short. Minimum length is " + std::to_string(kMinMasterKeyLength) + " characters\n";
        return {};
    }
    each_key(c, [&](PresharedKey& k) {
        if (k.type != 6) return;
        if (k.secret.empty())
            if (auto s = type6_decrypt(master, k.key)) k.secret = *s;
        if (!k.secret.empty()) k.key = type6_encrypt(master, k.secret);
    });
    c.master_key = master;
    each_key(c, [&](PresharedKey& k) { seal(c, k); });
    return changed();
}

// `no key config-key password-encrypt`: IOS asks first, since every type 6 key becomes
// unusable (they stay in the configuration, encrypted).
Question ask_remove_master_key(RunningConfig& config) {
    return {"WARNING: All type 6 encrypted keys will become unusable. Continue with master key deletion? [yes/no]: ",
            [&config](std::string_view answer, std::string& out) {
                auto words = grammar::split_words(answer);
                std::string w = words.empty() ? "" : std::string(words.front().text);
                ApplyResult r;
                if (!w.empty() && grammar::istarts_with("yes", w)) {
                    config.crypto.master_key.clear();
                    each_key(config.crypto, [](PresharedKey& k) {
                        if (k.type == 6) k.secret.clear();
                    });
                    r.changed = true;
                } else if (w.empty() || !grammar::istarts_with("no", w)) {
                    out += "% Please answer 'yes' or 'no'.\n";
                    r.ask = ask_remove_master_key(config);
                }
                return r;
            }};
}

bool same_peer(const PresharedKey& a, const PresharedKey& b) {
    if (a.by_hostname != b.by_hostname) return false;
    return a.by_hostname ? a.hostname == b.hostname : a.address == b.address && a.mask == b.mask;
}

// `set ... lifetime`, `idle-time`, `replay` shared by crypto map entries, IPsec profiles and
// the global `crypto ipsec security-association` commands.
void apply_sa(SaSettings& sa, const grammar::Matched& m, CommandId id) {
    bool set = m.form() == Form::Set;
    switch (id) {
        case CommandId::CryptoIpsecSaLifetime:
        case CommandId::MapSetSaLifetime:
            if (m.has("seconds")) sa.lifetime_seconds = set ? std::optional(number(m.after("seconds"))) : std::nullopt;
            if (m.has("days")) sa.lifetime_days = set ? std::optional(number(m.after("days"))) : std::nullopt;
            if (m.has("kilobytes")) {
                if (m.has("disable")) {
                    sa.kilobytes_disabled = set;
                } else {
                    sa.lifetime_kilobytes = set ? std::optional<std::uint64_t>(std::stoull(m.after("kilobytes")))
                                                : std::nullopt;
                    if (!set) sa.kilobytes_disabled = false;
                }
            }
            break;
        case CommandId::CryptoIpsecSaIdleTime:
        case CommandId::MapSetSaIdleTime:
            sa.idle_time = set ? std::optional(number(m.values().at(0))) : std::nullopt;
            sa.idle_default = set && m.has("default");
            break;
        case CommandId::CryptoIpsecSaReplay:
        case CommandId::MapSetSaReplay:
            if (m.has("disable")) {
                sa.replay_disabled = set;
            } else if (set) {
                sa.replay_window = number(m.after("window-size"));
                sa.replay_disabled = false;
            } else {
                sa.replay_window.reset();
            }
            break;
        default: break;
    }
}

bool is_esp_cipher(const std::string& t) {
    return t == "esp-des" || t == "esp-3des" || t == "esp-aes" || t == "esp-gcm" || t == "esp-gmac" || t == "esp-null";
}
bool is_esp_auth(const std::string& t) { return t.rfind("esp-", 0) == 0 && t.ends_with("-hmac"); }
bool is_ah(const std::string& t) { return t.rfind("ah-", 0) == 0; }

// Who uses a transform set, if anyone: IOS refuses to delete one a crypto map, a dynamic map or
// an IPsec profile names, since the entry would be left proposing nothing.
std::optional<std::string> transform_set_user(const CryptoConfig& c, const std::string& name) {
    auto names = [&](const std::vector<std::string>& sets) { return std::count(sets.begin(), sets.end(), name) > 0; };
    for (const auto& [mn, map] : c.maps)
        for (const auto& [seq, e] : map.entries)
            if (names(e.transform_sets)) return "crypto map " + mn + " " + std::to_string(seq);
    for (const auto& [mn, map] : c.dynamic_maps)
        for (const auto& [seq, e] : map.entries)
            if (names(e.transform_sets)) return "crypto dynamic-map " + mn + " " + std::to_string(seq);
    for (const auto& [pn, profile] : c.ipsec_profiles)
        if (names(profile.transform_sets)) return "crypto ipsec profile " + pn;
    return std::nullopt;
}

// IOS's transform combination rules (reference A.5.6): one AH, one ESP cipher, one ESP
// authenticator; GCM and GMAC carry their own integrity and take no ESP authenticator. The
// first transform that breaks a rule is where the caret goes.
ApplyResult transform_set(ApplyContext& ctx) {
    const auto& m = ctx.match;
    std::string name = m.value(0);
    auto& sets = ctx.config.crypto.transform_sets;
    if (m.form() != Form::Set) {
        if (auto user = transform_set_user(ctx.config.crypto, name)) {
            ctx.out += "% Cannot delete transform set " + name + ": it is used by " + *user + "\n";
            return {};
        }
        sets.erase(name);
        return changed();
    }
    TransformSet ts;
    ts.name = name;
    int ah = 0, cipher = 0, auth = 0;
    bool aead = false;
    for (std::size_t i = 4; i < m.args.size(); ++i) {  // after `crypto ipsec transform-set NAME`
        const auto& a = m.args[i];
        if (a.token->kind == grammar::TokenKind::Keyword && (a.value == "128" || a.value == "192" || a.value == "256")) {
            ts.transforms.back().key_bits = number(a.value);
            continue;
        }
        bool bad = (is_ah(a.value) && ah++) || (is_esp_cipher(a.value) && cipher++) || (is_esp_auth(a.value) && auth++) ||
                   ((a.value == "esp-gcm" || a.value == "esp-gmac") && auth) || (is_esp_auth(a.value) && aead);
        if (a.value == "esp-gcm" || a.value == "esp-gmac") aead = true;
        if (bad) {
            ApplyResult r;
            r.invalid_column = a.column;
            return r;
        }
        ts.transforms.push_back({a.value, 0});
    }
    if (auto it = sets.find(name); it != sets.end()) {
        ts.transport = it->second.transport;
        ts.require = it->second.require;
        ts.created = it->second.created;
    } else {
        ts.created = ctx.config.crypto.next_created++;
    }
    sets[name] = ts;
    ApplyResult r = enter(Mode::CfgCryptoTrans, name);
    r.changed = true;
    return r;
}

}  // namespace

std::optional<ApplyResult> apply_crypto(ApplyContext& ctx) {
    auto& c = ctx.config.crypto;
    const auto& m = ctx.match;
    bool set = m.form() == Form::Set;
    const std::string& here = ctx.frame.context;
    switch (m.id()) {
        case CommandId::CryptoIsakmpPolicy: {
            auto prio = number(m.value(0));
            if (!set) {
                c.policies.erase(prio);
                return changed();
            }
            c.policies.try_emplace(prio, IsakmpPolicy{prio});
            return enter(Mode::ConfigIsakmp, std::to_string(prio));
        }
        case CommandId::IsakmpEncryption:
        case CommandId::IsakmpHash:
        case CommandId::IsakmpAuthentication:
        case CommandId::IsakmpGroup:
        case CommandId::IsakmpLifetime: {
            auto it = c.policies.find(number(here));
            if (it == c.policies.end()) return ApplyResult{};
            IsakmpPolicy& p = it->second;
            IsakmpPolicy defaults;
            switch (m.id()) {
                case CommandId::IsakmpEncryption:
                    p.encryption = !set ? defaults.encryption
                                   : m.has("3des") ? IkeEncryption::TripleDes
                                   : m.has("aes") ? (m.has("256") ? IkeEncryption::Aes256
                                                     : m.has("192") ? IkeEncryption::Aes192 : IkeEncryption::Aes128)
                                                  : IkeEncryption::Des;
                    break;
                case CommandId::IsakmpHash:
                    p.hash = !set ? defaults.hash
                             : m.has("md5") ? IkeHash::Md5 : m.has("sha256") ? IkeHash::Sha256
                             : m.has("sha384") ? IkeHash::Sha384 : m.has("sha512") ? IkeHash::Sha512 : IkeHash::Sha;
                    break;
                case CommandId::IsakmpAuthentication:
                    p.authentication = !set ? defaults.authentication
                                       : m.has("pre-share") ? IkeAuthentication::PreShare
                                       : m.has("rsa-encr") ? IkeAuthentication::RsaEncr : IkeAuthentication::RsaSig;
                    break;
                case CommandId::IsakmpGroup: p.group = set ? std::stoi(m.args.back().value) : defaults.group; break;
                default: p.lifetime = set ? number(m.value(0)) : defaults.lifetime; break;
            }
            return changed();
        }
        case CommandId::CryptoIsakmpKey: {
            auto values = m.values();
            auto k = key_from(c, m, values.empty() ? "" : values[0], ctx.out);
            if (!k) return ApplyResult{};
            std::erase_if(c.keys, [&](const PresharedKey& o) { return same_peer(o, *k); });
            if (set) c.keys.push_back(*k);
            return changed();
        }
        case CommandId::KeyConfigKeyPasswordEncrypt: {
            if (set) return set_master_key(ctx);
            if (c.master_key.empty()) return ApplyResult{};
            ApplyResult r;
            r.ask = ask_remove_master_key(ctx.config);
            return r;
        }
        case CommandId::PasswordEncryptionAes: {
            // Without a master key it waits for one, silently, as IOS does at the command.
            c.password_encryption_aes = set;
            each_key(c, [&](PresharedKey& k) { seal(c, k); });
            return changed();
        }
        case CommandId::CryptoIsakmpKeepalive:
            if (!set) {
                c.isakmp.keepalive.reset();
            } else {
                IsakmpGlobals::Keepalive k;
                auto v = m.values();
                k.seconds = number(v[0]);
                if (v.size() > 1) {
                    k.retry = number(v[1]);
                    k.retry_given = true;
                }
                k.mode = m.has("periodic") ? "periodic" : m.has("on-demand") ? "on-demand" : "";
                c.isakmp.keepalive = k;
            }
            return changed();
        case CommandId::CryptoIsakmpNatKeepalive:
            c.isakmp.nat_keepalive = set ? std::optional(number(m.value(0))) : std::nullopt;
            return changed();
        case CommandId::CryptoCallAdmissionLimitIke: {
            auto& limit = m.has("sa") ? c.isakmp.admission_sa_limit : c.isakmp.admission_in_negotiation_limit;
            limit = set ? std::optional(number(m.value(0))) : std::nullopt;
            return changed();
        }
        case CommandId::CryptoIsakmpAggressiveModeDisable: c.isakmp.aggressive_mode_disabled = set; return changed();
        case CommandId::CryptoIsakmpIdentity:
            c.isakmp.identity = set && !m.has("address") ? m.args.back().value : "";
            return changed();
        case CommandId::CryptoIsakmpEnable: c.isakmp.enabled = m.form() != Form::No; return changed();
        case CommandId::CryptoIsakmpInvalidSpiRecovery: c.isakmp.invalid_spi_recovery = set; return changed();
        case CommandId::CryptoIsakmpDefaultPolicy: c.isakmp.default_policy = m.form() != Form::No; return changed();
        case CommandId::CryptoIsakmpFragmentation: c.isakmp.fragmentation = set; return changed();
        case CommandId::CryptoLoggingSession: c.isakmp.log_sessions = set; return changed();
        case CommandId::CryptoKeyring: {
            auto name = m.value(0);
            if (!set) {
                c.keyrings.erase(name);
                return changed();
            }
            auto& k = c.keyrings[name];
            k.name = name;
            if (m.has("vrf")) k.vrf = m.after("vrf");
            return enter(Mode::ConfKeyring, name);
        }
        case CommandId::KeyringPresharedKey:
        case CommandId::KeyringLocalAddress:
        case CommandId::KeyringDescription: {
            auto it = c.keyrings.find(here);
            if (it == c.keyrings.end()) return ApplyResult{};
            auto& k = it->second;
            if (m.id() == CommandId::KeyringPresharedKey) {
                auto key = key_from(c, m, set ? m.values().back() : "", ctx.out);
                if (!key) return ApplyResult{};
                std::erase_if(k.keys, [&](const PresharedKey& o) { return same_peer(o, *key); });
                if (set) k.keys.push_back(*key);
            } else if (m.id() == CommandId::KeyringLocalAddress) {
                k.local_address = set ? m.value(0) : "";
            } else {
                k.description = set ? m.value(0) : "";
            }
            return changed();
        }
        case CommandId::CryptoIsakmpProfile: {
            auto name = m.value(0);
            if (!set) {
                c.isakmp_profiles.erase(name);
                return changed();
            }
            if (!c.isakmp_profiles.count(name)) c.isakmp_profiles[name].created = c.next_created++;
            c.isakmp_profiles[name].name = name;
            return enter(Mode::ConfIsaProf, name);
        }
        case CommandId::ProfileKeyring:
        case CommandId::ProfileMatchIdentity:
        case CommandId::ProfileSelfIdentity:
        case CommandId::ProfileLocalAddress:
        case CommandId::ProfileKeepalive:
        case CommandId::ProfileVrf:
        case CommandId::ProfileInitiateAggressive:
        case CommandId::ProfileVirtualTemplate:
        case CommandId::ProfileDescription: {
            auto it = c.isakmp_profiles.find(here);
            if (it == c.isakmp_profiles.end()) return ApplyResult{};
            auto& p = it->second;
            auto text_after = [&](std::size_t skip) {
                std::string t;
                for (std::size_t i = skip; i < m.args.size(); ++i) t += (t.empty() ? "" : " ") + m.args[i].value;
                return t;
            };
            switch (m.id()) {
                case CommandId::ProfileKeyring: {
                    auto name = m.value(0);
                    std::erase(p.keyrings, name);
                    if (set) p.keyrings.push_back(name);
                    break;
                }
                case CommandId::ProfileMatchIdentity: {
                    auto text = text_after(2);
                    // IOS shows an address identity with its mask, 255.255.255.255 by default.
                    if (m.has("address")) {
                        auto v = m.values();
                        bool has_mask = v.size() > 1 && grammar::parse_ipv4(v[1]);
                        text = "address " + v[0] + " " + (has_mask ? v[1] : std::string("255.255.255.255"));
                        if (v.size() > (has_mask ? 2u : 1u)) text += " " + v.back();
                    }
                    std::erase(p.match_identities, text);
                    if (set) p.match_identities.push_back(text);
                    break;
                }
                case CommandId::ProfileSelfIdentity: p.self_identity = set ? text_after(1) : ""; break;
                case CommandId::ProfileLocalAddress: p.local_address = set ? m.value(0) : ""; break;
                case CommandId::ProfileKeepalive:
                    p.keepalive = set ? std::optional(std::pair{number(m.value(0)), number(m.value(1))}) : std::nullopt;
                    break;
                case CommandId::ProfileVrf: p.vrf = set ? m.value(0) : ""; break;
                case CommandId::ProfileInitiateAggressive: p.initiate_aggressive = set; break;
                case CommandId::ProfileVirtualTemplate:
                    p.virtual_template = set ? std::optional(static_cast<std::uint32_t>(std::stoul(m.value(0)))) : std::nullopt;
                    break;
                default: p.description = set ? m.value(0) : ""; break;
            }
            return changed();
        }
        case CommandId::CryptoIpsecTransformSet: return transform_set(ctx);
        case CommandId::TransformSetMode: {
            auto it = c.transform_sets.find(here);
            if (it == c.transform_sets.end()) return ApplyResult{};
            it->second.transport = set && m.has("transport");
            it->second.require = set && m.has("require");
            return changed();
        }
        case CommandId::CryptoIpsecSaLifetime:
        case CommandId::CryptoIpsecSaIdleTime:
        case CommandId::CryptoIpsecSaReplay:
            apply_sa(c.ipsec.sa, m, m.id());
            return changed();
        case CommandId::CryptoIpsecDfBit: c.ipsec.df_bit = set ? m.args.back().value : ""; return changed();
        case CommandId::CryptoIpsecNatTransparency: c.ipsec.nat_transparency = m.form() != Form::No; return changed();
        case CommandId::CryptoIpsecProfile: {
            auto name = m.value(0);
            if (!set) {
                // A tunnel protected by a profile that vanished would carry traffic in clear or
                // not at all; like a transform set in use, the profile stays until no tunnel names it.
                for (const auto& [ifname, itf] : ctx.config.interfaces)
                    if (itf.tunnel_protection == name) {
                        ctx.out += "% Cannot delete IPSec profile " + name + ": it is used by interface " +
                                   ifname.canonical() + "\n";
                        return ApplyResult{};
                    }
                c.ipsec_profiles.erase(name);
                return changed();
            }
            if (!c.ipsec_profiles.count(name)) c.ipsec_profiles[name].created = c.next_created++;
            c.ipsec_profiles[name].name = name;
            return enter(Mode::IpsecProfile, name);
        }
        default: return std::nullopt;
    }
}

// Exposed for crypto map entries and IPsec profiles (apply_crypto_map.cpp).
void apply_sa_setting(SaSettings& sa, const grammar::Matched& m) { apply_sa(sa, m, m.id()); }

}  // namespace routerd::config
