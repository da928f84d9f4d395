#include "engine/show/show_access_lists.hpp"

#include "engine/config/render_acl.hpp"

namespace routerd::show {

std::string show_access_lists(const config::AccessLists& lists, const std::string& name, const AclMatches& matches) {
    std::string out;
    for (const config::AccessList* acl : config::ordered(lists)) {
        if (!name.empty() && acl->name != name) continue;
        out += std::string(acl->extended ? "Extended" : "Standard") + " IP access list " + acl->name + "\n";
        for (const auto& e : acl->entries)
            if (!e.is_remark) {
                out += "    " + std::to_string(e.seq) + " " + config::entry_show_text(*acl, e);
                auto m = matches.find({acl->name, e.seq});
                if (m != matches.end() && m->second > 0)
                    // IOS: "(1 match)", "(2 matches)" (ntc-templates' samples show both).
                    out += " (" + std::to_string(m->second) + (m->second == 1 ? " match)" : " matches)");
                out += "\n";
            }
    }
    return out;
}

}  // namespace routerd::show
