// The record/replay log of WASI calls (`skiff run --record`, `skiff replay`).
//
// Format (all integers unsigned LEB128 unless said otherwise):
//   header   "SKIFFRR\n", format version, Skiff version (string), module hash (u64
//            little-endian) and size, entry export ("" = _start) and its
//            arguments, argv, env,
//            preopens (guest name + read-only flag), listening sockets, flags
//            (bit 0: --deterministic)
//   calls    'C', function id (index in kWasiNames), argument count, each
//            argument (i32 zero-extended), errno, input (kind byte, then: Bytes /
//            Stdio: length + bytes; Hash: length + u64 hash), then the guest-memory
//            writes of the call: run count, each run (address, length, bytes)
//   trailer  'E', exit status (zigzag), call count, then an u64 (little-endian)
//            checksum of every byte before it.
// A string is its length and its bytes. The reader checks the whole file (every
// length against what is left, the trailer, the checksum) before a replay starts,
// so a truncated or corrupt log is an Error with the byte offset, never a crash.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "support/result.h"

namespace skiff::snapshot {

inline constexpr const char* kSkiffVersion = "0.1.0";  // keep in step with CMakeLists.txt
inline constexpr uint32_t kLogFormat = 1;

// Ids of the preview1 functions in logs (the index in this list; append only).
inline constexpr const char* kWasiNames[] = {
    "args_sizes_get", "args_get", "environ_sizes_get", "environ_get", "clock_res_get",
    "clock_time_get", "random_get", "proc_exit", "proc_raise", "sched_yield", "poll_oneoff",
    "sock_accept", "sock_recv", "sock_send", "sock_shutdown", "fd_write", "fd_read",
    "fd_pwrite", "fd_pread", "fd_close", "fd_seek", "fd_tell", "fd_sync", "fd_datasync",
    "fd_fdstat_get", "fd_fdstat_set_flags", "fd_fdstat_set_rights", "fd_filestat_get",
    "fd_filestat_set_size", "fd_filestat_set_times", "fd_advise", "fd_allocate",
    "fd_prestat_get", "fd_prestat_dir_name", "fd_renumber", "fd_readdir", "path_open",
    "path_filestat_get", "path_filestat_set_times", "path_create_directory",
    "path_remove_directory", "path_unlink_file", "path_readlink", "path_symlink", "path_link",
    "path_rename"};
inline constexpr uint32_t kWasiNameCount = sizeof(kWasiNames) / sizeof(kWasiNames[0]);
// The id of `name`, or kWasiNameCount when it is not a known function.
uint32_t wasi_func_id(std::string_view name);

// A fast 64-bit hash (module identity, write checks, the log checksum).
class Hasher {
 public:
  void update(std::span<const uint8_t> bytes);
  uint64_t digest() const;

 private:
  uint64_t h_ = 0xcbf29ce484222325ull;
  uint64_t total_ = 0;
  uint8_t tail_[8] = {};
  uint32_t tail_len_ = 0;
};
uint64_t hash_bytes(std::span<const uint8_t> bytes);

struct LogDir {
  std::string guest;
  bool read_only = false;
};

struct LogHeader {
  std::string skiff_version = kSkiffVersion;
  uint64_t module_hash = 0;
  uint64_t module_size = 0;
  std::string entry;                    // the export called ("" = _start)
  std::vector<std::string> entry_args;  // its arguments (with an entry export)
  std::vector<std::string> args, env;
  std::vector<LogDir> dirs;
  uint32_t tcp_listeners = 0;
  uint32_t flags = 0;  // kFlagDeterministic
};
inline constexpr uint32_t kFlagDeterministic = 1;

// What a call hands to the host besides its scalar arguments.
enum class InputKind : uint8_t {
  None = 0,
  Bytes = 1,  // kept whole (path names)
  Hash = 2,   // length and hash (file and socket writes, poll subscriptions)
  Stdio = 3,  // kept whole and written again on replay (stdout / stderr)
};

struct MemRun {
  uint64_t addr = 0;
  std::span<const uint8_t> bytes;
};

struct LogCall {
  uint32_t func = 0;
  std::vector<uint64_t> args;
  uint32_t err = 0;
  InputKind input_kind = InputKind::None;
  std::span<const uint8_t> input;  // Bytes / Stdio
  uint64_t input_len = 0;          // every kind
  uint64_t input_hash = 0;         // Hash
  std::vector<MemRun> runs;
};

// Appends to a log file as the program runs (buffered; a run that dies leaves a
// truncated log, which the reader refuses).
class LogWriter {
 public:
  static Result<std::unique_ptr<LogWriter>> create(const std::string& path, const LogHeader& h);
  ~LogWriter();
  // One call; `input` is the bytes (Bytes / Stdio) or ignored (Hash: give input_len,
  // input_hash in `c`). An Error when the file cannot be written.
  Status call(const LogCall& c);
  Status finish(int32_t exit_status);
  uint64_t calls() const { return calls_; }
  uint64_t bytes_written() const { return written_; }

 private:
  LogWriter() = default;
  Status flush();
  void u(uint64_t v);
  void bytes(std::span<const uint8_t> b);
  void str(std::string_view s);
  int fd_ = -1;
  std::string path_;
  std::vector<uint8_t> buf_;
  Hasher sum_;
  uint64_t calls_ = 0, written_ = 0;
  bool finished_ = false;
};

// A whole log, read and checked.
class LogReader {
 public:
  static Result<std::unique_ptr<LogReader>> open(const std::string& path);
  static Result<std::unique_ptr<LogReader>> from_bytes(std::vector<uint8_t> bytes, std::string name);
  const LogHeader& header() const { return header_; }
  int32_t exit_status() const { return exit_status_; }
  uint64_t calls() const { return calls_; }
  // The next call into *out (its spans point into the reader); false after the last.
  bool next(LogCall* out);
  uint64_t position() const { return next_index_; }  // calls read so far

 private:
  LogReader() = default;
  std::vector<uint8_t> data_;
  std::string name_;
  LogHeader header_;
  size_t first_call_ = 0, pos_ = 0, end_ = 0;  // end_: offset of the trailer
  uint64_t next_index_ = 0, calls_ = 0;
  int32_t exit_status_ = 0;
};

}  // namespace skiff::snapshot
