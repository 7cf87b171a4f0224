// Dr. Watson's drwtsn32.log: one event per "Application exception occurred:" section, with the
// crash facts (app, pid, exception, faulting function and instruction, stack, modules, system
// information) of NT4, Windows 2000 and XP logs and of the excerpts write-ups quote.
//
// The logs here are written for these tests (names, addresses and dates are made up).
#include <catch2/catch.hpp>

#include "read_helpers.h"
#include "support.h"

using namespace kbmatch;
using readtest::diag_codes;
using readtest::lines;
using readtest::micros_of;
using readtest::utf16;
using Codes = std::vector<std::string>;
using Strings = std::vector<std::string>;

namespace {

readtest::Run read_drwatson(const std::string& bytes) {
  return readtest::run_reader(bytes, [](std::unique_ptr<detail::TextInput> in, const ReaderOptions& o) {
    return detail::make_drwatson_log_reader(std::move(in), {}, o);
  });
}

std::string crlf(const std::string& lf) {
  std::string out;
  for (const char c : lf) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

// The text with every line's indentation replaced by indents[i % indents.size()].
std::string reindent(const std::string& text, const std::vector<std::string>& indents) {
  std::string out;
  std::size_t pos = 0, i = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string line = text.substr(pos, nl - pos);
    line.erase(0, line.find_first_not_of(" \t"));
    if (!line.empty()) out += indents[i++ % indents.size()];
    out += line;
    if (nl < text.size()) out += '\n';
    pos = nl + 1;
  }
  return out;
}

// 1-based line number and offset of the start of the line holding the n-th (0-based) `needle`.
std::uint64_t line_of(const std::string& text, const std::string& needle, int n = 0) {
  std::size_t p = text.find(needle);
  for (int i = 0; i < n; ++i) p = text.find(needle, p + 1);
  return 1 + static_cast<std::uint64_t>(std::count(text.begin(), text.begin() + static_cast<long>(p), '\n'));
}
std::uint64_t offset_of_line(const std::string& text, const std::string& needle, int n = 0) {
  std::size_t p = text.find(needle);
  for (int i = 0; i < n; ++i) p = text.find(needle, p + 1);
  const std::size_t nl = text.rfind('\n', p);
  return nl == std::string::npos ? 0 : nl + 1;
}

// An NT4 log with three crashes appended over time: RPCSS (an access violation in
// RtlAllocateHeap, on its second thread), the spooler (wcscpy, wrapped stack lines), and a
// breakpoint in the license logging service. Each crash starts with Dr. Watson's banner.
const std::string nt4_log = R"LOG(
Microsoft (R) Windows NT (TM) Version 4.00 DrWtsn32
Copyright (C) 1985-1996 Microsoft Corp. All rights reserved.



Application exception occurred:
        App: exe\rpcss.dbg (pid=112)
        When: 3/9/1999 @ 14:5:7.250
        Exception number: c0000005 (access violation)

*----> System Information <----*
        Computer Name: PRINTSRV2
        User Name: SYSTEM
        Number of Processors: 1
        Processor Type: x86 Family 5 Model 2 Stepping 12
        Windows Version: 4.0
        Current Build: 1381
        Service Pack: 5
        Current Type: Uniprocessor Free
        Registered Organization: Contoso Printing
        Registered Owner: Operations

*----> Task List <----*
   0 Idle.exe
   2 System.exe
  20 smss.exe
 112 RpcSs.exe
 203 drwtsn32.exe
   0 _Total.exe

(00400000 - 00409000) exe\rpcss.dbg
(77f60000 - 77fbe000) dll\ntdll.dbg
(77e70000 - 77ec4000) dll\rpcrt4.dbg
(77f00000 - 77f5e000) dll\kernel32.dbg
(78000000 - 78040000) 

State Dump for Thread Id 0x71

eax=000000c8 ebx=00000000 ecx=0081ff74 edx=00000000 esi=00141a80 edi=00000000
eip=77f682db esp=0081fe74 ebp=0081ffb8 iopl=0         nv up ei pl zr na po nc
cs=001b  ss=0023  ds=0023  es=0023  fs=003b  gs=0000             efl=00000246

function: NtReplyWaitReceivePort
        77f682d0 b8a6000000       mov     eax,0xa6
        77f682d5 8d542404         lea     edx,[esp+0x4]          ss:0101f85b=????????
        77f682d9 cd2e             int     2e
        77f682db c21000           ret     0x10

*----> Stack Back Trace <----*

FramePtr ReturnAd Param#1  Param#2  Param#3  Param#4  Function Name
0081fe70 77e7a8e9 000000c8 0081ff74 00000000 00000000 ntdll!NtReplyWaitReceivePort 
0081ffb8 77f04f2c 00141a80 00000000 00000000 00141a80 rpcrt4!<nosymbols> 
0081ffec 00000000 77e7a7d3 00141a80 00000000 00000000 kernel32!lstrcmpiW 

State Dump for Thread Id 0x8c

eax=00000000 ebx=00140000 ecx=00000020 edx=00000000 esi=00000000 edi=00140000
eip=77f6b4e2 esp=0092fd2c ebp=0092fd40 iopl=0         nv up ei pl zr na po nc
cs=001b  ss=0023  ds=0023  es=0023  fs=003b  gs=0000             efl=00000246

function: RtlAllocateHeap
        77f6b4d6 55               push    ebp
        77f6b4d7 8bec             mov     ebp,esp
        77f6b4dc 8b4d0c           mov     ecx,[ebp+0xc]          ss:0111f72f=????????
        77f6b4df 8b7508           mov     esi,[ebp+0x8]          ss:0111f72f=????????
FAULT ->77f6b4e2 8b06             mov     eax,[esi]              ds:00000000=????????
        77f6b4e4 85c0             test    eax,eax
        77f6b4e6 7410             jz      RtlAllocateHeap+0x28 (77f6b4f8)

*----> Stack Back Trace <----*

FramePtr ReturnAd Param#1  Param#2  Param#3  Param#4  Function Name
0092fd40 77e7b1f0 00140000 00000000 00000020 00000000 ntdll!RtlAllocateHeap 
0092fd64 77e7a2c1 00000020 0092fdb8 00000000 0014a2e8 rpcrt4!MIDL_user_allocate [omap]
0092fdf4 77e7a123 00000000 00000000 00000000 00000000 rpcss!<nosymbols>  (FPO: [3,0,0])

*----> Raw Stack Dump <----*
0092fd40  64 fd 92 00 f0 b1 e7 77 - 00 00 14 00 00 00 00 00  d......w........
0092fd50  20 00 00 00 00 00 00 00 - e8 a2 14 00 21 6e 74 21  ........!nt!hi!x

State Dump for Thread Id 0x90

eax=00000000 ebx=00000000 ecx=00000000 edx=00000000 esi=00000000 edi=00000000
eip=77f67f17 esp=0094feec ebp=0094ff00 iopl=0         nv up ei pl zr na po nc

function: ZwWaitForSingleObject
        77f67f0c b8c5000000       mov     eax,0xc5
        77f67f11 8d542404         lea     edx,[esp+0x4]
        77f67f15 cd2e             int     2e

*----> Stack Back Trace <----*

FramePtr ReturnAd Param#1  Param#2  Param#3  Param#4  Function Name
0094ff00 77f05a3b 00000064 ffffffff 00000000 00000000 ntdll!ZwWaitForSingleObject 


Microsoft (R) Windows NT (TM) Version 4.00 DrWtsn32
Copyright (C) 1985-1996 Microsoft Corp. All rights reserved.



Application exception occurred:
        App: exe\spoolss.dbg (pid=68)
        When: 11/ 7/1999 @ 16:32: 1.52
        Exception number: c0000005 (access violation)

*----> System Information <----*
        Computer Name: PRINTSRV2
        User Name: SYSTEM

State Dump for Thread Id 0xd4

function: wcscpy
        77fa54b6 8b74240c         mov     esi,[esp+0xc]
        77fa54bb 8bf8             mov     edi,eax
FAULT ->77fa54bd 668b0e           mov     cx,[esi]
ds:00717000=????
        77fa54c0 8bd7             mov     edx,edi

*----> Stack Back Trace <----*

FramePtr ReturnAd Param#1  Param#2  Param#3  Param#4  Function Name
0098fe18 77f25e3e 7737afc8 00716f5c 77377bb7 7737afc8 ntdll!wcscpy  (FPO:
[2,0,2])
0098fe24 77377bb7 7737afc8 00716f5c 0079a142 7737866c kernel32!lstrcpyW
(FPO: [2,0,0])
0098fe50 773786ef ffff0002 0079a140 0098fe6c 00000001
pjlmon!TranslatePjl
0098fea4 7737437a 0079c405 ffff0002 0079a140 77373f65 pjlmon!ReadThread+0x1c2
0098ffec 00000000 77373bd9 00000000 00000000 00905a4d
kernel32!BaseThreadStart
00000000 00000000 00000000 00000000 00000000 00000000 spoolss!<nosymbols>


Microsoft (R) Windows NT (TM) Version 4.00 DrWtsn32
Copyright (C) 1985-1996 Microsoft Corp. All rights reserved.



Application exception occurred:
        App: exe\llssrv.dbg (pid=100)
        When: 12/31/1999 @ 23:59:59.999
        Exception number: 80000003 (hardcoded breakpoint)

*----> System Information <----*
        Computer Name: PRINTSRV2

State Dump for Thread Id 0x5e

function: DbgBreakPoint
FAULT ->77f76274 cc               int     3
        77f76275 c3               ret

*----> Stack Back Trace <----*

FramePtr ReturnAd Param#1  Param#2  Param#3  Param#4  Function Name
0102ff3c 0100482b 00000000 00000000 00000000 00000000 ntdll!DbgBreakPoint
0102ffec 00000000 01004640 00000000 00000000 00000000 llssrv!<nosymbols>
)LOG";

void check_nt4_log(const readtest::Run& r, const std::string& text) {
  CHECK(r.format == Format::drwatson_log);
  REQUIRE(r.events.size() == 3);
  CHECK(r.counted == 3);
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
  CHECK(lines(r) == std::vector<std::uint64_t>{line_of(text, "Application exception occurred:", 0),
                                               line_of(text, "Application exception occurred:", 1),
                                               line_of(text, "Application exception occurred:", 2)});

  const Event& a = r.events[0];
  CHECK(a.source == "DrWatson");
  CHECK(a.log.empty());
  CHECK(a.level == Level::error);
  CHECK_FALSE(a.has_event_id);
  CHECK_FALSE(a.has_record);
  CHECK(a.time.zone == Timestamp::Zone::local);
  CHECK(a.time.micros == micros_of(1999, 3, 9, 14, 5, 7, 250000));
  CHECK(a.computer == "PRINTSRV2");
  CHECK(a.user == "SYSTEM");
  CHECK(a.origin.file == readtest::test_file_index);
  CHECK(a.origin.offset == offset_of_line(text, "Application exception occurred:", 0));
  CHECK(a.message ==
        "Application exception occurred:\n"
        "App: exe\\rpcss.dbg (pid=112)\n"
        "When: 3/9/1999 @ 14:5:7.250\n"
        "Exception number: c0000005 (access violation)\n"
        "function: RtlAllocateHeap\n"
        "FAULT ->77f6b4e2 8b06             mov     eax,[esi]              ds:00000000=????????");
  const CrashFacts& ac = a.crash;
  CHECK(ac.kind == CrashFacts::Kind::crash);
  CHECK(ac.app == "exe\\rpcss.dbg");
  CHECK(ac.process == "rpcss");
  CHECK(ac.has_pid);
  CHECK(ac.pid == 112);
  CHECK(ac.has_exception_code);
  CHECK(ac.exception_code == 0xc0000005u);
  CHECK(ac.exception_name == "access violation");
  CHECK(ac.function == "RtlAllocateHeap");  // the faulting thread's, not the first thread's
  CHECK(ac.module == "ntdll");
  CHECK(ac.fault_address == "77f6b4e2");
  CHECK(ac.fault_instruction == "77f6b4e2 8b06 mov eax,[esi] ds:00000000=????????");
  CHECK(ac.frames == Strings{"ntdll!RtlAllocateHeap", "rpcrt4!MIDL_user_allocate", "rpcss!<nosymbols>"});
  CHECK(ac.modules == Strings{"exe\\rpcss.dbg", "dll\\ntdll.dbg", "dll\\rpcrt4.dbg", "dll\\kernel32.dbg"});
  CHECK(ac.os_version == "4.0");
  CHECK(ac.os_build == "1381");
  CHECK(ac.service_pack == "Service Pack 5");

  const Event& b = r.events[1];
  CHECK(b.time.micros == micros_of(1999, 11, 7, 16, 32, 1, 520000));  // "11/ 7/1999 @ 16:32: 1.52"
  CHECK(b.computer == "PRINTSRV2");
  CHECK(b.crash.app == "exe\\spoolss.dbg");
  CHECK(b.crash.process == "spoolss");
  CHECK(b.crash.pid == 68);
  CHECK(b.crash.function == "wcscpy");
  CHECK(b.crash.module == "ntdll");
  CHECK(b.crash.fault_address == "77fa54bd");
  CHECK(b.crash.fault_instruction == "77fa54bd 668b0e mov cx,[esi]");
  CHECK(b.crash.frames == Strings{"ntdll!wcscpy", "kernel32!lstrcpyW", "pjlmon!TranslatePjl", "pjlmon!ReadThread",
                                  "kernel32!BaseThreadStart", "spoolss!<nosymbols>"});
  CHECK(b.crash.modules.empty());
  CHECK(b.crash.os_version.empty());
  CHECK(b.crash.service_pack.empty());

  const Event& c = r.events[2];
  CHECK(c.time.micros == micros_of(1999, 12, 31, 23, 59, 59, 999000));
  CHECK(c.user.empty());
  CHECK(c.crash.process == "llssrv");
  CHECK(c.crash.exception_code == 0x80000003u);
  CHECK(c.crash.exception_name == "hardcoded breakpoint");
  CHECK(c.crash.function == "DbgBreakPoint");
  CHECK(c.crash.fault_instruction == "77f76274 cc int 3");
  CHECK(c.crash.frames == Strings{"ntdll!DbgBreakPoint", "llssrv!<nosymbols>"});
  CHECK(c.message ==
        "Application exception occurred:\nApp: exe\\llssrv.dbg (pid=100)\nWhen: 12/31/1999 @ 23:59:59.999\n"
        "Exception number: 80000003 (hardcoded breakpoint)\nfunction: DbgBreakPoint\n"
        "FAULT ->77f76274 cc               int     3");
}

}  // namespace

TEST_CASE("Dr. Watson: an NT4 log with three crashes of different programs", "[drwatson]") {
  check_nt4_log(read_drwatson(nt4_log), nt4_log);
}

TEST_CASE("Dr. Watson: CRLF and LF line ends read alike", "[drwatson]") {
  const std::string text = crlf(nt4_log);
  const auto r = read_drwatson(text);
  check_nt4_log(r, text);
  REQUIRE(r.events.size() == 3);
  CHECK(r.events[2].origin.offset == offset_of_line(text, "Application exception occurred:", 2));
}

TEST_CASE("Dr. Watson: indentation does not matter (0, 2, 3, 8 spaces, tabs, mixed)", "[drwatson]") {
  for (const std::vector<std::string>& indents : std::vector<std::vector<std::string>>{
           {""}, {"  "}, {"   "}, {"        "}, {"\t"}, {"\t\t"}, {"", "   ", "\t", "        ", " \t "}}) {
    CAPTURE(indents);
    const std::string text = reindent(nt4_log, indents);
    check_nt4_log(read_drwatson(text), text);
  }
}

TEST_CASE("Dr. Watson: a UTF-16LE log is sniffed and read through open_reader", "[drwatson]") {
  for (const bool bom : {true, false}) {
    CAPTURE(bom);
    const auto r = test::read_all(utf16(crlf(nt4_log), true, bom), "drwtsn32.log");
    REQUIRE(r.opened);
    CHECK(r.format == Format::drwatson_log);
    REQUIRE(r.events.size() == 3);
    CHECK(r.skipped == 0);
    CHECK(r.diagnostics.items().empty());
    CHECK(r.events[0].crash.function == "RtlAllocateHeap");
    CHECK(r.events[1].crash.process == "spoolss");
    CHECK(r.events[2].crash.exception_code == 0x80000003u);
    CHECK(r.events[0].origin.line == line_of(nt4_log, "Application exception occurred:", 0));
  }
}

TEST_CASE("Dr. Watson: a Windows 2000 log with full paths, a module list heading and a service pack", "[drwatson]") {
  const std::string text =
      "Microsoft (R) DrWtsn32\r\n"
      "Copyright (C) 1985-1999 Microsoft Corp. All rights reserved.\r\n"
      "\r\n"
      "\r\n"
      "\r\n"
      "Application exception occurred:\r\n"
      "        App: C:\\WINNT\\System32\\tcpsvcs.exe (pid=780)\r\n"
      "        When: 4/2/2003 @ 09:15:41.093\r\n"
      "        Exception number: c00000fd (stack overflow)\r\n"
      "\r\n"
      "*----> System Information <----*\r\n"
      "        Computer Name: DHCP01\r\n"
      "        User Name: SYSTEM\r\n"
      "        Number of Processors: 2\r\n"
      "        Processor Type: x86 Family 6 Model 8 Stepping 3\r\n"
      "        Windows 2000 Version: 5.0\r\n"
      "        Current Build: 2195\r\n"
      "        Service Pack: 3\r\n"
      "        Current Type: Multiprocessor Free\r\n"
      "        Registered Organization: \r\n"
      "        Registered Owner: Network Operations\r\n"
      "\r\n"
      "*----> Task List <----*\r\n"
      "   0 System Process\r\n"
      "   8 System\r\n"
      " 780 tcpsvcs.exe\r\n"
      "\r\n"
      "*----> Module List <----*\r\n"
      "(0000000001000000 - 0000000001006000: C:\\WINNT\\System32\\tcpsvcs.exe\r\n"
      "(0000000077f80000 - 0000000077ffb000: C:\\WINNT\\System32\\ntdll.dll\r\n"
      "(000000006dfc0000 - 000000006dfe2000: C:\\WINNT\\System32\\dhcpssvc.dll\r\n"
      "\r\n"
      "*----> State Dump for Thread Id 0x3a4 <----*\r\n"
      "\r\n"
      "eax=00000000 ebx=00000000 ecx=00000000 edx=00000000 esi=00000000 edi=00000000\r\n"
      "\r\n"
      "function: <nosymbols>\r\n"
      "        6dfc4f10 55               push    ebp\r\n"
      "FAULT ->6dfc4f11 8bec             mov     ebp,esp\r\n"
      "\r\n"
      "*----> Stack Back Trace <----*\r\n"
      "\r\n"
      "FramePtr ReturnAd Param#1  Param#2  Param#3  Param#4  Function Name\r\n"
      "00033004 6dfc4f38 00000000 00000000 00000000 00000000 !<nosymbols>\r\n"
      "0003302c 6dfc4f38 00000000 00000000 00000000 00000000 dhcpssvc!DhcpDsGetLists\r\n";
  const auto r = read_drwatson(text);
  REQUIRE(r.events.size() == 1);
  CHECK(r.diagnostics.items().empty());
  const Event& e = r.events[0];
  CHECK(e.origin.line == 6);
  CHECK(e.time.micros == micros_of(2003, 4, 2, 9, 15, 41, 93000));
  CHECK(e.computer == "DHCP01");
  const CrashFacts& c = e.crash;
  CHECK(c.app == "C:\\WINNT\\System32\\tcpsvcs.exe");
  CHECK(c.process == "tcpsvcs");
  CHECK(c.pid == 780);
  CHECK(c.exception_code == 0xc00000fdu);
  CHECK(c.exception_name == "stack overflow");
  CHECK(c.function.empty());  // <nosymbols>
  CHECK(c.module.empty());    // the top frame names no module
  CHECK(c.frames == Strings{"!<nosymbols>", "dhcpssvc!DhcpDsGetLists"});
  CHECK(c.modules == Strings{"C:\\WINNT\\System32\\tcpsvcs.exe", "C:\\WINNT\\System32\\ntdll.dll",
                             "C:\\WINNT\\System32\\dhcpssvc.dll"});
  CHECK(c.os_version == "5.0");
  CHECK(c.os_build == "2195");
  CHECK(c.service_pack == "Service Pack 3");
  CHECK(e.message ==
        "Application exception occurred:\nApp: C:\\WINNT\\System32\\tcpsvcs.exe (pid=780)\n"
        "When: 4/2/2003 @ 09:15:41.093\nException number: c00000fd (stack overflow)\nfunction: <nosymbols>\n"
        "FAULT ->6dfc4f11 8bec             mov     ebp,esp");
}

TEST_CASE("Dr. Watson: the ChildEBP stack layout of later versions", "[drwatson]") {
  const std::string text =
      "Application exception occurred:\n"
      "        App: C:\\Program Files\\Acme Fax\\faxsvc.exe (pid=1516)\n"
      "        When: 6/14/2004 @ 08:02:11.004\n"
      "        Exception number: c0000005 (access violation)\n"
      "\n"
      "*----> State Dump for Thread Id 0x5f0 <----*\n"
      "\n"
      "function: ntdll!RtlAllocateHeap\n"
      "        7c9108fd 8b4e0c           mov     ecx,[esi+0xc]\n"
      "FAULT ->7c910900 8b01             mov     eax,[ecx]              ds:0023:00000000=????????\n"
      "\n"
      "*----> Stack Back Trace <----*\n"
      "WARNING: Stack unwind information not available. Following frames may be wrong.\n"
      "ChildEBP RetAddr  Args to Child              \n"
      "0012fe6c 77e8d5a5 00000001 00000000 0012feb4 ntdll!RtlAllocateHeap+0x2c (FPO: [Non-Fpo])\n"
      "0012fe88 0100233a 00140000 00000008 00000400 kernel32!HeapAlloc+0x12\n"
      "0012feb4 01001a6f 00000400 0012ff1c 00000000 faxsvc+0x233a\n"
      "0012ff1c 77e7eb69 00000000 00000000 7ffdf000 faxsvc!ServiceMain+0x1f\n"
      "\n"
      "*----> Raw Stack Dump <----*\n"
      "0012fe6c  88 fe 12 00 a5 d5 e8 77 - 01 00 00 00 00 00 00 00  .......w........\n";
  const auto r = read_drwatson(text);
  REQUIRE(r.events.size() == 1);
  const CrashFacts& c = r.events[0].crash;
  CHECK(c.app == "C:\\Program Files\\Acme Fax\\faxsvc.exe");
  CHECK(c.process == "faxsvc");
  CHECK(c.function == "RtlAllocateHeap");  // "ntdll!" is the module
  CHECK(c.module == "ntdll");
  CHECK(c.fault_address == "7c910900");
  CHECK(c.frames == Strings{"ntdll!RtlAllocateHeap", "kernel32!HeapAlloc", "faxsvc!ServiceMain"});
  CHECK(r.events[0].time.micros == micros_of(2004, 6, 14, 8, 2, 11, 4000));
}

TEST_CASE("Dr. Watson: stack lines wrapped as write-ups quote them", "[drwatson]") {
  const std::string text =
      "   Application exception occurred:\n"
      "           App: store.dbg (pid=370)\n"
      "           When: 8/27/1997 @ 13:42:45.955\n"
      "           Exception number: c0000005 (access violation)\n"
      "\n"
      "   State Dump for Thread Id 0x1b6\n"
      "\n"
      "   function: CMsgStore::Release\n"
      "   FAULT ->004727e0 ff5008\n"
      "   ds:00f2eab6=????????\n"
      "                                     call    dword ptr [eax+0x8]\n"
      "   004727e3 c786c400000000000000\n"
      "\n"
      "   *----> Stack Back Trace <----*\n"
      "\n"
      "   FramePtr ReturnAd Param#1  Param#2  Param#3  Param#4  Function Name\n"
      "   06edb740 004e66c6 00000000 00405e08 036b500c 00001feb\n"
      "   store!CMsgStore::Release\n"
      "   [omap]\n"
      "   06edb75c 004d6d27 036b500c 011ff9cc 036bbd7e 0000028e store!CFolder::EmptyContents [omap]\n"
      "   06edb78c 004e4be1 06edb828 00001feb 06edb7ac 00000000 ntdll!RtlFreeHeap  (FPO:\n"
      "   [3,0,0])\n"
      "   06edb7cc 004e4a1c 036b1c6c 06edb828 00001feb 06edb824\n"
      "      kernel32!BaseThreadStart (FPO: Non-FPO [2,8,3])\n";
  const auto r = read_drwatson(text);
  REQUIRE(r.events.size() == 1);
  const CrashFacts& c = r.events[0].crash;
  CHECK(c.function == "CMsgStore::Release");
  CHECK(c.module == "store");
  CHECK(c.fault_address == "004727e0");
  CHECK(c.fault_instruction == "004727e0 ff5008 call dword ptr [eax+0x8]");
  CHECK(c.frames == Strings{"store!CMsgStore::Release", "store!CFolder::EmptyContents", "ntdll!RtlFreeHeap",
                            "kernel32!BaseThreadStart"});
  CHECK(
      r.events[0].message.ends_with("\nfunction: CMsgStore::Release\nFAULT ->004727e0 ff5008 call    dword "
                                    "ptr [eax+0x8]"));
}

TEST_CASE("Dr. Watson: without a FAULT line the first stack of the section is taken", "[drwatson]") {
  const std::string text =
      "Application exception occurred:\n"
      "   App: snaservr.DBG (pid=147)\n"
      "   When: 8/1/1995 @ 16:39:1.590\n"
      "   Exception number: c0000005 (access violation)\n"
      "State Dump for Thread Id 0x21\n"
      "function: s1pxsnd\n"
      "        0225b02c 8b4604           mov     eax,[esi+0x4]\n"
      "*----> Stack Back Trace <----*\n"
      "FramePtr ReturnAd Param#1  Param#2  Param#3  Param#4  Function Name\n"
      "0187fe1c 0225a0d4 00000000 00000000 00000000 00000000 snaservr!s1pxsnd\n"
      "0187fe4c 77f04ede 00000000 00000000 00000000 00000000 kernel32!BaseThreadStart\n"
      "State Dump for Thread Id 0x22\n"
      "function: ZwDelayExecution\n"
      "*----> Stack Back Trace <----*\n"
      "0197fe1c 0225a0d4 00000000 00000000 00000000 00000000 ntdll!ZwDelayExecution\n";
  const auto r = read_drwatson(text);
  REQUIRE(r.events.size() == 1);
  const Event& e = r.events[0];
  CHECK(e.crash.function == "s1pxsnd");
  CHECK(e.crash.module == "snaservr");
  CHECK(e.crash.frames == Strings{"snaservr!s1pxsnd", "kernel32!BaseThreadStart"});
  CHECK(e.crash.fault_instruction.empty());
  CHECK(e.crash.fault_address.empty());
  CHECK(e.message.ends_with("c0000005 (access violation)\nfunction: s1pxsnd"));
}

TEST_CASE("Dr. Watson: placeholders leave fields unknown without an error", "[drwatson]") {
  const std::string text =
      "Application exception occurred:\n"
      "        App: exe\\snaservr.dbg (pid=<process ID>)\n"
      "        When: <date> @ <time>\n"
      "        Exception number: c0000005 (access violation)\n"
      "\n"
      "Application exception occurred:\n"
      "   App: [Pid number of occurrence]\n"
      "   Time: [Time of occurrence]\n"
      "   Exception number: c0000005 (access violation)\n"
      "\n"
      "Application exception occurred:\n"
      "   App: <path> snaservr.exe (<process ID>)\n"
      "   When: date time\n"
      "   Exception number: c000001d (illegal instruction)\n"
      "*----> System Information <----*\n"
      "   Computer Name: <computer name>\n";
  const auto r = read_drwatson(text);
  REQUIRE(r.events.size() == 3);
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
  for (const Event& e : r.events) {
    CHECK_FALSE(e.time.known());
    CHECK_FALSE(e.crash.has_pid);
    CHECK(e.computer.empty());
  }
  CHECK(r.events[0].crash.app == "exe\\snaservr.dbg");
  CHECK(r.events[0].crash.process == "snaservr");
  CHECK(r.events[1].crash.app.empty());  // no usable App line, but the exception is a crash fact
  CHECK(r.events[1].crash.process.empty());
  CHECK(r.events[1].crash.exception_code == 0xc0000005u);
  CHECK(r.events[1].message ==
        "Application exception occurred:\nApp: [Pid number of occurrence]\nTime: [Time of occurrence]\n"
        "Exception number: c0000005 (access violation)");
  CHECK(r.events[2].crash.app == "snaservr.exe");
  CHECK(r.events[2].crash.exception_code == 0xc000001du);
  CHECK(r.events[2].crash.exception_name == "illegal instruction");
}

TEST_CASE("Dr. Watson: App line variants", "[drwatson]") {
  const auto app_of = [](const std::string& app_line) {
    const auto r =
        read_drwatson("Application exception occurred:\n  App: " + app_line + "\n  Exception number: c0000005\n");
    REQUIRE(r.events.size() == 1);
    return r.events[0].crash;
  };
  CrashFacts c = app_of("C:\\WINDOWS\\Explorer.EXE(pid=2692)");
  CHECK(c.app == "C:\\WINDOWS\\Explorer.EXE");
  CHECK(c.process == "explorer");
  CHECK(c.pid == 2692);
  CHECK(c.exception_name.empty());  // no "(name)" after the code
  c = app_of("snaservr.DBG (pid=<process ID>)  (or snabase.DBG)");
  CHECK(c.app == "snaservr.DBG");
  CHECK_FALSE(c.has_pid);
  c = app_of("exe\\tn3servr.DBG  <process ID>");
  CHECK(c.app == "exe\\tn3servr.DBG");
  c = app_of("[path]snaservr.exe (pid=[process ID #])");
  CHECK(c.app == "snaservr.exe");
  c = app_of("exe\\tsadmin.dbg");
  CHECK(c.app == "exe\\tsadmin.dbg");
  CHECK(c.process == "tsadmin");
  c = app_of("C:\\Program Files (x86)\\Tools\\agent.exe (pid=4021)");
  CHECK(c.app == "C:\\Program Files (x86)\\Tools\\agent.exe");
  CHECK(c.pid == 4021);
}

TEST_CASE("Dr. Watson: an empty App is named from the task list entry of its pid", "[drwatson]") {
  const auto r = read_drwatson(
      "Application exception occurred:\n"
      "       App:  (pid=344)\n"
      "       When: 6/29/1999 @ 16:46:44.728\n"
      "       Exception number: c0000005 (access violation)\n"
      "*----> Task List <----*\n"
      "209 ntpd.exe\n"
      "344 XlntNetS.exe\n"
      "591 XlntCli.exe\n");
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].crash.app == "XlntNetS.exe");
  CHECK(r.events[0].crash.process == "xlntnets");
  CHECK(r.events[0].crash.pid == 344);
}

TEST_CASE("Dr. Watson: header labels joined on one line are split", "[drwatson]") {
  const auto r = read_drwatson(
      "Application exception occurred: App: exe\\snalink.dbg (pid=120) When: 10/4/2000 @ 10:58:16.19\n"
      "<time> Exception number: c0000005 (Access Violation)\n");
  REQUIRE(r.events.size() == 1);
  const Event& e = r.events[0];
  CHECK(e.crash.app == "exe\\snalink.dbg");
  CHECK(e.crash.pid == 120);
  CHECK(e.time.micros == micros_of(2000, 10, 4, 10, 58, 16, 190000));
  CHECK(e.crash.exception_code == 0xc0000005u);
  CHECK(e.crash.exception_name == "Access Violation");
  CHECK(e.message ==
        "Application exception occurred: App: exe\\snalink.dbg (pid=120) When: 10/4/2000 @ 10:58:16.19\n"
        "<time> Exception number: c0000005 (Access Violation)");
}

TEST_CASE("Dr. Watson: symbol names with spaces, remarks after the function name", "[drwatson]") {
  const auto r = read_drwatson(
      "Application exception occurred:\n"
      "  App: exe\\mngcli.dbg (pid=242)\n"
      "State Dump for Thread Id 0xe2\n"
      "eip=77f76148 esp=00c4fd48 ebp=6727a610 iopl=0   function: CItem::`RTTI Complete Object Locator'\n"
      "FAULT ->677048b0 0000             add     [eax],al\n"
      "*----> Stack Back Trace <----*\n"
      "0582fba0 603055a8 0016a7a8 00390994 00000000 00000000 advapi32!<No Symbol>\n"
      "00c4fd4c 77e1c9f6 00000000 00000000 00000000 00000000 rpcrt4!operator delete+0x12 (FPO: [1,0,0])\n"
      "00c4fd5c 77e1c9f6 00000000 00000000 00000000 00000000 snaole!CItem::`vftable'\n"
      "00c4fd6c 77e1c9f6 00000000 00000000 00000000 00000000 MAD!CString::strcmpi+0xf(0x00177008)\n"
      "Application exception occurred:\n"
      "  App: exe\\store.dbg (pid=304)\n"
      "function: FIDL::EcAddFids -- where the fault occurred\n"
      "FAULT ->0040cf56 f3a5 rep movsd\n"
      "Application exception occurred:\n"
      "  App: exe\\store.dbg (pid=311)\n"
      "function: (nosymbols) ----With no symbols installed\n"
      "FAULT ->0040cf56 f3a5 rep movsd\n"
      "Application exception occurred:\n"
      "  App: snaservr.exe (pid=12)\n"
      "function: <no symbols>\n"
      "FAULT ->6df44029 668b4802 mov cx,[eax+0x2]\n");
  REQUIRE(r.events.size() == 4);
  CHECK(r.events[0].crash.function == "CItem::`RTTI Complete Object Locator'");
  CHECK(
      r.events[0].message.ends_with("\nfunction: CItem::`RTTI Complete Object Locator'\nFAULT ->677048b0 0000 "
                                    "            add     [eax],al"));
  CHECK(r.events[0].crash.frames ==
        Strings{"advapi32!<No Symbol>", "rpcrt4!operator delete", "snaole!CItem::`vftable'", "MAD!CString::strcmpi"});
  CHECK(r.events[0].crash.module == "advapi32");
  CHECK(r.events[1].crash.function == "FIDL::EcAddFids");
  CHECK(r.events[2].crash.function.empty());
  CHECK(r.events[3].crash.function.empty());
}

TEST_CASE("Dr. Watson: task list lines quoted without their heading name an empty App", "[drwatson]") {
  const auto r = read_drwatson(
      "Application exception occurred:\n"
      "       App:  (pid=344)\n"
      "       Exception number: c0000005 (access violation)\n"
      "\n"
      "209 ntpd.exe\n"
      "344 XlntNetS.exe  -----PID=344, this one crashed\n");
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].crash.app == "XlntNetS.exe");
}

TEST_CASE("Dr. Watson: a section with nothing usable is skipped with E0241", "[drwatson]") {
  const std::string text =
      "Application exception occurred:\n"  // 1
      "        App:\n"
      "        When: <date> @ <time>\n"
      "\n"
      "Application exception occurred:\n"  // 5
      "        App: exe\\mad.dbg (pid=76)\n"
      "Application exception occurred:\n"  // 7
      "State Dump for Thread Id 0x10\n"
      "eax=00000000 ebx=00000000\n";
  const auto r = read_drwatson(text);
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].crash.process == "mad");
  CHECK(lines(r) == std::vector<std::uint64_t>{5});
  CHECK(r.counted == 1);
  CHECK(r.skipped == 2);
  CHECK(diag_codes(r.diagnostics) == Codes{"E0241@1", "E0241@7"});
  for (const auto& d : r.diagnostics.items()) {
    CHECK(d.severity == Severity::error);
    CHECK(d.file == "in.txt");
  }
}

TEST_CASE("Dr. Watson: stray lines before the first section are reported once, the banner is not", "[drwatson]") {
  const std::string body =
      "Application exception occurred:\n"
      "        App: exe\\winlogon.dbg (pid=34)\n"
      "        Exception number: c0000005 (access violation)\n";
  SECTION("stray text") {
    const auto r = read_drwatson(
        "Here is the log from the server:\n"
        "\n"
        "Microsoft (R) Windows NT (TM) Version 4.00 DrWtsn32\n"
        "function: orphan\n"
        "FAULT ->77f6b4e2 8b06 mov eax,[esi]\n" +
        body);
    REQUIRE(r.events.size() == 1);
    CHECK(r.events[0].origin.line == 6);
    CHECK(r.events[0].crash.function.empty());  // the orphan lines belong to no crash
    CHECK(r.skipped == 0);
    CHECK(diag_codes(r.diagnostics) == Codes{"W0241@1"});
    CHECK(r.diagnostics.items()[0].severity == Severity::warning);
    CHECK(r.diagnostics.items()[0].message.starts_with("3 line(s)"));
  }
  SECTION("only the banners") {
    const auto r = read_drwatson(
        "Microsoft (R) DrWtsn32\r\nCopyright (C) 1985-2001 Microsoft Corp. All rights reserved.\r\n\r\n" + body);
    REQUIRE(r.events.size() == 1);
    CHECK(r.diagnostics.items().empty());
  }
  SECTION("no section at all") {
    const auto r = read_drwatson("State Dump for Thread Id 0x44\nfunction: x\n");
    CHECK(r.events.empty());
    CHECK(r.skipped == 0);
    CHECK(diag_codes(r.diagnostics) == Codes{"W0241@1"});
  }
}

TEST_CASE("Dr. Watson: a log cut off in the middle of a section keeps what it has", "[drwatson]") {
  SECTION("cut inside the stack") {
    const std::string cut = nt4_log.substr(0, nt4_log.find("pjlmon!TranslatePjl"));
    const auto r = read_drwatson(cut);
    REQUIRE(r.events.size() == 2);
    CHECK(r.skipped == 0);
    CHECK(r.events[1].crash.frames == Strings{"ntdll!wcscpy", "kernel32!lstrcpyW"});
    CHECK(r.events[1].crash.function == "wcscpy");
  }
  SECTION("cut inside a line of the header") {
    const std::string cut = nt4_log.substr(0, nt4_log.find("(pid=100)") + 5);
    const auto r = read_drwatson(cut);
    REQUIRE(r.events.size() == 3);
    CHECK(r.events[2].crash.app == "exe\\llssrv.dbg");
    CHECK_FALSE(r.events[2].crash.has_pid);
    CHECK_FALSE(r.events[2].crash.has_exception_code);
  }
  SECTION("cut right after the first line") {
    const std::string cut = nt4_log.substr(0, nt4_log.find("App: exe\\llssrv"));
    const auto r = read_drwatson(cut);
    CHECK(r.events.size() == 2);
    CHECK(r.skipped == 1);
    CHECK(diag_codes(r.diagnostics) == Codes{"E0241@" + std::to_string(line_of(nt4_log, "Application exception", 2))});
  }
}

TEST_CASE("Dr. Watson: frames and modules are capped, the raw stack dump is never stored", "[drwatson]") {
  std::string text = "Application exception occurred:\n  App: exe\\big.dbg (pid=1)\n";
  for (int i = 0; i < 1100; ++i) text += "(77f60000 - 77fbe000) dll\\m" + std::to_string(i) + ".dbg\n";
  text += "FAULT ->01001000 cc int 3\n*----> Stack Back Trace <----*\n";
  for (int i = 0; i < 300; ++i) {
    text += "0012ff00 01001000 00000000 00000000 00000000 00000000 big!f" + std::to_string(i) + "\n";
  }
  text += "*----> Raw Stack Dump <----*\n";
  for (int i = 0; i < 2000; ++i) {
    text += "0012ff00  21 21 21 21 21 21 21 21 - 21 21 21 21 21 21 21 21  !!!!!!!!!!!!!!!!\n";
  }
  text += "function: " + std::string(5000, 'x') + "\n";
  const auto r = read_drwatson(text);
  REQUIRE(r.events.size() == 1);
  const CrashFacts& c = r.events[0].crash;
  CHECK(c.frames.size() == 256);
  CHECK(c.frames.front() == "big!f0");
  CHECK(c.frames.back() == "big!f255");
  CHECK(c.modules.size() == 1024);
  CHECK(c.modules.back() == "dll\\m1023.dbg");
  CHECK(c.function.empty());  // that function line came after the FAULT, in no thread
}

TEST_CASE("Dr. Watson: message lines are cut, not buffered whole", "[drwatson]") {
  const auto r = read_drwatson("Application exception occurred:\n  App: " + std::string(100000, 'a') +
                               ".exe (pid=5)\n  Exception number: c0000005 (access violation)\n");
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].crash.app.size() <= 1024);
  CHECK(r.events[0].message.size() < 3000);
  CHECK(r.events[0].crash.exception_code == 0xc0000005u);
}

TEST_CASE("Dr. Watson: lines full of labels or FAULT markers are read in linear time", "[drwatson]") {
  std::string labels;
  std::string faults;
  for (int i = 0; i < 200000; ++i) labels += " App: x";
  for (int i = 0; i < 300000; ++i) faults += "FAULT-";
  const auto r =
      read_drwatson("Application exception occurred:\n" + labels + "\n" + faults + "\n  Exception number: c0000005\n");
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].crash.app == "x");
  CHECK(r.events[0].crash.fault_instruction.empty());
  CHECK(r.events[0].crash.exception_code == 0xc0000005u);
}

TEST_CASE("Dr. Watson: FAULT spellings of excerpts", "[drwatson]") {
  const auto fault_of = [](const std::string& line) {
    const auto r = read_drwatson("Application exception occurred:\n  App: a.dbg (pid=1)\nfunction: f\n" + line + "\n");
    REQUIRE(r.events.size() == 1);
    return r.events[0].crash;
  };
  CHECK(fault_of("    FAULT -> 77f7ebf  f3ab   rep  stosd      es:00194000=??????").fault_address == "77f7ebf");
  CHECK(fault_of("FAULT -<614846f5 f3a5            rep  movsd").fault_instruction == "614846f5 f3a5 rep movsd");
  CHECK(fault_of("FAULT-->. 0x0207A972  8b7008   mov   esi,dword ptr [eax+08]").fault_address == "0207a972");
  const CrashFacts mid = fault_of("6338a427 75fb jnz f+0x54 (6338a424) FAULT ->6338a429 8b08 mov ecx,[eax]");
  CHECK(mid.fault_address == "6338a429");
  CHECK(mid.function == "f");
  CHECK(fault_of("FAULT -> see above").fault_instruction.empty());  // no address after the arrow
}

TEST_CASE("Dr. Watson: is_drwatson_log_line", "[drwatson]") {
  for (const char* yes :
       {"Application exception occurred:", "  Application exception occurred:\r",
        "Microsoft (R) Windows NT (TM) Version 4.00 DrWtsn32", "Microsoft (R) DrWtsn32",
        "*----> System Information <----*", "*----> Task List <----*", "   *----> Stack Back Trace <----*",
        "*----> Raw Stack Dump <----*", "*----> Module List <----*", "State Dump for Thread Id 0x144",
        "*----> State Dump for Thread Id 0xc68 <----*"}) {
    CAPTURE(yes);
    CHECK(detail::is_drwatson_log_line(yes));
  }
  for (const char* no : {"", "Application exception", "The application, exe\\rpcss.dbg, generated an application error",
                         "*----> Something Else <----*", "Copyright (C) 1985-1996 Microsoft Corp.",
                         "function: RtlAllocateHeap", "FAULT ->77f6b4e2 8b06 mov eax,[esi]", "Event[0]:",
                         "3/9/99,2:05:07 PM,DrWatson,Information,None,4097,N/A,PRINTSRV2,Application exception"}) {
    CAPTURE(no);
    CHECK_FALSE(detail::is_drwatson_log_line(no));
  }
}

TEST_CASE("Dr. Watson: sniffing finds the log from its banner or any heading", "[drwatson][sniff]") {
  const std::string crash =
      "Application exception occurred:\r\n        App: exe\\rpcss.dbg (pid=112)\r\n"
      "        Exception number: c0000005 (access violation)\r\n";
  for (const std::string& text :
       {crash, "Microsoft (R) DrWtsn32\r\nCopyright (C) 1985-2001 Microsoft Corp. All rights reserved.\r\n" + crash,
        "\r\n  " + crash}) {
    CAPTURE(text);
    const auto r = test::read_all(text, "notes.txt");
    REQUIRE(r.opened);
    CHECK(r.format == Format::drwatson_log);
    REQUIRE(r.events.size() == 1);
    CHECK(r.events[0].crash.process == "rpcss");
    CHECK(r.diagnostics.items().empty());
  }
  // An excerpt that starts with a heading is still a Dr. Watson log, with no crash section.
  const auto excerpt = test::read_all("*----> Stack Back Trace <----*\r\nFramePtr ReturnAd\r\n", "x");
  REQUIRE(excerpt.opened);
  CHECK(excerpt.format == Format::drwatson_log);
  CHECK(excerpt.events.empty());
  CHECK(diag_codes(excerpt.diagnostics) == Codes{"W0241@1"});
}

TEST_CASE("Dr. Watson: event log exports that mention Dr. Watson are not taken for its log", "[drwatson][sniff]") {
  SECTION("NT4 Event Viewer text with a DrWatson 4097 event") {
    const auto r = test::read_all(
        "3/9/99\t2:05:07 PM\tDrWatson\tInformation\tNone\t4097\tN/A\tPRINTSRV2\tThe application, "
        "exe\\rpcss.dbg, generated an application error The error occurred on 3/9/1999 @ 14:5:7.250 The exception "
        "generated was c0000005 at address 77f6b4e2 (RtlAllocateHeap)\r\n",
        "Application.txt");
    REQUIRE(r.opened);
    CHECK(r.format == Format::nt4_text);
  }
  SECTION("wevtutil text whose description quotes the log") {
    const auto r = test::read_all(
        "Event[0]:\r\n  Log Name: Application\r\n  Source: DrWatson\r\n  Date: 1999-03-09T14:05:07.000\r\n"
        "  Event ID: 4097\r\n  Description:\r\nApplication exception occurred:\r\n"
        "*----> Stack Back Trace <----*\r\n",
        "dump.txt");
    REQUIRE(r.opened);
    CHECK(r.format == Format::wevtutil_text);
    REQUIRE(r.events.size() == 1);
    CHECK(r.events[0].event_id == 4097);
  }
  SECTION("Event XML") {
    const auto r = test::read_all(
        "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='DrWatson'/>"
        "<EventID>4097</EventID></System><EventData><Data>Application exception occurred:</Data></EventData>"
        "</Event>\r\n",
        "app.xml");
    REQUIRE(r.opened);
    CHECK(r.format == Format::event_xml);
  }
}
