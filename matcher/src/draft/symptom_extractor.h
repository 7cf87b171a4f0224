// Logged events quoted in a KB article, extracted as symptoms: the second step of drafting
// signatures from the articles (after draft/article.h).
//
// Articles quote events as blocks of labelled fields ("Event ID: 1014", "Source: DHCP Server",
// "Type: Error", "Description: The JET Database returned the following Error : -510",
// "Data : 02 fe ff ff"), in any order, several labels to a line or one per line, the colons
// sometimes missing after "Event ID" and "Source", descriptions wrapped over lines. A heading or
// sentence naming a log ("System Log", "logged in the Application event log") gives the log of
// the blocks after it. An event ID named in prose with none of that ("WINS will generate Event
// ID 4183") is a mention in passing: kept, and marked so.
//
// A description is split around what varies per machine (placeholders such as <server name> or
// %1, quoted names, paths, addresses, numbers) into the fixed fragments a signature can test,
// each copied verbatim from the article; error and status codes are kept apart.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "draft/article.h"

namespace kbmatch::draft {

struct QuotedEvent {
  std::string log;     // "System", "Application", ... ; "" when the article does not say
  std::string source;  // "DHCP Server" as the article writes it; "" when not given
  std::uint32_t event_id = 0;
  std::string level;                // "error", "warning", "information", "audit_success", "audit_failure", or ""
  std::string description;          // the whole description as quoted, lines joined by one space
  std::vector<std::string> text;    // its fixed fragments, verbatim
  std::string data_hex;             // "02feffff" from "Data : 02 fe ff ff"; "" when none
  std::vector<std::string> codes;   // error and status codes in the description: "-510", "0xc0000005", "1909"
  bool passing = false;             // named in prose only, with no source, type or description
  std::string section;              // the section it was quoted in ("symptoms", ...)
  SourceLine where;                 // where its "Event ID" stands (the text from there on)
  std::vector<SourceLine> lines;    // every line the event's fields came from
};

// The events quoted in the article's SYMPTOMS section (or, when it has none, the first
// section), in article order.
std::vector<QuotedEvent> extract_events(const Article& article);

// The description split into fixed fragments and codes (exposed for the tests and the drafter).
void split_description(const std::string& description, std::vector<std::string>& fragments,
                       std::vector<std::string>& codes);

}  // namespace kbmatch::draft
