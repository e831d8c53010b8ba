// Recorder: see record_hook.h.
#include "snapshot/record_hook.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace skiff::snapshot {

void call_args(const char* params, const wasi::Call& c, std::vector<uint64_t>& out) {
  out.clear();
  for (size_t i = 0; params[i]; ++i) out.push_back(params[i] == 'I' ? c.u64(i) : c.u32(i));
}

Result<std::shared_ptr<Recorder>> Recorder::create(const std::string& path, const LogHeader& h) {
  auto w = LogWriter::create(path, h);
  if (!w.ok()) return std::move(w).error();
  auto r = std::make_shared<Recorder>();
  r->w_ = std::move(*w);
  const char* check = std::getenv("SKIFF_RECORD_CHECK_WRITES");
  r->check_writes_ = check && std::strcmp(check, "1") == 0;
  return r;
}

wasi::HookResult Recorder::on_call(std::string_view name, const char* params, wasi::Call& c,
                                   const wasi::WasiFn& run) {
  std::lock_guard<std::mutex> lock(mu_);
  if (error_) return {0, error_};
  const uint32_t id = wasi_func_id(name);
  if (id == kWasiNameCount) {
    error_ = "cannot record WASI function " + std::string(name) + " (not in the log's table)";
    return {0, error_};
  }
  regions_.clear();
  output_regions(id, c, regions_);
  before_.clear();
  for (const Region& r : regions_) before_.insert(before_.end(), c.mem() + r.addr, c.mem() + r.addr + r.len);
  call_.func = id;
  call_args(params, c, call_.args);
  call_.input_kind = call_input(id, c, input_);
  if (check_writes_) whole_.assign(c.mem(), c.mem() + c.mem_size());

  call_.err = run(c);

  // The bytes that changed inside the regions, as runs (gaps under 8 bytes merged).
  call_.runs.clear();
  const uint8_t* old = before_.data();
  for (const Region& r : regions_) {
    const uint8_t* now = c.mem() + r.addr;
    if (std::memcmp(old, now, r.len) != 0) {
      uint64_t i = 0;
      while (i < r.len) {
        if (old[i] == now[i]) {
          ++i;
          continue;
        }
        uint64_t start = i, last = i;
        for (++i; i < r.len && i - last <= 8; ++i)
          if (old[i] != now[i]) last = i;
        call_.runs.push_back({r.addr + start, {now + start, size_t(last + 1 - start)}});
        i = last + 1;
      }
    }
    old += r.len;
  }
  if (check_writes_) {
    // Every byte outside the regions must be as before the call.
    for (const Region& r : regions_) std::memcpy(whole_.data() + r.addr, c.mem() + r.addr, r.len);
    if (whole_.size() != c.mem_size() ||
        (!whole_.empty() && std::memcmp(whole_.data(), c.mem(), whole_.size()) != 0)) {
      uint64_t at = 0;
      while (at < whole_.size() && whole_[at] == c.mem()[at]) ++at;
      char buf[160];
      std::snprintf(buf, sizeof buf,
                    "record: WASI function %s wrote guest memory at 0x%llx, outside its declared "
                    "output regions (internal error)",
                    kWasiNames[id], static_cast<unsigned long long>(at));
      error_ = buf;
      return {0, error_};
    }
  }
  call_.input_len = input_.size();
  if (call_.input_kind == InputKind::Hash) {
    call_.input_hash = hash_bytes(input_);
    call_.input = {};
  } else {
    call_.input = input_;
  }
  if (Status s = w_->call(call_); !s.ok()) {
    error_ = s.error().message;
    return {0, error_};
  }
  return {call_.err, std::nullopt};
}

Status Recorder::finish(int32_t exit_status) {
  std::lock_guard<std::mutex> lock(mu_);
  return w_->finish(exit_status);
}

}  // namespace skiff::snapshot
