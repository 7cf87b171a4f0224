// CLI tests: the kbmatch binary run as a user runs it, on the bundled samples.
// Golden files live in tests/golden/; regenerate them after an intended output change with
//   KBMATCH_UPDATE_GOLDEN=1 build/tests/kbmatch_tests "[golden]"
// and review the diff.
#include <catch2/catch.hpp>

#include "support.h"

#include <map>
#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Result {
  int status = -1;
  std::string out;
  std::string err;
};

using kbmatch::test::read_file;

// Runs kbmatch from the source directory so paths in its output are the relative ones a user
// sees ("samples/...").
Result run(const std::string& args, const std::string& stdin_file = "") {
  const fs::path err_file = fs::temp_directory_path() / ("kbmatch_cli_err_" + std::to_string(::getpid()));
  std::string cmd = std::string("cd '") + KBMATCH_SOURCE_DIR + "' && '" + KBMATCH_BINARY + "' " + args + " 2>'" +
                    err_file.string() + "'";
  if (!stdin_file.empty()) cmd += " < '" + stdin_file + "'";
  Result r;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buf[65536];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) r.out.append(buf, n);
  const int raw = ::pclose(pipe);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.err = read_file(err_file);
  fs::remove(err_file);
  return r;
}

json scan_json(const std::string& args, int expected_status) {
  const Result r = run("scan --format json " + args);
  INFO("stderr: " << r.err);
  REQUIRE(r.status == expected_status);
  return json::parse(r.out);
}

void check_golden(const std::string& name, const std::string& actual) {
  const fs::path golden = fs::path(KBMATCH_SOURCE_DIR) / "tests" / "golden" / name;
  if (std::getenv("KBMATCH_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(golden, std::ios::binary) << actual;
    WARN("updated " << golden.string());
    return;
  }
  REQUIRE(fs::exists(golden));
  CHECK(read_file(golden) == actual);
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The record counts the sample generator wrote (samples/manifest.json), the independent truth
// for "every event is accounted for".
json manifest() {
  return json::parse(read_file(fs::path(KBMATCH_SOURCE_DIR) / "samples" / "manifest.json"));
}

}  // namespace

TEST_CASE("Q216793: found at high confidence in every export format", "[cli][Q216793]") {
  const fs::path dir = fs::path(KBMATCH_SOURCE_DIR) / "samples" / "Q216793";
  const json records = manifest();
  int formats = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_directory()) continue;
    ++formats;
    const std::string rel = "samples/Q216793/" + entry.path().filename().string();
    DYNAMIC_SECTION(rel) {
      // Vista CSV exports carry no computer name; the engineer names it.
      const bool unnamed = rel.find("vista") != std::string::npos;
      const json r = scan_json((unnamed ? "--computer DHCPSRV01 " : "") + rel, 1);
      REQUIRE(r["findings"].size() == 1);
      const json& f = r["findings"][0];
      CHECK(f["article"] == "Q216793");
      CHECK(f["confidence"] == "high");
      CHECK(lower(f["computer"].get<std::string>()) == "dhcpsrv01");
      CHECK(f["symptoms"].size() == 3);
      CHECK_FALSE(f["evidence"].empty());
      CHECK_FALSE(f["resolution"].get<std::string>().empty());
      // Accounting: per file, events read + skipped equals the records the generator wrote.
      CHECK(r["stats"]["skipped"] == 0);
      for (const auto& pf : r["stats"]["per_file"]) {
        const std::string file = pf["file"];
        INFO(file);
        REQUIRE(records.contains(file));
        CHECK(pf["events"].get<int>() + pf["skipped"].get<int>() == records[file].get<int>());
      }
    }
  }
  CHECK(formats >= 8);
}

TEST_CASE("near misses of every article give no finding", "[cli]") {
  const fs::path dir = fs::path(KBMATCH_SOURCE_DIR) / "samples" / "near-miss";
  int cases = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_directory()) continue;
    ++cases;
    const std::string rel = "samples/near-miss/" + entry.path().filename().string();
    DYNAMIC_SECTION(rel) {
      const json r = scan_json(rel, 0);
      CHECK(r["findings"].empty());
      CHECK(r["stats"]["events"].get<int>() > 0);
      CHECK(r["stats"]["skipped"] == 0);
    }
  }
  CHECK(cases >= 3);
}

// The symptoms a finding's evidence shows, sorted and unique.
std::set<std::string> evidence_symptoms(const json& finding) {
  std::set<std::string> out;
  for (const auto& e : finding["evidence"]) out.insert(e["symptom"].get<std::string>());
  return out;
}

// The sample scenario directories under samples/<group>/.
std::vector<std::string> scenarios(const std::string& group) {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(fs::path(KBMATCH_SOURCE_DIR) / "samples" / group)) {
    if (entry.is_directory()) out.push_back("samples/" + group + "/" + entry.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST_CASE("Q292041: the rpcss crash is high from the Dr. Watson log, its 4097 event, or both", "[cli][Q292041]") {
  const auto dirs = scenarios("Q292041");
  CHECK(dirs.size() >= 4);
  for (const auto& rel : dirs) {
    DYNAMIC_SECTION(rel) {
      const json r = scan_json(rel, 1);
      // One finding per article and computer, even when the log and its event both show the crash.
      REQUIRE(r["findings"].size() == 1);
      const json& f = r["findings"][0];
      CHECK(f["article"] == "Q292041");
      CHECK(f["confidence"] == "high");
      CHECK(f["computer"] == "COMSRV02");
      CHECK(evidence_symptoms(f) == std::set<std::string>{"rpcss_av_in_rtlallocateheap"});
      CHECK(r["stats"]["skipped"] == 0);
    }
  }
  // With the Application log beside the Dr. Watson log, both reports of the crash are evidence.
  const json both = scan_json("samples/Q292041/drwatson-and-application", 1);
  std::set<std::string> files;
  for (const auto& e : both["findings"][0]["evidence"]) files.insert(e["file"].get<std::string>());
  CHECK(files == std::set<std::string>{"samples/Q292041/drwatson-and-application/Application.txt",
                                       "samples/Q292041/drwatson-and-application/drwtsn32.log"});
}

TEST_CASE("Q264492: stop, restart, then the Tcpsvcs.exe crash, across logs", "[cli][Q264492]") {
  for (const std::string rel :
       {"samples/Q264492/nt4-text", "samples/Q264492/csv-and-drwatson", "samples/Q264492/audit-log"}) {
    DYNAMIC_SECTION(rel) {
      const json r = scan_json(rel, 1);
      REQUIRE(r["findings"].size() == 1);
      const json& f = r["findings"][0];
      CHECK(f["article"] == "Q264492");
      CHECK(f["confidence"] == "high");
      CHECK(f["computer"] == "NETSRV01");
      // One event per step of the sequence, in time order: a stop, a start, the crash.
      REQUIRE(f["evidence"].size() == 3);
      CHECK(f["evidence"][2]["symptom"] == "tcpsvcs_failure");
      CHECK(f["evidence"][0]["time"].get<std::string>() <= f["evidence"][1]["time"].get<std::string>());
      CHECK(f["evidence"][1]["time"].get<std::string>() <= f["evidence"][2]["time"].get<std::string>());
    }
  }
  SECTION("the DHCP audit log's own Stopped/Started rows are the restart") {
    const json r = scan_json("samples/Q264492/audit-log", 1);
    const json& ev = r["findings"][0]["evidence"];
    CHECK(ev[0]["symptom"] == "dhcp_audit_stopped");
    CHECK(ev[1]["symptom"] == "dhcp_audit_started");
  }
  SECTION("the crash without a restart before it is at most low") {
    const json r = scan_json("samples/Q264492/crash-only", 1);
    REQUIRE(r["findings"].size() == 1);
    CHECK(r["findings"][0]["article"] == "Q264492");
    CHECK(r["findings"][0]["confidence"] == "low");
  }
  SECTION("the restart without a crash is nothing") {
    CHECK(scan_json("samples/near-miss/restart-no-crash", 0)["findings"].empty());
  }
}

// The evidence lines of a finding that come from `file_part`, as "file:line" strings.
std::vector<std::string> evidence_lines(const json& finding, const std::string& file_part) {
  std::vector<std::string> out;
  for (const auto& e : finding["evidence"]) {
    const std::string file = e["file"].get<std::string>();
    if (file.find(file_part) != std::string::npos) out.push_back(file + ":" + std::to_string(e.value("line", 0)));
  }
  return out;
}

TEST_CASE("Q257647: memory climbing while RasDial fails with 623", "[cli][Q257647]") {
  SECTION("NT 4.0 SP6a: counter log, the program's log and the System log give high") {
    const json r = scan_json("samples/Q257647/nt4-perfmon-and-app-log", 1);
    REQUIRE(r["findings"].size() == 1);
    const json& f = r["findings"][0];
    CHECK(f["article"] == "Q257647");
    CHECK(f["confidence"] == "high");
    CHECK(f["computer"] == "DIALSRV01");
    CHECK(f["platform_check"] == "applies");
    CHECK(f["platform"]["system"] == "Windows NT 4.0 build 1381 Service Pack 6");
    CHECK(evidence_symptoms(f) == std::set<std::string>{"private_bytes_rising", "rasdial_623_logged"});
    // The counter samples that support it: the first and last of the climb, by file and line.
    const auto samples = evidence_lines(f, "DIALSRV01-memory.csv");
    REQUIRE(samples.size() == 2);
    for (const auto& e : f["evidence"]) {
      if (e["symptom"] == "private_bytes_rising") {
        CHECK_THAT(e["text"].get<std::string>(), Catch::Contains("\\Process(dialmon)\\Private Bytes = "));
        CHECK(e["source"] == "Counter log");
      }
    }
    CHECK(!evidence_lines(f, "dialmon.log").empty());
    CHECK(r["stats"]["skipped"] == 0);
  }
  SECTION("a restarted process (ID Process changes) is still a leak") {
    const json r = scan_json("samples/Q257647/restarted-process", 1);
    REQUIRE(r["findings"].size() == 1);
    CHECK(r["findings"][0]["confidence"] == "high");
  }
  SECTION("RasClient 20227 with a typeperf log: the system is not told, so medium") {
    const json r = scan_json("samples/Q257647/rasclient-and-typeperf", 1);
    REQUIRE(r["findings"].size() == 1);
    const json& f = r["findings"][0];
    CHECK(f["confidence"] == "medium");
    CHECK(f["computer"] == "KIOSK07");
    CHECK(f["platform"].is_null());
    CHECK(f["platform_check"] == "unconfirmed");
    CHECK(evidence_symptoms(f) == std::set<std::string>{"private_bytes_rising", "rasdial_623_event"});
  }
  SECTION("flat memory, a saw-tooth, or a leak without RasDial failures give nothing") {
    for (const std::string rel : {"samples/near-miss/q257647-flat-memory", "samples/near-miss/q257647-sawtooth",
                                  "samples/near-miss/q257647-leak-no-rasdial"}) {
      DYNAMIC_SECTION(rel) {
        CHECK(scan_json(rel, 0)["findings"].empty());
      }
    }
  }
}

TEST_CASE("Q287032: routes through an address no adapter holds", "[cli][Q287032]") {
  SECTION("NT 4.0 SP6a, multihomed, NT4 route print and ipconfig in two files: high") {
    const json r = scan_json("samples/Q287032/nt4-stale-route", 1);
    REQUIRE(r["findings"].size() == 1);
    const json& f = r["findings"][0];
    CHECK(f["article"] == "Q287032");
    CHECK(f["confidence"] == "high");
    CHECK(f["computer"] == "WEBSRV03");
    CHECK(f["platform_check"] == "applies");
    // The stale route line, and the address lines that make the computer multihomed.
    CHECK(evidence_lines(f, "route-print.txt") ==
          std::vector<std::string>{"samples/Q287032/nt4-stale-route/route-print.txt:11"});
    CHECK(evidence_lines(f, "ipconfig-all.txt").size() == 3);
    for (const auto& e : f["evidence"]) {
      if (e["symptom"] == "route_through_missing_address") {
        CHECK_THAT(e["text"].get<std::string>(), Catch::Contains("no adapter holds the interface address 10.20.1.41"));
      }
    }
  }
  SECTION("Windows 2000 SP2, both outputs in one file with prompts: high") {
    const json r = scan_json("samples/Q287032/w2k-one-file", 1);
    REQUIRE(r["findings"].size() == 1);
    CHECK(r["findings"][0]["confidence"] == "high");
    CHECK(r["findings"][0]["computer"] == "APPSRV12");
  }
  SECTION("the snapshot alone tells Windows 2000 but no service pack: medium") {
    const json r = scan_json("samples/Q287032/snapshot-only", 1);
    REQUIRE(r["findings"].size() == 1);
    CHECK(r["findings"][0]["confidence"] == "medium");
    CHECK(r["findings"][0]["platform"]["source"] == "ipconfig");
  }
  SECTION("a consistent table, Windows 2000 SP4 and Windows XP give nothing; the last two say why") {
    CHECK(scan_json("samples/near-miss/q287032-consistent-routes", 0)["findings"].empty());
    for (const std::string rel : {"samples/near-miss/q287032-fixed-by-sp4", "samples/near-miss/q287032-windows-xp"}) {
      DYNAMIC_SECTION(rel) {
        const json r = scan_json(rel, 0);
        CHECK(r["findings"].empty());
        bool noted = false;
        for (const auto& d : r["diagnostics"]) noted = noted || d["code"] == "N0404";
        CHECK(noted);
      }
    }
  }
}

TEST_CASE("events prints counter samples and network facts as observations", "[cli]") {
  Result r = run("events samples/Q287032/nt4-stale-route/route-print.txt");
  REQUIRE(r.status == 0);
  std::istringstream lines(r.out);
  std::string line;
  int routes = 0;
  while (std::getline(lines, line)) {
    const json j = json::parse(line);
    CHECK(j["kind"] == "network");
    CHECK(j["network"]["fact"] == "route");
    ++routes;
  }
  CHECK(routes == 13);
  r = run("events samples/Q257647/rasclient-and-typeperf/typeperf-kiosk07.csv");
  REQUIRE(r.status == 0);
  const json first = json::parse(r.out.substr(0, r.out.find('\n')));
  CHECK(first["kind"] == "counter_sample");
  CHECK(first["computer"] == "KIOSK07");
  CHECK(first["sample"]["object"] == "Process");
  CHECK(first["sample"]["instance"] == "kioskdial");
  CHECK(first["sample"]["counter"] == "Private Bytes");
  CHECK(first["sample"]["utc_offset"] == -8 * 3600);
  CHECK(first["time"] == "2007-11-06T21:00:00Z");
}

TEST_CASE("crash events of later Windows are read as crash facts", "[cli][crash]") {
  for (const auto& rel : scenarios("crash-events")) {
    DYNAMIC_SECTION(rel) {
      CHECK(scan_json(rel, 0)["findings"].empty());  // other programs: no article applies
      const Result r = run("events --format jsonl " + rel);
      REQUIRE(r.status == 0);
      std::istringstream lines(r.out);
      int crashes = 0;
      for (std::string line; std::getline(lines, line);) {
        const json e = json::parse(line);
        if (e["source"] != "Application Error" || e["event_id"] != 1000) continue;
        ++crashes;
        REQUIRE(e.contains("crash"));
        CHECK_FALSE(e["crash"]["process"].get<std::string>().empty());
        CHECK_FALSE(e["crash"]["module"].get<std::string>().empty());
      }
      CHECK(crashes >= 1);
    }
  }
}

TEST_CASE("every sample file is read completely", "[cli]") {
  // Per file, the events read equal the records the generator wrote (for the damaged binary
  // fixtures: the records that can be read), and only the damaged fixtures skip anything, as
  // many records as samples/binary/README.md says they lost.
  const std::map<std::string, int> damaged = {
      {"samples/binary/truncated.evtx", 14},  // the chunk header claims 45 records, 31 are whole
      {"samples/binary/damaged-record.evt", 1},
  };
  const json records = manifest();
  CHECK(records.size() >= 40);
  for (const auto& [file, count] : records.items()) {
    DYNAMIC_SECTION(file) {
      const Result r = run("scan --format json " + file);
      REQUIRE((r.status == 0 || r.status == 1));
      const json j = json::parse(r.out);
      REQUIRE(j["stats"]["per_file"].size() == 1);
      CHECK(j["stats"]["per_file"][0]["events"] == count);
      const auto lost = damaged.find(file);
      CHECK(j["stats"]["skipped"] == (lost == damaged.end() ? 0 : lost->second));
    }
  }
}

TEST_CASE("Q216793: the .evtx and .evt logs give the finding the Event XML export gives", "[cli][Q216793]") {
  // Same article, computer, confidence, symptom counts, time span and evidence records: the
  // binary readers fill the events exactly as the XML reader does.
  const json xml = scan_json("samples/Q216793/wevtutil-xml", 1);
  REQUIRE(xml["findings"].size() == 1);
  const json& want = xml["findings"][0];
  for (const std::string dir : {"samples/Q216793/evtx", "samples/Q216793/evt"}) {
    DYNAMIC_SECTION(dir) {
      const json r = scan_json(dir, 1);
      REQUIRE(r["findings"].size() == 1);
      const json& got = r["findings"][0];
      for (const char* key : {"article", "computer", "confidence", "first_seen", "last_seen", "symptoms", "platform_check"}) {
        INFO(key);
        CHECK(got[key] == want[key]);
      }
      CHECK(got["platform"]["system"] == want["platform"]["system"]);
      CHECK(got["platform"]["evidence"]["record"] == want["platform"]["evidence"]["record"]);
      REQUIRE(got["evidence"].size() == want["evidence"].size());
      for (std::size_t i = 0; i < got["evidence"].size(); ++i) {
        CHECK(got["evidence"][i]["record"] == want["evidence"][i]["record"]);
        CHECK(got["evidence"][i]["time"] == want["evidence"][i]["time"]);
        CHECK(got["evidence"][i]["event_id"] == want["evidence"][i]["event_id"]);
      }
    }
  }
}

TEST_CASE("golden: normalized crash records of a Dr. Watson log", "[cli][golden]") {
  const Result r = run("events --format jsonl samples/Q292041/drwatson-log/drwtsn32.log");
  CHECK(r.status == 0);
  check_golden("events-Q292041-drwtsn32.jsonl", r.out);
}

TEST_CASE("golden: text report of the Q264492 NT4 text sample", "[cli][golden]") {
  const Result r = run("scan samples/Q264492/nt4-text");
  CHECK(r.status == 1);
  check_golden("scan-Q264492-nt4-text.txt", r.out);
}

TEST_CASE("golden: JSON report of the wevtutil XML sample", "[cli][golden]") {
  const Result r = run("scan --format json samples/Q216793/wevtutil-xml");
  CHECK(r.status == 1);
  check_golden("scan-Q216793-wevtutil-xml.json", json::parse(r.out).dump(2) + "\n");
}

TEST_CASE("golden: text report of the NT4 text sample", "[cli][golden]") {
  const Result r = run("scan samples/Q216793/nt4-text");
  CHECK(r.status == 1);
  check_golden("scan-Q216793-nt4-text.txt", r.out);
}

TEST_CASE("golden: normalized events of the wevtutil text sample", "[cli][golden]") {
  const Result r = run("events --format jsonl samples/Q216793/wevtutil-text/System.txt");
  CHECK(r.status == 0);
  check_golden("events-Q216793-wevtutil-text-System.jsonl", r.out);
}

TEST_CASE("standard input is read and sniffed like a file", "[cli]") {
  const std::string file = std::string(KBMATCH_SOURCE_DIR) + "/samples/Q216793/rendered-xml/System.xml";
  const Result r = run("scan --format json -", file);
  CHECK(r.status == 1);
  const json j = json::parse(r.out);
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["confidence"] == "medium");  // System log only: no JET 30
  CHECK(j["stats"]["per_file"][0]["file"] == "-");
  CHECK(j["stats"]["per_file"][0]["format"] == "event-xml");
}

TEST_CASE("exit status and error reporting", "[cli]") {
  SECTION("no finding: 0") {
    const Result r = run("scan samples/near-miss/other-jet-error");
    CHECK(r.status == 0);
    CHECK(r.out.find("No known problem found") != std::string::npos);
  }
  SECTION("a missing file: 2, named on stderr") {
    const Result r = run("scan samples/does-not-exist.xml");
    CHECK(r.status == 2);
    CHECK(r.err.find("samples/does-not-exist.xml: error[E0401]: cannot open") != std::string::npos);
  }
  SECTION("bad usage: 2") {
    CHECK(run("scan --format yaml samples").status == 2);
    CHECK(run("frobnicate").status == 2);
    CHECK(run("").status == 2);
  }
  SECTION("a bad --utc-offset: 2") {
    const Result r = run("scan --utc-offset EST samples/Q264492/nt4-text");
    CHECK(r.status == 2);
    CHECK(r.err.find("not an offset like -05:00") != std::string::npos);
    CHECK(run("scan --utc-offset -05:00 samples/Q264492/nt4-text").status == 1);
  }
  SECTION("--help and --version: 0") {
    CHECK(run("--help").status == 0);
    CHECK(run("--version").out.rfind("kbmatch ", 0) == 0);
  }
  SECTION("broken signatures: 2, file:line:col, and no scan") {
    const fs::path dir = fs::temp_directory_path() / ("kbmatch_badsig_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "Q1.yaml") << "article: Q1\ntitle: t\nsymptoms:\n  a: {event_id: 1, level: loud}\n"
                                      "confidence:\n  - {level: low, symptom: a}\n";
    const Result r = run("scan --signatures '" + dir.string() + "' samples/Q216793/wevtutil-xml");
    fs::remove_all(dir);
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("Q1.yaml:4:27: error[E0315]: level 'loud'") != std::string::npos);
  }
  SECTION("files in a directory that are not logs are ignored, not errors") {
    const Result r = run("scan --format json samples");
    CHECK(r.status == 1);
    CHECK(r.err.find("README.md: note[E0402]: not a log export; ignored") != std::string::npos);
  }
}

TEST_CASE("lint reports the built-in set", "[cli]") {
  const Result r = run("lint");
  CHECK(r.status == 0);
  CHECK(r.out.find("signature(s)") != std::string::npos);
  CHECK(r.out.find(", 0 warning(s)") != std::string::npos);
}

TEST_CASE("draft: --format json lists what the article quotes, verbatim", "[cli][draft]") {
  const Result r = run("draft --format json tests/draft/articles/Q999216.txt");
  INFO(r.err);
  REQUIRE(r.status == 0);
  const json j = json::parse(r.out);
  CHECK(j["article"] == "Q999216");
  REQUIRE(j["events"].size() == 3);
  const json& e = j["events"][0];
  CHECK(e["log"] == "System");
  CHECK(e["source"] == "DHCP Server");
  CHECK(e["event_id"] == 1014);
  CHECK(e["level"] == "error");
  CHECK(e["text"] == json::array({"The JET Database returned the following Error :"}));
  CHECK(e["codes"] == json::array({"-510"}));
  CHECK(e["data_hex"] == "02feffff");
  CHECK(e["passing"] == false);
  // A description wrapped over two lines comes out joined by one space.
  CHECK(j["events"][1]["text"] ==
        json::array({"Unable to create log. The drive may be read-only or out of disk space. Error"}));
  CHECK(j["events"][2]["event_id"] == 1016);
  CHECK(j["events"][2]["passing"] == true);
}

TEST_CASE("draft: a drafted signature finds the sample scenario, at medium and marked draft", "[cli][draft]") {
  const fs::path dir = fs::temp_directory_path() / ("kbmatch_draft_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const Result d = run("draft --output '" + dir.string() + "' tests/draft/articles/Q999216.txt");
  INFO(d.err);
  REQUIRE(d.status == 0);
  REQUIRE(fs::exists(dir / "Q999216.yaml"));
  for (const std::string sample : {"samples/Q216793/wevtutil-xml", "samples/Q216793/evt"}) {
    DYNAMIC_SECTION(sample) {
      const json r = scan_json("--signatures '" + dir.string() + "' " + sample, 1);
      REQUIRE(r["findings"].size() == 1);
      CHECK(r["findings"][0]["article"] == "Q999216");
      CHECK(r["findings"][0]["confidence"] == "medium");
      CHECK(r["findings"][0]["status"] == "draft");
    }
  }
  fs::remove_all(dir);
}

TEST_CASE("draft: a file that is no KB article is an error, named", "[cli][draft]") {
  const Result r = run("draft samples/README.md");
  CHECK(r.status == 2);
  CHECK(r.err.find("samples/README.md: error: not a KB article") != std::string::npos);
}

TEST_CASE("scan --drafted: the drafted library adds leads, never above medium, curated first", "[cli][draft]") {
  const json curated = scan_json("samples/Q292041/drwatson-log", 1);
  const json both = scan_json("--drafted samples/Q292041/drwatson-log", 1);
  REQUIRE(curated["findings"].size() == 1);
  REQUIRE(both["findings"].size() > 1);
  // The curated signature supersedes the draft of its own article, and keeps its finding.
  CHECK(both["findings"][0]["article"] == "Q292041");
  CHECK(both["findings"][0]["status"] == "curated");
  CHECK(both["findings"][0]["confidence"] == "high");
  std::size_t q292041 = 0;
  for (const json& f : both["findings"]) {
    q292041 += f["article"] == "Q292041";
    if (f["article"] == "Q292041") continue;
    CHECK(f["status"] == "draft");
    CHECK(f["confidence"] != "high");
  }
  CHECK(q292041 == 1);
  const Result lint = run("lint --drafted");
  CHECK(lint.status == 0);
  CHECK(lint.out.find(", 0 warning(s)") != std::string::npos);
}

TEST_CASE("scan --min-confidence: findings below it are left out, and the exit status follows", "[cli]") {
  // Q257647 is medium in samples/Q257647/rasclient-and-typeperf.
  const json all = scan_json("samples/Q257647/rasclient-and-typeperf", 1);
  REQUIRE(all["findings"].size() == 1);
  REQUIRE(all["findings"][0]["confidence"] == "medium");
  CHECK(scan_json("--min-confidence medium samples/Q257647/rasclient-and-typeperf", 1)["findings"].size() == 1);
  const json high = scan_json("--min-confidence high samples/Q257647/rasclient-and-typeperf", 0);
  CHECK(high["findings"].empty());
  REQUIRE(high["diagnostics"].size() == 1);
  CHECK(high["diagnostics"][0]["code"] == "N0405");
  // The drafted library's leads (low) go, the curated finding stays.
  const json leads = scan_json("--drafted --min-confidence medium samples/Q292041/drwatson-log", 1);
  REQUIRE(leads["findings"].size() == 1);
  CHECK(leads["findings"][0]["article"] == "Q292041");
  CHECK(run("scan --min-confidence certain samples/Q257647").status == 2);
}

TEST_CASE("scan --since/--until: only events inside the window are scanned, the others counted", "[cli]") {
  const json all = scan_json("samples/Q216793/wevtutil-xml", 1);
  CHECK(all["stats"]["outside_window"] == 0);
  CHECK(all["findings"][0]["confidence"] == "high");
  // From 09:00 UTC on, the JET 30 of 07:07 is left out: the picture is no longer whole.
  const json late = scan_json("--since 2001-03-14T09:00:00Z samples/Q216793/wevtutil-xml", 1);
  CHECK(late["stats"]["events"] == all["stats"]["events"]);
  CHECK(late["stats"]["outside_window"] == 47);
  REQUIRE(late["findings"].size() == 1);
  CHECK(late["findings"][0]["confidence"] == "medium");
  CHECK(late["findings"][0]["first_seen"] == "2001-03-14T09:00:08Z");
  // An empty window finds nothing; a bound that is no time is a usage error.
  const json none = scan_json("--until 2001-03-14T00:00:00Z samples/Q216793/wevtutil-xml", 0);
  CHECK(none["stats"]["outside_window"] == all["stats"]["events"]);
  CHECK(run("scan --since yesterday samples/Q216793/wevtutil-xml").status == 2);
}
