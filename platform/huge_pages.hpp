#pragma once
// Large buffers backed by huge pages where the kernel allows it.
#include <cstddef>

namespace routerd::platform {

// Asks the kernel to back the 2 MB-aligned part of [data, data + size) with transparent huge
// pages (it honours this in its `madvise` THP mode, Debian's default, and in `always`); call it
// before the buffer is written. A 20 MB show faulted in 4 KB at a time took half of routerd's
// time for it on our VMs (issue 14). Advice only: nothing changes when it is refused.
void prefer_huge_pages(const void* data, std::size_t size);

}  // namespace routerd::platform
