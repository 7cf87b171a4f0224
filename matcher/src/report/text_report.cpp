// Text printer for people: per finding, the article and title, why it applies, the evidence
// lines, and what to do, then a one-line summary of what was read.
#include <sstream>

#include "kbmatch/report.h"

namespace kbmatch {
namespace {

// Wraps `text` at `width` columns with `indent`, keeping the author's paragraph breaks.
void write_wrapped(std::ostream& out, const std::string& text, const std::string& indent, std::size_t width) {
  std::istringstream lines(text);
  std::string para;
  while (std::getline(lines, para)) {
    std::istringstream words(para);
    std::string word, line;
    bool any = false;
    while (words >> word) {
      any = true;
      if (!line.empty() && line.size() + 1 + word.size() > width) {
        out << indent << line << '\n';
        line.clear();
      }
      line += (line.empty() ? "" : " ") + word;
    }
    if (any) out << indent << line << '\n';
  }
}

std::string where(const Evidence& e) {
  std::string s = e.file;
  if (e.line != 0) s += ":" + std::to_string(e.line);
  if (e.has_record) s += " #" + std::to_string(e.record);
  return s;
}

class TextReport final : public Report {
 public:
  explicit TextReport(std::ostream& out) : out_(out) {}

  void on_finding(const Finding& f) override {
    ++count_;
    out_ << f.computer << ": " << f.article << " (" << confidence_name(f.confidence) << " confidence";
    if (f.status == "draft") out_ << ", drafted signature";
    out_ << ")" << (f.retracted ? ", WITHDRAWN" : "") << (f.update ? ", update of incident " + f.incident : "") << "\n  "
         << f.title << "\n";
    if (f.computer == unknown_computer) out_ << "  (the logs name no computer; name it with --computer NAME)\n";
    if (!f.why.empty()) {
      out_ << "  Why:\n";
      write_wrapped(out_, f.why, "    ", 92);
    }
    if (f.first_seen.known()) {
      out_ << "  Seen: " << format_timestamp(f.first_seen) << " to " << format_timestamp(f.last_seen) << "\n";
    }
    out_ << "  Symptoms:\n";
    for (const auto& s : f.symptoms) {
      out_ << "    " << s.count << " x " << s.symptom;
      if (!s.description.empty()) out_ << ": " << s.description;
      out_ << "\n";
    }
    out_ << "  Evidence:\n";
    for (const auto& e : f.evidence) {
      out_ << "    " << where(e) << "  " << (e.time.known() ? format_timestamp(e.time) : "(no time)") << "  "
           << e.source;
      if (e.has_event_id) out_ << " " << e.event_id;
      out_ << "\n      " << e.text << "\n";
    }
    if (!f.resolution.empty()) {
      out_ << "  What to do:\n";
      write_wrapped(out_, f.resolution, "    ", 92);
    }
    if (!f.fix_files.empty()) {
      out_ << "  Fix files:\n";
      for (const auto& ff : f.fix_files) {
        out_ << "    " << ff.name;
        if (!ff.version.empty()) out_ << "  version " << ff.version;
        if (!ff.date.empty()) out_ << "  dated " << ff.date;
        if (!ff.size.empty()) out_ << "  " << ff.size << " bytes";
        if (!ff.platform.empty()) out_ << "  (" << ff.platform << ")";
        out_ << "\n";
      }
    }
    if (!f.products.empty()) {
      out_ << "  Applies to:\n";
      for (const auto& p : f.products) out_ << "    " << p << "\n";
    }
    if (!f.platform.empty()) {
      out_ << "  System: " << f.platform << " (" << f.platform_source;
      if (f.platform_evidence) out_ << ", " << where(*f.platform_evidence);
      out_ << ")";
      if (f.platform_check == "applies") out_ << ", one the article applies to";
      if (f.platform_check == "unconfirmed") out_ << ", not enough to tell whether the article applies";
      out_ << "\n";
    }
    out_ << "\n";
  }

  void finish(const ScanStats& stats, const std::vector<Diagnostic>& diagnostics) override {
    std::size_t errors = 0;
    for (const auto& d : diagnostics) errors += d.severity == Severity::error;
    out_ << "Scanned " << stats.files << " file(s): " << stats.events << " event(s) read, " << stats.skipped
         << " damaged record(s) skipped";
    if (stats.outside_window != 0) out_ << ", " << stats.outside_window << " outside --since/--until";
    if (stats.duplicates != 0) out_ << ", " << stats.duplicates << " already counted";
    if (stats.failed_files != 0) out_ << ", " << stats.failed_files << " file(s) unreadable";
    out_ << ". " << (count_ == 0 ? "No known problem found" : std::to_string(count_) + " finding(s)") << ".\n";
    if (errors != 0) out_ << errors << " error(s) were reported on standard error.\n";
  }

 private:
  std::ostream& out_;
  std::size_t count_ = 0;
};

}  // namespace

std::unique_ptr<Report> make_text_report(std::ostream& out) {
  return std::make_unique<TextReport>(out);
}

}  // namespace kbmatch
