// The pipeline contract, through the kbmatch binary: --format jsonl, --state across batches,
// standard input, a run killed while saving its state, a damaged state file, and the README's
// example pipeline run as written.
#include <catch2/catch.hpp>

#include "support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Result {
  int status = -1;
  std::vector<json> lines;  // stdout, one JSON object per line
  std::string err;
};

using kbmatch::test::read_file;

// A fresh folder for one test's state and batches.
fs::path work_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("kbmatch-pipeline-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// Runs `sh -c command` from the source directory with the kbmatch binary's folder first on PATH;
// stdout must be JSON Lines.
Result shell(const std::string& command) {
  const fs::path err_file = fs::temp_directory_path() / ("kbmatch_pipeline_err_" + std::to_string(::getpid()));
  const std::string bin = fs::path(KBMATCH_BINARY).parent_path().string();
  const std::string cmd = "cd '" + std::string(KBMATCH_SOURCE_DIR) + "' && PATH='" + bin + "':\"$PATH\" " + command +
                          " 2>'" + err_file.string() + "'";
  Result r;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  char buf[65536];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int raw = ::pclose(pipe);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.err = read_file(err_file);
  fs::remove(err_file);
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    INFO("line: " << line);
    REQUIRE_NOTHROW(r.lines.push_back(json::parse(line)));
  }
  return r;
}

std::vector<json> of_type(const Result& r, const std::string& type) {
  std::vector<json> out;
  for (const auto& l : r.lines) {
    if (l["type"] == type) out.push_back(l);
  }
  return out;
}

std::string scan(const fs::path& state, const std::string& inputs) {
  return "kbmatch scan --format jsonl --state '" + state.string() + "' " + inputs;
}

}  // namespace

TEST_CASE("jsonl: one object per line, typed and versioned, the summary last", "[cli][pipeline]") {
  const Result r = shell("kbmatch scan --format jsonl samples/Q216793/wevtutil-xml samples/binary/damaged-record.evt");
  INFO(r.err);
  CHECK(r.status == 1);
  REQUIRE(r.lines.size() >= 3);
  for (const auto& l : r.lines) {
    CHECK(l["schema_version"] == 1);
    CHECK((l["type"] == "finding" || l["type"] == "diagnostic" || l["type"] == "summary"));
  }
  CHECK(r.lines.back()["type"] == "summary");
  CHECK(of_type(r, "summary").size() == 1);
  const auto findings = of_type(r, "finding");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0]["article"] == "Q216793");
  CHECK(findings[0]["confidence"] == "high");
  CHECK(findings[0]["incident"] == "Q216793/dhcpsrv01/2001-03-14T07:07:42Z");
  CHECK(findings[0]["update"] == false);
  // The damaged .evt's diagnostics come as lines, and the summary counts them.
  const auto diagnostics = of_type(r, "diagnostic");
  CHECK_FALSE(diagnostics.empty());
  const json& summary = r.lines.back();
  CHECK(summary["findings"] == 1);
  CHECK(summary["diagnostics"]["error"].get<std::size_t>() + summary["diagnostics"]["warning"].get<std::size_t>() +
            summary["diagnostics"]["note"].get<std::size_t>() ==
        diagnostics.size());
  CHECK(summary["stats"]["files"] == 3);
}

TEST_CASE("state file: batches of whole files give one incident, updated, and a batch read again adds nothing",
          "[cli][pipeline]") {
  const fs::path dir = work_dir("batches");
  const fs::path state = dir / "state";
  // The System log first: the -510 errors and backup failures, medium.
  const Result first = shell(scan(state, "samples/Q216793/nt4-text/System.txt"));
  INFO(first.err);
  CHECK(first.status == 1);
  auto findings = of_type(first, "finding");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0]["confidence"] == "medium");
  CHECK(findings[0]["update"] == false);
  const std::string incident = findings[0]["incident"];
  // Then the Application log, from standard input: JET's -1032 completes the picture.
  const Result second = shell(scan(state, "- < samples/Q216793/nt4-text/Application.txt"));
  CHECK(second.status == 1);
  findings = of_type(second, "finding");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0]["confidence"] == "high");
  CHECK(findings[0]["update"] == true);
  CHECK(findings[0]["incident"] == incident);
  // Both logs again: nothing new, and every event that hit a symptom is counted as seen.
  const Result again = shell(scan(state, "samples/Q216793/nt4-text"));
  CHECK(again.status == 0);
  CHECK(of_type(again, "finding").empty());
  CHECK(again.lines.back()["stats"]["duplicates"].get<int>() > 0);
  CHECK(again.lines.back()["stats"]["symptom_hits"] == 0);
}

TEST_CASE("state file: a run killed while saving leaves the previous state whole, and its batch run again loses nothing",
          "[cli][pipeline]") {
  const fs::path dir = work_dir("killed");
  const fs::path state = dir / "state";
  REQUIRE(shell(scan(state, "samples/Q216793/wevtutil-xml/System.xml")).status == 1);
  const std::string before = read_file(state);
  const Result killed =
      shell("KBMATCH_TEST_KILL_WHILE_SAVING_STATE=1 " + scan(state, "samples/Q216793/wevtutil-xml/Application.xml"));
  CHECK(killed.status == 137);
  CHECK(read_file(state) == before);
  CHECK(fs::exists(state.string() + ".tmp"));  // half a new state, never read
  // The batch again: the finding the killed run printed comes again, with the same incident.
  const Result rerun = shell(scan(state, "samples/Q216793/wevtutil-xml/Application.xml"));
  INFO(rerun.err);
  CHECK(rerun.status == 1);
  const auto findings = of_type(rerun, "finding");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0]["confidence"] == "high");
  CHECK(findings[0]["update"] == true);
  const auto killed_findings = of_type(killed, "finding");
  REQUIRE(killed_findings.size() == 1);
  CHECK(killed_findings[0]["incident"] == findings[0]["incident"]);
  CHECK_FALSE(fs::exists(state.string() + ".tmp"));
}

TEST_CASE("state file: a damaged or foreign state file is refused with a clear message and left as it is",
          "[cli][pipeline]") {
  const fs::path dir = work_dir("damaged");
  const fs::path state = dir / "state";
  REQUIRE(shell(scan(state, "samples/Q216793/wevtutil-xml/System.xml")).status == 1);
  std::string bytes = read_file(state);
  bytes[bytes.size() / 2] ^= 0x01;
  std::ofstream(state, std::ios::binary) << bytes;
  const Result r = shell(scan(state, "samples/Q216793/wevtutil-xml/Application.xml"));
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Catch::Contains("E0601") && Catch::Contains("checksum mismatch"));
  const auto diagnostics = of_type(r, "diagnostic");
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0]["code"] == "E0601");
  CHECK(of_type(r, "finding").empty());
  CHECK(read_file(state) == bytes);

  std::ofstream(state, std::ios::binary) << "[Settings]\nfoo=bar\n";
  const Result foreign = shell(scan(state, "samples/Q216793/wevtutil-xml/Application.xml"));
  CHECK(foreign.status == 2);
  CHECK_THAT(foreign.err, Catch::Contains("not a kbmatch state file"));
  CHECK(read_file(state) == "[Settings]\nfoo=bar\n");
}

namespace {

// The shell script of the README's pipeline section: the code block after its marker.
std::string readme_pipeline_script() {
  const std::string readme = read_file(fs::path(KBMATCH_SOURCE_DIR) / "README.md");
  const std::size_t marker = readme.find("<!-- pipeline-example:");
  REQUIRE(marker != std::string::npos);
  const std::size_t open = readme.find("```sh\n", marker);
  REQUIRE(open != std::string::npos);
  const std::size_t begin = open + 6;
  const std::size_t end = readme.find("```\n", begin);
  REQUIRE(end != std::string::npos);
  return readme.substr(begin, end - begin);
}

std::vector<json> json_lines(const fs::path& p) {
  std::vector<json> out;
  std::istringstream lines(read_file(p));
  std::string line;
  while (std::getline(lines, line)) out.push_back(json::parse(line));
  return out;
}

void copy_batch(const fs::path& inbox, const std::string& name, const std::vector<std::string>& samples) {
  // Written aside, then renamed in whole, as the README asks of the shipper.
  const fs::path aside = inbox.parent_path() / ("incoming-" + name);
  fs::create_directories(aside);
  for (const auto& s : samples) fs::copy_file(fs::path(KBMATCH_SOURCE_DIR) / s, aside / fs::path(s).filename());
  fs::rename(aside, inbox / name);
}

}  // namespace

TEST_CASE("the README's example pipeline runs as written", "[cli][pipeline]") {
  const fs::path dir = work_dir("readme");
  const fs::path script = dir / "kbmatch-inbox";
  std::ofstream(script, std::ios::binary) << readme_pipeline_script();
  const fs::path inbox = dir / "inbox", findings = dir / "log" / "findings.jsonl";
  fs::create_directories(inbox);
  const std::string env = "INBOX='" + inbox.string() + "' DONE='" + (dir / "done").string() + "' STATE='" +
                          (dir / "lib" / "state").string() + "' FINDINGS='" + findings.string() + "' ";
  // Two batches of one server: its System log, then its Application log an hour later.
  copy_batch(inbox, "20010314T0900Z-dhcpsrv01", {"samples/Q216793/nt4-text/System.txt"});
  copy_batch(inbox, "20010314T1000Z-dhcpsrv01", {"samples/Q216793/nt4-text/Application.txt"});
  const Result first = shell(env + "sh '" + script.string() + "'");
  INFO(first.err);
  CHECK(first.status == 0);
  CHECK(fs::is_empty(inbox));
  CHECK(fs::exists(dir / "done" / "20010314T0900Z-dhcpsrv01"));
  CHECK(fs::exists(dir / "done" / "20010314T1000Z-dhcpsrv01"));
  std::vector<json> found;
  for (const auto& l : json_lines(findings)) {
    if (l["type"] == "finding") found.push_back(l);
  }
  REQUIRE(found.size() == 2);
  CHECK(found[0]["confidence"] == "medium");
  CHECK(found[0]["update"] == false);
  CHECK(found[1]["confidence"] == "high");
  CHECK(found[1]["update"] == true);
  CHECK(found[0]["incident"] == found[1]["incident"]);
  // The first batch delivered again: nothing new is found.
  copy_batch(inbox, "20010314T1100Z-dhcpsrv01", {"samples/Q216793/nt4-text/System.txt"});
  const Result second = shell(env + "sh '" + script.string() + "'");
  CHECK(second.status == 0);
  std::size_t after = 0;
  for (const auto& l : json_lines(findings)) after += l["type"] == "finding";
  CHECK(after == 2);
  // A damaged state keeps the batch in the inbox and says why.
  std::ofstream(dir / "lib" / "state", std::ios::binary | std::ios::app) << "x";
  copy_batch(inbox, "20010314T1200Z-dhcpsrv01", {"samples/Q216793/nt4-text/System.txt"});
  const Result refused = shell(env + "sh '" + script.string() + "'");
  CHECK_THAT(refused.err, Catch::Contains("kept for the next run (kbmatch exit status 2)"));
  CHECK(fs::exists(inbox / "20010314T1200Z-dhcpsrv01"));
}
