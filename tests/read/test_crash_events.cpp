// Crash reports logged as events (DrWatson 4097, Application Error 1000, WER 1001, Application
// Hang 1002) normalized to CrashFacts, from rendered text and from named EventData.
#include <catch2/catch.hpp>

#include "read/crash_events.h"
#include "read_helpers.h"

using namespace kbmatch;

namespace {

Event logged(std::string source, std::uint32_t id, std::string message) {
  Event e;
  e.source = std::move(source);
  e.event_id = id;
  e.has_event_id = true;
  e.message = std::move(message);
  detail::add_crash_facts(e);
  return e;
}

}  // namespace

TEST_CASE("DrWatson 4097 in its spellings", "[crash-events]") {
  const Event e = logged("DrWatson", 4097,
                         "The application, exe\\rpcss.dbg, generated an application error The error occurred on "
                         "5/10/2001 @ 17:49:58.123 The exception generated was c0000005 at address 77f6b4e2 "
                         "(RtlAllocateHeap)");
  CHECK(e.crash.kind == CrashFacts::Kind::crash);
  CHECK(e.crash.app == "exe\\rpcss.dbg");
  CHECK(e.crash.process == "rpcss");
  CHECK(e.crash.has_exception_code);
  CHECK(e.crash.exception_code == 0xc0000005u);
  CHECK(e.crash.fault_address == "77f6b4e2");
  CHECK(e.crash.function == "RtlAllocateHeap");

  // No comma after "application", a period after the time, space-padded time, no symbols, and
  // the source as KB text spells it.
  const Event f = logged("Dr. Watson", 4097,
                         "The application realscan.exe generated an application error The error occurred on "
                         "10/ 3/2001 @ 16:55:59. 31. The exception generated was C0000005 at address 0040A1B2 "
                         "(<nosymbols>)");
  CHECK(f.crash.app == "realscan.exe");
  CHECK(f.crash.process == "realscan");
  CHECK(f.crash.exception_code == 0xc0000005u);
  CHECK(f.crash.fault_address == "0040a1b2");
  CHECK(f.crash.function.empty());

  // Another ID of the same source is not a crash report.
  CHECK_FALSE(logged("DrWatson", 4096, f.message).crash.present());
}

TEST_CASE("Application Error 1000 in the XP and Vista forms", "[crash-events]") {
  const Event xp = logged("Application Error", 1000,
                          "Faulting application spoolsv.exe, version 5.2.3790.0, faulting module ntdll.dll, version "
                          "5.2.3790.0, fault address 0x0001b4e2.\n\nFor more information, see Help and Support Center "
                          "at http://go.microsoft.com/fwlink/events.asp.");
  CHECK(xp.crash.kind == CrashFacts::Kind::crash);
  CHECK(xp.crash.process == "spoolsv");
  CHECK(xp.crash.module == "ntdll");
  CHECK(xp.crash.fault_address == "0001b4e2");
  CHECK_FALSE(xp.crash.has_exception_code);  // XP's text carries none

  const Event vista = logged("Application Error", 1000,
                             "Faulting application name: svchost.exe_RpcSs, version: 6.0.6002.18005, time stamp: "
                             "0x49e0421d\r\nFaulting module name: ntdll.dll, version: 6.0.6002.18005, time stamp: "
                             "0x49e03821\r\nException code: 0xc0000374\r\nFault offset: 0x000b015d\r\nFaulting process "
                             "id: 0x2f4\r\nFaulting application start time: 0x01c9d1f0a1b2c3d4\r\nFaulting application "
                             "path: C:\\Windows\\system32\\svchost.exe\r\nFaulting module path: "
                             "C:\\Windows\\SYSTEM32\\ntdll.dll\r\nReport Id: 5d0c3f7e-1111-4222-8333-944455556666");
  CHECK(vista.crash.app == "C:\\Windows\\system32\\svchost.exe");
  CHECK(vista.crash.process == "svchost");
  CHECK(vista.crash.module == "ntdll");
  CHECK(vista.crash.exception_code == 0xc0000374u);
  CHECK(vista.crash.fault_address == "000b015d");
  CHECK(vista.crash.has_pid);
  CHECK(vista.crash.pid == 0x2f4u);

  // Plain Vista+ XML: no message, named EventData.
  Event xml;
  xml.source = "Application Error";
  xml.event_id = 1000;
  xml.has_event_id = true;
  for (const auto& [name, value] :
       std::vector<std::pair<std::string, std::string>>{{"AppName", "explorer.exe"},
                                                        {"AppVersion", "6.1.7601.17567"},
                                                        {"ModuleName", "ntdll.dll"},
                                                        {"ExceptionCode", "c0000005"},
                                                        {"FaultingOffset", "0000000000052f3a"},
                                                        {"ProcessId", "0x9ac"},
                                                        {"AppPath", "C:\\Windows\\explorer.exe"}}) {
    xml.add_string(name, value);
  }
  detail::add_crash_facts(xml);
  CHECK(xml.crash.process == "explorer");
  CHECK(xml.crash.app == "C:\\Windows\\explorer.exe");
  CHECK(xml.crash.module == "ntdll");
  CHECK(xml.crash.exception_code == 0xc0000005u);
  CHECK(xml.crash.pid == 0x9acu);
}

TEST_CASE("WER 1001 problem signatures and Application Hang 1002", "[crash-events]") {
  const Event wer =
      logged("Windows Error Reporting", 1001,
             "Fault bucket , type 0\r\nEvent Name: APPCRASH\r\nResponse: Not available\r\nCab Id: "
             "0\r\n\r\nProblem signature:\r\nP1: sqlservr.exe\r\nP2: 2009.100.4000.0\r\nP3: "
             "4fecc5ba\r\nP4: StackHash_b620\r\nP5: 6.1.7601.17725\r\nP6: 4ec4aa8e\r\nP7: c0000374\r\nP8: "
             "00000000000c40f2\r\nP9: \r\nP10: ");
  CHECK(wer.crash.kind == CrashFacts::Kind::crash);
  CHECK(wer.crash.process == "sqlservr");
  CHECK(wer.crash.module == "stackhash_b620");
  CHECK(wer.crash.exception_code == 0xc0000374u);
  // A 1001 that reports something other than a crash, or only XP's bucket line, has no facts.
  CHECK_FALSE(logged("Windows Error Reporting", 1001,
                     "Fault bucket , type 0\r\nEvent Name: WindowsUpdateFailure3\r\n"
                     "P1: 7.6.7600.256")
                  .crash.present());
  CHECK_FALSE(logged("Application Error", 1001, "Fault bucket 0123456789.").crash.present());

  const Event hang = logged("Application Hang", 1002,
                            "Hanging application mmc.exe, version 5.2.3790.0, hang module hungapp, version 0.0.0.0, "
                            "hang address 0x00000000.");
  CHECK(hang.crash.kind == CrashFacts::Kind::hang);
  CHECK(hang.crash.process == "mmc");
  const Event vista_hang = logged("Application Hang", 1002,
                                  "The program tcpsvcs.exe version 6.0.6001.18000 stopped interacting with Windows and "
                                  "was closed.");
  CHECK(vista_hang.crash.process == "tcpsvcs");
}

TEST_CASE("other events are left alone", "[crash-events]") {
  CHECK_FALSE(logged("Service Control Manager", 7036, "The Application Error service entered the running state.")
                  .crash.present());
  // An unreadable crash report keeps no half-filled facts.
  CHECK_FALSE(logged("Application Error", 1000, "something else entirely").crash.present());
}

TEST_CASE("every reader hands out crash facts", "[crash-events]") {
  const std::string nt4 =
      "5/10/2001\t5:50:01 PM\tDrWatson\tInformation\tNone\t4097\tN/A\tCOMSRV02\tThe application, exe\\rpcss.dbg, "
      "generated an application error The error occurred on 5/10/2001 @ 17:49:58.123 The exception generated was "
      "c0000005 at address 77f6b4e2 (RtlAllocateHeap)\r\n";
  DiagnosticList diags;
  auto reader = open_reader(open_memory_source(nt4), ReaderOptions{"Application.txt", 0}, diags);
  REQUIRE(reader != nullptr);
  Event e;
  REQUIRE(reader->next(e));
  CHECK(e.crash.process == "rpcss");
  CHECK(e.crash.function == "RtlAllocateHeap");
  CHECK_FALSE(reader->next(e));
}
