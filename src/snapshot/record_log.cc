// Reading and writing the record/replay log (format in record_log.h).
#include "snapshot/record_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace skiff::snapshot {

namespace {
constexpr char kMagic[8] = {'S', 'K', 'I', 'F', 'F', 'R', 'R', '\n'};
constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;
constexpr size_t kFlushAt = 1 << 18;

uint64_t mix(uint64_t h, uint64_t w) {
  h = (h ^ w) * kMul;
  return h ^ (h >> 32);
}

uint64_t load64(const uint8_t* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;  // little-endian hosts only (as the rest of Skiff)
}

// Bounds-checked decoding of the log's bytes.
struct Cursor {
  const uint8_t* data;
  size_t pos, end;
  bool u(uint64_t* v) {
    uint64_t r = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
      if (pos >= end) return false;
      uint8_t b = data[pos++];
      r |= uint64_t(b & 0x7f) << shift;
      if (!(b & 0x80)) {
        *v = r;
        return true;
      }
    }
    return false;
  }
  bool u32(uint32_t* v) {
    uint64_t x;
    if (!u(&x) || x > UINT32_MAX) return false;
    *v = uint32_t(x);
    return true;
  }
  bool byte(uint8_t* v) {
    if (pos >= end) return false;
    *v = data[pos++];
    return true;
  }
  bool fixed64(uint64_t* v) {
    if (end - pos < 8) return false;
    *v = load64(data + pos);
    pos += 8;
    return true;
  }
  bool span(uint64_t n, std::span<const uint8_t>* out) {
    if (n > end - pos) return false;
    *out = std::span<const uint8_t>(data + pos, size_t(n));
    pos += size_t(n);
    return true;
  }
  bool str(std::string* s) {
    uint64_t n;
    std::span<const uint8_t> b;
    if (!u(&n) || !span(n, &b)) return false;
    s->assign(reinterpret_cast<const char*>(b.data()), b.size());
    return true;
  }
  bool strs(std::vector<std::string>* v) {
    uint64_t n;
    if (!u(&n) || n > end - pos) return false;
    v->resize(size_t(n));
    for (std::string& s : *v)
      if (!str(&s)) return false;
    return true;
  }
};

bool decode_call(Cursor& c, LogCall* out) {
  uint64_t nruns, err;
  uint8_t kind, argc;
  if (!c.u32(&out->func) || out->func >= kWasiNameCount || !c.byte(&argc)) return false;
  out->args.resize(argc);
  for (uint64_t& a : out->args)
    if (!c.u(&a)) return false;
  if (!c.u(&err) || err > 0xffff || !c.byte(&kind) || kind > 3) return false;
  out->err = uint32_t(err);
  out->input_kind = InputKind(kind);
  out->input = {};
  out->input_len = 0;
  out->input_hash = 0;
  if (out->input_kind == InputKind::Bytes || out->input_kind == InputKind::Stdio) {
    if (!c.u(&out->input_len) || !c.span(out->input_len, &out->input)) return false;
  } else if (out->input_kind == InputKind::Hash) {
    if (!c.u(&out->input_len) || !c.fixed64(&out->input_hash)) return false;
  }
  if (!c.u(&nruns) || nruns > c.end - c.pos) return false;
  out->runs.resize(size_t(nruns));
  for (MemRun& r : out->runs) {
    uint64_t len;
    if (!c.u(&r.addr) || !c.u(&len) || !c.span(len, &r.bytes)) return false;
  }
  return true;
}

}  // namespace

uint32_t wasi_func_id(std::string_view name) {
  for (uint32_t i = 0; i < kWasiNameCount; ++i)
    if (name == kWasiNames[i]) return i;
  return kWasiNameCount;
}

void Hasher::update(std::span<const uint8_t> b) {
  total_ += b.size();
  size_t i = 0;
  if (tail_len_) {
    while (tail_len_ < 8 && i < b.size()) tail_[tail_len_++] = b[i++];
    if (tail_len_ < 8) return;
    h_ = mix(h_, load64(tail_));
    tail_len_ = 0;
  }
  for (; i + 8 <= b.size(); i += 8) h_ = mix(h_, load64(b.data() + i));
  while (i < b.size()) tail_[tail_len_++] = b[i++];
}

uint64_t Hasher::digest() const {
  uint8_t last[8] = {};
  std::memcpy(last, tail_, tail_len_);
  uint64_t h = mix(h_, load64(last));
  h = mix(h, total_);
  return h ^ (h >> 29);
}

uint64_t hash_bytes(std::span<const uint8_t> bytes) {
  Hasher h;
  h.update(bytes);
  return h.digest();
}

// ---- writer ----

Result<std::unique_ptr<LogWriter>> LogWriter::create(const std::string& path, const LogHeader& h) {
  std::unique_ptr<LogWriter> w(new LogWriter());
  w->fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (w->fd_ < 0) return make_error("cannot create record log " + path + ": " + std::strerror(errno));
  w->path_ = path;
  w->bytes({reinterpret_cast<const uint8_t*>(kMagic), 8});
  w->u(kLogFormat);
  w->str(h.skiff_version);
  uint8_t hash[8];
  std::memcpy(hash, &h.module_hash, 8);
  w->bytes(hash);
  w->u(h.module_size);
  w->str(h.entry);
  for (const auto* list : {&h.entry_args, &h.args, &h.env}) {
    w->u(list->size());
    for (const std::string& s : *list) w->str(s);
  }
  w->u(h.dirs.size());
  for (const LogDir& d : h.dirs) {
    w->str(d.guest);
    w->u(d.read_only ? 1 : 0);
  }
  w->u(h.tcp_listeners);
  w->u(h.flags);
  SKIFF_TRY(w->flush());
  return w;
}

LogWriter::~LogWriter() {
  if (fd_ >= 0) {
    (void)flush();
    ::close(fd_);
  }
}

void LogWriter::u(uint64_t v) {
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    buf_.push_back(v ? uint8_t(b | 0x80) : b);
  } while (v);
}

void LogWriter::bytes(std::span<const uint8_t> b) { buf_.insert(buf_.end(), b.begin(), b.end()); }

void LogWriter::str(std::string_view s) {
  u(s.size());
  bytes({reinterpret_cast<const uint8_t*>(s.data()), s.size()});
}

Status LogWriter::flush() {
  sum_.update(buf_);
  size_t done = 0;
  while (done < buf_.size()) {
    ssize_t r = ::write(fd_, buf_.data() + done, buf_.size() - done);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return make_error("cannot write record log " + path_ + ": " + std::strerror(errno));
    done += size_t(r);
  }
  written_ += buf_.size();
  buf_.clear();
  return {};
}

Status LogWriter::call(const LogCall& c) {
  if (finished_) return make_error("record log " + path_ + " is already finished");
  buf_.push_back('C');
  u(c.func);
  buf_.push_back(uint8_t(c.args.size()));
  for (uint64_t a : c.args) u(a);
  u(c.err);
  buf_.push_back(uint8_t(c.input_kind));
  if (c.input_kind == InputKind::Bytes || c.input_kind == InputKind::Stdio) {
    u(c.input.size());
    bytes(c.input);
  } else if (c.input_kind == InputKind::Hash) {
    u(c.input_len);
    uint8_t hash[8];
    std::memcpy(hash, &c.input_hash, 8);
    bytes(hash);
  }
  u(c.runs.size());
  for (const MemRun& r : c.runs) {
    u(r.addr);
    u(r.bytes.size());
    bytes(r.bytes);
  }
  ++calls_;
  if (buf_.size() >= kFlushAt) return flush();
  return {};
}

Status LogWriter::finish(int32_t exit_status) {
  if (finished_) return {};
  finished_ = true;
  buf_.push_back('E');
  u((uint64_t(uint32_t(exit_status)) << 1) ^ uint64_t(int64_t(exit_status) >> 63));
  u(calls_);
  // The checksum covers everything before it (what flush() hashed plus this).
  Hasher all = sum_;
  all.update(buf_);
  uint64_t sum = all.digest();
  uint8_t s[8];
  std::memcpy(s, &sum, 8);
  buf_.insert(buf_.end(), s, s + 8);
  // The checksum bytes themselves are not part of it: write without hashing.
  size_t done = 0;
  while (done < buf_.size()) {
    ssize_t r = ::write(fd_, buf_.data() + done, buf_.size() - done);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return make_error("cannot write record log " + path_ + ": " + std::strerror(errno));
    done += size_t(r);
  }
  written_ += buf_.size();
  buf_.clear();
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) return make_error("cannot write record log " + path_ + ": " + std::strerror(errno));
  return {};
}

// ---- reader ----

Result<std::unique_ptr<LogReader>> LogReader::open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return make_error("cannot open record log " + path + ": " + std::strerror(errno));
  std::vector<uint8_t> data;
  uint8_t chunk[1 << 16];
  for (;;) {
    ssize_t r = ::read(fd, chunk, sizeof chunk);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      int e = errno;
      ::close(fd);
      return make_error("cannot read record log " + path + ": " + std::strerror(e));
    }
    if (r == 0) break;
    data.insert(data.end(), chunk, chunk + r);
  }
  ::close(fd);
  return from_bytes(std::move(data), path);
}

Result<std::unique_ptr<LogReader>> LogReader::from_bytes(std::vector<uint8_t> bytes, std::string name) {
  std::unique_ptr<LogReader> r(new LogReader());
  r->data_ = std::move(bytes);
  r->name_ = std::move(name);
  const std::string& n = r->name_;
  const size_t size = r->data_.size();
  if (size < 8 || std::memcmp(r->data_.data(), kMagic, 8) != 0)
    return make_error(n + " is not a Skiff record log (no SKIFFRR header)");
  Cursor c{r->data_.data(), 8, size};
  auto truncated = [&](const std::string& what) {
    return make_error(n + ": the record log is truncated or corrupt at byte " + std::to_string(c.pos) +
                          " (" + what + ")",
                      int64_t(c.pos));
  };
  uint32_t format;
  if (!c.u32(&format)) return truncated("format version");
  if (format != kLogFormat)
    return make_error(n + ": record log format " + std::to_string(format) + ", this Skiff reads format " +
                      std::to_string(kLogFormat));
  LogHeader& h = r->header_;
  uint64_t count;
  uint32_t ro;
  if (!c.str(&h.skiff_version) || !c.fixed64(&h.module_hash) || !c.u(&h.module_size) ||
      !c.str(&h.entry) || !c.strs(&h.entry_args) || !c.strs(&h.args) || !c.strs(&h.env) || !c.u(&count) || count > size)
    return truncated("header");
  h.dirs.resize(size_t(count));
  for (LogDir& d : h.dirs) {
    if (!c.str(&d.guest) || !c.u32(&ro) || ro > 1) return truncated("header");
    d.read_only = ro;
  }
  if (!c.u32(&h.tcp_listeners) || !c.u32(&h.flags)) return truncated("header");
  r->first_call_ = c.pos;
  // Walk every call to the trailer: each must decode inside the file.
  LogCall call;
  uint64_t n_calls = 0;
  for (;;) {
    uint8_t tag;
    if (!c.byte(&tag)) return truncated("no end record after " + std::to_string(n_calls) + " calls");
    if (tag == 'E') break;
    if (tag != 'C' || !decode_call(c, &call))
      return truncated("call #" + std::to_string(n_calls + 1));
    ++n_calls;
  }
  r->end_ = c.pos - 1;
  uint64_t status, calls, sum;
  if (!c.u(&status) || status > UINT32_MAX || !c.u(&calls)) return truncated("end record");
  const size_t summed = c.pos;
  if (!c.fixed64(&sum)) return truncated("checksum");
  if (c.pos != size)
    return make_error(n + ": the record log has " + std::to_string(size - c.pos) +
                      " stray bytes after its end record");
  if (hash_bytes({r->data_.data(), summed}) != sum)
    return make_error(n + ": the record log is corrupt (checksum mismatch)");
  if (calls != n_calls)
    return make_error(n + ": the record log is corrupt (end record counts " + std::to_string(calls) +
                      " calls, the log holds " + std::to_string(n_calls) + ")");
  r->exit_status_ = int32_t(uint32_t(status >> 1) ^ uint32_t(-int32_t(status & 1)));
  r->calls_ = calls;
  r->pos_ = r->first_call_;
  return r;
}

bool LogReader::next(LogCall* out) {
  if (pos_ >= end_) return false;
  Cursor c{data_.data(), pos_ + 1, end_};  // past the 'C' (checked by from_bytes)
  if (!decode_call(c, out)) return false;
  pos_ = c.pos;
  ++next_index_;
  return true;
}

}  // namespace skiff::snapshot
