// Scanning in batches with a saved state (--state): every sample scenario, cut into 2, 3 and 10
// batches at random points, gives the findings of one scan; a batch read again adds nothing; a
// run killed before saving loses nothing; a damaged, foreign or newer state file is refused.
#include <catch2/catch.hpp>

#include "support.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "kbmatch/batch.h"
#include "kbmatch/rule_set.h"
#include "kbmatch/scanner.h"
#include "kbmatch/state_file.h"

using namespace kbmatch;
namespace fs = std::filesystem;

namespace {

struct Collected final : FindingSink {
  std::vector<Finding> findings;
  void on_finding(const Finding& f) override { findings.push_back(f); }
};

// One event of a scenario, with the name of the file it came from.
struct Recorded {
  std::string file;
  Event event;
};

// Every event of a sample folder, in the order a scan reads them.
std::vector<Recorded> read_scenario(const fs::path& folder) {
  DiagnosticList diags;
  std::vector<FileStats> failed;
  std::vector<Recorded> out;
  const auto inputs = expand_inputs({folder.string()}, diags, failed);
  std::uint32_t index = 0;
  for (const auto& input : inputs) {
    read_input(input, index++, diags, [&](const Event& e) { out.push_back({input.path, e}); });
  }
  return out;
}

std::shared_ptr<const RuleSet> rules_of(Library library) {
  DiagnosticList diags;
  std::vector<SignatureSpec> specs;
  REQUIRE(load_builtin_signatures(specs, diags));
  if (library == Library::drafted) {
    std::vector<SignatureSpec> drafts;
    REQUIRE(load_builtin_signatures(drafts, diags, Library::drafted));
    add_drafts(specs, std::move(drafts));
  }
  auto rules = RuleSet::compile(std::move(specs), diags);
  REQUIRE(rules != nullptr);
  return rules;
}

ScanOptions incremental() {
  ScanOptions o;
  o.incremental = true;
  return o;
}

// One run: the state in (empty for the first), the events of [from, to), the findings and the state
// out.
struct Run {
  std::vector<Finding> findings;
  std::string state;
  std::uint64_t duplicates = 0;
};

Run run_batch(const std::shared_ptr<const RuleSet>& rules, const std::string& state, const std::vector<Recorded>& events,
              std::size_t from, std::size_t to, ScanOptions options = incremental()) {
  DiagnosticList diags;
  Scanner scanner(rules, options, diags);
  if (!state.empty()) scanner.restore_state(state);
  std::map<std::string, std::uint32_t> files;
  for (std::size_t k = from; k < to; ++k) {
    auto it = files.find(events[k].file);
    if (it == files.end()) it = files.emplace(events[k].file, scanner.add_file(events[k].file)).first;
    Event e = events[k].event;
    e.origin.file = it->second;
    scanner.add_event(e);
  }
  Collected sink;
  scanner.finish(sink);
  return {sink.findings, scanner.save_state(), scanner.duplicates()};
}

using Verdict = std::string;  // "article computer confidence"

std::set<Verdict> verdicts(const std::vector<Finding>& findings) {
  std::set<Verdict> out;
  for (const auto& f : findings) out.insert(f.article + " " + f.computer + " " + std::string(confidence_name(f.confidence)));
  return out;
}

// What the findings of successive runs leave a pipeline with: the last line of each incident.
// Fails when an incident is raised as new twice.
std::set<Verdict> final_verdicts(const std::vector<Finding>& lines) {
  std::map<std::string, Finding> last;
  for (const auto& f : lines) {
    if (!f.update) CHECK_FALSE(last.count(f.incident));
    if (f.update) CHECK(last.count(f.incident));
    last[f.incident] = f;
  }
  std::vector<Finding> finals;
  std::set<std::string> article_and_computer;
  for (auto& [id, f] : last) {
    if (f.retracted) continue;
    finals.push_back(f);
    // One incident per article and computer, as one scan gives one finding.
    CHECK(article_and_computer.insert(f.article + " " + f.computer).second);
  }
  return verdicts(finals);
}

std::vector<fs::path> scenarios() {
  std::vector<fs::path> out;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(KBMATCH_SOURCE_DIR) / "samples")) {
    if (!entry.is_directory()) continue;
    bool has_files = false;
    for (const auto& f : fs::directory_iterator(entry.path())) has_files = has_files || f.is_regular_file();
    if (has_files) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

void check_batches(Library library) {
  const auto rules = rules_of(library);
  std::mt19937 random(20261122);
  std::size_t compared = 0, with_findings = 0;
  for (const auto& folder : scenarios()) {
    const auto events = read_scenario(folder);
    if (events.empty()) continue;
    INFO("scenario " << folder.string() << " (" << events.size() << " events)");
    const Run whole = run_batch(rules, "", events, 0, events.size());
    // A scan in one piece without a state finds the same: the state changes nothing by itself.
    CHECK(verdicts(run_batch(rules, "", events, 0, events.size(), ScanOptions{}).findings) == verdicts(whole.findings));
    ++compared;
    with_findings += !whole.findings.empty();
    for (const std::size_t batches : {2, 3, 10}) {
      for (int round = 0; round < 2; ++round) {
        std::vector<std::size_t> cuts{0, events.size()};
        std::uniform_int_distribution<std::size_t> at(0, events.size());
        for (std::size_t k = 1; k < batches; ++k) cuts.push_back(at(random));
        std::sort(cuts.begin(), cuts.end());
        // An ipconfig or route print output is a snapshot of one moment and goes whole into one
        // batch (README): a cut inside one moves to its start. Its checks judge the snapshot as a
        // whole, and half a route table would be judged as the whole of it.
        for (auto& cut : cuts) {
          while (cut > 0 && cut < events.size() && events[cut].event.kind == Event::Kind::network &&
                 events[cut - 1].event.kind == Event::Kind::network && events[cut - 1].file == events[cut].file)
            --cut;
        }
        INFO(batches << " batches, cut at events " << [&] {
          std::ostringstream s;
          for (auto c : cuts) s << c << ' ';
          return s.str();
        }());
        std::string state;
        std::vector<Finding> lines;
        for (std::size_t b = 0; b + 1 < cuts.size(); ++b) {
          // Round 1: each batch's first run is killed before it saves its state, then run again.
          if (round == 1) {
            const Run killed = run_batch(rules, state, events, cuts[b], cuts[b + 1]);
            const Run again = run_batch(rules, state, events, cuts[b], cuts[b + 1]);
            CHECK(verdicts(killed.findings) == verdicts(again.findings));
            CHECK(killed.state == again.state);
          }
          Run run = run_batch(rules, state, events, cuts[b], cuts[b + 1]);
          lines.insert(lines.end(), run.findings.begin(), run.findings.end());
          state = std::move(run.state);
        }
        CHECK(final_verdicts(lines) == verdicts(whole.findings));
        // Any batch read again adds nothing: no finding, every hit already counted.
        const std::size_t b = std::uniform_int_distribution<std::size_t>(0, cuts.size() - 2)(random);
        const Run repeated = run_batch(rules, state, events, cuts[b], cuts[b + 1]);
        CHECK(repeated.findings.empty());
        // And the whole scenario read again after the batches adds nothing either.
        CHECK(run_batch(rules, state, events, 0, events.size()).findings.empty());
      }
    }
  }
  CHECK(compared >= 40);
  CHECK(with_findings >= 20);
}

}  // namespace

TEST_CASE("every sample scenario cut into 2, 3 and 10 batches gives the findings of one scan", "[batches]") {
  check_batches(Library::curated);
}

TEST_CASE("batches give the findings of one scan with the drafted library too", "[batches]") {
  check_batches(Library::drafted);
}

TEST_CASE("a later batch that extends an incident updates it with the same incident id", "[batches]") {
  const auto rules = rules_of(Library::curated);
  const auto events = read_scenario(fs::path(KBMATCH_SOURCE_DIR) / "samples/Q216793/wevtutil-xml");
  // The System log first (the -510 errors and the backup failures: medium), then the Application
  // log (JET's -1032, which completes the picture: high).
  std::size_t system_end = 0;
  std::vector<Recorded> ordered;
  for (const auto& r : events) if (r.file.find("System") != std::string::npos) ordered.push_back(r);
  system_end = ordered.size();
  for (const auto& r : events) if (r.file.find("System") == std::string::npos) ordered.push_back(r);
  const Run first = run_batch(rules, "", ordered, 0, system_end);
  REQUIRE(first.findings.size() == 1);
  CHECK(first.findings[0].confidence == Confidence::medium);
  CHECK_FALSE(first.findings[0].update);
  const Run second = run_batch(rules, first.state, ordered, system_end, ordered.size());
  REQUIRE(second.findings.size() == 1);
  CHECK(second.findings[0].update);
  CHECK(second.findings[0].incident == first.findings[0].incident);
  CHECK(second.findings[0].confidence == Confidence::high);
  // The update spans the whole incident: it began with the JET error the second batch brought.
  CHECK(second.findings[0].first_seen.micros < first.findings[0].first_seen.micros);
  CHECK(second.findings[0].last_seen.micros == first.findings[0].last_seen.micros);
  const Run third = run_batch(rules, second.state, ordered, 0, ordered.size());
  CHECK(third.findings.empty());
  CHECK(third.duplicates == ordered.size());  // every event has a record id
}

TEST_CASE("a state keeps hits for the retention only, and an incident past it is a new one", "[batches]") {
  const auto rules = rules_of(Library::curated);
  // The sample's Rpcss crash report alone (its other events go on for weeks after it).
  std::vector<Recorded> crash;
  for (auto& r : read_scenario(fs::path(KBMATCH_SOURCE_DIR) / "samples/Q292041/application-4097-xml")) {
    if (r.event.crash.process == "rpcss") crash.push_back(r);
  }
  REQUIRE(!crash.empty());
  const auto days_later = [&](int days, std::uint64_t records) {
    std::vector<Recorded> out = crash;
    for (auto& r : out) {
      r.event.time.micros += days * 86400LL * 1000000;
      r.event.record += records;
    }
    return out;
  };
  const Run first = run_batch(rules, "", crash, 0, crash.size());
  REQUIRE(first.findings.size() == 1);
  // 20 days of the same computer's logs without the crash (one event stands for them): its time
  // moves on, and the crash's hits fall out of the 7-day retention.
  std::vector<Recorded> quiet{crash.front()};
  quiet[0].event.event_id = 7036;
  quiet[0].event.source = "Service Control Manager";
  quiet[0].event.crash.clear();
  quiet[0].event.time.micros += 20 * 86400LL * 1000000;
  quiet[0].event.record += 50000;
  const Run second = run_batch(rules, first.state, quiet, 0, 1);
  CHECK(second.findings.empty());
  const std::string crash_hits = R"("article":"Q292041","hits")";
  CHECK(first.state.find(crash_hits) != std::string::npos);
  CHECK(second.state.find(crash_hits) == std::string::npos);
  // The crash 30 days after the first: a new incident, not an update of the first.
  const auto later = days_later(30, 100000);
  const Run third = run_batch(rules, second.state, later, 0, later.size());
  REQUIRE(third.findings.size() == 1);
  CHECK_FALSE(third.findings[0].update);
  CHECK(third.findings[0].incident != first.findings[0].incident);
  // Without the quiet batch between, the crash 3 days later is the same incident going on.
  const auto soon = days_later(3, 200000);
  const Run fourth = run_batch(rules, first.state, soon, 0, soon.size());
  REQUIRE(fourth.findings.size() == 1);
  CHECK(fourth.findings[0].update);
  CHECK(fourth.findings[0].incident == first.findings[0].incident);
}

namespace {

fs::path temp_state(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("kbmatch-state-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path p = dir / name;
  fs::remove(p);
  return p;
}

using kbmatch::test::read_file;

void write_file(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary) << bytes;
}

std::string refusal(const fs::path& p) {
  try {
    StateFile file(p.string());
    file.load();
  } catch (const StateFileError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a state file round-trips and a damaged, foreign or newer one is refused, never reset", "[batches]") {
  const fs::path p = temp_state("state");
  {
    StateFile file(p.string());
    CHECK_FALSE(file.load().has_value());  // the first run: no file yet
    file.save(R"({"computers":[]})");
    CHECK(file.load() == std::string(R"({"computers":[]})"));
    CHECK_FALSE(fs::exists(p.string() + ".tmp"));
  }
  const std::string good = read_file(p);
  CHECK(good.rfind("kbmatch-state 1\n", 0) == 0);

  std::string flipped = good;
  flipped[flipped.size() - 3] ^= 0x20;
  write_file(p, flipped);
  CHECK_THAT(refusal(p), Catch::Contains("checksum mismatch"));
  CHECK(read_file(p) == flipped);  // left as it is

  write_file(p, good.substr(0, good.size() - 4));
  CHECK_THAT(refusal(p), Catch::Contains("cut off"));

  write_file(p, good.substr(0, 20));
  CHECK_THAT(refusal(p), Catch::Contains("header is cut off"));

  write_file(p, "");
  CHECK_THAT(refusal(p), Catch::Contains("not a kbmatch state file"));

  write_file(p, "{\"some\": \"other tool's file\"}\n");
  CHECK_THAT(refusal(p), Catch::Contains("not a kbmatch state file"));

  std::string newer = good;
  newer.replace(0, 16, "kbmatch-state 2\n");
  write_file(p, newer);
  CHECK_THAT(refusal(p), Catch::Contains("written by a newer kbmatch"));

  // A well-formed file whose content is no scan state: the scanner refuses it.
  write_file(p, good);
  {
    StateFile file(p.string());
    file.save(R"({"computers":[{"key":"x"}]})");
    const auto rules = rules_of(Library::curated);
    DiagnosticList diags;
    Scanner scanner(rules, incremental(), diags);
    CHECK_THROWS_WITH(scanner.restore_state(*file.load()), Catch::Contains("not a scan state"));
  }
}

TEST_CASE("one run at a time holds a state file", "[batches]") {
  const fs::path p = temp_state("locked");
  StateFile first(p.string());
  CHECK_THROWS_WITH(StateFile(p.string()), Catch::Contains("another kbmatch run is using this state file"));
}
