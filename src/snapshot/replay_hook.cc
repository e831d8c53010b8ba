// Replayer: see replay_hook.h.
#include "snapshot/replay_hook.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <algorithm>
#include <cstring>

#include "snapshot/record_hook.h"
#include "snapshot/record_regions.h"

namespace skiff::snapshot {

namespace {

std::string quoted(std::span<const uint8_t> b) {
  std::string s = "\"";
  size_t n = 0;
  for (uint8_t ch : b) {
    if (++n > 48) {
      s += "\"... (" + std::to_string(b.size()) + " bytes)";
      return s;
    }
    if (ch == '\n') s += "\\n";
    else if (ch == '"' || ch == '\\') (s += '\\') += char(ch);
    else if (ch >= 32 && ch < 127) s += char(ch);
    else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", ch);
      s += buf;
    }
  }
  return s + "\"";
}

// Writes all of b to host descriptor fd (errors ignored: as the guest's own writes
// were answered from the log, a closed host stdout must not change the replay).
void write_all(int fd, std::span<const uint8_t> b) {
  size_t done = 0;
  while (done < b.size()) {
    ssize_t r = ::write(fd, b.data() + done, b.size() - done);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return;
    done += size_t(r);
  }
}

}  // namespace

std::string describe_call(uint32_t func, const std::vector<uint64_t>& args, InputKind kind,
                          std::span<const uint8_t> input, uint64_t input_len, uint64_t input_hash) {
  std::string s = func < kWasiNameCount ? kWasiNames[func] : "?";
  s += '(';
  for (size_t i = 0; i < args.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(args[i]);
  }
  s += ')';
  char buf[64];
  switch (kind) {
    case InputKind::None: break;
    case InputKind::Bytes: s += " on " + quoted(input); break;
    case InputKind::Stdio: s += " writing " + quoted(input); break;
    case InputKind::Hash:
      std::snprintf(buf, sizeof buf, " with %llu bytes of input (hash %016llx)",
                    static_cast<unsigned long long>(input_len), static_cast<unsigned long long>(input_hash));
      s += buf;
      break;
  }
  return s;
}

wasi::HookResult Replayer::diverge(std::string message) {
  divergence_ = "replay diverged at call #" + std::to_string(log_->position()) + ": " + message;
  return {0, divergence_};
}

wasi::HookResult Replayer::on_call(std::string_view name, const char* params, wasi::Call& c,
                                   const wasi::WasiFn&) {
  std::lock_guard<std::mutex> lock(mu_);
  if (divergence_) return {0, divergence_};
  const uint32_t id = wasi_func_id(name);
  call_args(params, c, args_);
  InputKind kind = id < kWasiNameCount ? call_input(id, c, input_) : InputKind::None;
  const uint64_t hash = kind == InputKind::Hash ? hash_bytes(input_) : 0;
  auto actual = [&] {
    return describe_call(id, args_, kind, input_, input_.size(), hash);
  };
  if (!log_->next(&want_)) {
    // (position() is the last logged call; the program's call is the one after it.)
    divergence_ = "replay diverged at call #" + std::to_string(log_->position() + 1) +
                  ": the program made " + actual() + ", but the recorded run made only " +
                  std::to_string(log_->calls()) + " calls (then ended with status " +
                  std::to_string(log_->exit_status()) + ")";
    return {0, divergence_};
  }
  const bool same_input = want_.input_kind == kind && want_.input_len == input_.size() &&
                          (kind == InputKind::Hash ? want_.input_hash == hash
                                                   : std::equal(want_.input.begin(), want_.input.end(),
                                                                input_.begin()));
  if (want_.func != id || want_.args != args_ || !same_input) {
    std::string where;
    if (want_.func == id && want_.input_kind == kind &&
        (kind == InputKind::Bytes || kind == InputKind::Stdio)) {
      // Long inputs are cut short in messages: show where the two differ.
      size_t k = 0;
      while (k < want_.input.size() && k < input_.size() && want_.input[k] == input_[k]) ++k;
      const size_t from = k;
      auto window = [&](std::span<const uint8_t> b) {
        return quoted(b.subspan(std::min(from, b.size()), std::min<size_t>(40, b.size() - std::min(from, b.size()))));
      };
      where = "; first difference at byte " + std::to_string(k) + ": the log has " + window(want_.input) +
              ", the program " + window(input_);
    }
    return diverge("the log has " +
                   describe_call(want_.func, want_.args, want_.input_kind, want_.input,
                                 want_.input_len, want_.input_hash) +
                   ", the program made " + actual() + where);
  }
  for (const MemRun& r : want_.runs) {
    if (!c.ok(r.addr, r.bytes.size())) {
      return diverge("the log writes " + std::to_string(r.bytes.size()) + " bytes at " +
                     std::to_string(r.addr) + ", outside the guest's memory (" +
                     std::to_string(c.mem_size()) + " bytes) in " + actual());
    }
    if (!r.bytes.empty()) std::memcpy(c.mem() + r.addr, r.bytes.data(), r.bytes.size());
  }
  if (kind == InputKind::Stdio && want_.err == 0) {
    // What the recorded run's write reported as written goes to the host's stdio.
    uint32_t written = 0;
    if (c.get(c.u32(3), &written) && written <= input_.size())
      write_all(int(c.u32(0)), {input_.data(), written});
  }
  return {want_.err, std::nullopt};
}

Status Replayer::finish(int32_t exit_status) {
  std::lock_guard<std::mutex> lock(mu_);
  if (divergence_) return make_error(*divergence_);
  if (log_->position() != log_->calls())
    return make_error("replay diverged: the program ended (status " + std::to_string(exit_status) +
                      ") after " + std::to_string(log_->position()) + " WASI calls, the recorded run made " +
                      std::to_string(log_->calls()));
  if (exit_status != log_->exit_status())
    return make_error("replay diverged: the program ended with status " + std::to_string(exit_status) +
                      ", the recorded run with " + std::to_string(log_->exit_status()));
  return {};
}

}  // namespace skiff::snapshot
