#include "engine/config/routing_blocks.hpp"

#include <algorithm>
#include <optional>
#include <vector>

#include "grammar/matcher.hpp"

namespace routerd::config {
namespace {

std::size_t depth_of(const std::string& child) { return child_depth(child); }

std::string_view text_of(const std::string& child) { return std::string_view(child).substr(depth_of(child)); }

std::vector<std::string_view> words_of(std::string_view text) {
    std::vector<std::string_view> out;
    for (const auto& w : grammar::split_words(text)) out.push_back(w.text);
    return out;
}

std::string join(const std::vector<std::string_view>& words, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n && i < words.size(); ++i) {
        if (i) out += ' ';
        out += words[i];
    }
    return out;
}

// The part of a line IOS keeps one value of, or nothing when the line is one of many.
std::optional<std::string> single_key(std::string_view text) {
    auto w = words_of(text);
    if (w.empty()) return std::nullopt;
    if (w[0] == "neighbor" && w.size() >= 3) {
        // One route map, prefix list, filter list or distribute list per direction.
        bool directional = w[2] == "route-map" || w[2] == "prefix-list" || w[2] == "filter-list" ||
                           w[2] == "distribute-list";
        return directional ? join(w, 3) + " " + std::string(w.back()) : join(w, 3);
    }
    if (w[0] == "redistribute" && w.size() >= 2) {
        bool process = w[1] == "ospf" || w[1] == "bgp" || w[1] == "eigrp";
        return join(w, process ? 3 : 2);
    }
    if (w[0] == "set" && w.size() >= 2) return join(w, (w[1] == "as-path" || w[1] == "ip") ? 3 : 2);
    for (std::string_view key : {"bgp router-id", "router-id", "timers bgp", "auto-cost reference-bandwidth",
                                 "maximum-paths", "default-metric", "distance", "description", "log-adjacency-changes",
                                 "bgp log-neighbor-changes"}) {
        if (begins_with_words(text, key)) return std::string(key);
    }
    return std::nullopt;
}

bool address_family(std::string_view text) { return begins_with_words(text, "address-family"); }

// The children [begin, end) of the address-family whose header is at `header`: its lines up
// to the next first-level line (its `exit-address-family` included when present).
std::size_t section_end(const std::vector<std::string>& c, std::size_t header) {
    std::size_t i = header + 1;
    while (i < c.size() && depth_of(c[i]) > 1) ++i;
    if (i < c.size() && text_of(c[i]) == "exit-address-family") ++i;
    return i;
}

bool section_open(const std::vector<std::string>& c, std::size_t header) {
    std::size_t end = section_end(c, header);
    return end == header + 1 || text_of(c[end - 1]) != "exit-address-family";
}

// The address-family lines typed now go to: the open one, else (a paste) the last one.
std::optional<std::size_t> current_family(const std::vector<std::string>& c, bool open_only) {
    for (std::size_t i = c.size(); i-- > 0;) {
        if (depth_of(c[i]) == 1 && address_family(text_of(c[i]))) {
            if (!open_only || section_open(c, i)) return i;
            return std::nullopt;
        }
    }
    return std::nullopt;
}

}  // namespace

std::string family_context(std::string_view header, std::string_view family) {
    return std::string(header) + "\n" + std::string(family);
}

std::pair<std::string, std::string> split_family_context(std::string_view context) {
    auto nl = context.find('\n');
    if (nl == std::string_view::npos) return {std::string(context), ""};
    return {std::string(context.substr(0, nl)), std::string(context.substr(nl + 1))};
}

std::size_t child_depth(std::string_view child) {
    std::size_t d = 0;
    while (d < child.size() && child[d] == ' ') ++d;
    return d;
}

bool routing_block(std::string_view header) {
    return begins_with_words(header, "router bgp") || begins_with_words(header, "router ospf") ||
           begins_with_words(header, "route-map");
}

bool routing_line(std::string_view text) {
    return begins_with_words(text, "ip prefix-list") || begins_with_words(text, "ip community-list") ||
           begins_with_words(text, "ip as-path");
}

bool routing_interface_line(std::string_view text) { return begins_with_words(text, "ip ospf"); }

bool add_routing_child(StoredLine& block, std::string_view text, std::size_t depth, std::string_view family) {
    auto& c = block.children;
    bool bgp = begins_with_words(block.text, "router bgp");
    // Where the line goes: [from, to) is its context, `to` where a new line is inserted.
    std::size_t from = 0, to = c.size();
    std::size_t level = 1;
    constexpr std::size_t kNone = static_cast<std::size_t>(-1);
    // The family the line belongs to: the session's (typed in `(config-router-af)#`), or for a
    // pasted line indented under one, the last family pasted.
    std::size_t in_family = kNone;
    if (bgp && !address_family(text) && text != "exit-address-family") {
        if (depth == 0 && !family.empty()) {
            for (std::size_t i = 0; i < c.size(); ++i)
                if (depth_of(c[i]) == 1 && text_of(c[i]) == family) in_family = i;
        } else if (depth >= 2) {
            in_family = current_family(c, false).value_or(kNone);
        }
    }
    if (in_family != kNone) {
        level = 2;
        from = in_family + 1;
        to = section_end(c, in_family);
        if (to > from && text_of(c[to - 1]) == "exit-address-family") --to;
    }
    auto in_context = [&](std::size_t i) {
        if (level == 2) return i >= from && i < to && depth_of(c[i]) == 2;
        if (depth_of(c[i]) != 1) return false;
        // First-level lines outside every address-family.
        for (std::size_t k = 0; k < c.size(); ++k)
            if (depth_of(c[k]) == 1 && address_family(text_of(c[k])) && i > k && i < section_end(c, k)) return false;
        return true;
    };
    std::string indent(level, ' ');
    // A family's section always ends with its `exit-address-family`, as IOS shows it, however
    // it was left (`exit`, another family, `end`): the line itself changes nothing, except to
    // close a family pasted without one.
    if (text == "exit-address-family") {
        auto open = current_family(c, true);
        if (!open) return false;
        c.insert(c.begin() + static_cast<std::ptrdiff_t>(section_end(c, *open)), " exit-address-family");
        return true;
    }
    if (address_family(text)) {
        for (std::size_t i = 0; i < c.size(); ++i)
            if (depth_of(c[i]) == 1 && text_of(c[i]) == text) return false;  // entered again
        if (auto open = current_family(c, true))
            c.insert(c.begin() + static_cast<std::ptrdiff_t>(section_end(c, *open)), " exit-address-family");
        c.push_back(" " + std::string(text));
        // Typed, the family is closed at once; pasted, its own exit line closes it (or the
        // next family does).
        if (depth == 0) c.push_back(" exit-address-family");
        return true;
    }
    if (text.starts_with("no ")) {
        std::string_view body = text.substr(3);
        bool removed = false;
        for (std::size_t i = c.size(); i-- > 0;) {
            if (!in_context(i) || !begins_with_words(text_of(c[i]), body)) continue;
            c.erase(c.begin() + static_cast<std::ptrdiff_t>(i));
            if (i < to) --to;
            removed = true;
        }
        if (removed) return true;
    } else {
        // `X` replaces a kept `no X`.
        std::string negated = "no " + std::string(text);
        for (std::size_t i = from; i < to; ++i)
            if (in_context(i) && text_of(c[i]) == negated) {
                c[i] = indent + std::string(text);
                return true;
            }
    }
    auto key = single_key(text);
    for (std::size_t i = from; i < to; ++i) {
        if (!in_context(i)) continue;
        if (text_of(c[i]) == text) return false;  // IOS keeps a line once
        if (key && single_key(text_of(c[i])) == key) {
            c[i] = indent + std::string(text);
            return true;
        }
    }
    // IOS shows a block's own lines before its address families.
    if (level == 1)
        for (std::size_t i = 0; i < to; ++i)
            if (depth_of(c[i]) == 1 && address_family(text_of(c[i]))) {
                to = i;
                break;
            }
    c.insert(c.begin() + static_cast<std::ptrdiff_t>(to), indent + std::string(text));
    return true;
}

}  // namespace routerd::config
