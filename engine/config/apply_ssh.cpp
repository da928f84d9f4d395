// The SSH server's configuration and who may log in: `crypto key generate rsa`, `ip ssh ...`,
// `aaa new-model` and its login/exec method lists (issue 17).
#include <algorithm>
#include <chrono>

#include "engine/config/apply.hpp"
#include "engine/config/rsa_key.hpp"
#include "grammar/token.hpp"

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

// IOS 15: the size a key gets when the question "How many bits in the modulus [512]:" is
// answered with Enter, and the range it takes.
constexpr std::uint32_t kDefaultModulus = 512, kMinModulus = 360, kMaxModulus = 4096;
// OpenSSL (3.x) makes no RSA key under 512 bits, and OpenSSH, routerd's SSH server, refuses
// host keys under 1024 bits (its RequiredRSASize).
constexpr std::uint32_t kOpensslMinModulus = 512, kSshMinModulus = 1024;

// The key pair itself, with IOS's lines around it. Only a size that was generated is shown
// as generated.
ApplyResult make_key(RunningConfig& c, std::uint32_t bits, std::string& out) {
    if (bits < kOpensslMinModulus) {
        out += "% Key generation failed: RSA keys under " + std::to_string(kOpensslMinModulus) +
               " bits cannot be made here (OpenSSL's minimum)\n";
        return {};
    }
    std::string name = c.hostname + "." + c.domain_name;
    out += "% Generating " + std::to_string(bits) + " bit RSA keys, keys will be non-exportable...\n";
    auto started = std::chrono::steady_clock::now();
    auto pem = generate_rsa_pem(bits);
    if (!pem) {
        out += "% Key generation failed\n";
        return {};
    }
    auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started);
    out += "[OK] (elapsed time was " + std::to_string(elapsed.count()) + " seconds)\n";
    // SSH comes on when the first key its server can use is made (a smaller one before it did
    // not start the server).
    bool served_before = c.rsa_key && c.rsa_key->bits >= kSshMinModulus;
    c.rsa_key = RsaKeyPair{name, bits, *pem};
    ApplyResult r = changed_result();
    // IOS enables SSH with any key (v1.99 from 512 bits); routerd's sshd will not serve a key
    // this small, so it says so instead of logging %SSH-5-ENABLED for a server that is not there.
    if (bits < kSshMinModulus)
        out += "% SSH is not enabled with this key: the SSH server (OpenSSH) needs one of at least " +
               std::to_string(kSshMinModulus) + " bits\n";
    else if (!served_before)
        r.log.emplace_back(5, std::string("%SSH-5-ENABLED: SSH ") + (c.ssh.version == 2 ? "2.0" : "1.99") +
                                  " has been enabled");
    out += "\n";
    return r;
}

// "How many bits in the modulus [512]: ": Enter takes the default; anything but a number in
// range gets "% A decimal number between 360 and 4096." (IOS's range message, as the public
// IOS simulators reproduce it) and the dialogue ends, so that a pasted line after a bad answer
// is not taken for another answer.
Question ask_modulus(RunningConfig& c) {
    return {"How many bits in the modulus [" + std::to_string(kDefaultModulus) + "]: ",
            [&c](std::string_view answer, std::string& out) {
                auto words = grammar::split_words(answer);
                std::uint32_t bits = kDefaultModulus;
                if (!words.empty()) {
                    std::string_view w = words.front().text;
                    bool digits = words.size() == 1 && w.size() <= 5 &&
                                  std::all_of(w.begin(), w.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
                    bits = digits ? number(std::string(w)) : 0;
                    if (bits < kMinModulus || bits > kMaxModulus) {
                        out += "% A decimal number between " + std::to_string(kMinModulus) + " and " +
                               std::to_string(kMaxModulus) + ".\n";
                        return ApplyResult{};
                    }
                }
                return make_key(c, bits, out);
            }};
}

std::string modulus_choice_text() {
    return "Choose the size of the key modulus in the range of " + std::to_string(kMinModulus) + " to " +
           std::to_string(kMaxModulus) + " for your\n"
           "  General Purpose Keys. Choosing a key modulus greater than 512 may take\n"
           "  a few minutes.\n\n";
}

// "% Do you really want to replace them? [yes/no]: " until the answer is yes or no.
Question ask_replace(RunningConfig& c) {
    return {"% Do you really want to replace them? [yes/no]: ", [&c](std::string_view answer, std::string& out) {
                auto words = grammar::split_words(answer);
                std::string w = words.empty() ? "" : std::string(words.front().text);
                ApplyResult r;
                if (!w.empty() && grammar::istarts_with("yes", w)) {
                    out += modulus_choice_text();
                    r.ask = ask_modulus(c);
                } else if (w.empty() || !grammar::istarts_with("no", w)) {
                    out += "% Please answer 'yes' or 'no'.\n";
                    r.ask = ask_replace(c);
                }
                return r;
            }};
}

// IOS 15's dialogue. With `modulus` it asks nothing (an existing key is replaced, and said
// so); without, it asks for the size, and first whether to replace a key that exists.
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
    std::string name = c.hostname + "." + c.domain_name;
    if (!ctx.match.has("modulus")) {
        // A config being loaded has no terminal to answer on: the next line is config.
        if (ctx.from_startup) {
            ctx.out += "% Not generated: the key modulus is asked for, give it with `modulus`\n";
            return {};
        }
        ApplyResult r;
        if (c.rsa_key) {
            ctx.out += "% You already have RSA keys defined named " + c.rsa_key->name + ".\n";
            r.ask = ask_replace(c);
        } else {
            ctx.out += "The name for the keys will be: " + name + "\n" + modulus_choice_text();
            r.ask = ask_modulus(c);
        }
        return r;
    }
    std::uint32_t bits = number(ctx.match.after("modulus"));
    if (c.rsa_key)
        ctx.out += "% You already have RSA keys defined named " + c.rsa_key->name + ".\n% They will be replaced.\n";
    else
        ctx.out += "The name for the keys will be: " + name + "\n";
    ctx.out += "\n% The key modulus size is " + std::to_string(bits) + " bits\n";
    return make_key(c, bits, ctx.out);
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
