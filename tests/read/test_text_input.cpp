// TextInput: encoding sniffing and decoding to UTF-8. BOMs, UTF-16 without BOM, Windows-1252,
// invalid UTF-8, broken UTF-16 tails, sequences split across the 256 KiB read blocks, line ends.
#include <catch2/catch.hpp>

#include "read/text_input.h"
#include "read_helpers.h"
#include "support.h"

using namespace kbmatch;
using detail::Encoding;
using detail::TextInput;
using readtest::utf16;

namespace {

struct Decoded {
  Encoding encoding = Encoding::utf8;
  bool bom = false;
  std::string text;
  DiagnosticList diagnostics;
};

Decoded decode(const std::string& bytes) {
  Decoded d;
  TextInput in(open_memory_source(bytes), "mem.txt", d.diagnostics);
  d.encoding = in.encoding();
  d.bom = in.had_bom();
  while (in.read_more(d.text)) {
  }
  return d;
}

// One W0101 warning at `offset` of file "mem.txt", and nothing else.
void require_one_w0101(const DiagnosticList& list, std::uint64_t offset) {
  REQUIRE(list.items().size() == 1);
  const Diagnostic& d = list.items()[0];
  CHECK(d.code == "W0101");
  CHECK(d.severity == Severity::warning);
  CHECK(d.file == "mem.txt");
  CHECK(d.offset == offset);
}

const std::string sample = "Event[0]:\r\n  Source: caf\xC3\xA9 \xE2\x82\xAC 10\r\n";  // "café € 10"

}  // namespace

TEST_CASE("text input: UTF-8 without BOM is passed through unchanged", "[text_input]") {
  const Decoded d = decode(sample);
  CHECK(d.encoding == Encoding::utf8);
  CHECK_FALSE(d.bom);
  CHECK(d.text == sample);
  CHECK(d.diagnostics.items().empty());
}

TEST_CASE("text input: UTF-8 with BOM: the BOM is dropped", "[text_input]") {
  const Decoded d = decode("\xEF\xBB\xBF" + sample);
  CHECK(d.encoding == Encoding::utf8);
  CHECK(d.bom);
  CHECK(d.text == sample);
  CHECK(d.diagnostics.items().empty());
}

TEST_CASE("text input: UTF-16LE with BOM is decoded to UTF-8", "[text_input]") {
  const Decoded d = decode(utf16(sample, true, true));
  CHECK(d.encoding == Encoding::utf16le);
  CHECK(d.bom);
  CHECK(d.text == sample);
  CHECK(d.diagnostics.items().empty());
}

TEST_CASE("text input: UTF-16LE without BOM is recognized by its NUL bytes", "[text_input]") {
  const Decoded d = decode(utf16(sample, true, false));
  CHECK(d.encoding == Encoding::utf16le);
  CHECK_FALSE(d.bom);
  CHECK(d.text == sample);
  CHECK(d.diagnostics.items().empty());
}

TEST_CASE("text input: UTF-16BE with BOM is decoded to UTF-8", "[text_input]") {
  const Decoded d = decode(utf16(sample, false, true));
  CHECK(d.encoding == Encoding::utf16be);
  CHECK(d.bom);
  CHECK(d.text == sample);
  CHECK(d.diagnostics.items().empty());
}

TEST_CASE("text input: UTF-16 surrogate pairs become one 4-byte UTF-8 character", "[text_input]") {
  const std::string text = "smile \xF0\x9F\x98\x80 end\n";  // U+1F600
  const std::string bytes = utf16(text, true, true);
  REQUIRE(bytes.substr(14, 4) == std::string("\x3D\xD8\x00\xDE", 4));  // D83D DE00, little-endian
  const Decoded d = decode(bytes);
  CHECK(d.text == text);
  CHECK(d.diagnostics.items().empty());
}

TEST_CASE("text input: an unpaired UTF-16 surrogate becomes U+FFFD with one warning", "[text_input]") {
  // BOM, 'a', lone low surrogate DC00, 'b', lone high surrogate D800 followed by 'c'.
  const std::string bytes = std::string(
      "\xFF\xFE"
      "a\0"
      "\x00\xDC"
      "b\0"
      "\x00\xD8"
      "c\0",
      12);
  const Decoded d = decode(bytes);
  CHECK(d.text ==
        "a\xEF\xBF\xBD"
        "b\xEF\xBF\xBD"
        "c");
  require_one_w0101(d.diagnostics, 4);  // the first one only
}

TEST_CASE("text input: Windows-1252 text: 0xE9 is U+00E9 and 0x80 is the euro sign", "[text_input]") {
  const Decoded d = decode("Erreur\tLe fichier n'a pas \xE9t\xE9 trouv\xE9 (\x80 10, \x93quoted\x94)\r\n");
  CHECK(d.encoding == Encoding::cp1252);
  CHECK_FALSE(d.bom);
  CHECK(d.text ==
        "Erreur\tLe fichier n'a pas \xC3\xA9t\xC3\xA9 trouv\xC3\xA9 (\xE2\x82\xAC 10, "
        "\xE2\x80\x9Cquoted\xE2\x80\x9D)\r\n");
  CHECK(d.diagnostics.items().empty());  // a legacy code page is not an error
}

TEST_CASE("text input: invalid UTF-8 in a UTF-8 file (BOM) is decoded as Windows-1252 with one warning",
          "[text_input]") {
  // BOM + "café" (valid UTF-8) + stray 0xE9 + " x" + stray 0x80.
  const Decoded d = decode(
      "\xEF\xBB\xBF"
      "caf\xC3\xA9\xE9 x\x80");
  CHECK(d.encoding == Encoding::utf8);
  CHECK(d.text == "caf\xC3\xA9\xC3\xA9 x\xE2\x82\xAC");
  require_one_w0101(d.diagnostics, 8);  // byte offset of the first stray byte, BOM included
  CHECK(d.diagnostics.items()[0].message.find("0xe9") != std::string::npos);
}

TEST_CASE("text input: invalid UTF-8 after the sniff window is decoded as Windows-1252 with a warning",
          "[text_input]") {
  // The head (64 KiB) is valid UTF-8, so the file is UTF-8; the stray byte comes later.
  std::string bytes;
  while (bytes.size() < 70000) bytes += "r\xC3\xA9sum\xC3\xA9 line\n";
  const std::size_t bad = bytes.size();
  bytes += "bad \xE9 byte\n";
  const Decoded d = decode(bytes);
  CHECK(d.encoding == Encoding::utf8);
  CHECK(d.text.size() == bytes.size() + 1);
  CHECK(d.text.substr(0, bad) == bytes.substr(0, bad));
  CHECK(d.text.substr(bad) == "bad \xC3\xA9 byte\n");
  require_one_w0101(d.diagnostics, bad + 4);
}

TEST_CASE("text input: a small UTF-8 file with one stray byte keeps its valid UTF-8 and warns", "[text_input]") {
  const Decoded d = decode("caf\xC3\xA9 \xE9t\xE9\n");
  CHECK(d.encoding == Encoding::utf8);
  CHECK(d.text == "caf\xC3\xA9 \xC3\xA9t\xC3\xA9\n");
  require_one_w0101(d.diagnostics, 6);
}

TEST_CASE("text input: a Windows-1252 file with one accidental valid UTF-8 pair stays Windows-1252", "[text_input]") {
  const Decoded d =
      decode("Der Dienst \x84Gru\xDF\x94 wurde mit folgendem Fehler beendet: \xE4\xF6\xFC \xC4\xD6\xDC.\r\n");
  CHECK(d.encoding == Encoding::cp1252);
  CHECK(d.text ==
        "Der Dienst \xE2\x80\x9EGru\xC3\x9F\xE2\x80\x9D wurde mit folgendem Fehler beendet: "
        "\xC3\xA4\xC3\xB6\xC3\xBC \xC3\x84\xC3\x96\xC3\x9C.\r\n");
  CHECK(d.diagnostics.items().empty());
}

TEST_CASE("text input: an odd trailing byte in UTF-16 becomes U+FFFD with a warning", "[text_input]") {
  SECTION("little-endian") {
    const Decoded d = decode(utf16("ab", true, true) + "x");
    CHECK(d.text == "ab\xEF\xBF\xBD");
    require_one_w0101(d.diagnostics, 6);
  }
  SECTION("big-endian") {
    const Decoded d = decode(utf16("ab", false, true) + "x");
    CHECK(d.text == "ab\xEF\xBF\xBD");
    require_one_w0101(d.diagnostics, 6);
  }
}

TEST_CASE("text input: a high surrogate at the very end of UTF-16 input becomes U+FFFD", "[text_input]") {
  const Decoded d = decode(utf16("ab", true, true) + std::string("\x3D\xD8", 2));
  CHECK(d.text == "ab\xEF\xBF\xBD");
  REQUIRE(d.diagnostics.items().size() == 1);
  CHECK(d.diagnostics.items()[0].code == "W0101");
}

TEST_CASE("text input: the warning for an unpaired high surrogate gives the surrogate's own offset", "[text_input]") {
  SECTION("followed by another character") {
    const Decoded d =
        decode(std::string("\xFF\xFE"
                           "a\0"
                           "\x3D\xD8"
                           "b\0",
                           8));
    CHECK(d.text ==
          "a\xEF\xBF\xBD"
          "b");
    require_one_w0101(d.diagnostics, 4);
  }
  SECTION("at the end of input") {
    const Decoded d = decode(utf16("ab", true, true) + std::string("\x3D\xD8", 2));
    require_one_w0101(d.diagnostics, 6);
  }
}

TEST_CASE("text input: a high surrogate ending the input exactly at a read-block boundary becomes U+FFFD",
          "[text_input]") {
  std::string bytes = utf16("", true, true);
  while (bytes.size() < 327680 - 2) bytes += std::string("a\0", 2);
  bytes += std::string("\x3D\xD8", 2);
  REQUIRE(bytes.size() == 327680);
  const Decoded d = decode(bytes);
  REQUIRE(d.text.size() == 163838 + 3);
  CHECK(d.text.substr(163838) == "\xEF\xBF\xBD");
  require_one_w0101(d.diagnostics, 327678);
}

TEST_CASE("text input: UTF-8 sequences split by the read blocks are decoded intact", "[text_input]") {
  // Raw reads end at 65536, 327680, 589824, ...; the 9-byte unit (3-, 4- and 2-byte sequences)
  // and the shifts put every kind of split on those boundaries.
  const std::string unit = "\xE2\x82\xAC\xF0\x9F\x98\x80\xC3\xA9";
  for (std::size_t shift = 0; shift < 9; ++shift) {
    CAPTURE(shift);
    std::string bytes(shift, 'x');
    while (bytes.size() < 700000) bytes += unit;
    const Decoded d = decode(bytes);
    CHECK(d.encoding == Encoding::utf8);
    CHECK(d.text == bytes);
    CHECK(d.diagnostics.items().empty());
  }
}

TEST_CASE("text input: UTF-16 surrogate pairs split by the read blocks are decoded intact", "[text_input]") {
  for (bool little_endian : {true, false}) {
    for (std::size_t shift = 0; shift < 3; ++shift) {
      CAPTURE(little_endian, shift);
      std::string text(shift, 'x');
      while (text.size() < 400000) text += "a\xF0\x9F\x98\x80\xC3\xA9";  // 'a' U+1F600 U+00E9: 8 bytes in UTF-16
      const Decoded d = decode(utf16(text, little_endian, true));
      CHECK(d.text == text);
      CHECK(d.diagnostics.items().empty());
    }
  }
}

TEST_CASE("text input: Windows-1252 input larger than a block is decoded byte for byte", "[text_input]") {
  std::string bytes, expected;
  while (bytes.size() < 600000) {
    bytes += "\xE9\x80 ";
    expected += "\xC3\xA9\xE2\x82\xAC ";
  }
  const Decoded d = decode(bytes);
  CHECK(d.encoding == Encoding::cp1252);
  CHECK(d.text == expected);
}

TEST_CASE("text input: line ends are kept as they are, CRLF and LF alike", "[text_input]") {
  const std::string mixed = "one\r\ntwo\nthree\r\n";
  CHECK(decode(mixed).text == mixed);
  CHECK(decode(utf16(mixed, true, true)).text == mixed);
}

TEST_CASE("text input: CRLF and LF exports read to the same events", "[text_input]") {
  const std::string lf =
      "Event[0]:\n  Log Name: System\n  Source: DhcpServer\n  Date: 2001-03-14T02:15:03.000\n"
      "  Event ID: 1014\n  Description:\nline one\nline two\n";
  std::string crlf;
  for (char c : lf) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  const auto a = test::read_all(lf);
  const auto b = test::read_all(utf16(crlf, true, true));
  REQUIRE(a.events.size() == 1);
  REQUIRE(b.events.size() == 1);
  CHECK(a.events[0].message == "line one\nline two");
  CHECK(b.events[0].message == "line one\nline two");
  CHECK(b.events[0].source == "DhcpServer");
  CHECK(b.events[0].event_id == 1014);
}

TEST_CASE("text input: the raw head keeps the first bytes, BOM included", "[text_input]") {
  DiagnosticList diags;
  const std::string bytes = utf16("Level\tDate", true, true);
  TextInput in(open_memory_source(bytes), "mem.txt", diags);
  CHECK(in.raw_head() == bytes);
  CHECK(in.name() == "mem.txt");
}
