// disassemble_internal: the translated code of one function as text.
#include <cstring>
#include <string>
#include <unordered_map>

#include "interp/exec.h"
#include "interp/interpreter.h"
#include "interp/translate.h"

namespace skiff::interp {

Result<std::string> disassemble_internal(const rt::CompiledModule& m, uint32_t func_index,
                                         bool guarded_memory0) {
  const void* const* handlers = detail::handler_table();
  TranslateOptions opts;
  opts.mem0_guarded = guarded_memory0 && m.module.num_memories() > 0;
  Result<std::unique_ptr<Code>> r = translate(m, func_index, handlers, opts);
  if (!r) return r.error();
  const Code& c = **r;
  std::unordered_map<const void*, unsigned> op_of;
  for (unsigned i = 0; i < unsigned(IOp::Count_); ++i) op_of.emplace(handlers[i], i);
  std::string out = "    ;; frame " + std::to_string(c.frame_bytes) + " bytes, params " +
                    std::to_string(c.param_bytes) + ", results " +
                    std::to_string(c.result_bytes) + "\n";
  const uint8_t* p = c.begin();
  const uint8_t* end = p + c.size_bytes();
  while (p < end) {
    const void* h;
    std::memcpy(&h, p, 8);
    auto it = op_of.find(h);
    uint32_t at = uint32_t(p - c.begin());
    if (it == op_of.end()) {
      out += "    @" + std::to_string(at) + " ???\n";
      break;
    }
    IOp op = IOp(it->second);
    uint32_t fields = kOpInfo[it->second].fields;
    if (op == IOp::BrTable) {
      uint32_t n;
      std::memcpy(&n, p + kOpHeader + 4, 4);
      fields = 2 + n + 1;
    }
    out += "    @" + std::to_string(at) + " " + kOpInfo[it->second].text;
    for (uint32_t i = 0; i < fields; ++i) {
      uint32_t v;
      std::memcpy(&v, p + kOpHeader + 4 * i, 4);
      // Branch targets: br's only field, br_table's entries, and the last field of
      // every other br_* op (br_if, br_unless, br_on_*, fused br_if_<cmp>).
      std::string_view text = kOpInfo[it->second].text;
      bool target = op == IOp::BrTable ? i >= 2
                                        : (text.starts_with("br") || text.ends_with("+br")) && i + 1 == fields;
      if (target) out += " ->@" + std::to_string(int64_t(at) + int32_t(v));
      else out += " " + std::to_string(v);
    }
    out += "\n";
    p += instr_bytes(fields);
  }
  for (size_t i = 0; i < c.regions.size(); ++i) {
    const Region& g = c.regions[i];
    out += "    ;; region " + std::to_string(i) + " [@" + std::to_string(g.begin) + ", @" +
           std::to_string(g.end) + ") parent " + std::to_string(g.parent);
    if (g.delegate) out += " delegate -> " + std::to_string(g.delegate_to);
    for (const CatchInfo& ci : g.catches)
      out += " catch(kind " + std::to_string(int(ci.kind)) + ", tag " + std::to_string(ci.tag) +
             ", dst " + std::to_string(ci.dst) + ", @" + std::to_string(ci.target) + ")";
    out += "\n";
  }
  return out;
}

}  // namespace skiff::interp
