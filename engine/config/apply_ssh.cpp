// The SSH server's configuration and who may log in: `crypto key generate rsa`, `ip ssh ...`,
// `aaa new-model` and its login/exec method lists (issue 17).
#include <chrono>

#include "engine/config/apply.hpp"
#include "engine/config/rsa_key.hpp"

namespace routerd::config {
namespace {

using grammar::CommandId;
using grammar::Form;

std::uint32_t number(const std::string& s) { return static_cast<std::uint32_t>(std::stoul(s)); }

// The methods named after the list name: `aaa authentication login default local none`.
std::pair<std::string, std::vector<std::string>> method_list(const grammar::Matched& m, std::string_view after) {
    std::pair<std::string, std::vector<std::string>> out;
    bool seen = false, named = false;
    for (const auto& a : m.args) {
        if (!seen) {
            seen = a.value == after;
            continue;
        }
        if (!named) {
            out.first = a.value;
            named = true;
        } else {
            out.second.push_back(a.value);
        }
    }
    return out;
}

// IOS 15's dialogue. Without `modulus` IOS asks "How many bits in the modulus [512]:";
// routerd has no question for it yet and uses 2048, the size IOS recommends for SSH v2.
ApplyResult generate_key(ApplyContext& ctx) {
    auto& c = ctx.config;
    if (c.hostname == "Router") {
        ctx.out += "% Please define a hostname other than Router.\n";
        return {};
    }
    if (c.domain_name.empty()) {
        ctx.out += "% Please define a domain-name first.\n";
        return {};
    }
    std::uint32_t bits = ctx.match.has("modulus") ? number(ctx.match.after("modulus")) : 2048;
    std::string name = c.hostname + "." + c.domain_name;
    if (c.rsa_key)
        ctx.out += "% You already have RSA keys defined named " + c.rsa_key->name + ".\n% They will be replaced.\n";
    else
        ctx.out += "The name for the keys will be: " + name + "\n";
    ctx.out += "\n% The key modulus size is " + std::to_string(bits) + " bits\n";
    ctx.out += "% Generating " + std::to_string(bits) + " bit RSA keys, keys will be non-exportable...\n";
    auto started = std::chrono::steady_clock::now();
    auto pem = generate_rsa_pem(bits);
    if (!pem) {
        ctx.out += "% Key generation failed\n";
        return {};
    }
    auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started);
    ctx.out += "[OK] (elapsed time was " + std::to_string(elapsed.count()) + " seconds)\n\n";
    bool had_key = c.rsa_key.has_value();
    c.rsa_key = RsaKeyPair{name, bits, *pem};
    ApplyResult r = changed_result();
    // OpenSSH (and IOS for version 2) needs a modulus of at least 768 bits; ours 1024.
    if (!had_key && bits >= 1024)
        r.log.emplace_back(5, std::string("%SSH-5-ENABLED: SSH ") + (c.ssh.version == 2 ? "2.0" : "1.99") +
                                  " has been enabled");
    return r;
}

}  // namespace

std::optional<ApplyResult> apply_ssh(ApplyContext& ctx) {
    auto& c = ctx.config;
    const auto& m = ctx.match;
    bool set = m.form() == Form::Set;
    switch (m.id()) {
        case CommandId::CryptoKeyGenerateRsa: return generate_key(ctx);
        case CommandId::CryptoKeyZeroizeRsa: {
            if (!c.rsa_key) return ApplyResult{};
            c.rsa_key.reset();
            ApplyResult r = changed_result();
            r.log.emplace_back(5, "%SSH-5-DISABLED: SSH 1.99 has been disabled");
            return r;
        }
        case CommandId::IpSshVersion: c.ssh.version = set ? number(m.value(0)) : 0; return changed_result();
        case CommandId::IpSshTimeout: c.ssh.timeout = set ? number(m.value(0)) : 120; return changed_result();
        case CommandId::IpSshAuthenticationRetries: c.ssh.retries = set ? number(m.value(0)) : 3; return changed_result();
        case CommandId::IpSshPort:
            if (set) c.ssh.port_rotary = std::pair{number(m.value(0)), number(m.value(1))};
            else c.ssh.port_rotary.reset();
            return changed_result();
        case CommandId::AaaNewModel: c.aaa.new_model = set; return changed_result();
        case CommandId::AaaAuthenticationLogin:
        case CommandId::AaaAuthorizationExec: {
            auto& lists = m.id() == CommandId::AaaAuthenticationLogin ? c.aaa.authentication_login : c.aaa.authorization_exec;
            auto [name, methods] = method_list(m, m.id() == CommandId::AaaAuthenticationLogin ? "login" : "exec");
            if (set) lists[name] = methods;
            else lists.erase(name);
            return changed_result();
        }
        default: return std::nullopt;
    }
}

}  // namespace routerd::config
