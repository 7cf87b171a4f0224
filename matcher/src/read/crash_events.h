// Crash reports that arrive as ordinary events, normalized to CrashFacts so that a signature's
// `crash:` tests serve Dr. Watson's log and every event-log form of the same crash alike:
// - DrWatson 4097 (NT4/2000): "The application, exe\rpcss.dbg, generated an application error
//   ... The exception generated was c0000005 at address 77f6b4e2 (RtlAllocateHeap)";
// - Application Error 1000 (XP/2003 one-line form, Vista+ labelled lines or named EventData);
// - Application Error / Windows Error Reporting 1001 with an APPCRASH problem signature (P1 app,
//   P4 module, P7 exception code);
// - Application Hang 1002 (a hang: process only).
#pragma once

#include "kbmatch/event.h"

namespace kbmatch::detail {

// Fills event.crash when the event is one of the crash reports above and its facts are not
// already set (the Dr. Watson log reader sets them itself). Other events are left untouched.
void add_crash_facts(Event& event);

}  // namespace kbmatch::detail
