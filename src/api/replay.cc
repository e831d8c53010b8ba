// WasiRecorder / WasiReplay (include/skiff/replay.h) on src/snapshot's Recorder and
// Replayer, installed as the store's WasiCtx::hook.
#include "skiff/replay.h"

#include "api/api_impl.h"
#include "skiff/store.h"
#include "snapshot/record_hook.h"
#include "snapshot/replay_hook.h"

namespace skiff {
namespace detail {

struct WasiRecorderImpl {
  std::shared_ptr<snapshot::Recorder> rec;
};

struct WasiReplayImpl {
  std::shared_ptr<snapshot::Replayer> rep;
  WasiConfig config;
  WasiRunInfo info;
};

}  // namespace detail

Result<WasiRecorder> WasiRecorder::start(Store& store, std::span<const uint8_t> module_bytes,
                                         const WasiConfig& config, const std::string& path,
                                         const WasiRunInfo& info) {
  detail::StoreImpl* s = store.impl();
  if (!s->wasi) return Error{"recording needs the store's WASI configuration first (Store::set_wasi)"};
  snapshot::LogHeader h;
  h.module_hash = snapshot::hash_bytes(module_bytes);
  h.module_size = module_bytes.size();
  h.entry = info.entry;
  h.entry_args = info.entry_args;
  h.args = config.args;
  h.env = config.env;
  for (const WasiDir& d : config.dirs) h.dirs.push_back({d.guest, d.read_only});
  h.tcp_listeners = uint32_t(config.tcp_listen.size());
  h.flags = info.deterministic ? snapshot::kFlagDeterministic : 0;
  auto rec = snapshot::Recorder::create(path, h);
  if (!rec.ok()) return std::move(rec).error();
  s->wasi->hook = *rec;
  return WasiRecorder(std::make_shared<detail::WasiRecorderImpl>(detail::WasiRecorderImpl{*rec}));
}

Status WasiRecorder::finish(int exit_status) { return impl_->rec->finish(exit_status); }
uint64_t WasiRecorder::calls() const { return impl_->rec->calls(); }
uint64_t WasiRecorder::log_bytes() const { return impl_->rec->log_bytes(); }
std::optional<std::string> WasiRecorder::error() const { return impl_->rec->error(); }

Result<WasiReplay> WasiReplay::open(const std::string& path) {
  auto log = snapshot::LogReader::open(path);
  if (!log.ok()) return std::move(log).error();
  auto impl = std::make_shared<detail::WasiReplayImpl>();
  const snapshot::LogHeader& h = (*log)->header();
  impl->config.args = h.args;
  impl->config.env = h.env;
  for (const snapshot::LogDir& d : h.dirs) impl->config.dirs.push_back(WasiDir{"", d.guest, d.read_only});
  impl->info.entry = h.entry;
  impl->info.entry_args = h.entry_args;
  impl->info.deterministic = h.flags & snapshot::kFlagDeterministic;
  impl->rep = std::make_shared<snapshot::Replayer>(std::move(*log));
  return WasiReplay(std::move(impl));
}

const WasiConfig& WasiReplay::config() const { return impl_->config; }
const WasiRunInfo& WasiReplay::info() const { return impl_->info; }
std::string WasiReplay::skiff_version() const { return impl_->rep->log().header().skiff_version; }
int WasiReplay::exit_status() const { return impl_->rep->log().exit_status(); }
uint64_t WasiReplay::calls() const { return impl_->rep->log().calls(); }

Status WasiReplay::attach(Store& store, std::span<const uint8_t> module_bytes, bool check_module) {
  detail::StoreImpl* s = store.impl();
  if (!s->wasi) return Error{"replay needs the store's WASI configuration first (Store::set_wasi)"};
  const snapshot::LogHeader& h = impl_->rep->log().header();
  if (h.skiff_version != snapshot::kSkiffVersion)
    return Error{"the log was recorded by Skiff " + h.skiff_version + ", this is Skiff " +
                 snapshot::kSkiffVersion};
  if (check_module) {
    uint64_t hash = snapshot::hash_bytes(module_bytes);
    if (hash != h.module_hash || module_bytes.size() != h.module_size) {
      char buf[200];
      std::snprintf(buf, sizeof buf,
                    "the module differs from the recorded one (hash %016llx, %llu bytes; the log has "
                    "%016llx, %llu bytes)",
                    static_cast<unsigned long long>(hash), static_cast<unsigned long long>(module_bytes.size()),
                    static_cast<unsigned long long>(h.module_hash),
                    static_cast<unsigned long long>(h.module_size));
      return Error{buf};
    }
  }
  s->wasi->hook = impl_->rep;
  return {};
}

std::optional<std::string> WasiReplay::divergence() const { return impl_->rep->divergence(); }
Status WasiReplay::finish(int exit_status) { return impl_->rep->finish(exit_status); }

}  // namespace skiff
