#include "app/db_copy.hpp"

#include <sodium.h>

#include <condition_variable>
#include <cstring>
#include <deque>
#include <istream>
#include <mutex>
#include <optional>
#include <ostream>
#include <streambuf>
#include <thread>
#include <type_traits>

namespace hoptac::app {

namespace {

// A bounded queue of byte chunks between one writing and one reading thread. Either side may
// close it: the reader then sees the end, the writer a refusal.
class ChunkPipe {
 public:
  // Blocks while full. False when the reader has gone.
  bool Push(std::string chunk) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return chunks_.size() < kMaxChunks || reader_gone_; });
    if (reader_gone_) return false;
    chunks_.push_back(std::move(chunk));
    cv_.notify_all();
    return true;
  }
  // Blocks while empty. False at the end (the writer closed and everything was read).
  bool Pop(std::string& chunk) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !chunks_.empty() || writer_done_; });
    if (chunks_.empty()) return false;
    chunk = std::move(chunks_.front());
    chunks_.pop_front();
    cv_.notify_all();
    return true;
  }
  void CloseWriter() {
    std::lock_guard lock(mu_);
    writer_done_ = true;
    cv_.notify_all();
  }
  void CloseReader() {
    std::lock_guard lock(mu_);
    reader_gone_ = true;
    chunks_.clear();
    cv_.notify_all();
  }

 private:
  static constexpr size_t kMaxChunks = 16;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> chunks_;
  bool writer_done_ = false;
  bool reader_gone_ = false;
};

constexpr size_t kChunk = 64 * 1024;

// The writing end: buffers kChunk bytes, hashes them and hands them to the pipe.
class PipeWriteBuf final : public std::streambuf {
 public:
  explicit PipeWriteBuf(ChunkPipe& pipe) : pipe_(pipe) {
    buffer_.resize(kChunk);
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    crypto_hash_sha256_init(&hash_);
  }
  std::string HexDigest() {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&hash_, digest);
    std::string hex(2 * sizeof digest + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), digest, sizeof digest);
    hex.pop_back();
    return hex;
  }
  // The pipe refused a chunk: the reading side stopped.
  bool reader_gone() const { return reader_gone_; }

 protected:
  int_type overflow(int_type ch) override {
    if (!Flush()) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }
  int sync() override { return Flush() ? 0 : -1; }

 private:
  bool Flush() {
    const size_t n = static_cast<size_t>(pptr() - pbase());
    if (n == 0) return true;
    crypto_hash_sha256_update(&hash_, reinterpret_cast<const unsigned char*>(pbase()), n);
    const bool ok = pipe_.Push(std::string(pbase(), n));
    if (!ok) reader_gone_ = true;
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return ok;
  }

  ChunkPipe& pipe_;
  std::string buffer_;
  crypto_hash_sha256_state hash_;
  bool reader_gone_ = false;
};

// The reading end.
class PipeReadBuf final : public std::streambuf {
 public:
  explicit PipeReadBuf(ChunkPipe& pipe) : pipe_(pipe) {}

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    if (!pipe_.Pop(chunk_)) return traits_type::eof();
    setg(chunk_.data(), chunk_.data(), chunk_.data() + chunk_.size());
    return traits_type::to_int_type(*gptr());
  }

 private:
  ChunkPipe& pipe_;
  std::string chunk_;
};

// Every count, those of record kinds added to the backup later included: BackupCounts is a
// plain struct of integers, compared as bytes.
static_assert(std::has_unique_object_representations_v<BackupCounts>);
bool SameCounts(const BackupCounts& a, const BackupCounts& b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

}  // namespace

Result<CopyResult> CopyDatabase(const CopySide& from, const CopySide& to) {
  if (sodium_init() < 0) return Error::Internal("libsodium could not be initialised");
  ChunkPipe pipe;
  PipeWriteBuf write_buf(pipe);
  std::optional<Result<BackupCounts>> read;
  std::string sha256;
  std::thread writer([&] {
    std::ostream out(&write_buf);
    read.emplace(WriteBackup(from.store, from.access, out, from.market, from.alliance));
    sha256 = write_buf.HexDigest();
    pipe.CloseWriter();
  });
  PipeReadBuf read_buf(pipe);
  std::istream in(&read_buf);
  Result<BackupCounts> written = RestoreBackup(to.store, to.access, in, to.market, to.alliance);
  pipe.CloseReader();  // lets a writer blocked on a refused restore finish
  writer.join();
  // A restore that stopped reading (a target not empty) failed the writer; a writer that failed
  // (the source) ended the stream early for the restore: report the first cause.
  if (!written.ok() && write_buf.reader_gone()) return written.take_error();
  if (!read->ok()) return read->take_error();
  if (!written.ok()) return written.take_error();
  if (!SameCounts(**read, *written)) {
    return Error::Internal("the copy does not hold what the source holds (the counts differ)");
  }
  return CopyResult{**read, *written, sha256};
}

}  // namespace hoptac::app
