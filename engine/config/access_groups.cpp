#include "engine/config/access_groups.hpp"

#include <vector>

#include "grammar/matcher.hpp"

namespace routerd::config {
namespace {

// "ip access-group 101 in" -> {"101", "in"}; nullopt for anything else.
std::optional<std::pair<std::string, std::string>> parse(std::string_view body) {
    auto w = grammar::split_words(body);
    if (w.size() != 4 || w[0].text != "ip" || w[1].text != "access-group" || (w[3].text != "in" && w[3].text != "out"))
        return std::nullopt;
    return std::pair{std::string(w[2].text), std::string(w[3].text)};
}

}  // namespace

AccessGroups access_groups(const InterfaceConfig& i) {
    AccessGroups g;
    for (const auto& l : i.stored)
        if (auto p = parse(l.text)) (p->second == "in" ? g.in : g.out) = p->first;
    return g;
}

bool access_group_line(std::string_view body) { return parse(body).has_value(); }

bool same_access_group_direction(std::string_view a, std::string_view b) {
    auto x = parse(a), y = parse(b);
    return x && y && x->second == y->second;
}

}  // namespace routerd::config
