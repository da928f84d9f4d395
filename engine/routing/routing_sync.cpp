#include "engine/routing/routing_sync.hpp"

#include <algorithm>
#include <map>
#include <sstream>

#include "engine/config/routing_blocks.hpp"
#include "engine/config/stored_config.hpp"

namespace routerd::routing {
namespace {

using config::begins_with_words;

bool block(const FrrStanza& s) {
    const auto& h = s.header.text;
    return !s.children.empty() || begins_with_words(h, "router") || begins_with_words(h, "route-map") ||
           begins_with_words(h, "interface");
}

std::size_t depth_of(std::string_view text) { return config::child_depth(text); }

// `no X` for a line, `X` for a kept `no X` that goes.
std::string undo(const std::string& text) {
    std::size_t d = depth_of(text);
    std::string body = text.substr(d);
    if (body.starts_with("no ")) return std::string(d, ' ') + body.substr(3);
    return std::string(d, ' ') + "no " + body;
}

const FrrStanza* find(const FrrConfig& c, const std::string& header) {
    for (const auto& s : c.stanzas)
        if (s.header.text == header) return &s;
    return nullptr;
}

}  // namespace

std::vector<FrrLine> RoutingSync::difference(const FrrConfig& from, const FrrConfig& to) {
    std::vector<FrrLine> out;
    // What went first: a route map renamed, a block removed.
    for (const auto& old : from.stanzas) {
        if (find(to, old.header.text)) continue;
        if (!block(old)) {
            out.push_back({"no " + old.header.text, old.header.origin});
        } else if (begins_with_words(old.header.text, "interface")) {
            // An interface is the kernel's: only its lines go.
            out.push_back(old.header);
            for (const auto& c : old.children) out.push_back({undo(c.text), c.origin});
            out.push_back({"exit", old.header.origin});
        } else {
            out.push_back({"no " + old.header.text, old.header.origin});
        }
    }
    for (const auto& want : to.stanzas) {
        const auto* had = find(from, want.header.text);
        if (had && *had == want) continue;
        if (!block(want)) {
            out.push_back(want.header);
            continue;
        }
        out.push_back(want.header);
        if (had) {
            // Lines that went, each in its address family.
            const FrrLine* family = nullptr;
            for (const auto& c : had->children) {
                std::size_t d = depth_of(c.text);
                if (d == 1 && c.text.substr(1).starts_with("address-family")) family = &c;
                if (d == 1 && c.text.substr(1) == "exit-address-family") family = nullptr;
                bool kept = std::any_of(want.children.begin(), want.children.end(),
                                        [&](const FrrLine& w) { return w.text == c.text; });
                if (kept || c.text.substr(d).starts_with("address-family") || c.text.substr(d) == "exit-address-family")
                    continue;
                if (d >= 2 && family) out.push_back(*family);
                out.push_back({undo(c.text), c.origin});
                if (d >= 2 && family) out.push_back({" exit-address-family", c.origin});
            }
        }
        for (const auto& c : want.children) out.push_back(c);
        out.push_back({"exit", want.header.origin});
    }
    return out;
}

void RoutingSync::apply_batch(const std::vector<const FrrLine*>& batch, const std::string& output) {
    // vtysh names each line it could not apply: "line 7: % Unknown command[25]:  bogus".
    std::istringstream in(output);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.starts_with("line ")) continue;
        std::size_t colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::size_t n = std::strtoul(line.c_str() + 5, nullptr, 10);
        if (n == 0 || n > batch.size()) continue;
        std::string why = line.substr(colon + 1);
        while (!why.empty() && why.front() == ' ') why.erase(0, 1);
        // vtysh's return code ("% Unknown command[25]:") means nothing to a user.
        if (auto open = why.find('['), close = why.find("]:"); open != std::string::npos && close != std::string::npos &&
                                                                  close > open && close - open <= 4)
            why.erase(open, close - open + 1);
        if (auto gap = why.find(":  "); gap != std::string::npos) why.erase(gap + 1, 1);
        const auto& c = *batch[n - 1];
        // A line FRR lost (`no` of what it never took) needs no word.
        if (c.text.substr(depth_of(c.text)).starts_with("no ") && c.origin.find("no ") != 0) continue;
        say_once(4, "%ROUTING-4-NOT_APPLIED: \"" + c.origin + "\" is kept but FRR refused it: " + why);
    }
}

void RoutingSync::say_once(int severity, const std::string& message) {
    if (told_.insert(message).second) log_(severity, message);
}

void RoutingSync::reconcile(const config::RunningConfig& config, const interfaces::LinkNames& links) {
    FrrConfig want = frr_config(config, links);
    for (const auto& l : want.left_out)
        say_once(4, "%ROUTING-4-NOT_APPLIED: \"" + l.line + "\" is kept but not carried out: " + l.reason);
    if (!suite_.running()) {
        if (want.empty() && !applied_) return;  // nothing for FRR: it need not run
        if (applied_) log_(3, "%ROUTING-3-RESTART: the routing daemons stopped; starting them again");
        applied_.reset();
        if (auto err = suite_.ensure_running()) {
            say_once(3, "%ROUTING-3-NO_DAEMONS: routing protocols are kept but not carried out: " + *err);
            return;
        }
        applied_ = FrrConfig{};
    }
    auto commands = difference(*applied_, want);
    if (commands.empty()) return;
    // One vtysh run per block (and one for the single lines between blocks): vtysh leaves a
    // block it cannot take a line of for the nearest one that takes it, and the lines after
    // would land there; a block of its own cannot hand its lines to another.
    std::vector<std::vector<const FrrLine*>> batches;
    bool single = false;  // the last batch holds single global lines
    for (std::size_t i = 0; i < commands.size(); ++i) {
        const auto& c = commands[i];
        bool top = depth_of(c.text) == 0 && c.text != "exit";
        bool block_start = top && i + 1 < commands.size() && depth_of(commands[i + 1].text) > 0;
        block_start = block_start || (top && i + 1 < commands.size() && commands[i + 1].text == "exit");
        if (batches.empty() || block_start || (top && !single)) {
            batches.emplace_back();
            single = top && !block_start;
        }
        batches.back().push_back(&c);
    }
    for (const auto& batch : batches) {
        std::vector<std::string> lines;
        for (const auto* c : batch) lines.push_back(c->text);
        apply_batch(batch, suite_.configure(lines).output);
    }
    applied_ = std::move(want);
}

}  // namespace routerd::routing
