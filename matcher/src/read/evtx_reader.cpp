// .evtx reader: the Windows Vista+ event log file, read natively (no converter in between).
//
// Layout: a 4 KiB file header, then 64 KiB chunks, each with a 512-byte header (record range,
// checksums, string and template tables) and records (magic 2a 2a 00 00, size, record id,
// FILETIME, BinXML, size again). The BinXML is decoded by read/binxml.h into the same Event the
// XML reader makes of the same event's XML.
//
// Order: a log is a ring of chunks, so after it wraps the oldest chunk is not the first in the
// file, and a dirty file's header may be stale. With random access (a file) every chunk slot's
// header is read first and the chunks are then read in record order; from a pipe they come in
// file order. Memory: one chunk, its compiled templates, and one entry per chunk slot.
//
// Damage (all of it occurs in real files): checksums are verified but not trusted, since
// valid-looking chunks with stale sums are common: a mismatch is a warning and the records are
// then checked one by one. A record whose frame is broken is skipped and the next record magic is
// searched for; a record whose BinXML cannot be decoded is skipped alone; a chunk whose header
// was wiped is read record by record; a chunk cut off by the end of the file counts the records
// its header says were lost; slots holding no chunk are noted. Each is reported with the chunk
// number and the byte offset in the file.
#include <algorithm>
#include <vector>

#include "read/binary_reader.h"
#include "read/binxml.h"

namespace kbmatch::detail {
namespace {

constexpr std::uint64_t file_header_size = 4096;
constexpr std::uint32_t chunk_size = 65536;
constexpr std::uint32_t chunk_header_size = 512;
constexpr std::uint32_t record_header_size = 24;
constexpr std::uint32_t min_record_size = record_header_size + 4;
constexpr std::string_view chunk_magic("ElfChnk\0", 8);
constexpr std::string_view record_magic("\x2a\x2a\x00\x00", 4);

struct ChunkSlot {
  std::uint32_t index = 0;  // position in the file: offset 4096 + index * 65536
  std::uint64_t first_record = 0;  // the id of its first record: the order to read the chunks in
};

class EvtxReader final : public BinaryReader {
 public:
  EvtxReader(std::unique_ptr<BinaryInput> input, const ReaderOptions& options, DiagnosticSink& diagnostics)
      : BinaryReader(Format::evtx, std::move(input), options, diagnostics) {
    read_file_header();
  }

  bool read_next(Event& event) override {
    for (;;) {
      if (in_chunk_ && next_record(event)) return true;
      if (!load_next_chunk()) return false;
    }
  }

 private:
  static std::uint64_t chunk_offset(std::uint32_t index) { return file_header_size + std::uint64_t{index} * chunk_size; }

  void read_file_header() {
    if (input_->read_at(0, file_header_size, chunk_) < 128) {
      skip_records(0, 1, "E0501", "the .evtx file header is truncated: no chunk can be located");
      done_ = true;
      return;
    }
    const char* h = chunk_.data();
    // A clean header (closed properly, checksum intact) can be believed about its chunk count.
    const bool header_ok = crc32(h, 120) == load_u32(h + 124);
    const std::uint32_t header_chunks = header_ok && (load_u32(h + 120) & 1) == 0 ? load_u16(h + 42) : 0xFFFFFFFF;
    if (!header_ok) {
      warn(0, "W0501", "the .evtx file header's checksum does not match; the chunks are located by scanning");
    }
    // Flags: 1 dirty, 2 full, 4 no checksums (Windows 10 logs that skip them). Other bits mean
    // the header is not what it claims; the chunks stand on their own, so reading goes on.
    if (const std::uint32_t flags = load_u32(h + 120); (flags & ~7u) != 0) {
      std::string message = "the .evtx file header has unknown flag bits (";
      append_fixed_hex(message, flags, 8);
      warn(0, "W0506", message + "); the header is not trusted");
    }
    if (chunk_.size() < file_header_size) {
      skip_records(0, 1, "E0501", "the .evtx file ends inside its header: it holds no chunk");
      done_ = true;
      return;
    }
    if (!input_->random_access()) return;  // chunks in file order, as they come
    const std::uint64_t body = input_->size() - file_header_size;
    const auto slots = static_cast<std::uint32_t>((body + chunk_size - 1) / chunk_size);
    // Read the start of every slot and visit the chunks by their first record number.
    std::string head;
    for (std::uint32_t i = 0; i < slots; ++i) {
      input_->read_at(chunk_offset(i), slot_probe_size, head);
      switch (classify(head)) {
        case SlotKind::chunk: plan_.push_back({i, head.size() >= 32 ? load_u64(head.data() + 24) : 0}); break;
        case SlotKind::headerless:
          plan_.push_back({i, load_u64(head.data() + chunk_header_size + 8)});  // its first record's id
          break;
        case SlotKind::unused:
          // Zero at its start; a wiped header in front of old records is not zero further on.
          // Slots past a clean header's count are not part of the log: no need to look.
          if (i < header_chunks) {
            input_->read_at(chunk_offset(i), chunk_size, head);
            if (!all_zero(head)) ++leftover_slots_;
          }
          break;
        case SlotKind::leftover: ++leftover_slots_; break;
      }
    }
    std::stable_sort(plan_.begin(), plan_.end(),
                     [](const ChunkSlot& a, const ChunkSlot& b) { return a.first_record < b.first_record; });
  }

  // What a chunk slot holds, from its first bytes: a chunk; a chunk whose header is damaged but
  // whose first record is intact (read record by record); zero fill (a log not yet full); or
  // anything else, which is no chunk (data left from an older log, or wiped): nothing to read.
  enum class SlotKind { chunk, headerless, unused, leftover };
  static constexpr std::size_t slot_probe_size = chunk_header_size + record_header_size;

  static SlotKind classify(std::string_view head) {
    if (head.size() >= 8 && head.substr(0, 8) == chunk_magic) return SlotKind::chunk;
    if (head.size() >= slot_probe_size && head.substr(chunk_header_size, 4) == record_magic) return SlotKind::headerless;
    return all_zero(head.substr(0, std::min(head.size(), slot_probe_size))) ? SlotKind::unused : SlotKind::leftover;
  }

  // Eight bytes at a time: unused slots of a large, mostly empty log are checked whole.
  static bool all_zero(std::string_view bytes) {
    std::size_t i = 0;
    for (; i + 8 <= bytes.size(); i += 8) {
      if (load_u64(bytes.data() + i) != 0) return false;
    }
    for (; i < bytes.size(); ++i) {
      if (bytes[i] != '\0') return false;
    }
    return true;
  }

  bool load_next_chunk() {
    in_chunk_ = false;
    last_id_read_ = std::max(last_id_read_, last_id_seen_);
    while (!done_) {
      std::uint32_t index;
      if (input_->random_access()) {
        if (next_plan_ == plan_.size()) break;
        index = plan_[next_plan_++].index;
      } else {
        index = next_slot_++;
      }
      if (input_->read_at(chunk_offset(index), chunk_size, chunk_) == 0) break;
      if (load_chunk(index)) return true;
    }
    if (leftover_slots_ > 0 && !done_) {
      note(0, "N0501", std::to_string(leftover_slots_) +
                           " chunk slot(s) hold data that is no chunk (left from an older log, or wiped); "
                           "nothing could be read from them");
    }
    done_ = true;
    return false;
  }

  // Validates the chunk in chunk_ and prepares its records; false when none can be read.
  bool load_chunk(std::uint32_t index) {
    const std::uint64_t at = chunk_offset(index);
    const char* c = chunk_.data();
    const auto have = static_cast<std::uint32_t>(chunk_.size());
    chunk_label_ = "chunk " + std::to_string(index);
    const SlotKind kind = classify(chunk_);
    if (kind == SlotKind::unused && all_zero(chunk_)) return false;
    if (kind == SlotKind::leftover || kind == SlotKind::unused) {
      ++leftover_slots_;
      return false;
    }
    std::uint32_t records_end = have;
    claimed_last_ = 0;
    if (kind == SlotKind::headerless) {
      // The records check themselves (signature, size at both ends, BinXML); the header's
      // checksums and offsets are gone.
      warn(at, "W0502", chunk_label_ + " has a damaged header (no chunk signature); its records were read one by one");
    } else {
      if (have < chunk_header_size) {
        skip_records(at, 1, "E0502", chunk_label_ + " is cut off by the end of the file inside its header; its records are lost");
        return false;
      }
      claimed_first_ = load_u64(c + 24);
      claimed_last_ = load_u64(c + 32);
      std::uint32_t crc = crc32(c, 120);
      crc = crc32(c + 128, chunk_header_size - 128, crc);
      if (crc != load_u32(c + 124)) {
        warn(at, "W0503", chunk_label_ + ": header checksum mismatch; the records were read and checked one by one");
      }
      const std::uint32_t free_space = load_u32(c + 48);
      if (free_space < chunk_header_size || free_space > chunk_size) {
        warn(at, "W0504", chunk_label_ + ": free-space offset " + std::to_string(free_space) +
                              " is out of range; the records were read up to the first that does not check out");
        records_end = std::min(chunk_size, have);
      } else if (free_space <= have) {
        records_end = free_space;
        if (crc32(c + chunk_header_size, free_space - chunk_header_size) != load_u32(c + 52)) {
          warn(at, "W0505", chunk_label_ + ": records checksum mismatch; the records were checked one by one");
        }
      }
    }
    // Chunks come in record order here: a jump in the ids is records the log lost (overwritten
    // or wiped, as in a volume shadow copy), not damage of this file.
    const std::uint64_t first_id = kind == SlotKind::chunk ? claimed_first_ : load_u64(c + chunk_header_size + 8);
    if (input_->random_access() && last_id_read_ != 0 && first_id > last_id_read_ + 1) {
      warn(at, "W0507", "records " + std::to_string(last_id_read_ + 1) + " to " + std::to_string(first_id - 1) +
                            " are not in the file (the log lost them before it was copied); " + chunk_label_ +
                            " goes on from record " + std::to_string(first_id));
    }
    decoder_.reset(std::string_view(c, have));
    chunk_at_ = at;
    record_pos_ = chunk_header_size;
    records_end_ = records_end;
    cut_off_ = have < chunk_size;
    last_id_seen_ = 0;
    in_chunk_ = true;
    return true;
  }

  // A record cut off by the end of the file: it and every later record of the chunk are lost.
  // The chunk header says how many those were.
  void report_cut_off(std::uint64_t at) {
    std::uint64_t lost = 1;
    const std::uint64_t from = last_id_seen_ != 0 ? last_id_seen_ + 1 : claimed_first_;
    if (claimed_last_ >= from && claimed_last_ - from < (chunk_size - chunk_header_size) / min_record_size) {
      lost = claimed_last_ - from + 1;
      last_id_seen_ = claimed_last_;  // counted here, not again as a gap before the next chunk
    }
    skip_records(at, lost, "E0503",
                 chunk_label_ + " is cut off by the end of the file (truncated); " + std::to_string(lost) +
                     " record(s) from here on are lost");
  }

  // Whether a record frame (magic, size, trailing size) is intact at `pos`.
  bool frame_ok(std::uint32_t pos, std::string& why) const {
    const char* c = chunk_.data();
    if (records_end_ - pos < min_record_size || std::string_view(c + pos, 4) != record_magic) {
      why = "no record signature";
      return false;
    }
    const std::uint32_t size = load_u32(c + pos + 4);
    if (size < min_record_size || size > records_end_ - pos) {
      why = "record size " + std::to_string(size) + " does not fit the chunk";
      return false;
    }
    if (load_u32(c + pos + size - 4) != size) {
      why = "record size " + std::to_string(size) + " is not repeated at its end";
      return false;
    }
    return true;
  }

  bool next_record(Event& event) {
    std::string why;
    while (records_end_ - record_pos_ >= min_record_size) {
      const std::uint32_t pos = record_pos_;
      const std::uint64_t at = chunk_at_ + pos;
      if (!frame_ok(pos, why)) {
        if (cut_off_ && std::string_view(chunk_.data() + pos, 4) == record_magic &&
            load_u32(chunk_.data() + pos + 4) > records_end_ - pos) {
          report_cut_off(at);
          in_chunk_ = false;
          return false;
        }
        // Find the next intact frame; what lies between counts as one damaged record, unless it
        // is the zero fill after the last record.
        std::uint32_t next = pos + 1;
        std::string ignored;
        while (next < records_end_ && !frame_ok(next, ignored)) {
          const auto found = std::string_view(chunk_.data() + next + 1, records_end_ - next - 1).find(record_magic);
          next = found == std::string_view::npos ? records_end_ : next + 1 + static_cast<std::uint32_t>(found);
        }
        if (!all_zero(std::string_view(chunk_.data() + pos, next - pos))) {
          skip_record(at, "E0504", chunk_label_ + ": damaged record: " + why);
        }
        record_pos_ = next;
        continue;
      }
      const std::uint32_t size = load_u32(chunk_.data() + pos + 4);
      record_pos_ = pos + size;
      last_id_seen_ = load_u64(chunk_.data() + pos + 8);
      event.clear();
      try {
        decoder_.decode(pos + record_header_size, size - min_record_size, event);
      } catch (const BinXmlError& e) {
        skip_record(at, "E0505",
                    chunk_label_ + ", record " + std::to_string(load_u64(chunk_.data() + pos + 8)) + ": " + e.what());
        continue;
      }
      if (!event.has_event_id) {
        skip_record(at, "E0506", chunk_label_ + ", record " + std::to_string(load_u64(chunk_.data() + pos + 8)) +
                                     ": the event has no EventID");
        continue;
      }
      // The record header has the id and time too; they stand in where the XML lacks them.
      if (!event.has_record) {
        event.record = load_u64(chunk_.data() + pos + 8);
        event.has_record = true;
      }
      if (!event.time.known()) event.time = filetime_to_timestamp(load_u64(chunk_.data() + pos + 16));
      event.origin.file = options_.file_index;
      event.origin.line = 0;
      event.origin.offset = at;
      ++events_;
      return true;
    }
    // A tail too short for a record: damage unless it is zero fill.
    if (record_pos_ < records_end_ &&
        !all_zero(std::string_view(chunk_.data() + record_pos_, records_end_ - record_pos_))) {
      skip_record(chunk_at_ + record_pos_, "E0504", chunk_label_ + ": damaged record: cut off by the end of the records");
    }
    in_chunk_ = false;
    return false;
  }

  std::string chunk_;  // the chunk being read (the file header at first)
  std::string chunk_label_;
  std::vector<ChunkSlot> plan_;
  std::size_t next_plan_ = 0;
  std::uint32_t next_slot_ = 0;  // without random access: the next slot in file order
  BinXmlDecoder decoder_;
  std::uint64_t chunk_at_ = 0;
  std::uint32_t record_pos_ = 0;
  std::uint32_t records_end_ = 0;
  std::uint64_t claimed_first_ = 0;  // record ids the chunk header claims (0 when it has none)
  std::uint64_t claimed_last_ = 0;
  std::uint64_t last_id_seen_ = 0;  // in the current chunk
  std::uint64_t last_id_read_ = 0;  // in the chunks before it
  std::uint32_t leftover_slots_ = 0;
  bool cut_off_ = false;  // the chunk is cut off by the end of the file
  bool in_chunk_ = false;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<Reader> make_evtx_reader(std::unique_ptr<BinaryInput> input, const ReaderOptions& options,
                                         DiagnosticSink& diagnostics) {
  return std::make_unique<EvtxReader>(std::move(input), options, diagnostics);
}

}  // namespace kbmatch::detail
