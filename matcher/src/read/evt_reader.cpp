// The legacy binary event log (.evt) of Windows NT 3.1 to Server 2003 (SysEvent.Evt, AppEvent.Evt,
// SecEvent.Evt, ... from %SystemRoot%\System32\config): read natively into normalized events.
//
// The file (shared docs/formats.md section 10) is a 48-byte header, then a ring buffer over the
// rest of the file: EVENTLOGRECORDs ("LfLe" at +4, their size at both ends) from the oldest
// record onwards, wrapping from the end of the file to offset 0x30 (a record may straddle that
// point), up to a 40-byte end-of-file (EOF) record. Behind the EOF record, up to the oldest
// record, lies space not in use, often holding older, overwritten records.
//
// Reading follows the ring: live records in record order from the oldest record up to the EOF
// record, then the records of the unused space that can be proven complete and not live
// ("recovered", evtinfo's term): returned after the live ones, told by their record numbers, and
// counted by a note (they are older events of the same machine, evidence like any other; records
// that repeat live numbers are left out). The header of a log copied while Windows had it open
// is marked dirty and its offsets may be stale, so then the EOF record is found by scanning and
// its offsets are used. A damaged record is skipped with a diagnostic at its byte offset, and
// reading resynchronizes at the next record frame (size, "LfLe", same size at the end); record
// numbers tell how many records a damaged stretch held. A pipe cannot seek: then the file is read
// front to back, the first bytes after the header kept to join the record that straddles the end
// of the file.
//
// Memory: a read window of one scan block plus one record (at most max_record_size), and with a
// pipe the first max_record_size bytes after the header; never the file.
// Sharing: like every reader, owned by one thread; the Event it fills is reused by the caller.
#include <algorithm>
#include <cctype>
#include <cstring>
#include <limits>
#include <optional>

#include "read/binary_reader.h"

namespace kbmatch::detail {

namespace {

constexpr std::uint64_t header_size = 0x30;
constexpr std::uint64_t eof_size = 0x28;
// The fixed part (56 bytes), a NUL-terminated source and computer name (2 bytes each at least),
// and the size copy at the end.
constexpr std::uint32_t min_record_size = 64;
// Microsoft documents 0x3FFFF bytes as the largest event a log takes ("Event Data" in the Event
// Logging docs); records are 4-byte aligned, so nothing real exceeds 0x40000. A larger size is
// damage, and the cap bounds what one record may make us hold.
constexpr std::uint32_t max_record_size = 0x40000;
constexpr std::size_t block_size = 64 * 1024;
constexpr std::uint64_t unbounded = std::numeric_limits<std::uint64_t>::max();
constexpr std::uint64_t none = unbounded;

constexpr std::uint32_t flag_dirty = 1;

struct EofRecord {
  std::uint32_t begin = 0;    // offset of the oldest record
  std::uint32_t end = 0;      // offset of the EOF record itself
  std::uint32_t current = 0;  // number the next record will get
  std::uint32_t oldest = 0;   // number of the oldest record
};

// .evt records do not name their log: Windows keeps one file per log, named after it
// (SysEvent.Evt, AppEvent.Evt, SecEvent.Evt, DnsEvent.Evt, NTDS.Evt, NtFrs.Evt), and engineers
// save copies as System.evt and the like. So the log comes from the file's base name, matched
// case-insensitively. The name never decides the format (that is the content's magic), only this
// label; when it says nothing the log stays empty, which signatures read as "any log".
std::string log_name_of(std::string_view display_name) {
  const std::size_t slash = display_name.find_last_of("/\\");
  std::string base(slash == std::string_view::npos ? display_name : display_name.substr(slash + 1));
  for (char& c : base) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto has = [&](std::string_view s) { return base.find(s) != std::string::npos; };
  const auto starts = [&](std::string_view s) { return base.starts_with(s); };
  if (has("sysevent") || starts("system")) return "System";
  if (has("appevent") || starts("application")) return "Application";
  if (has("secevent") || starts("security")) return "Security";
  if (has("dnsevent")) return "DNS Server";
  if (starts("ntds")) return "Directory Service";
  if (starts("ntfrs")) return "File Replication Service";
  return {};
}

Level level_of(std::uint16_t event_type) {
  switch (event_type) {
    case 0:  // EVENTLOG_SUCCESS, which Event Viewer shows as Information
    case 4: return Level::information;
    case 1: return Level::error;
    case 2: return Level::warning;
    case 8: return Level::audit_success;
    case 16: return Level::audit_failure;
    default: return Level::unknown;
  }
}

// Decodes the NUL-terminated UTF-16LE string at r[at] that must end before `end`, and moves `at`
// past its NUL. False when no NUL comes before `end`.
bool take_utf16z(std::string_view r, std::size_t& at, std::size_t end, std::string& out) {
  for (std::size_t i = at; i + 2 <= end; i += 2) {
    if (r[i] == 0 && r[i + 1] == 0) {
      append_utf16le(out, r.data() + at, (i - at) / 2);
      at = i + 2;
      return true;
    }
  }
  return false;
}

class EvtReader final : public BinaryReader {
 public:
  EvtReader(std::unique_ptr<BinaryInput> input, const ReaderOptions& options, DiagnosticSink& diagnostics)
      : BinaryReader(Format::evt, std::move(input), options, diagnostics), log_(log_name_of(options_.display_name)) {
    if (log_.empty()) {
      note(0, "N0513",
           "the file name does not tell which log this is (.evt records do not store it; SysEvent.Evt, AppEvent.Evt, "
           "SecEvent.Evt... do): its events get no log name, and signatures naming a log match them in any log");
    }
    ring_ = input_->random_access();
    ring_ ? start_ring() : start_linear();
  }

  bool read_next(Event& event) override {
    while (phase_ != Phase::done) {
      const bool got = phase_ == Phase::live ? next_live(event) : next_recovered(event);
      if (got) {
        ++events_;
        return true;
      }
    }
    return false;
  }

 private:
  enum class Phase { live, slack, done };
  enum class Parse { ok, bad_content, bad_frame };

  // Where a damaged stretch began, until the next good record (or the end) tells its extent.
  struct Damage {
    std::uint64_t offset = 0;
    std::uint64_t gap = 0;  // bytes consumed since
    std::optional<std::uint32_t> number;
    std::string why;
  };

  // ---- bytes ---------------------------------------------------------------------------------

  // Up to n bytes at file offset `at`, through a window: fewer only at the end of the input.
  // With random access, a miss reloads the window at `at` with a scan block plus the largest
  // record, so a candidate's frame check and parse stay inside it; small reads elsewhere (a size
  // copy, an EOF record) are read alone and leave it be, so a file full of false candidates cannot
  // make it reload at every one. Without random access the window only moves forward; it keeps
  // what lies at or after floor_ (the record or candidate being looked at), so a record can be
  // read again after its frame was checked, and drops the rest a block at a time.
  std::string_view file_bytes(std::uint64_t at, std::size_t n) {
    if (at >= win_off_ && at - win_off_ + n <= win_.size()) return std::string_view(win_).substr(at - win_off_, n);
    if (ring_ && n <= eof_size) {
      input_->read_at(at, n, small_);
      return small_;
    }
    if (ring_) {
      input_->read_at(at, std::max<std::size_t>(n, block_size + max_record_size), win_);
      win_off_ = at;
    } else {
      if (at < win_off_) return {};  // behind a pipe's position: never asked by design
      const std::uint64_t keep = std::max(win_off_, std::min(at, floor_));
      if (keep - win_off_ >= block_size || keep >= win_off_ + win_.size()) {
        win_.erase(0, static_cast<std::size_t>(std::min<std::uint64_t>(keep - win_off_, win_.size())));
        win_off_ = keep;  // the next read skips forward to it when the window emptied
      }
      while (!ended_ && win_off_ + win_.size() < at + n) {
        const std::size_t want = std::max<std::size_t>(block_size, at + n - (win_off_ + win_.size()));
        const std::size_t got = input_->read_at(win_off_ + win_.size(), want, chunk_);
        win_.append(chunk_);
        if (got < want) {
          ended_ = true;
          end_ = win_off_ + win_.size();
        }
      }
    }
    if (at < win_off_ || at - win_off_ >= win_.size()) return {};
    return std::string_view(win_).substr(at - win_off_, n);
  }

  // Up to n bytes at ring position `pos`, continuing after the header where the file ends (with
  // a pipe, from the kept first bytes once the input has ended). The view lasts until the next call.
  std::string_view bytes(std::uint64_t pos, std::size_t n) {
    if (ring_) {
      if (pos + n <= size_) return file_bytes(pos, n);
      if (pos >= size_ || n > ring_len_) return {};
      const auto first = static_cast<std::size_t>(size_ - pos);
      joined_.assign(file_bytes(pos, first));
      if (joined_.size() == first) joined_.append(file_bytes(header_size, n - first));
      return joined_;
    }
    const std::string_view v = file_bytes(pos, n);
    if (v.size() == n || !ended_ || pos >= end_) return v;
    joined_.assign(v);
    joined_.append(std::string_view(lead_).substr(0, n - v.size()));
    return joined_;
  }

  std::uint64_t adv(std::uint64_t pos, std::uint64_t n) const {
    return ring_ ? header_size + (pos - header_size + n) % ring_len_ : pos + n;
  }
  // Ring distance from `from` forward to `to` (both inside the ring).
  std::uint64_t distance(std::uint64_t from, std::uint64_t to) const { return (to + ring_len_ - from) % ring_len_; }
  bool in_ring(std::uint64_t offset) const { return offset >= header_size && offset < size_; }
  // Whether n bytes from `pos` run past the end of the file (into the start of the ring).
  bool wraps(std::uint64_t pos, std::uint64_t n) const { return ring_ ? pos + n > size_ : ended_ && pos + n > end_; }

  void consume(std::uint64_t n) {
    pos_ = adv(pos_, n);
    left_ = left_ == unbounded ? unbounded : left_ - std::min(n, left_);
    if (damage_) damage_->gap += n;
  }

  // ---- frames --------------------------------------------------------------------------------

  // A record frame at `pos`: plausible size within `limit`, the signature, and the size copy at
  // its end. What resynchronization and recovery trust before parsing.
  bool frame_ok(std::uint64_t pos, std::uint64_t limit) {
    std::string_view v = bytes(pos, 8);
    if (v.size() < 8 || std::memcmp(v.data() + 4, "LfLe", 4) != 0) return false;
    const std::uint32_t size = load_u32(v.data());
    if (size % 4 != 0 || size < min_record_size || size > max_record_size || size > limit) return false;
    v = bytes(adv(pos, size - 4), 4);
    return v.size() == 4 && load_u32(v.data()) == size;
  }

  std::optional<EofRecord> eof_at(std::uint64_t pos) {
    const std::string_view v = bytes(pos, eof_size);
    if (v.size() < eof_size) return std::nullopt;
    const char* p = v.data();
    if (load_u32(p) != eof_size || load_u32(p + 4) != 0x11111111 || load_u32(p + 8) != 0x22222222 ||
        load_u32(p + 12) != 0x33333333 || load_u32(p + 16) != 0x44444444 || load_u32(p + 36) != eof_size) {
      return std::nullopt;
    }
    return EofRecord{load_u32(p + 20), load_u32(p + 24), load_u32(p + 28), load_u32(p + 32)};
  }

  // The distance from `pos` (at least `from`, in 4-byte steps, within `left` bytes) of the next
  // record frame, or of an EOF record when `stop_at_eof`; `none` when there is none.
  std::uint64_t find_frame(std::uint64_t pos, std::uint64_t from, std::uint64_t left, bool stop_at_eof) {
    for (std::uint64_t d = from; left > d && left - d >= eof_size;) {
      floor_ = pos + d;  // (only read without random access, where positions are file offsets)
      const auto span = static_cast<std::size_t>(std::min<std::uint64_t>(block_size, left - d));
      scan_.assign(ring_ ? bytes(adv(pos, d), span) : file_bytes(pos + d, span));
      if (scan_.size() < 8) return none;
      std::size_t i = 0;
      for (; i + 8 <= scan_.size(); i += 4) {
        const char* q = scan_.data() + i;
        if (std::memcmp(q + 4, "LfLe", 4) == 0 && frame_ok(adv(pos, d + i), left - d - i)) return d + i;
        if (stop_at_eof && load_u32(q) == eof_size && load_u32(q + 4) == 0x11111111 && eof_at(adv(pos, d + i))) {
          return d + i;
        }
      }
      if (scan_.size() < span) return none;  // the input ended
      d += i;
    }
    return none;
  }

  // ---- records -------------------------------------------------------------------------------

  // Parses the record at `pos` into `event`. bad_frame: not a record frame (why_ says why);
  // bad_content: a sound frame of size_ bytes whose fields point outside it.
  Parse parse(std::uint64_t pos, std::uint64_t limit, Event& event) {
    event.clear();
    number_.reset();
    std::string_view v = bytes(pos, 12);
    if (v.size() < 8) return fail("the file ends inside the record's header");
    if (std::memcmp(v.data() + 4, "LfLe", 4) != 0) return fail("no LfLe signature");
    if (v.size() >= 12) number_ = load_u32(v.data() + 8);
    const std::uint32_t size = load_u32(v.data());
    record_size_ = size;
    if (size % 4 != 0 || size < min_record_size) {
      return fail("size " + std::to_string(size) + " is not a record size (a multiple of 4, at least 64)");
    }
    if (size > max_record_size) return fail("size " + std::to_string(size) + " exceeds the largest record (256 KiB)");
    if (size > limit) {
      return fail("size " + std::to_string(size) +
                  (end_known_ ? " runs past the end-of-file record" : " runs past the data (a truncated copy?)"));
    }
    const std::string_view r = bytes(pos, size);
    if (r.size() < size) return fail("the file ends inside the record");
    const std::uint32_t copy = load_u32(r.data() + size - 4);
    if (copy != size) {
      return fail("the size copy at its end reads " + std::to_string(copy) + ", not " + std::to_string(size) +
                  (wraps(pos, size) ? " (it would continue after the header: is the file truncated?)" : ""));
    }
    const char* p = r.data();
    const std::size_t body_end = size - 4;
    const std::uint32_t event_id = load_u32(p + 20);
    const std::uint16_t string_count = load_u16(p + 26);
    const std::uint32_t strings_at = load_u32(p + 36), sid_size = load_u32(p + 40), sid_at = load_u32(p + 44);
    const std::uint32_t data_size = load_u32(p + 48), data_at = load_u32(p + 52);
    // Offsets are only checked where their size says something is there: Windows leaves stale
    // offsets beside zero sizes (libevt's notes).
    const auto outside = [&](std::uint32_t at, std::uint32_t n) {
      return at < 56 || at > body_end || n > body_end - at;
    };
    std::size_t at = 56;
    if (!take_utf16z(r, at, body_end, event.source)) return bad("the source name does not end inside the record");
    if (!take_utf16z(r, at, body_end, event.computer)) return bad("the computer name does not end inside the record");
    if (sid_size != 0 && outside(sid_at, sid_size)) return bad("its user SID lies outside the record");
    if (string_count != 0) {
      if (outside(strings_at, 0)) return bad("its insertion strings' offset lies outside the record");
      std::size_t s = strings_at;
      for (std::uint16_t i = 0; i < string_count; ++i) {
        std::string& value = scratch_;
        value.clear();
        if (!take_utf16z(r, s, body_end, value)) {
          return bad("it claims " + std::to_string(string_count) + " insertion strings but only " + std::to_string(i) +
                     " fit in the record");
        }
        event.add_string("", value);
      }
    }
    if (data_size != 0) {
      if (outside(data_at, data_size)) return bad("its data lies outside the record");
      event.data.assign(p + data_at, data_size);
    }
    if (sid_size != 0 && !append_sid(event.user, p + sid_at, sid_size)) {
      warn(pos, "W0514", "record " + std::to_string(*number_) + ": undecodable user SID (user left empty)");
    }
    event.time.micros = static_cast<std::int64_t>(load_u32(p + 12)) * 1000000;
    event.time.zone = Timestamp::Zone::utc;
    event.record = *number_;
    event.has_record = true;
    event.event_id = event_id & 0xFFFF;
    event.qualifiers = event_id >> 16;
    event.has_event_id = true;
    event.level = level_of(load_u16(p + 24));
    event.category = std::to_string(load_u16(p + 28));  // as the Event XML reader keeps <Task>
    event.log = log_;
    event.origin.file = options_.file_index;
    event.origin.line = 0;
    event.origin.offset = pos;
    return Parse::ok;
  }
  Parse fail(std::string why, Parse kind = Parse::bad_frame) {
    why_ = std::move(why);
    return kind;
  }
  Parse bad(std::string why) { return fail(std::move(why), Parse::bad_content); }

  static std::string record_name(std::uint64_t offset, std::optional<std::uint32_t> number) {
    return "record at offset " + std::to_string(offset) + (number ? " (record " + std::to_string(*number) + ")" : "");
  }

  // Reports the pending damaged stretch once its extent is known: up to the next good record
  // (numbered `next`, when known) or the end of the live records. The record numbers count what
  // it held. Where the EOF record vouches for both ends (they lie in its live range) the count may
  // exceed what the stretch's bytes could hold, up to what the ring holds: a truncated copy of a
  // wrapped log lost records whose bytes are gone. Otherwise the bytes bound it; without numbers
  // it counts as one record.
  void settle_damage(std::optional<std::uint32_t> next, bool at_end) {
    if (!damage_) return;
    std::uint64_t count = 1;
    if (next && expected_ && *next > *expected_) {
      const bool vouched = ring_ && live_first_ && *expected_ >= *live_first_ && *next <= *live_next_;
      const std::uint64_t room = (vouched ? ring_len_ : damage_->gap) / min_record_size;
      count = std::clamp<std::uint64_t>(*next - *expected_, 1, std::max<std::uint64_t>(1, room));
    }
    std::string msg = "damaged " + record_name(damage_->offset, damage_->number) + ": " + damage_->why + "; " +
                      std::to_string(count) + (count == 1 ? " record" : " records") + " skipped, ";
    msg += at_end ? std::string("up to the end of the log") : "reading resumes at offset " + std::to_string(pos_);
    skip_records(damage_->offset, count, "E0511", std::move(msg));
    damage_.reset();
  }

  // ---- the live records ------------------------------------------------------------------------

  bool next_live(Event& event) {
    if (lead_pending_) find_lead();
    while (left_ > 0) {
      floor_ = pos_;
      if (!ring_ && file_bytes(pos_, 1).empty()) break;
      if (const auto eof = ring_ && end_known_ ? std::nullopt : eof_at(pos_)) {
        // With the end unknown (no usable EOF record, or a pipe), the first EOF record met ends
        // the live records; a pipe learns the ring's layout from it.
        if (!ring_ && !eof_) {
          eof_ = *eof;
          eof_pos_ = pos_;
          set_live_range(eof->oldest, eof->current);
          if (wraps(pos_, eof_size)) lead_claimed_ = true;
        }
        break;
      }
      const Parse result = parse(pos_, left_, event);
      if (result == Parse::ok) {
        const std::uint32_t n = *number_;
        if (ring_ && !end_known_ && last_ && n <= *last_) break;  // walked into older records
        settle_damage(n, false);
        last_ = n;
        expected_ = n + 1;
        widen_live_range(n, n);
        if (!ring_ && wraps(pos_, record_size_)) {
          lead_claimed_ = true;
          left_ = 0;  // a pipe has read the rest of the ring already
        } else {
          consume(record_size_);
        }
        return true;
      }
      if (result == Parse::bad_content) {
        // The frame is sound, so exactly this record is lost.
        settle_damage(number_, false);
        skip_record(pos_, "E0511", "damaged " + record_name(pos_, number_) + ": " + why_);
        if (number_) expected_ = *number_ + 1;
        consume(record_size_);
        continue;
      }
      if (!damage_) damage_ = Damage{pos_, 0, number_, why_};
      const std::uint64_t d = find_frame(pos_, 4, left_, !(ring_ && end_known_));
      if (d == none && !ring_) {
        left_ = 0;  // the input ended inside the damage
        tail_damaged_ = true;
      } else {
        consume(d == none ? left_ : d);
      }
    }
    end_live();
    return false;
  }

  // Without random access, the bytes right after the header continue the record that straddles
  // the end of the file (in a wrapped log): skipped now, joined when that record is reached.
  void find_lead() {
    lead_pending_ = false;
    floor_ = header_size;
    if (file_bytes(pos_, 1).empty() || frame_ok(pos_, unbounded) || eof_at(pos_)) return;
    const std::uint64_t d = find_frame(pos_, 0, unbounded, true);
    if (d != none) {
      lead_gap_ = d;
      consume(d);
    } else {
      lead_gap_ = end_ > header_size ? end_ - header_size : 0;  // no record at all after the header
      left_ = 0;
    }
  }

  void end_live() {
    settle_damage(end_known_ && live_next_ ? live_next_ : std::nullopt, true);
    if (ring_) {
      // The unused space: behind the EOF record up to the oldest record; with the end unknown,
      // from where the live records stopped.
      if (end_known_) pos_ = adv(eof_pos_, eof_size);
      left_ = distance(pos_, begin_);
      phase_ = Phase::slack;
      return;
    }
    if (eof_ && !slack_done_ && !lead_claimed_) {
      // A pipe goes on in file order: the unused space, then (in a wrapped log) the oldest records
      // up to the end of the file.
      pos_ = eof_pos_ + eof_size;
      left_ = eof_->begin > pos_ ? eof_->begin - pos_ : unbounded;
      phase_ = Phase::slack;
      return;
    }
    finish();
  }

  void set_live_range(std::uint32_t oldest, std::uint32_t current) {
    live_first_ = oldest;
    live_next_ = current;
    expected_ = oldest;
    if (current > oldest) widen_live_range(oldest, current - 1);
  }

  // ---- recovered records -----------------------------------------------------------------------

  // Whether a complete record of the unused space is provably not a live one: its number lies
  // outside the live range, and rises over the previously recovered one (the unused space was
  // written in ring order, so a repeat or a fall is a stale copy).
  bool provable(std::uint32_t n) const {
    if (live_lo_ && n >= *live_lo_ && n <= *live_hi_) return false;
    return !last_recovered_ || n > *last_recovered_;
  }
  // The live range: what the EOF record says, widened by the live records met.
  void widen_live_range(std::uint32_t lo, std::uint32_t hi) {
    live_lo_ = std::min(live_lo_.value_or(lo), lo);
    live_hi_ = std::max(live_hi_.value_or(hi), hi);
  }

  bool next_recovered(Event& event) {
    while (left_ >= min_record_size) {
      const std::uint64_t d = find_frame(pos_, 0, left_, false);
      if (d == none) break;
      consume(d);
      floor_ = pos_;
      const Parse result = parse(pos_, left_, event);
      if (result == Parse::ok && provable(*number_) && (ring_ || !wraps(pos_, record_size_))) {
        last_recovered_ = *number_;
        first_recovered_ = first_recovered_.value_or(*number_);
        ++recovered_;
        consume(record_size_);
        return true;
      }
      // A sound frame is passed over whole, whatever its content: parsing costs its size, so
      // stepping 4 bytes into it could parse the same bytes over and over.
      ++not_recovered_;
      consume(result == Parse::bad_frame ? 4 : record_size_);
    }
    slack_done_ = true;
    if (!ring_ && eof_ && eof_->begin > eof_pos_ + eof_size) {
      pos_ = eof_->begin;  // a pipe: the oldest live records follow the unused space
      left_ = unbounded;
      expected_ = live_first_;
      last_.reset();
      phase_ = Phase::live;
      return false;
    }
    finish();
    return false;
  }

  void finish() {
    phase_ = Phase::done;
    if (!ring_ && lead_gap_ > 0 && !lead_claimed_ && !tail_damaged_) {
      skip_records(header_size, 1, "E0511",
                   "the " + std::to_string(lead_gap_) +
                       " bytes after the header begin no record, and no record from the end of the file continues "
                       "into them (record skipped)");
    }
    if (recovered_ > 0 || not_recovered_ > 0) {
      std::string msg = std::to_string(recovered_) + " record" + (recovered_ == 1 ? "" : "s") +
                        " recovered from the unused part of the log";
      if (recovered_ > 0) {
        msg += " (record numbers " + std::to_string(*first_recovered_) + " to " + std::to_string(*last_recovered_) +
               (ring_ ? ", after the live records)" : ")");
      }
      if (not_recovered_ > 0) {
        msg += "; " + std::to_string(not_recovered_) +
               (not_recovered_ == 1 ? " more record there was" : " more there were") +
               " left out (damaged, out of order, or copies of live records)";
      }
      note(0, "N0512", std::move(msg));
    }
  }

  // ---- start -----------------------------------------------------------------------------------

  struct Header {
    bool valid = false;
    std::uint32_t begin = 0, end = 0, current = 0, oldest = 0, flags = 0;
  };

  Header read_header() {
    floor_ = 0;
    const std::string_view h = file_bytes(0, header_size);
    Header out;
    if (h.size() < header_size || load_u32(h.data()) != header_size || std::memcmp(h.data() + 4, "LfLe", 4) != 0 ||
        load_u32(h.data() + 44) != header_size) {
      // Nothing is lost yet: the records are looked for by scanning, and what is damaged among
      // them is reported there.
      warn(0, "W0511",
                   std::string(h.size() < header_size ? "the file is shorter than the 48-byte .evt header"
                                                      : "the .evt header is damaged (its size fields or signature "
                                                        "are wrong)") +
                       "; looking for records by scanning");
      return out;
    }
    out.valid = true;
    out.begin = load_u32(h.data() + 16);
    out.end = load_u32(h.data() + 20);
    out.current = load_u32(h.data() + 24);
    out.oldest = load_u32(h.data() + 28);
    out.flags = load_u32(h.data() + 36);
    if (load_u32(h.data() + 8) != 1 || load_u32(h.data() + 12) != 1) {
      warn(0, "W0513",
           "unexpected .evt version " + std::to_string(load_u32(h.data() + 8)) + "." +
               std::to_string(load_u32(h.data() + 12)) + " (1.1 expected); reading it as 1.1");
    }
    return out;
  }

  // Scans the whole ring for EOF records; the one that names its own offset and the highest next
  // record number wins (others would be stale leftovers).
  std::optional<EofRecord> find_eof(std::uint64_t& at) {
    std::optional<EofRecord> best;
    for (std::uint64_t d = 0; d < ring_len_; d += block_size) {
      const std::uint64_t base = header_size + d;
      const auto span = static_cast<std::size_t>(std::min<std::uint64_t>(block_size, ring_len_ - d));
      scan_.assign(bytes(base, static_cast<std::size_t>(std::min<std::uint64_t>(span + 8, ring_len_))));
      for (std::size_t i = 0; i < span && i + 8 <= scan_.size(); i += 4) {
        if (load_u32(scan_.data() + i) != eof_size || load_u32(scan_.data() + i + 4) != 0x11111111) continue;
        const auto e = eof_at(base + i);
        if (!e) continue;
        const bool self = e->end == base + i;
        if (!best || std::make_pair(self, e->current) > std::make_pair(best->end == at, best->current)) {
          best = e;
          at = base + i;
        }
      }
    }
    return best;
  }

  void start_ring() {
    const Header h = read_header();
    size_ = input_->size();
    ring_len_ = size_ > header_size ? size_ - header_size : 0;
    if (ring_len_ < min_record_size) {
      phase_ = Phase::done;  // a header alone: an empty log
      return;
    }
    std::optional<EofRecord> eof;
    std::uint64_t eof_pos = 0;
    if (h.valid && (h.flags & flag_dirty) == 0 && in_ring(h.end)) {
      eof = eof_at(h.end);
      eof_pos = h.end;
    }
    if (!eof) {
      if (h.valid && (h.flags & flag_dirty) != 0) {
        note(0, "N0511",
             "the header is marked dirty (the log was open when it was copied), so its offsets may be stale: "
             "looking for the end-of-file record instead");
      } else if (h.valid) {
        warn(0, "W0512",
             "the header's end-of-file offset " + std::to_string(h.end) +
                 " does not point at the end-of-file record (a truncated copy?): looking for it");
      }
      eof = find_eof(eof_pos);
    }
    if (eof && in_ring(eof->begin)) {
      begin_ = eof->begin;
      eof_pos_ = eof_pos;
      end_known_ = true;
      left_ = distance(begin_, eof_pos_);
      set_live_range(eof->oldest, eof->current);
    } else {
      begin_ = h.valid && in_ring(h.begin) ? h.begin : header_size;
      left_ = ring_len_;
      warn(eof_pos, "W0512",
           std::string(eof ? "the end-of-file record names no offset inside the file" : "no end-of-file record found") +
               ": reading from offset " + std::to_string(begin_) + " until the record numbers stop rising");
    }
    pos_ = begin_;
  }

  void start_linear() {
    note(0, "N0514",
         "the input cannot be read at random (a pipe): records are read in file order, so in a wrapped log the "
         "newest come before the oldest, and recovered records come where they lie");
    read_header();
    lead_ = std::string(file_bytes(header_size, max_record_size));
    pos_ = header_size;
    left_ = unbounded;
    lead_pending_ = true;
  }

  const std::string log_;
  bool ring_ = false;
  std::uint64_t size_ = 0, ring_len_ = 0;  // random access: file size, and the ring's (size - 48)
  Phase phase_ = Phase::live;
  std::uint64_t pos_ = 0;              // where the next record starts (ring position = file offset)
  std::uint64_t left_ = 0;             // bytes left in the current stretch (live records or unused space)
  std::uint64_t begin_ = header_size;  // the oldest record
  std::uint64_t eof_pos_ = 0;
  bool end_known_ = false;        // random access: the live records end at eof_pos_
  std::optional<EofRecord> eof_;  // pipe: the EOF record once met
  std::optional<std::uint32_t> live_first_, live_next_, live_lo_, live_hi_, expected_, last_;
  std::optional<std::uint32_t> first_recovered_, last_recovered_;
  std::uint64_t recovered_ = 0, not_recovered_ = 0;
  std::optional<Damage> damage_;
  // the last parse
  std::optional<std::uint32_t> number_;
  std::uint32_t record_size_ = 0;
  std::string why_;
  // pipe only
  std::string lead_;  // the first bytes after the header, for the record straddling the end
  bool lead_pending_ = false, lead_claimed_ = false, tail_damaged_ = false, slack_done_ = false;
  std::uint64_t lead_gap_ = 0;
  bool ended_ = false;
  std::uint64_t end_ = 0;
  std::uint64_t floor_ = 0;
  // buffers
  std::string win_, small_, chunk_, joined_, scan_, scratch_;
  std::uint64_t win_off_ = 0;
};

}  // namespace

std::unique_ptr<Reader> make_evt_reader(std::unique_ptr<BinaryInput> input, const ReaderOptions& options,
                                        DiagnosticSink& diagnostics) {
  return std::make_unique<EvtReader>(std::move(input), options, diagnostics);
}

}  // namespace kbmatch::detail
