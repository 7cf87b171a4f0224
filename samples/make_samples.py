#!/usr/bin/env python3
"""Write the synthetic Windows event-log export samples under samples/ (and samples/README.md).

Everything here is made up: one scenario (KB Q216793, the DHCP Server's JET database hits a
sharing violation and every 15-minute backup then fails with JET error -510) and three near
misses, each written in the export formats described in the project's format notes
(wevtutil XML / RenderedXml, Event Viewer "Save As" XML, NT4/2000 text and CSV, Vista+ CSV and
text, wevtutil text). The event model is built once per scenario and then rendered by one writer
per format, so the formats agree with each other record for record.

Then the crash scenarios: KB Q292041 (rpcss.exe faults in RtlAllocateHeap) and KB Q264492 (the
DHCP Server is stopped and restarted, then tcpsvcs.exe crashes), as NT4 Dr. Watson logs
(drwtsn32.log), DrWatson 4097 events, a DHCP Server audit log; crash events of later Windows
(Application Error 1000/1001, Application Hang 1002, WER 1001); and three near misses.

Standard library only and deterministic: fixed dates, a fixed jitter table, no randomness.
Regenerate with:  python3 samples/make_samples.py
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
import zlib
from dataclasses import dataclass, field, replace

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_state_samples as state_samples  # noqa: E402  (counter logs and network snapshots)
import make_binary_samples as binary_samples  # noqa: E402  (.evtx and .evt logs)

# The server's local time is UTC-5 (US Eastern standard time in March 2001): XML exports carry
# UTC SystemTime, every text/CSV export carries local time without a zone.
UTC_OFFSET = dt.timedelta(hours=5)

EVENT_NS = "http://schemas.microsoft.com/win/2004/08/events/event"

# Event type -> (XML Level, default Qualifiers = severity bits of the classic 32-bit event ID).
TYPES = {
    "Information": (4, 16384),
    "Warning": (3, 32768),
    "Error": (2, 49152),
}


@dataclass(frozen=True)
class User:
    sid: str        # XML Security/@UserID, wevtutil text "User:"
    account: str    # wevtutil text "User Name:"
    nt4: str        # NT4 Event Viewer "User" column


SYSTEM = User("S-1-5-18", "NT AUTHORITY\\SYSTEM", "SYSTEM")
ADMIN = User("S-1-5-21-1708537768-1580818891-725345543-500", "CORPNT\\Administrator", "Administrator")
JDURAND = User("S-1-5-21-1708537768-1580818891-725345543-1107", "CORPNT\\jdurand", "jdurand")


@dataclass
class Event:
    log: str                    # "System" | "Application"
    time: dt.datetime           # local time of the server
    source: str                 # registered source name (Provider/@Name)
    event_id: int
    etype: str                  # Information | Warning | Error
    message: str                # rendered description; "\n" for line breaks
    strings: list = field(default_factory=list)   # insertion strings (unnamed <Data>)
    data: bytes = b""           # binary event data (<Binary>)
    category: int = 0           # classic category number (<Task>)
    category_name: str = "None"  # what NT4 Event Viewer shows ("Logon " keeps its trailing space)
    vista_category: str | None = None  # what a Vista+ viewer shows, if it differs ("(1)")
    user: User | None = None
    qualifiers: int | None = None  # None: derived from the type
    named: bool = False         # the saved-XML writer names this event's Data 'param1', 'param2', ...
    alt_messages: dict = field(default_factory=dict)  # per-format variant of the message
    record: int = 0             # EventRecordID, assigned per log in time order
    computer: str = ""
    utc_offset: dt.timedelta | None = None  # UTC - local for this event; None: UTC_OFFSET

    @property
    def level(self) -> int:
        return TYPES[self.etype][0]

    @property
    def qual(self) -> int:
        return self.qualifiers if self.qualifiers is not None else TYPES[self.etype][1]

    def msg(self, fmt: str) -> str:
        return self.alt_messages.get(fmt, self.message)


def t(day: int, hh: int, mm: int, ss: int) -> dt.datetime:
    return dt.datetime(2001, 3, day, hh, mm, ss)


# ---------------------------------------------------------------------------------------------
# The scenario
# ---------------------------------------------------------------------------------------------

# Seconds added to each 15-minute backup cycle (02:15:03 + 15 min * i): fixed, so the output is
# deterministic, first and last cycle exactly on 02:15:03 and 05:15:03.
JITTER = [0, 2, 1, 4, 3, 1, 0, 5, 2, 3, 1, 4, 0]
CYCLES = [t(14, 2, 15, 3) + dt.timedelta(minutes=15 * i, seconds=JITTER[i]) for i in range(13)]

JET_MSG = "Unable to create log. The drive may be read-only or out of disk space. Error {}."
JET_MSG_SPACED = "Unable to create log. The drive may be read-only or out of disk space. Error - 1032."
DHCP_1014_MSG = "The JET Database returned the following Error : {}."
DHCP_1016_MSG = "The DHCP Server encountered the following error when backing up the user database : "


def le_int32(n: int) -> bytes:
    return (n & 0xFFFFFFFF).to_bytes(4, "little")


def scm_sent(service: str, control: str, user: User) -> tuple:
    return ("Service Control Manager", 7035, "Information",
            f"The {service} service was successfully sent a {control} control.", [service, control], user)


def scm_state(service: str, state: str) -> tuple:
    return ("Service Control Manager", 7036, "Information",
            f"The {service} service entered the {state} state.", [service, state], None)


def print_job(doc_no: int, doc: str, owner: str, printer: str, port: str, size: int, pages: int) -> tuple:
    msg = (f"Document {doc_no}, {doc} owned by {owner} was printed on {printer} via port {port}.  "
           f"Size in bytes: {size}; pages printed: {pages}")
    return ("Print", 10, "Information", msg,
            [str(doc_no), doc, owner, printer, port, str(size), str(pages)], JDURAND)


def system_noise(role: str) -> list[Event]:
    """Noise in the System log from 2001-03-13 22:00 to 2001-03-14 07:00 (local)."""
    if role == "dhcp":
        svc, started_src, started_id, started_msg = "DHCP Server", "DhcpServer", 1024, "The DHCP service has started."
    else:
        svc, started_src, started_id, started_msg = ("Windows Internet Name Service", "Wins", 4097,
                                                     "WINS initialized properly. It is now fully operational.")
    rows = [
        (t(13, 22, 0, 48), *print_job(112, "Menu du café - R&D.doc", "jdurand", "HPLJ4050", "IP_192.168.10.40", 48213, 2)),
        (t(13, 22, 3, 15), "EventLog", 6006, "Information", "The Event log service was stopped.", [], None),
        (t(13, 22, 5, 41), "EventLog", 6009, "Information",
         "Microsoft (R) Windows NT (R) 4.0 1381 Service Pack 6 Uniprocessor Free.",
         ["4.0", "1381", "Service Pack 6", "Uniprocessor Free"], None),
        (t(13, 22, 5, 41), "EventLog", 6005, "Information", "The Event log service was started.", [], None),
        (t(13, 22, 6, 2), *scm_state(svc, "running")),
        (t(13, 22, 6, 2), started_src, started_id, "Information", started_msg, [], None),
        (t(13, 22, 6, 31), "BROWSER", 8015, "Information",
         "The browser has forced an election on network \\Device\\NetBT_E100B1 because a Windows NT Server "
         "(or domain master) browser is started.", ["\\Device\\NetBT_E100B1"], None),
        (t(13, 22, 6, 32), "BROWSER", 8015, "Information",
         "The browser has forced an election on network \\Device\\NetBT_NdisWan5 because a Windows NT Server "
         "(or domain master) browser is started.", ["\\Device\\NetBT_NdisWan5"], None),
        (t(13, 22, 7, 10), *scm_sent("McShield", "start", SYSTEM)),
        (t(13, 22, 7, 11), *scm_state("McShield", "running")),
        (t(13, 22, 41, 19), "Srv", 2013, "Warning",
         "The D: disk is at or near capacity.  You may need to delete some files.", ["D:"], None),
        (t(13, 23, 38, 50), *scm_sent("Spooler", "stop", ADMIN)),
        (t(13, 23, 38, 52), *scm_state("Spooler", "stopped")),
        (t(13, 23, 39, 4), *scm_sent("Spooler", "start", ADMIN)),
        (t(13, 23, 39, 5), *scm_state("Spooler", "running")),
        (t(14, 1, 41, 20), "Srv", 2013, "Warning",
         "The D: disk is at or near capacity.  You may need to delete some files.", ["D:"], None),
        # The administrator restarts the failing service; the backups work again afterwards.
        (t(14, 5, 24, 10), *scm_sent(svc, "stop", ADMIN)),
        (t(14, 5, 24, 13), *scm_state(svc, "stopped")),
        (t(14, 5, 24, 31), *scm_sent(svc, "start", ADMIN)),
        (t(14, 5, 24, 33), started_src, started_id, "Information", started_msg, [], None),
        (t(14, 5, 24, 33), *scm_state(svc, "running")),
        (t(14, 6, 12, 40), *print_job(113, "Planning semaine 11.xls", "jdurand", "HPLJ4050", "IP_192.168.10.40", 30114, 1)),
        (t(14, 6, 47, 5), *print_job(114, "Fax cover.doc", "jdurand", "HPLJ4050", "IP_192.168.10.40", 9876, 1)),
    ]
    if role == "dhcp":
        rows.append((t(13, 23, 12, 5), "DhcpServer", 1020, "Warning",
                     "Scope, 192.168.10.0, is 91 percent full with only 22 IP addresses remaining.",
                     ["192.168.10.0", "91", "22"], None))
    else:
        rows.append((t(13, 23, 12, 5), "Wins", 4102, "Information",
                     "WINS completed a scavenging cycle of its database.", [], None))
    out = []
    for when, src, eid, etype, msg, strings, user in rows:
        ev = Event("System", when, src, eid, etype, msg, strings=strings, user=user)
        if src == "EventLog":
            # Real systems log EventLog 600x with the warning severity bits although the type is
            # Information: the level is the event type, not the Qualifiers.
            ev.qualifiers = 32768
        if src == "Srv":
            ev.named = True
        out.append(ev)
    return out


SCAN_DONE_MSG = ("The scheduled scan task 'Nightly full scan' completed.\tDuration: 0:46:31\n"
                 "Items scanned: C:\\, D:\\\n"
                 "Files scanned: 21,473\n"
                 "Files cleaned: 0\n"
                 "Files not scanned (in use): 4")


def exchange_logon(who: str) -> tuple:
    return ("MSExchangeIS Private", 1009, "Information",
            f"CORPNT\\{who} logged on as CORPNT\\{who} to mailbox /o=CORP/ou=SITE1/cn=Recipients/cn={who}.",
            [f"CORPNT\\{who}", f"/o=CORP/ou=SITE1/cn=Recipients/cn={who}"])


def application_noise(role: str, trap_5100: bool = False) -> list[Event]:
    """Noise in the Application log from 2001-03-13 22:00 to 2001-03-14 07:00 (local)."""
    folder = "C:\\WINNT\\system32\\dhcp" if role == "dhcp" else "C:\\WINNT\\system32\\wins"
    db = "dhcp.mdb" if role == "dhcp" else "wins.mdb"
    update_ok = ("Information", "NetShield NT AutoUpdate completed successfully. DAT version 4.0.4128, engine version 4.1.60.",
                 ["4.0.4128", "4.1.60"])
    if trap_5100:
        update_late = ("Warning", "NetShield NT AutoUpdate failed: the update site could not be reached (error -5100). "
                                  "The current DAT files (4.0.4128) remain in use.", ["-5100", "4.0.4128"])
    else:
        update_late = update_ok
    rows = [
        (t(13, 22, 1, 30), "McLogEvent", 5, update_ok[0], update_ok[1], update_ok[2]),
        (t(13, 22, 6, 9), "MSExchangeSA", 1000, "Information",
         "Microsoft Exchange System Attendant service started successfully.", []),
        (t(13, 22, 6, 14), "Perflib", 1008, "Error",
         "The Open Procedure for service \"McShield\" in DLL \"C:\\Program Files\\Network Associates\\NetShield NT\\mcperf.dll\" "
         "failed. Performance data for this service will not be available. Status code returned is DWORD 0.",
         ["McShield", "C:\\Program Files\\Network Associates\\NetShield NT\\mcperf.dll"]),
        (t(13, 22, 6, 22), "MSExchangeDS", 1000, "Information", "Microsoft Exchange Directory startup complete.", []),
        (t(13, 22, 6, 48), "MSExchangeIS", 1001, "Information", "Microsoft Exchange Information Store service started.", []),
        (t(13, 22, 6, 55), "MSExchangeMTA", 9298, "Information", "The Microsoft Exchange MTA service started.", []),
        (t(13, 22, 7, 12), "McLogEvent", 2, "Information", "NetShield NT on-access scanner (McShield) started.", []),
        (t(13, 22, 30, 5), *exchange_logon("jdurand")),
        (t(13, 23, 21, 47), "MSExchangeMTA", 9221, "Warning",
         "A sockets error 10054 on a WSARecvEx() call was detected. The MTA will attempt to recover the sockets "
         "connection. Control block index: 4.", ["10054", "4"]),
        (t(13, 23, 52, 33), *exchange_logon("mlee")),
        (t(14, 1, 0, 14), "MSExchangeIS Private", 1221, "Information",
         "The database has 38 megabytes of free space after online defragmentation has terminated.", ["38"]),
        (t(14, 2, 0, 0), "McLogEvent", 257, "Information",
         "The scheduled scan task 'Nightly full scan' started. Items to scan: C:\\, D:\\ (subfolders included).",
         ["Nightly full scan"]),
        (t(14, 2, 7, 41), "McLogEvent", 260, "Information",
         f"Nightly full scan: scanning {folder}\\ ({db}, j50.chk, j50.log, tmp.edb).", [folder]),
        (t(14, 2, 46, 31), "McLogEvent", 258, "Information", SCAN_DONE_MSG,
         ["Nightly full scan", "0:46:31", "21,473", "0", "4"]),
        (t(14, 3, 30, 2), "McLogEvent", 5, update_late[0], update_late[1], update_late[2]),
        (t(14, 5, 45, 12), *exchange_logon("Administrator")),
        (t(14, 6, 2, 11), *exchange_logon("jdurand")),
        (t(14, 6, 40, 29), *exchange_logon("mlee")),
        (t(14, 6, 51, 3), *exchange_logon("bcarter")),
        (t(14, 6, 55, 40), "MSExchangeMTA", 9221, "Warning",
         "A sockets error 10054 on a WSARecvEx() call was detected. The MTA will attempt to recover the sockets "
         "connection. Control block index: 2.", ["10054", "2"]),
        (t(14, 6, 58, 2), "MSExchangeIS", 1001, "Information",
         "Microsoft Exchange Information Store: 4 users are logged on.", ["4"]),
    ]
    out = []
    for when, src, eid, etype, msg, strings in rows:
        ev = Event("Application", when, src, eid, etype, msg, strings=strings)
        if src == "MSExchangeIS Private" and eid == 1009:
            ev.category, ev.category_name, ev.vista_category = 2, "Logon ", "Logon"
        if src == "MSExchangeIS Private" and eid == 1221:
            ev.named = True
        out.append(ev)
    return out


def jet30(err: str) -> Event:
    ev = Event("Application", t(14, 2, 7, 42), "JET", 30, "Error", JET_MSG.format(err), strings=[err],
               category=1, category_name="None", vista_category="(1)")
    if err == "-1032":
        ev.alt_messages["nt4-text"] = JET_MSG_SPACED  # the KB's quoting, "Error - 1032"
    return ev


def dhcp_cycles(jet_err: int) -> list[Event]:
    out = []
    for when in CYCLES:
        out.append(Event("System", when, "DhcpServer", 1014, "Error", DHCP_1014_MSG.format(jet_err),
                         strings=[str(jet_err)], data=le_int32(jet_err)))
        out.append(Event("System", when + dt.timedelta(seconds=1), "DhcpServer", 1016, "Error", DHCP_1016_MSG,
                         data=le_int32(20013)))
    return out


WINS_DB_ERR_MSG = ("WINS encountered a database error. This may or may not be a serious error. WINS will try to "
                   "recover from it. The error number is in the second DWORD of the data section.")


def wins_cycles() -> list[Event]:
    out = []
    for when in CYCLES:
        out.append(Event("System", when, "Wins", 4224, "Error", WINS_DB_ERR_MSG,
                         strings=["-510"], data=le_int32(363) + le_int32(-510)))
    out.append(Event("System", CYCLES[0] + dt.timedelta(seconds=1), "Wins", 1014, "Error",
                     DHCP_1014_MSG.format(-510), strings=["-510"], data=le_int32(-510)))
    return out


def finish(events: list[Event], computer: str, first_record: int,
           utc_offset=None) -> list[Event]:
    """Sort into log order (time, then insertion order) and number the records.

    utc_offset: None (UTC_OFFSET) or a function local time -> (UTC - local) for the XML exports."""
    events = sorted(events, key=lambda e: e.time)  # stable: same-second events keep their order
    for i, e in enumerate(events):
        e.record = first_record + i
        e.computer = computer
        if utc_offset is not None:
            e.utc_offset = utc_offset(e.time)
    return events


@dataclass
class Scenario:
    system: list[Event]
    application: list[Event]


def positive() -> Scenario:
    return Scenario(finish(system_noise("dhcp") + dhcp_cycles(-510), "DHCPSRV01", 4817),
                    finish(application_noise("dhcp") + [jet30("-1032")], "DHCPSRV01", 2290))


def other_jet_error() -> Scenario:
    return Scenario(finish(system_noise("dhcp") + dhcp_cycles(-1032), "DHCPSRV01", 4817),
                    finish(application_noise("dhcp") + [jet30("-1811")], "DHCPSRV01", 2290))


def no_510() -> Scenario:
    return Scenario(finish(system_noise("dhcp") + dhcp_cycles(-1022), "DHCPSRV01", 4817),
                    finish(application_noise("dhcp", trap_5100=True) + [jet30("-1032")], "DHCPSRV01", 2290))


def other_server() -> Scenario:
    return Scenario(finish(system_noise("wins") + wins_cycles(), "WINSSRV02", 10233),
                    finish(application_noise("wins") + [jet30("-1032")], "WINSSRV02", 5120))


# ---------------------------------------------------------------------------------------------
# Writers: each returns text with "\n" line ends; save() turns them into CRLF and encodes.
# ---------------------------------------------------------------------------------------------

def xml_text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(s: str, q: str) -> str:
    s = xml_text(s)
    return s.replace(q, "&apos;" if q == "'" else "&quot;")


def utc_iso(local: dt.datetime, digits: int, offset: dt.timedelta | None = None) -> str:
    u = local + (UTC_OFFSET if offset is None else offset)
    return u.strftime("%Y-%m-%dT%H:%M:%S") + "." + "0" * digits + "Z"


def event_xml(e: Event, q: str = "'", rendering: bool = False, saved: bool = False, digits: int = 9) -> str:
    """One <Event> element on one line, as EvtRender writes it for a classic (ReportEvent) event."""
    def a(name: str, value: str) -> str:
        return f" {name}={q}{xml_attr(value, q)}{q}"

    p = [f"<Event{a('xmlns', EVENT_NS)}><System>"]
    p.append(f"<Provider{a('Name', e.source)}/>")
    p.append(f"<EventID{a('Qualifiers', str(e.qual))}>{e.event_id}</EventID>")
    if saved:
        p.append("<Version>0</Version>")
    p.append(f"<Level>{e.level}</Level><Task>{e.category}</Task>")
    if saved:
        p.append("<Opcode>0</Opcode>")
    p.append("<Keywords>0x80000000000000</Keywords>")
    p.append(f"<TimeCreated{a('SystemTime', utc_iso(e.time, digits, e.utc_offset))}/>")
    p.append(f"<EventRecordID>{e.record}</EventRecordID>")
    if saved:
        p.append(f"<Correlation/><Execution{a('ProcessID', '0')}{a('ThreadID', '0')}/>")
    p.append(f"<Channel>{e.log}</Channel><Computer>{xml_text(e.computer)}</Computer>")
    p.append(f"<Security{a('UserID', e.user.sid)}/>" if e.user else "<Security/>")
    p.append("</System>")
    if e.strings or e.data:
        p.append("<EventData>")
        for i, s in enumerate(e.strings, 1):
            name = a("Name", f"param{i}") if (saved and e.named) else ""
            p.append(f"<Data{name}>{xml_text(s)}</Data>")
        if e.data:
            p.append(f"<Binary>{e.data.hex().upper()}</Binary>")
        p.append("</EventData>")
    else:
        p.append("<EventData></EventData>")
    if rendering:
        task = e.vista_category if e.vista_category not in (None, "(1)") else ""
        p.append(f"<RenderingInfo{a('Culture', 'en-US')}><Message>{xml_text(e.message)}</Message>"
                 f"<Level>{e.etype}</Level><Task>{xml_text(task)}</Task><Opcode></Opcode>"
                 f"<Channel>{e.log}</Channel><Provider></Provider>"
                 f"<Keywords><Keyword>Classic</Keyword></Keywords></RenderingInfo>")
    p.append("</Event>")
    return "".join(p)


def wevtutil_xml(events: list[Event], rendering: bool = False, join_every: int = 0) -> str:
    """wevtutil qe /f:xml (or /f:RenderedXml): no declaration, no root, oldest first, an event a line.

    join_every > 0 leaves out the line break after every join_every-th event, so that pairs of
    events sit on one physical line (a stream that lost its separators)."""
    out = []
    for i, e in enumerate(events, 1):
        out.append(event_xml(e, rendering=rendering))
        out.append("" if (join_every and i % join_every == 0 and i != len(events)) else "\n")
    return "".join(out)


def saved_xml(events: list[Event], q: str) -> str:
    """Event Viewer "Save All Events As... XML": declaration, <Events> root, RenderingInfo, 7-digit times."""
    lines = [event_xml(e, q=q, rendering=True, saved=True, digits=7) for e in events]
    return ('<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n<Events>' + "\n".join(lines)
            + "\n</Events>")


def nt4_date(d: dt.datetime) -> str:
    return f"{d.month}/{d.day}/{d.year % 100:02d}"


def ampm_time(d: dt.datetime) -> str:
    h = d.hour % 12 or 12
    return f"{h}:{d.minute:02d}:{d.second:02d} {'AM' if d.hour < 12 else 'PM'}"


def nt4_rows(events: list[Event], delim: str, fmt: str, alias: dict | None = None, year4: bool = False) -> str:
    """NT4/2000 Event Viewer "Save Log File As" text or CSV: no header, newest first, nothing quoted.

    year4: the short date of a Windows 2000/XP/2003 en-US profile (M/D/YYYY) instead of NT4's M/D/YY."""
    alias = alias or {}
    out = []
    for e in sorted(events, key=lambda e: e.record, reverse=True):
        user = e.user.nt4 if e.user else "N/A"
        date = f"{e.time.month}/{e.time.day}/{e.time.year}" if year4 else nt4_date(e.time)
        fields = [date, ampm_time(e.time), alias.get(e.source, e.source), e.etype,
                  e.category_name, str(e.event_id), user, e.computer, e.msg(fmt)]
        out.append(delim.join(fields) + "\n")
    return "".join(out)


def vista_rows(events: list[Event], delim: str) -> str:
    """Vista+ Event Viewer "Save All Events As" CSV / Text (tab delimited): 5-name header, 6 fields."""
    def quote(s: str) -> str:
        needs = ("\n" in s) if delim == "\t" else any(c in s for c in ",\"\n")
        return '"' + s.replace('"', '""') + '"' if needs else s

    out = [delim.join(["Level", "Date and Time", "Source", "Event ID", "Task Category"]) + "\n"]
    for e in sorted(events, key=lambda e: e.record, reverse=True):
        when = f"{e.time.month}/{e.time.day}/{e.time.year} {ampm_time(e.time)}"
        cat = e.vista_category if e.vista_category is not None else e.category_name
        fields = [e.etype, when, e.source, str(e.event_id), cat, e.message]
        out.append(delim.join(quote(f) for f in fields) + "\n")
    return "".join(out)


def wevtutil_text(events: list[Event]) -> str:
    """wevtutil qe /f:text: Event[N]: blocks, oldest first, old-style local dates without a zone."""
    out = []
    for n, e in enumerate(events):
        task = e.vista_category if e.vista_category is not None else e.category_name.strip()
        out += [
            f"Event[{n}]:",
            f"  Log Name: {e.log}",
            f"  Source: {e.source}",
            f"  Date: {e.time.strftime('%Y-%m-%dT%H:%M:%S')}.000",
            f"  Event ID: {e.event_id}",
            f"  Task: {task}",
            f"  Level: {e.etype}",
            "  Opcode: Info",
            "  Keyword: Classic",
            f"  User: {e.user.sid if e.user else 'N/A'}",
            f"  User Name: {e.user.account if e.user else 'N/A'}",
            f"  Computer: {e.computer}",
            "  Description:",
            e.message,
            "",
        ]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------

ENCODINGS = {
    "utf-8": ("utf-8", b"", "UTF-8, no BOM"),
    "utf-8-bom": ("utf-8", b"\xef\xbb\xbf", "UTF-8 with BOM"),
    "utf-16le-bom": ("utf-16-le", b"\xff\xfe", "UTF-16LE with BOM (FF FE)"),
    "cp1252": ("cp1252", b"", "Windows-1252"),
}

MANIFEST: list[dict] = []  # one row per written file, for README.md


def save(rel: str, text: str, enc: str, records: int, fmt: str, expected: str) -> None:
    codec, bom, enc_desc = ENCODINGS[enc]
    data = bom + text.replace("\r\n", "\n").replace("\n", "\r\n").encode(codec)
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    if enc == "cp1252" and all(b < 0x80 for b in data):
        enc_desc += " (this file is all ASCII)"
    MANIFEST.append({"path": rel, "format": fmt, "encoding": enc_desc, "records": records,
                     "bytes": len(data), "expected": expected})


FMT = {
    "xml": "A1 `wevtutil qe /f:xml` (no root, single quotes, one event a line)",
    "rxml": "A2 `wevtutil qe /f:RenderedXml` (A1 + `<RenderingInfo>`)",
    "saved": "A3 Event Viewer \"Save All Events As… XML\" (`<?xml …?>` + `<Events>` root)",
    "nt4tab": "C2 NT4/2000 Event Viewer \"Save Log File As\" text, tab-delimited (no header, newest first)",
    "nt4csv": "C2 NT4/2000 Event Viewer \"Save Log File As\" CSV, comma-delimited (no header, newest first)",
    "vcsv": "C1 Vista+ Event Viewer \"Save All Events As\" CSV (Comma Separated)",
    "vtxt": "C1 Vista+ Event Viewer \"Save All Events As\" Text (Tab delimited)",
    "wtext": "B `wevtutil qe /f:text` (old style: local time, no zone)",
}

HIGH = "Q216793 **high**, computer DHCPSRV01"
HIGH_UNKNOWN = "Q216793 **high**, computer `(unknown)`"
NONE = "**no finding**"


def write_all() -> None:
    pos = positive()
    S, A = pos.system, pos.application
    sys_note = " (this file alone: medium)"
    app_note = " (this file alone: no finding)"
    d = "Q216793/"

    save(d + "wevtutil-xml/System.xml", wevtutil_xml(S), "utf-8", len(S), FMT["xml"], HIGH + sys_note)
    save(d + "wevtutil-xml/Application.xml", wevtutil_xml(A), "utf-8", len(A), FMT["xml"], HIGH + app_note)

    save(d + "rendered-xml/System.xml", wevtutil_xml(S, rendering=True), "utf-16le-bom", len(S), FMT["rxml"],
         HIGH + sys_note)
    save(d + "rendered-xml/Application.xml", wevtutil_xml(A, rendering=True, join_every=3), "utf-16le-bom", len(A),
         FMT["rxml"] + "; every 3rd event has no line break after it, so pairs of events share a line",
         HIGH + app_note)

    save(d + "saved-xml/System.xml", saved_xml(S, "'"), "utf-8-bom", len(S), FMT["saved"] + ", single quotes",
         HIGH + sys_note)
    save(d + "saved-xml/Application.xml", saved_xml(A, '"'), "utf-8-bom", len(A), FMT["saved"] + ", double quotes",
         HIGH + app_note)

    save(d + "nt4-text/System.txt", nt4_rows(S, "\t", "nt4-text"), "cp1252", len(S),
         FMT["nt4tab"] + "; source `DhcpServer`", HIGH + sys_note)
    save(d + "nt4-text/Application.txt", nt4_rows(A, "\t", "nt4-text"), "cp1252", len(A),
         FMT["nt4tab"] + "; JET 30 reads `Error - 1032`", HIGH + app_note)

    alias = {"DhcpServer": "DHCP Server"}
    save(d + "nt4-csv/System.csv", nt4_rows(S, ",", "nt4-csv", alias), "cp1252", len(S),
         FMT["nt4csv"] + "; source `DHCP Server`", HIGH + sys_note)
    save(d + "nt4-csv/Application.csv", nt4_rows(A, ",", "nt4-csv", alias), "cp1252", len(A), FMT["nt4csv"],
         HIGH + app_note)

    save(d + "vista-csv/System.csv", vista_rows(S, ","), "utf-8-bom", len(S), FMT["vcsv"],
         HIGH_UNKNOWN + " (no computer column; this file alone: medium)")
    save(d + "vista-csv/Application.csv", vista_rows(A, ","), "utf-8-bom", len(A), FMT["vcsv"],
         HIGH_UNKNOWN + app_note)

    save(d + "vista-txt/System.txt", vista_rows(S, "\t"), "utf-16le-bom", len(S), FMT["vtxt"],
         HIGH_UNKNOWN + " (no computer column; this file alone: medium)")
    save(d + "vista-txt/Application.txt", vista_rows(A, "\t"), "utf-16le-bom", len(A), FMT["vtxt"],
         HIGH_UNKNOWN + app_note)

    save(d + "wevtutil-text/System.txt", wevtutil_text(S), "utf-8", len(S), FMT["wtext"], HIGH + sys_note)
    save(d + "wevtutil-text/Application.txt", wevtutil_text(A), "utf-8", len(A), FMT["wtext"], HIGH + app_note)

    save(d + "mixed/System.txt", nt4_rows(S, "\t", "nt4-text"), "cp1252", len(S),
         FMT["nt4tab"] + " (same bytes as nt4-text/System.txt)", HIGH + " (names the computer)")
    save(d + "mixed/Application.csv", vista_rows(A, ","), "utf-8-bom", len(A),
         FMT["vcsv"] + " (same bytes as vista-csv/Application.csv)",
         HIGH + " (names no computer: joins DHCPSRV01, the batch's only named computer)")

    n = "near-miss/"
    sc = other_jet_error()
    save(n + "other-jet-error/System.xml", wevtutil_xml(sc.system), "utf-8", len(sc.system), FMT["xml"], NONE)
    save(n + "other-jet-error/Application.xml", wevtutil_xml(sc.application), "utf-8", len(sc.application),
         FMT["xml"], NONE)
    sc = no_510()
    save(n + "no-510/System.txt", nt4_rows(sc.system, "\t", "nt4-text"), "cp1252", len(sc.system), FMT["nt4tab"], NONE)
    save(n + "no-510/Application.txt", nt4_rows(sc.application, "\t", "nt4-text"), "cp1252", len(sc.application),
         FMT["nt4tab"] + "; holds the `-5100` trap", NONE)
    sc = other_server()
    save(n + "other-server/System.xml", wevtutil_xml(sc.system), "utf-8", len(sc.system), FMT["xml"], NONE)
    save(n + "other-server/Application.xml", wevtutil_xml(sc.application), "utf-8", len(sc.application),
         FMT["xml"], NONE)

    write_crash_samples()
    FMT.update(state_samples.FORMATS)
    this = sys.modules[__name__]
    state_samples.write_counter_samples(this)
    state_samples.write_network_samples(this)
    binary_samples.write_binary_samples(this, pos)
    write_readme(pos)


# ---------------------------------------------------------------------------------------------
# README.md
# ---------------------------------------------------------------------------------------------

def write_readme(pos: Scenario) -> None:
    def row(e: Event) -> str:
        u = e.time + UTC_OFFSET
        return (f"| {e.time.strftime('%m-%d %H:%M:%S')} | {u.strftime('%m-%d %H:%M:%SZ')} | {e.log} | {e.record} "
                f"| {e.source} | {e.event_id} | {e.etype} | {e.message.splitlines()[0].replace(chr(9), ' <TAB> ')} |")

    key = [e for e in pos.application if e.source in ("JET",) or (e.source == "McLogEvent" and e.event_id in (257, 260, 258))]
    key += [e for e in pos.system if e.source == "DhcpServer" or (e.source == "Service Control Manager" and e.time.hour == 5)]
    key.sort(key=lambda e: (e.time, e.log))

    table = ["| path | format | encoding | line ends | records | bytes | expected kbmatch result (scanning the file's directory) |",
             "|---|---|---|---|---:|---:|---|"]
    for m in MANIFEST:
        table.append(f"| `{m['path']}` | {m['format']} | {m['encoding']} | {m.get('eol', 'CRLF')} | {m['records']} | {m['bytes']} | {m['expected']} |")

    sys_n, app_n = len(pos.system), len(pos.application)
    text = f"""# Synthetic samples

Every file under `samples/` is **synthetic**: the events were made up and written by
[`make_samples.py`](make_samples.py) (Python 3, standard library only, deterministic: fixed
dates, a fixed jitter table, no randomness). Nothing here was captured on a real server. The
shapes imitate the export formats described in the format research notes (`formats.md`,
sections 1-9 and 12; the format letters A1, A2, A3, B, C1, C2, D1, D2, D3, G below are the names
used there); the wording of the symptom events follows KB Q216793, Q292041 and Q264492. No text
of the reference samples was copied.

Regenerate (overwrites every file listed below and this README):

```
python3 samples/make_samples.py
```

Each Q216793 scenario directory holds the System and the Application log of one server (the
crash scenarios below hold what their section says). Scan a directory as one batch
(`kbmatch scan samples/Q216793/nt4-csv`): Q216793 needs both logs of the same computer. Do not scan all of `samples/` at once and expect one answer per format: the batch
would then merge every copy of the same timeline.

## The scenario (KB Q216793: DHCP Server stops leasing after a sharing violation)

`DHCPSRV01`, a Windows NT 4.0 Server SP6 (build 1381) DHCP server; local time is UTC-5, so XML
`SystemTime` = local + 5 h, while the text and CSV exports show local time without a zone
(wevtutil text in the old style `2001-03-14T02:15:03.000`).

* 2001-03-13 22:03-22:07 local: the server restarts (EventLog 6006, 6009, 6005; Service Control
  Manager 7035/7036; `DhcpServer` 1024 "The DHCP service has started."; BROWSER 8015), Exchange 5.5
  and the NetShield NT virus scanner (`McLogEvent`) start.
* 2001-03-14 02:00:00: the scanner's nightly full scan starts; at 02:07:41 it scans
  `C:\\WINNT\\system32\\dhcp`.
* 02:07:42: Application log, `JET` 30, Error, category none (category number 1 in XML `<Task>`,
  shown `(1)` by the Vista-style exports): "Unable to create log. The drive may be read-only or out
  of disk space. Error -1032." (insertion string `-1032`; the NT4 tab text writes it
  `Error - 1032`, as the KB quotes it).
* 02:15:03 to 05:15:03, every 15 minutes (13 cycles, each moved by 0-5 s:
  {", ".join(c.strftime("%H:%M:%S") for c in CYCLES)}): System log, `DhcpServer` 1014, Error,
  "The JET Database returned the following Error : -510." (insertion string `-510`, data
  `02 fe ff ff`), and one second later `DhcpServer` 1016, Error, "The DHCP Server encountered the
  following error when backing up the user database : " (no insertion strings, data `2d 4e 00 00`).
  The NT4 CSV export names the source `DHCP Server`, every other export `DhcpServer`.
* 05:24: the administrator restarts the DHCP Server service (7035/7036, 1024); no more errors.
* Noise in both logs from 2001-03-13 22:00 to 2001-03-14 07:00: Print 10 (a document name with
  `é` and `&`), Srv 2013 warnings (named `<Data Name='param1'>` in the saved-XML export), DHCP
  scope 1020 warning, Spooler restart, Perflib 1008, Exchange 5.5 events (including
  `MSExchangeIS Private` 1009 with category `Logon ` that keeps its trailing space in the NT4
  exports), an MTA warning, and the virus scanner's events, one of them a multi-line description
  with a TAB and a comma.

System log: {sys_n} records (record numbers {pos.system[0].record}-{pos.system[-1].record}); Application log:
{app_n} records ({pos.application[0].record}-{pos.application[-1].record}). EventLog 6005/6006/6009 carry
`Qualifiers='32768'` although their type is Information, as on real systems; every other event
carries the severity bits of its type (16384 information, 32768 warning, 49152 error).

Key events (local and UTC):

| local | UTC | log | record | source | ID | type | description (first line) |
|---|---|---|---:|---|---:|---|---|
""" + "\n".join(row(e) for e in key) + f"""

## Near misses (expected: no Q216793 finding)

* `near-miss/other-jet-error/` (A1 XML): the same timeline, but the 1014 events carry JET error
  -1032 ("The JET Database returned the following Error : -1032.", data `f8 fb ff ff`); the 1016
  backup errors stay; the JET 30 reports error -1811. There is no -510 anywhere.
* `near-miss/no-510/` (C2 tab text): 1016 every 15 minutes and JET 30 -1032, but the 1014 events
  say error -1022. No `-510` anywhere; the Application log holds `-5100` (a failed virus-definition
  update) as a trap for substring matching.
* `near-miss/other-server/` (A1 XML): `WINSSRV02`, a WINS server. Source `Wins` logs 4224 "WINS
  encountered a database error…" with insertion string `-510` and data `6b010000 02feffff` every 15
  minutes, and one `Wins` 1014 with the DHCP-style -510 text; the Application log has JET 30 -1032.
  The -510 is there, but never from the DHCP Server, so the article does not apply.

""" + crash_readme() + state_samples.readme() + binary_samples.readme() + """## Files

All text files use CRLF line ends (the binary logs, line ends `-`, have none). "records" is the exact number of event records in the file.
"Expected" is the result of scanning the file's directory as one batch.

""" + "\n".join(table) + """

Notes on the formats:

* A1/A2 events are one per line with no root element; in `rendered-xml/Application.xml` some
  events are directly concatenated on one line. RenderingInfo messages keep their raw CRLF and TAB.
* A3 (saved-xml) adds `<Version>`, `<Opcode>`, `<Correlation/>` and `<Execution>` and 7-digit
  fractions; System.xml uses single quotes, Application.xml double quotes throughout.
* C2 (nt4-text, nt4-csv, mixed/System.txt, near-miss/no-510): no header, nothing quoted; a
  description may hold the delimiter (TAB or comma) and continue on the following lines; the row
  starts at a line that begins with a date. `é` is the single byte 0xE9 (Windows-1252).
* C1 (vista-csv, vista-txt, mixed/Application.csv): header of 5 names, rows of 6 fields, no
  computer and no log column (the log is only in the file name). CSV quotes fields holding a
  comma, a quote (doubled) or a line break; the tab text quotes only multi-line descriptions.
* B (wevtutil-text): `Event[N]:` blocks counted from 0, the description at column 0 after
  `  Description:`, a blank line after each record.
* D1 (`drwtsn32.log`): no end marker per crash, the next `Application exception occurred:`
  starts the next one; a blank line between sections and at the end of the file. Windows-1252,
  all ASCII here.
* G (`DhcpSrvLog.Thu`): the legend lines hold a TAB between the ID and its meaning; the CSV rows
  have exactly 7 fields, empty ones left empty (`00,06/01/00,09:12:11,Started,,,`).

`manifest.json` lists the same record counts by path; the test suite checks that kbmatch accounts
for every one of them (events read + damaged records skipped).
"""
    with open(os.path.join(HERE, "README.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def write_manifest() -> None:
    """samples/manifest.json: path (as the CLI names it from the repository root) -> records.
    The test suite checks kbmatch's per-file counts (events + skipped) against it."""
    import json
    counts = {"samples/" + m["path"]: m["records"] for m in MANIFEST}
    with open(os.path.join(HERE, "manifest.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(counts, f, indent=2, sort_keys=True)
        f.write("\n")


# =============================================================================================
# Crash scenarios: Dr. Watson logs (D1), Dr. Watson events (D2), Application Error / WER (D3),
# the DHCP Server audit log (G). Same rules as above: made up, stdlib only, deterministic.
# =============================================================================================

class Lcg:
    """Tiny linear congruential generator seeded from a text key, for the filler hex (frame
    pointers, parameters, raw stack bytes): the same on every run and every Python version."""

    def __init__(self, key: str):
        self.state = zlib.crc32(key.encode("ascii")) or 1

    def _next(self) -> int:
        self.state = (self.state * 1103515245 + 12345) & 0x7FFFFFFF
        return self.state >> 8  # the low bits of an LCG are weak

    def below(self, n: int) -> int:
        return self._next() % n

    def u32(self) -> int:
        return ((self._next() & 0xFFFF) << 16) | (self._next() & 0xFFFF)


def us_offset(std_hours: int):
    """UTC - local for a US zone under the 1987-2006 rule (DST from the first Sunday of April to
    the last Sunday of October, at 02:00 local)."""
    def offset(local: dt.datetime) -> dt.timedelta:
        y = local.year
        april1 = dt.datetime(y, 4, 1, 2)
        start = april1 + dt.timedelta(days=(6 - april1.weekday()) % 7)
        oct31 = dt.datetime(y, 10, 31, 2)
        end = oct31 - dt.timedelta(days=(oct31.weekday() + 1) % 7)
        dst = start <= local < end
        return dt.timedelta(hours=std_hours - (1 if dst else 0))
    return offset


def fixed_offset(hours: int):
    return lambda local: dt.timedelta(hours=hours)


# --- NT4 modules: (base, end, path as NT4 Dr. Watson prints it; "" when it found no symbols) ----

MOD = {
    "ntdll": (0x77F60000, 0x77FBE000, r"dll\ntdll.dbg"),
    "kernel32": (0x77F00000, 0x77F5E000, r"dll\kernel32.dbg"),
    "advapi32": (0x77DC0000, 0x77DFE000, r"dll\advapi32.dbg"),
    "user32": (0x77E70000, 0x77EC4000, r"dll\user32.dbg"),
    "gdi32": (0x77ED0000, 0x77EFC000, r"dll\gdi32.dbg"),
    "rpcrt4": (0x77E10000, 0x77E67000, r"dll\rpcrt4.dbg"),
    "ole32": (0x77B20000, 0x77BD4000, r"dll\ole32.dbg"),
    "oleaut32": (0x65340000, 0x653D2000, r"dll\oleaut32.dbg"),
    "msvcrt": (0x78000000, 0x78046000, r"dll\msvcrt.dbg"),
    "wsock32": (0x776D0000, 0x776D8000, r"dll\wsock32.dbg"),
    "ws2_32": (0x776B0000, 0x776C4000, r"dll\ws2_32.dbg"),
    "ws2help": (0x776A0000, 0x776A7000, r"dll\ws2help.dbg"),
    "msafd": (0x74FF0000, 0x75002000, r"dll\msafd.dbg"),
    "netapi32": (0x77B00000, 0x77B19000, r"dll\netapi32.dbg"),
    "samlib": (0x77660000, 0x7766F000, r"dll\samlib.dbg"),
    "spoolss": (0x01000000, 0x01005000, r"exe\spoolss.dbg"),
    "spoolss_dll": (0x77670000, 0x7768A000, r"dll\spoolss.dbg"),
    "localspl": (0x77620000, 0x7765A000, r"dll\localspl.dbg"),
    "lprmon": (0x77580000, 0x7758B000, r"dll\lprmon.dbg"),
    "snmp": (0x01000000, 0x01006000, r"exe\snmp.dbg"),
    "snmpapi": (0x77D30000, 0x77D3A000, r"dll\snmpapi.dbg"),
    "inetmib1": (0x76D10000, 0x76D1C000, r"dll\inetmib1.dbg"),
    "upsmib": (0x10000000, 0x1000C000, ""),
    "inetinfo": (0x01000000, 0x01006000, r"exe\inetinfo.dbg"),
    "infocomm": (0x6D5A0000, 0x6D5DA000, r"dll\infocomm.dbg"),
    "isatq": (0x6D7D0000, 0x6D7E2000, r"dll\isatq.dbg"),
    "w3svc": (0x6D6F0000, 0x6D74A000, r"dll\w3svc.dbg"),
    "ordfilt": (0x10000000, 0x1000E000, ""),
    "rpcss": (0x01000000, 0x01022000, r"exe\rpcss.dbg"),
    "dllhost": (0x01000000, 0x01005000, r"exe\dllhost.dbg"),
    "ordrpt": (0x10000000, 0x10029000, ""),
    "tcpsvcs": (0x01000000, 0x01004000, r"exe\tcpsvcs.dbg"),
    "dhcpssvc": (0x6E9C0000, 0x6E9F1000, r"dll\dhcpssvc.dbg"),
    "jet": (0x6E100000, 0x6E16C000, r"dll\jet.dbg"),
    "llssrv": (0x01000000, 0x01021000, r"exe\llssrv.dbg"),
}

BASE_DLLS = ["ntdll", "kernel32", "advapi32", "rpcrt4", "user32", "gdi32"]


@dataclass(frozen=True)
class Host:
    name: str
    cpus: int
    cpu: str
    ctype: str
    org: str
    owner: str
    tasks: tuple  # the Task List of a crash on this host: (pid, name), the crashing one included


BOOT = ((0, "Idle.exe"), (2, "System.exe"), (20, "smss.exe"), (24, "csrss.exe"), (34, "winlogon.exe"),
        (40, "services.exe"), (43, "lsass.exe"))

COMSRV02 = Host("COMSRV02", 2, "x86 Family 6 Model 5 Stepping 2", "Multiprocessor Free", "Fabrikam Logistics",
                "IT Department",
                BOOT + ((68, "spoolss.exe"), (97, "llssrv.exe"), (122, "RpcSs.exe"), (131, "LOCATOR.exe"),
                        (143, "snmp.exe"), (158, "sqlservr.exe"), (171, "Mcshield.exe"), (211, "inetinfo.exe")))
NETSRV01 = Host("NETSRV01", 1, "x86 Family 5 Model 2 Stepping 12", "Uniprocessor Free", "Fabrikam Logistics",
                "Network Services",
                BOOT + ((67, "spoolss.exe"), (83, "tcpsvcs.exe"), (91, "llssrv.exe"), (118, "RpcSs.exe"),
                        (127, "LOCATOR.exe"), (139, "snmp.exe"), (166, "Mcshield.exe")))
PRNSRV04 = Host("PRNSRV04", 1, "x86 Family 6 Model 8 Stepping 3", "Uniprocessor Free", "Fabrikam Logistics",
                "Print Services",
                BOOT + ((71, "spoolss.exe"), (94, "llssrv.exe"), (120, "RpcSs.exe"), (129, "LOCATOR.exe"),
                        (150, "Mcshield.exe")))


@dataclass
class Thread:
    tid: int
    regs: dict          # eax ebx ecx edx esi edi eip esp ebp -> int
    flags: str          # "nv up ei pl zr na po nc"
    efl: int
    function: str       # "RtlAllocateHeap", "<nosymbols>"
    code: list          # disassembly lines, FAULT marker included where it applies
    frames: list        # (module, function, suffix) from the innermost frame out


@dataclass
class Crash:
    host: Host
    app: str            # image name without .exe: exe\<app>.dbg
    pid: int
    when: dt.datetime   # local time, microsecond = milliseconds * 1000
    code: str           # "c0000005"
    code_name: str      # "access violation"
    modules: list       # MOD keys, the exe first
    threads: list       # in the order Dr. Watson dumps them
    fault: int          # index into threads of the faulting thread
    address: int        # the faulting instruction
    user: str = "SYSTEM"
    padded: bool = False     # the space-padded When form
    raw_stack: bool = False
    variant: str = "plain"   # wording of the DrWatson 4097 event
    extra_tasks: tuple = ()  # processes running only at this crash: (pid, name)
    drwtsn_pid: int = 301

    @property
    def when_text(self) -> str:
        w, ms = self.when, self.when.microsecond // 1000
        if self.padded:
            return f"{w.month}/{w.day:2d}/{w.year} @ {w.hour:2d}:{w.minute:2d}:{w.second:2d}.{ms:03d}"
        return f"{w.month}/{w.day}/{w.year} @ {w.hour}:{w.minute}:{w.second}.{ms:03d}"

    @property
    def function(self) -> str:
        return self.threads[self.fault].function


def asm(start: int, instrs: list, fault: int | None = None) -> list[str]:
    """Disassembly lines as NT4 Dr. Watson prints them: address, opcode bytes, mnemonic, operands,
    and the memory operand's value ("ds:0013a2e0=0013a6f0") at the end of the line. Addresses
    follow from the opcode lengths. fault: index of the instruction marked FAULT ->."""
    out, addr = [], start
    for i, ins in enumerate(instrs):
        hexb, text, note = (ins + ("",))[:3]
        mnem, _, ops = text.partition(" ")
        body = f"{mnem:<8}{ops}"
        if note:
            body = f"{body:<31}{note}" if len(body) < 31 else f"{body} {note}"
        prefix = "FAULT ->" if i == fault else "        "
        out.append(f"{prefix}{addr:08x} {hexb:<17}{body}".rstrip())
        addr += len(hexb) // 2
    return out


def stub(name: str, addr: int, number: int, ret: int, esp: int, arg: int) -> tuple[str, list[str], int]:
    """An ntdll system-call stub (the function a waiting thread sits in) and its eip."""
    code = asm(addr, [(f"b8{number:02x}000000", f"mov eax,0x{number:x}"),
                      ("8d542404", "lea edx,[esp+0x4]", f"ss:{esp + 4:08x}={arg:08x}"),
                      ("cd2e", "int 2e"),
                      (f"c2{ret:02x}00", f"ret 0x{ret:x}")])
    return name, code, addr + 11


def waiting_thread(tid: int, stub_args: tuple, frames: list, regs: dict) -> Thread:
    name, code, eip = stub(*stub_args)
    r = dict(regs)
    r["eip"] = eip
    return Thread(tid, r, "nv up ei pl zr na po nc", 0x246, name, code, frames)


def regs(eax, ebx, ecx, edx, esi, edi, esp, ebp, eip=0) -> dict:
    return dict(eax=eax, ebx=ebx, ecx=ecx, edx=edx, esi=esi, edi=edi, eip=eip, esp=esp, ebp=ebp)


def wait_single(tid: int, esp: int, frames_after: list, handle: int = 0x74) -> Thread:
    return waiting_thread(tid, ("NtWaitForSingleObject", 0x77F682B4, 0xC5, 0xC, esp, handle),
                          [("ntdll", "NtWaitForSingleObject", "")] + frames_after,
                          regs(0, 0, 0, 0, handle, 0, esp, esp + 0x2C))


def wait_multiple(tid: int, esp: int, frames_after: list) -> Thread:
    return waiting_thread(tid, ("NtWaitForMultipleObjects", 0x77F682C0, 0xC4, 0x14, esp, 2),
                          [("ntdll", "NtWaitForMultipleObjects", "")] + frames_after,
                          regs(0xC0, 0, 0, 0, 2, esp + 0x48, esp, esp + 0x40))


def reply_wait(tid: int, esp: int, frames_after: list) -> Thread:
    return waiting_thread(tid, ("NtReplyWaitReceivePort", 0x77F67B80, 0xA8, 0x10, esp, 0x1C),
                          [("ntdll", "NtReplyWaitReceivePort", "")] + frames_after,
                          regs(0x13D4C8, 0, 0x13D4C8, 0, 0x1C, 0, esp, esp + 0x30))


def delay_thread(tid: int, esp: int, frames_after: list) -> Thread:
    return waiting_thread(tid, ("NtDelayExecution", 0x77F67EDC, 0x1B, 0x8, esp, 0),
                          [("ntdll", "NtDelayExecution", ""), ("kernel32", "SleepEx", "  (FPO: [2,0,3])")]
                          + frames_after,
                          regs(0, 0, 0x7FFDD000, 0, 0, esp + 0x10, esp, esp + 0x24))


def io_completion(tid: int, esp: int, frames_after: list) -> Thread:
    return waiting_thread(tid, ("NtRemoveIoCompletion", 0x77F68CA8, 0x8B, 0x14, esp, 0x58),
                          [("ntdll", "NtRemoveIoCompletion", "")] + frames_after,
                          regs(0, 0, 0, 0, 0x58, 0, esp, esp + 0x38))


RPC_WORKER = [("rpcrt4", "<nosymbols>", ""), ("rpcrt4", "<nosymbols>", ""), ("kernel32", "BaseThreadStart", "")]
SERVICE_MAIN_THREAD = [("kernel32", "WaitForMultipleObjects", "  (FPO: [4,0,0])"), ("advapi32", "<nosymbols>", "")]


# --- The crashes ----------------------------------------------------------------------------

def wcscpy_thread(tid: int) -> Thread:
    code = asm(0x77F8A3C4, [
        ("57", "push edi"),
        ("8b7c2408", "mov edi,[esp+0x8]", "ss:00e2fc48=0013c6a0"),
        ("8b54240c", "mov edx,[esp+0xc]", "ss:00e2fc4c=00a0fffa"),
        ("8bc7", "mov eax,edi"),
        ("0fb70a", "movzx ecx,word ptr [edx]", "ds:00a10000=????"),
        ("66890f", "mov [edi],cx", "ds:0013c6a0=0050"),
        ("83c202", "add edx,0x2"),
        ("83c702", "add edi,0x2"),
        ("6685c9", "test cx,cx"),
        ("75ef", "jnz wcscpy+0xb (77f8a3cf)"),
        ("5f", "pop edi"),
        ("c3", "ret"),
    ], fault=4)
    return Thread(tid, regs(0x13C6A0, 0x13C6A0, 0x3A, 0xA10000, 0x13C5F0, 0x13C6FA, 0xE2FC44, 0xE2FC60, 0x77F8A3CF),
                  "nv up ei pl nz na pe nc", 0x202, "wcscpy", code, [
                      ("ntdll", "wcscpy", "  (FPO: [2,0,1])"),
                      ("lprmon", "ParseQueueName", ""),
                      ("lprmon", "LprOpenPort", ""),
                      ("localspl", "OpenMonitorPort", ""),
                      ("localspl", "LocalStartDocPrinter", ""),
                      ("spoolss", "RpcStartDocPrinter", ""),
                      ("rpcrt4", "<nosymbols>", ""),
                      ("rpcrt4", "<nosymbols>", ""),
                      ("kernel32", "BaseThreadStart", ""),
                  ])


def spoolss_wcscpy(host: Host, when: dt.datetime, pid: int, variant: str) -> Crash:
    return Crash(host, "spoolss", pid, when, "c0000005", "access violation",
                 ["spoolss"] + BASE_DLLS + ["spoolss_dll", "localspl", "lprmon", "wsock32", "ws2_32", "ws2help"],
                 [wait_single(0x5C, 0x0012FE2C, [("kernel32", "WaitForSingleObject", "  (FPO: [2,0,0])"),
                                                  ("spoolss", "<nosymbols>", ""),
                                                  ("kernel32", "BaseProcessStart", "")]),
                  reply_wait(0x8C, 0x00DDFE74, list(RPC_WORKER)),
                  wcscpy_thread(0x9C)],
                 fault=2, address=0x77F8A3CF, variant=variant)


def snmp_breakpoint(host: Host, when: dt.datetime) -> Crash:
    code = asm(0x77F76148, [
        ("cc", "int 3"),
        ("c3", "ret"),
        ("cc", "int 3"),
        ("c3", "ret"),
        ("8b442404", "mov eax,[esp+0x4]", "ss:0061fe84=0061fea0"),
        ("cc", "int 3"),
        ("c20400", "ret 0x4"),
    ], fault=0)
    fault = Thread(0x7A, regs(0x1, 0x0, 0x61FE90, 0x0, 0x1000A3C8, 0x0, 0x61FE7C, 0x61FE98, 0x77F76148),
                   "nv up ei pl zr na po nc", 0x246, "DbgBreakPoint", code, [
                       ("ntdll", "DbgBreakPoint", ""),
                       ("upsmib", "<nosymbols>", ""),
                       ("upsmib", "<nosymbols>", ""),
                       ("snmp", "<nosymbols>", ""),
                       ("kernel32", "BaseThreadStart", ""),
                   ])
    main = wait_multiple(0x6E, 0x0012FD94, [("kernel32", "WaitForMultipleObjects", "  (FPO: [4,0,0])"),
                                             ("snmp", "<nosymbols>", ""),
                                             ("kernel32", "BaseProcessStart", "")])
    return Crash(host, "snmp", 143, when, "80000003", "hardcoded breakpoint",
                 ["snmp"] + BASE_DLLS + ["snmpapi", "inetmib1", "upsmib", "wsock32", "ws2_32", "ws2help", "msafd"],
                 [main, fault], fault=1, address=0x77F76148, variant="nocomma")


def inetinfo_overflow(host: Host, when: dt.datetime) -> Crash:
    code = asm(0x10001260, [
        ("55", "push ebp"),
        ("8bec", "mov ebp,esp"),
        ("81ec0c020000", "sub esp,0x20c"),
        ("53", "push ebx"),
        ("56", "push esi"),
        ("8b7508", "mov esi,[ebp+0x8]", "ss:00a42224=00a4263c"),
        ("57", "push edi"),
        ("8d85f4fdffff", "lea eax,[ebp-0x20c]", "ss:00a42010=????????"),
        ("50", "push eax", "ss:00a41ffc=????????"),
        ("56", "push esi"),
        ("e8c3ffffff", "call 1000123f"),
    ], fault=8)
    fault = Thread(0xB3, regs(0xA42010, 0x0, 0x104, 0x0, 0xA4263C, 0x0, 0xA42000, 0xA4221C, 0x10001275),
                   "nv up ei pl nz na po nc", 0x206, "<nosymbols>", code,
                   [("ordfilt", "<nosymbols>", "")] * 6 + [
                       ("w3svc", "<nosymbols>", ""),
                       ("w3svc", "<nosymbols>", ""),
                       ("isatq", "<nosymbols>", ""),
                       ("kernel32", "BaseThreadStart", ""),
                   ])
    atq = io_completion(0x9E, 0x0093FF20, [("kernel32", "GetQueuedCompletionStatus", "  (FPO: [5,0,3])"),
                                            ("isatq", "<nosymbols>", ""),
                                            ("kernel32", "BaseThreadStart", "")])
    sched = delay_thread(0xC1, 0x00B5FF5C, [("infocomm", "<nosymbols>", ""),
                                             ("kernel32", "BaseThreadStart", "")])
    return Crash(host, "inetinfo", 211, when, "c00000fd", "stack overflow",
                 ["inetinfo"] + BASE_DLLS + ["msvcrt", "infocomm", "isatq", "w3svc", "ordfilt", "wsock32", "ws2_32",
                                             "ws2help", "msafd"],
                 [atq, fault, sched], fault=1, address=0x10001275, variant="periods")


def rtlallocateheap_thread(tid: int, frames: list) -> Thread:
    code = asm(0x77F6B4C8, [
        ("8b4df4", "mov ecx,[ebp-0xc]", "ss:00c3fd2c=0013a2d8"),
        ("8b4108", "mov eax,[ecx+0x8]", "ds:0013a2e0=00150178"),
        ("8945e4", "mov [ebp-0x1c],eax", "ss:00c3fd1c=00000000"),
        ("8b510c", "mov edx,[ecx+0xc]", "ds:0013a2e4=00150178"),
        ("8955e0", "mov [ebp-0x20],edx", "ss:00c3fd18=00000018"),
        ("3bc2", "cmp eax,edx"),
        ("0f85ac010000", "jne RtlAllocateHeap+0x29b (77f6b68b)"),
        ("8b4204", "mov eax,[edx+0x4]", "ds:0015017c=0041004c"),
        ("8908", "mov [eax],ecx", "ds:0041004c=????????"),
        ("894804", "mov [eax+0x4],ecx", "ds:00410050=????????"),
        ("8b4de8", "mov ecx,[ebp-0x18]", "ss:00c3fd28=00000018"),
        ("66894e02", "mov [esi+0x2],cx", "ds:00150182=0000"),
    ], fault=8)
    return Thread(tid, regs(0x41004C, 0x130000, 0x13A2D8, 0x150178, 0x150180, 0x18, 0xC3FCE8, 0xC3FD38, 0x77F6B4E2),
                  "nv up ei pl zr na po nc", 0x246, "RtlAllocateHeap", code, frames)


def rpcss_heap(host: Host, when: dt.datetime) -> Crash:
    fault = rtlallocateheap_thread(0x7C, [
        ("ntdll", "RtlAllocateHeap", ""),
        ("rpcss", "ScmMemAlloc", ""),
        ("rpcss", "CEndpointList::AddStaticEndpoint", ""),
        ("rpcss", "CServerTableEntry::RegisterServer", ""),
        ("rpcss", "ServerRegisterClsid", ""),
        ("rpcrt4", "<nosymbols>", ""),
        ("rpcrt4", "<nosymbols>", ""),
        ("rpcrt4", "<nosymbols>", ""),
        ("kernel32", "BaseThreadStart", ""),
    ])
    main = wait_multiple(0x60, 0x0012FD80, SERVICE_MAIN_THREAD + [("rpcss", "wmain", ""),
                                                                   ("kernel32", "BaseProcessStart", "")])
    gc = delay_thread(0x88, 0x00B1FF70, [("kernel32", "Sleep", "  (FPO: [1,0,0])"),
                                          ("rpcss", "GarbageCollectionThread", ""),
                                          ("kernel32", "BaseThreadStart", "")])
    worker = reply_wait(0xA4, 0x00D3FE60, [("rpcrt4", "<nosymbols>", "")] + RPC_WORKER)
    return Crash(host, "rpcss", 122, when, "c0000005", "access violation",
                 ["rpcss"] + BASE_DLLS + ["ole32", "msvcrt", "wsock32", "ws2_32", "ws2help", "msafd"],
                 [main, fault, gc, worker], fault=1, address=0x77F6B4E2, raw_stack=True,
                 extra_tasks=((355, "ordcalc.exe"),), drwtsn_pid=372)


def spoolss_heap(host: Host, when: dt.datetime) -> Crash:
    """The rpcss crash of Q292041 moved into the spooler: same function, same instruction."""
    fault = rtlallocateheap_thread(0x94, [
        ("ntdll", "RtlAllocateHeap", ""),
        ("localspl", "AllocSplMem", ""),
        ("localspl", "CreateJobEntry", ""),
        ("localspl", "LocalStartDocPrinter", ""),
        ("spoolss", "RpcStartDocPrinter", ""),
        ("rpcrt4", "<nosymbols>", ""),
        ("rpcrt4", "<nosymbols>", ""),
        ("kernel32", "BaseThreadStart", ""),
    ])
    main = wait_single(0x5C, 0x0012FE2C, [("kernel32", "WaitForSingleObject", "  (FPO: [2,0,0])"),
                                          ("spoolss", "<nosymbols>", ""),
                                          ("kernel32", "BaseProcessStart", "")])
    return Crash(host, "spoolss", 71, when, "c0000005", "access violation",
                 ["spoolss"] + BASE_DLLS + ["spoolss_dll", "localspl", "lprmon", "wsock32", "ws2_32", "ws2help"],
                 [main, reply_wait(0x78, 0x00DDFE74, list(RPC_WORKER)), fault], fault=2, address=0x77F6B4E2,
                 raw_stack=True, drwtsn_pid=288)


def dllhost_memmove(host: Host, when: dt.datetime) -> Crash:
    code = asm(0x78003F10, [
        ("57", "push edi"),
        ("56", "push esi"),
        ("8b742410", "mov esi,[esp+0x10]", "ss:0103fb60=02a4dff0"),
        ("8b4c2414", "mov ecx,[esp+0x14]", "ss:0103fb64=00000400"),
        ("8b7c240c", "mov edi,[esp+0xc]", "ss:0103fb5c=0016e2c8"),
        ("8bc1", "mov eax,ecx"),
        ("8bd1", "mov edx,ecx"),
        ("03c6", "add eax,esi"),
        ("3bfe", "cmp edi,esi"),
        ("7608", "jbe memmove+0x20 (78003f30)"),
        ("3bf8", "cmp edi,eax"),
        ("0f8274010000", "jb memmove+0x194 (780040a4)"),
        ("c1e902", "shr ecx,0x2"),
        ("83e203", "and edx,0x3"),
        ("f3a5", "rep movsd", "ds:02a4e000=????????"),
        ("8bca", "mov ecx,edx"),
        ("f3a4", "rep movsb", "ds:02a4e000=??"),
    ], fault=14)
    fault = Thread(0x14C, regs(0x2A4E3F0, 0x0, 0xFC, 0x0, 0x2A4E000, 0x16E2D8, 0x103FB50, 0x103FB7C, 0x78003F36),
                   "nv up ei pl nz ac po nc", 0x216, "memmove", code, [
                       ("msvcrt", "memmove", "  (FPO: [3,0,2])"),
                       ("ordrpt", "<nosymbols>", ""),
                       ("ordrpt", "<nosymbols>", ""),
                       ("ole32", "<nosymbols>", ""),
                       ("rpcrt4", "<nosymbols>", ""),
                       ("rpcrt4", "<nosymbols>", ""),
                       ("kernel32", "BaseThreadStart", ""),
                   ])
    main = wait_single(0x138, 0x0012FE44, [("kernel32", "WaitForSingleObject", "  (FPO: [2,0,0])"),
                                           ("dllhost", "<nosymbols>", ""),
                                           ("kernel32", "BaseProcessStart", "")], handle=0x38)
    com = reply_wait(0x160, 0x00E4FE70, list(RPC_WORKER))
    return Crash(host, "dllhost", 311, when, "c0000005", "access violation",
                 ["dllhost"] + BASE_DLLS + ["ole32", "oleaut32", "msvcrt", "ordrpt"],
                 [main, fault, com], fault=1, address=0x78003F36, padded=True, user="svc_ordrpt",
                 extra_tasks=((311, "dllhost.exe"),), drwtsn_pid=398)


def rtlfreeheap_thread(tid: int) -> Thread:
    code = asm(0x77F64B64, [
        ("8b4608", "mov eax,[esi+0x8]", "ds:0015a2f0=feeefeee"),
        ("8b4e0c", "mov ecx,[esi+0xc]", "ds:0015a2f4=feeefeee"),
        ("8945f8", "mov [ebp-0x8],eax", "ss:0077fd70=00000000"),
        ("894df4", "mov [ebp-0xc],ecx", "ss:0077fd6c=00000000"),
        ("8b16", "mov edx,[esi]", "ds:0015a2e8=0015a2e0"),
        ("3bd6", "cmp edx,esi"),
        ("0f8598620000", "jne RtlFreeHeap+0x6382 (77f6ae12)"),
        ("8b5004", "mov edx,[eax+0x4]", "ds:feeefef2=????????"),
        ("3bd6", "cmp edx,esi"),
        ("0f858d620000", "jne RtlFreeHeap+0x6382 (77f6ae12)"),
        ("8901", "mov [ecx],eax"),
        ("894804", "mov [eax+0x4],ecx"),
    ], fault=7)
    return Thread(tid, regs(0xFEEEFEEE, 0x140000, 0xFEEEFEEE, 0x15A2E0, 0x15A2E8, 0x15A2E0, 0x77FD58, 0x77FD78, 0x77F64B7A),
                  "nv up ei ng nz na pe nc", 0x282, "RtlFreeHeap", code, [
                      ("ntdll", "RtlFreeHeap", ""),
                      ("dhcpssvc", "DhcpFreeMemory", ""),
                      ("dhcpssvc", "DhcpReleaseRequestContext", ""),
                      ("dhcpssvc", "DhcpProcessingLoop", ""),
                      ("tcpsvcs", "ServiceWorkerThread", ""),
                      ("kernel32", "BaseThreadStart", ""),
                  ])


def tcpsvcs_heap(when: dt.datetime) -> Crash:
    main = wait_multiple(0x52, 0x0012FD84, SERVICE_MAIN_THREAD + [("tcpsvcs", "main", ""),
                                                                   ("kernel32", "BaseProcessStart", "")])
    listen = wait_single(0x7E, 0x0087FE10, [("msafd", "<nosymbols>", ""),
                                            ("ws2_32", "<nosymbols>", ""),
                                            ("wsock32", "recvfrom", ""),
                                            ("dhcpssvc", "DhcpMessageLoop", ""),
                                            ("kernel32", "BaseThreadStart", "")], handle=0x108)
    return Crash(NETSRV01, "tcpsvcs", 83, when, "c0000005", "access violation",
                 ["tcpsvcs"] + BASE_DLLS + ["dhcpssvc", "jet", "netapi32", "samlib", "wsock32", "ws2_32", "ws2help",
                                            "msafd"],
                 [main, rtlfreeheap_thread(0x6A), listen], fault=1, address=0x77F64B7A, raw_stack=True,
                 drwtsn_pid=214)


def llssrv_wcslen(when: dt.datetime) -> Crash:
    code = asm(0x77F8A470, [
        ("8b442404", "mov eax,[esp+0x4]", "ss:0067fe98=00000000"),
        ("66833800", "cmp word ptr [eax],0x0", "ds:00000000=????"),
        ("7404", "jz wcslen+0xe (77f8a47e)"),
        ("40", "inc eax"),
        ("40", "inc eax"),
        ("ebf6", "jmp wcslen+0x4 (77f8a474)"),
        ("2b442404", "sub eax,[esp+0x4]", "ss:0067fe98=00000000"),
        ("d1f8", "sar eax,1"),
        ("c3", "ret"),
    ], fault=1)
    fault = Thread(0x9A, regs(0x0, 0x0, 0x15C3A8, 0x67FEC0, 0x15C3A8, 0x0, 0x67FE94, 0x67FEB4, 0x77F8A474),
                   "nv up ei pl zr na po nc", 0x246, "wcslen", code, [
                       ("ntdll", "wcslen", "  (FPO: [1,0,0])"),
                       ("llssrv", "<nosymbols>", ""),
                       ("llssrv", "<nosymbols>", ""),
                       ("rpcrt4", "<nosymbols>", ""),
                       ("rpcrt4", "<nosymbols>", ""),
                       ("kernel32", "BaseThreadStart", ""),
                   ])
    main = wait_multiple(0x5E, 0x0012FD90, SERVICE_MAIN_THREAD + [("llssrv", "<nosymbols>", ""),
                                                                   ("kernel32", "BaseProcessStart", "")])
    return Crash(NETSRV01, "llssrv", 91, when, "c0000005", "access violation",
                 ["llssrv"] + BASE_DLLS + ["netapi32", "samlib"], [fault, main], fault=0, address=0x77F8A474,
                 variant="nocomma", drwtsn_pid=176)


def rpcss_ndr(host: Host, when: dt.datetime) -> Crash:
    """rpcss.exe faults while unmarshalling a string: no heap function anywhere."""
    code = asm(0x77E2C5C0, [
        ("8b7d08", "mov edi,[ebp+0x8]", "ss:00d3fb18=0015d6a0"),
        ("8b4710", "mov eax,[edi+0x10]", "ds:0015d6b0=01a2effd"),
        ("83c003", "add eax,0x3"),
        ("24fc", "and al,0xfc"),
        ("894710", "mov [edi+0x10],eax", "ds:0015d6b0=01a2effd"),
        ("8b08", "mov ecx,[eax]", "ds:01a2f000=????????"),
        ("894dfc", "mov [ebp-0x4],ecx", "ss:00d3fb0c=00000000"),
        ("8b5004", "mov edx,[eax+0x4]", "ds:01a2f004=????????"),
        ("8955f8", "mov [ebp-0x8],edx", "ss:00d3fb08=00000000"),
    ], fault=5)
    fault = Thread(0xA4, regs(0x1A2F000, 0x0, 0x0, 0x1A2EFF0, 0x15D6A0, 0x15D6A0, 0xD3FAF8, 0xD3FB10, 0x77E2C5CE),
                   "nv up ei pl nz na po nc", 0x206, "NdrConformantStringUnmarshall", code, [
                       ("rpcrt4", "NdrConformantStringUnmarshall", ""),
                       ("rpcrt4", "NdrPointerUnmarshall", ""),
                       ("rpcrt4", "NdrStubCall2", ""),
                       ("rpcrt4", "NdrServerCall2", ""),
                       ("rpcss", "ObjectExporterDispatch", ""),
                       ("rpcrt4", "<nosymbols>", ""),
                       ("rpcrt4", "<nosymbols>", ""),
                       ("rpcrt4", "<nosymbols>", ""),
                   ])
    main = wait_multiple(0x60, 0x0012FD80, SERVICE_MAIN_THREAD + [("rpcss", "wmain", ""),
                                                                   ("kernel32", "BaseProcessStart", "")])
    gc = delay_thread(0x88, 0x00B1FF70, [("kernel32", "Sleep", "  (FPO: [1,0,0])"),
                                          ("rpcss", "GarbageCollectionThread", ""),
                                          ("kernel32", "BaseThreadStart", "")])
    return Crash(host, "rpcss", 122, when, "c0000005", "access violation",
                 ["rpcss"] + BASE_DLLS + ["ole32", "msvcrt", "wsock32", "ws2_32", "ws2help", "msafd"],
                 [main, fault, gc], fault=1, address=0x77E2C5CE, drwtsn_pid=344)


def ms(d: dt.datetime, millis: int) -> dt.datetime:
    return d.replace(microsecond=millis * 1000)


Q292041_CRASHES = [
    spoolss_wcscpy(COMSRV02, ms(dt.datetime(1999, 8, 23, 14, 7, 31), 406), 68, "period"),
    snmp_breakpoint(COMSRV02, ms(dt.datetime(2000, 2, 14, 3, 12, 55), 250)),
    inetinfo_overflow(COMSRV02, ms(dt.datetime(2000, 11, 6, 22, 41, 17), 870)),
    rpcss_heap(COMSRV02, ms(dt.datetime(2001, 5, 10, 17, 49, 58), 123)),
    dllhost_memmove(COMSRV02, ms(dt.datetime(2001, 6, 2, 9, 4, 7), 15)),
]
RPCSS_CRASH = Q292041_CRASHES[3]
TCPSVCS_CRASH = tcpsvcs_heap(ms(dt.datetime(2000, 6, 1, 9, 15, 42), 311))
NETSRV01_CRASHES = [llssrv_wcslen(ms(dt.datetime(1999, 12, 14, 2, 30, 11), 208)), TCPSVCS_CRASH]
PRNSRV04_CRASHES = [spoolss_wcscpy(PRNSRV04, ms(dt.datetime(2000, 3, 9, 16, 22, 3), 77), 71, "period"),
                    spoolss_heap(PRNSRV04, ms(dt.datetime(2001, 5, 10, 17, 49, 58), 123))]
RPCSS_NDR_CRASHES = [Q292041_CRASHES[0], rpcss_ndr(COMSRV02, ms(dt.datetime(2001, 3, 2, 11, 26, 40), 552))]


# --- The Dr. Watson log writer (D1) ----------------------------------------------------------

def module_of(addr: int, keys: list) -> str:
    for k in keys:
        base, end, _ = MOD[k]
        if base <= addr < end:
            return k
    raise ValueError(hex(addr))


def frame_lines(c: Crash, th: Thread) -> list[str]:
    """Stack Back Trace rows: FramePtr grows outwards from ebp, each return address lies in the
    caller's module, the parameters are filler from a fixed generator."""
    rng = Lcg(f"{c.host.name}/{c.app}/{c.when.isoformat()}/{th.tid:x}")
    # The frames lie between ebp and the top of the thread's stack (the next 64 KB boundary), the
    # outermost one just below the top, as BaseThreadStart's frame is.
    top = (th.regs["esp"] | 0xFFFF) + 1
    weights = [1 + rng.below(8) for _ in th.frames[:-1]]
    avail = top - 0x14 - th.regs["ebp"]
    fps, acc = [], 0
    for w in weights:
        fps.append((th.regs["ebp"] + avail * acc // sum(weights)) & ~3)
        acc += w
    fps.append(top - 0x14)
    rows = []
    for i, (mod, func, suffix) in enumerate(th.frames):
        fp = fps[i]
        if i + 1 < len(th.frames):
            base, end, _ = MOD[th.frames[i + 1][0]]
            ret = base + 0x1000 + rng.below(end - base - 0x1000)
        else:
            ret = 0
        params = []
        for _ in range(4):
            kind = rng.below(5)
            if kind == 0:
                params.append(0)
            elif kind == 1:
                params.append(rng.below(0x200))
            elif kind == 2:
                params.append(min(fp + 0x10 + 4 * rng.below(0x60), top - 4))
            elif kind == 3:
                params.append(0x130000 + 8 * rng.below(0x8000))
            else:
                base, end, _ = MOD[mod]
                params.append(base + rng.below(end - base))
        rows.append(f"{fp:08x} {ret:08x} " + " ".join(f"{p:08x}" for p in params) + f" {mod}!{func}{suffix}")
    return rows


def raw_stack(c: Crash, th: Thread) -> list[str]:
    rng = Lcg(f"raw/{c.host.name}/{c.app}/{c.when.isoformat()}")
    addr = th.regs["esp"] & ~0xF
    rows = []
    for _ in range(8):
        b = bytearray()
        for _ in range(4):
            kind = rng.below(4)
            w = (0 if kind == 0 else rng.below(0x100) if kind == 1 else
                 0x130000 + 4 * rng.below(0x10000) if kind == 2 else 0x77F60000 + rng.below(0x5E000))
            b += w.to_bytes(4, "little")
        if rng.below(4) == 0:  # a fragment of a UTF-16 endpoint string, as heap blocks hold them
            b[0:8] = "ncac".encode("utf-16-le")
        hexs = " ".join(f"{x:02x}" for x in b[:8]) + " - " + " ".join(f"{x:02x}" for x in b[8:])
        text = "".join(chr(x) if 0x20 <= x < 0x7F else "." for x in b)
        rows.append(f"{addr:08x}  {hexs}  {text}")
        addr += 16
    return rows


def drwatson_section(c: Crash) -> list[str]:
    h = c.host
    out = [
        "Application exception occurred:",
        f"        App: exe\\{c.app}.dbg (pid={c.pid})",
        f"        When: {c.when_text}",
        f"        Exception number: {c.code} ({c.code_name})",
        "",
        "*----> System Information <----*",
        f"        Computer Name: {h.name}",
        f"        User Name: {c.user}",
        f"        Number of Processors: {h.cpus}",
        f"        Processor Type: {h.cpu}",
        "        Windows Version: 4.0",
        "        Current Build: 1381",
        f"        Current Type: {h.ctype}",
        f"        Registered Organization: {h.org}",
        f"        Registered Owner: {h.owner}",
        "",
        "*----> Task List <----*",
    ]
    tasks = list(h.tasks) + [t for t in c.extra_tasks if t not in h.tasks]
    assert (c.pid, f"{c.app}.exe") in [(p, n.lower()) for p, n in tasks], (c.app, c.pid)
    tasks += [(c.drwtsn_pid, "drwtsn32.exe"), (0, "_Total.exe")]
    out += [f"{pid:3d} {name}" for pid, name in tasks]
    out.append("")
    out += [f"({MOD[k][0]:08x} - {MOD[k][1]:08x}) {MOD[k][2]}" for k in c.modules]
    for i, th in enumerate(c.threads):
        assert module_of(th.regs["eip"], c.modules) == th.frames[0][0], (c.app, th.function)
        r = th.regs
        out += [
            "",
            f"State Dump for Thread Id 0x{th.tid:x}",
            "",
            " ".join(f"{k}={r[k]:08x}" for k in ("eax", "ebx", "ecx", "edx", "esi", "edi")),
            f"eip={r['eip']:08x} esp={r['esp']:08x} ebp={r['ebp']:08x} iopl=0         {th.flags}",
            f"cs=001b  ss=0023  ds=0023  es=0023  fs=0038  gs=0000             efl={th.efl:08x}",
            "",
            f"function: {th.function}",
            *th.code,
            "",
            "*----> Stack Back Trace <----*",
            "",
            "FramePtr ReturnAd Param#1  Param#2  Param#3  Param#4  Function Name",
            *frame_lines(c, th),
        ]
        assert (i == c.fault) == any(line.startswith("FAULT ->") for line in th.code)
    if c.raw_stack:
        out += ["", "*----> Raw Stack Dump <----*", *raw_stack(c, c.threads[c.fault])]
    return out + ["", ""]


def drwatson_log(crashes: list[Crash]) -> str:
    """drwtsn32.log: the sections appended oldest first, nothing between them but blank lines."""
    return "\n".join(line for c in crashes for line in drwatson_section(c))


# --- Events -----------------------------------------------------------------------------------

def drwatson_event(c: Crash) -> Event:
    """The Application-log event Dr. Watson writes for the crash (D2), one of its wordings."""
    app, when, code, addr, func = f"exe\\{c.app}.dbg", c.when_text, c.code, f"{c.address:08x}", c.function
    msg = {
        "plain": f"The application, {app}, generated an application error The error occurred on {when} "
                 f"The exception generated was {code} at address {addr} ({func})",
        "period": f"The application, {app}, generated an application error. The error occurred on {when} "
                  f"The exception generated was {code} at address {addr} ({func})",
        "nocomma": f"The application {app} generated an application error The error occurred on {when} "
                   f"The exception generated was {code} at address {addr} ({func})",
        "periods": f"The application, {app}, generated an application error. The error occurred on {when}. "
                   f"The exception generated was {code} at address {addr} ({func})",
    }[c.variant]
    return Event("Application", c.when.replace(microsecond=0), "DrWatson", 4097, "Information", msg,
                 strings=[app, when, code, addr, func])


def ev(log: str, when: dt.datetime, source: str, eid: int, etype: str, msg: str, strings=None, user=None,
       category: int = 0, category_name: str = "None", vista_category: str | None = None) -> Event:
    return Event(log, when, source, eid, etype, msg, strings=list(strings or []), user=user, category=category,
                 category_name=category_name, vista_category=vista_category)


FABRIKAM_ADMIN = User("S-1-5-21-2049231716-3861294110-1423785046-500", "FABRIKAM\\Administrator", "Administrator")
FABRIKAM_PRINT = User("S-1-5-21-2049231716-3861294110-1423785046-1288", "FABRIKAM\\kwalsh", "kwalsh")


def sql_log_backup(when: dt.datetime, first: str, last: str, seq: int) -> Event:
    msg = (f"18265 :\nLog backed up: Database: orders, creation date(time): 1999/03/02(21:14:55), "
           f"first LSN: {first}, last LSN: {last}, sequence number: {seq}, number of dump devices: 1, "
           "device information: (FILE=1, TYPE=DISK: {'D:\\Backup\\orders_log.bak'}).")
    return ev("Application", when, "MSSQLServer", 17055, "Information", msg, ["18265", first, last, str(seq)],
              category=2, category_name="(2)")


def mcafee_update(when: dt.datetime, dat: str, ok: bool = True) -> Event:
    if ok:
        return ev("Application", when, "McLogEvent", 5, "Information",
                  f"NetShield NT AutoUpdate completed successfully. DAT version {dat}, engine version 4.0.70.",
                  [dat, "4.0.70"])
    return ev("Application", when, "McLogEvent", 5, "Warning",
              f"NetShield NT AutoUpdate failed: the update site could not be reached. "
              f"The current DAT files ({dat}) remain in use.", [dat])


def q292041_application() -> list[Event]:
    d = dt.datetime
    noise = [
        mcafee_update(d(1999, 8, 23, 9, 0, 12), "4.0.4040"),
        sql_log_backup(d(1999, 8, 23, 13, 0, 3), "1412:283:1", "1412:301:1", 1),
        ev("Application", d(1999, 8, 23, 14, 20, 44), "LicenseService", 202, "Warning",
           "Replication of license information failed: the License Logging Service on \\\\PDC01 "
           "could not be reached.", ["\\\\PDC01"]),
        sql_log_backup(d(1999, 8, 23, 17, 0, 2), "1412:301:1", "1412:344:1", 2),
        mcafee_update(d(2000, 2, 14, 2, 45, 10), "4.0.4061"),
        ev("Application", d(2000, 2, 14, 3, 13, 30), "SNMP", 1106, "Warning",
           "The SNMP Service could not load extension agent C:\\Program Files\\UPSagent\\upsmib.dll.\n"
           "The agent will not be queried until the service is restarted.",
           ["C:\\Program Files\\UPSagent\\upsmib.dll"]),
        sql_log_backup(d(2000, 2, 14, 5, 0, 4), "2203:17:1", "2203:95:1", 1),
        sql_log_backup(d(2000, 11, 6, 21, 0, 3), "3590:410:1", "3590:488:1", 3),
        ev("Application", d(2000, 11, 6, 22, 30, 9), "OrdFilt", 3, "Information",
           "Order lookup filter loaded (rules file D:\\InetPub\\ordfilt.ini, 214 rules).",
           ["D:\\InetPub\\ordfilt.ini", "214"]),
        mcafee_update(d(2000, 11, 6, 23, 15, 40), "4.0.4102", ok=False),
        mcafee_update(d(2001, 5, 10, 8, 0, 5), "4.0.4132"),
        sql_log_backup(d(2001, 5, 10, 13, 0, 2), "4411:52:1", "4411:130:1", 1),
        ev("Application", d(2001, 5, 10, 17, 21, 44), "OrdCalc", 100, "Information",
           "OrdCalc server started (process 349). Class object registered on static endpoint "
           "ncacn_ip_tcp[5150].", ["349", "ncacn_ip_tcp[5150]"]),
        ev("Application", d(2001, 5, 10, 17, 43, 51), "OrdCalc", 101, "Information",
           "OrdCalc server stopped: the last client released its references.", []),
        ev("Application", d(2001, 5, 10, 17, 50, 30), "OrdCalc", 200, "Error",
           "OrdCalc could not register its class object.\nCoRegisterClassObject returned 0x800706ba "
           "(The RPC server is unavailable).", ["0x800706ba"]),
        ev("Application", d(2001, 5, 10, 18, 4, 12), "MSSQLServer", 17162, "Information",
           "SQL Server is starting at priority class 'normal'(2 CPUs detected).", ["normal", "2"],
           category=2, category_name="(2)"),
        ev("Application", d(2001, 5, 10, 18, 4, 31), "McLogEvent", 2, "Information",
           "NetShield NT on-access scanner (McShield) started.", []),
        ev("Application", d(2001, 5, 10, 18, 5, 2), "OrdCalc", 100, "Information",
           "OrdCalc server started (process 197). Class object registered on static endpoint "
           "ncacn_ip_tcp[5150].", ["197", "ncacn_ip_tcp[5150]"]),
        sql_log_backup(d(2001, 5, 10, 21, 0, 3), "4411:130:1", "4411:171:1", 2),
        mcafee_update(d(2001, 6, 2, 8, 30, 0), "4.0.4135"),
        ev("Application", d(2001, 6, 2, 9, 4, 9), "OrdRpt", 12, "Error",
           "Report 'Daily shipments' failed: the component host process exited unexpectedly.",
           ["Daily shipments"]),
        sql_log_backup(d(2001, 6, 2, 13, 0, 3), "4599:8:1", "4599:77:1", 1),
    ]
    return noise + [drwatson_event(c) for c in Q292041_CRASHES]


def netsrv01_system(restart: bool) -> list[Event]:
    d = dt.datetime
    dhcp = "DHCP Server"
    rows = [
        ev("System", d(2000, 5, 31, 16, 12, 30), "Print", 10, "Information",
           "Document 88, Route sheet 31-05.xls owned by kwalsh was printed on LJ5-SHIPPING via port "
           "IP_192.168.20.31.  Size in bytes: 61440; pages printed: 3",
           ["88", "Route sheet 31-05.xls", "kwalsh", "LJ5-SHIPPING", "IP_192.168.20.31", "61440", "3"],
           user=FABRIKAM_PRINT),
        ev("System", d(2000, 5, 31, 17, 40, 2), *scm_sent("Spooler", "stop", FABRIKAM_ADMIN)[:5],
           user=FABRIKAM_ADMIN),
        ev("System", d(2000, 5, 31, 17, 40, 4), *scm_state("Spooler", "stopped")[:5]),
        ev("System", d(2000, 5, 31, 17, 40, 9), *scm_sent("Spooler", "start", FABRIKAM_ADMIN)[:5],
           user=FABRIKAM_ADMIN),
        ev("System", d(2000, 5, 31, 17, 40, 10), *scm_state("Spooler", "running")[:5]),
        ev("System", d(2000, 5, 31, 19, 5, 33), "BROWSER", 8021, "Warning",
           "The browser could not get a server list from the master browser \\\\PDC01 on network "
           "\\Device\\NetBT_E100B1.\nThe data is the error code.", ["\\\\PDC01", "\\Device\\NetBT_E100B1"]),
        ev("System", d(2000, 5, 31, 22, 14, 8), "Rdr", 3013, "Warning",
           "The redirector timed out a request to FILESRV2.", ["FILESRV2"]),
        ev("System", d(2000, 6, 1, 7, 58, 41), "DhcpServer", 1020, "Warning",
           "Scope, 192.168.20.0, is 88 percent full with only 29 IP addresses remaining.",
           ["192.168.20.0", "88", "29"]),
        ev("System", d(2000, 6, 1, 8, 47, 16), "Print", 10, "Information",
           "Document 91, Pick list 0601.doc owned by kwalsh was printed on LJ5-SHIPPING via port "
           "IP_192.168.20.31.  Size in bytes: 23552; pages printed: 1",
           ["91", "Pick list 0601.doc", "kwalsh", "LJ5-SHIPPING", "IP_192.168.20.31", "23552", "1"],
           user=FABRIKAM_PRINT),
        ev("System", d(2000, 6, 1, 10, 5, 50), "Print", 10, "Information",
           "Document 94, Carrier rates, June.xls owned by kwalsh was printed on LJ5-SHIPPING via port "
           "IP_192.168.20.31.  Size in bytes: 40960; pages printed: 2",
           ["94", "Carrier rates, June.xls", "kwalsh", "LJ5-SHIPPING", "IP_192.168.20.31", "40960", "2"],
           user=FABRIKAM_PRINT),
        ev("System", d(2000, 6, 1, 10, 31, 7), "Srv", 2013, "Warning",
           "The D: disk is at or near capacity.  You may need to delete some files.", ["D:"]),
        ev("System", d(2000, 6, 1, 11, 2, 44), "Rdr", 3013, "Warning",
           "The redirector timed out a request to FILESRV2.", ["FILESRV2"]),
    ]
    if restart:
        rows += [
            ev("System", d(2000, 6, 1, 9, 12, 5), *scm_sent(dhcp, "stop", FABRIKAM_ADMIN)[:5], user=FABRIKAM_ADMIN),
            ev("System", d(2000, 6, 1, 9, 12, 7), *scm_state(dhcp, "stopped")[:5]),
            ev("System", d(2000, 6, 1, 9, 12, 9), *scm_sent(dhcp, "start", FABRIKAM_ADMIN)[:5],
               user=FABRIKAM_ADMIN),
            ev("System", d(2000, 6, 1, 9, 12, 11), *scm_state(dhcp, "running")[:5]),
        ]
    return rows


def netsrv01_application(crash: bool) -> list[Event]:
    d = dt.datetime
    rows = [
        mcafee_update(d(2000, 5, 31, 16, 40, 0), "4.0.4078"),
        ev("Application", d(2000, 5, 31, 18, 0, 3), "LicenseService", 202, "Warning",
           "Replication of license information failed: the License Logging Service on \\\\PDC01 "
           "could not be reached.", ["\\\\PDC01"]),
        ev("Application", d(2000, 5, 31, 23, 0, 0), "NTBackup", 8000, "Information",
           "Begin operation on drive D: (normal backup, tape 'NET-WED').", ["D:", "NET-WED"]),
        ev("Application", d(2000, 6, 1, 0, 12, 9), "NTBackup", 8001, "Information",
           "End operation.\nFiles backed up: 41,882\nBytes backed up: 2,113,504,256\nElapsed time: 1:12:09",
           ["41,882", "2,113,504,256", "1:12:09"]),
        ev("Application", d(2000, 6, 1, 2, 0, 0), "McLogEvent", 257, "Information",
           "The scheduled scan task 'Nightly scan' started. Items to scan: C:\\, D:\\ (subfolders included).",
           ["Nightly scan"]),
        ev("Application", d(2000, 6, 1, 2, 51, 18), "McLogEvent", 258, "Information",
           "The scheduled scan task 'Nightly scan' completed.\tDuration: 0:51:18\nFiles scanned: 18,206\n"
           "Files cleaned: 0", ["Nightly scan", "0:51:18", "18,206", "0"]),
        mcafee_update(d(2000, 6, 1, 10, 40, 2), "4.0.4079"),
        ev("Application", d(2000, 6, 1, 11, 20, 5), "LicenseService", 202, "Warning",
           "Replication of license information failed: the License Logging Service on \\\\PDC01 "
           "could not be reached.", ["\\\\PDC01"]),
    ]
    if crash:
        rows.append(drwatson_event(TCPSVCS_CRASH))
    return rows


def appsrv07_application() -> list[Event]:
    """Windows Server 2003: Application Error 1000/1001 and Application Hang 1002 (D3, XP form)."""
    d = dt.datetime
    more = "\n\nFor more information, see Help and Support Center at http://go.microsoft.com/fwlink/events.asp."
    return [
        ev("Application", d(2006, 9, 18, 6, 0, 14), "ESENT", 100, "Information",
           "svchost (1032) The database engine 5.02.3790.3959 started." + more,
           ["svchost", "1032", "5.02.3790.3959"], category=1, category_name="General"),
        ev("Application", d(2006, 9, 18, 6, 2, 40), "SceCli", 1704, "Information",
           "Security policy in the Group policy objects has been applied successfully." + more),
        ev("Application", d(2006, 9, 18, 7, 15, 3), "LoadPerf", 1000, "Information",
           "Performance counters for the RSVP (QoS RSVP) service were loaded successfully. The Record Data "
           "in the data section contains the new index values assigned to this service." + more,
           ["RSVP", "QoS RSVP"]),
        ev("Application", d(2006, 9, 18, 8, 41, 27), "Application Error", 1000, "Error",
           "Faulting application spoolsv.exe, version 5.2.3790.0, faulting module ntdll.dll, version "
           "5.2.3790.0, fault address 0x0001b4e2." + more,
           ["spoolsv.exe", "5.2.3790.0", "ntdll.dll", "5.2.3790.0", "0001b4e2"],
           category=100, category_name="(100)"),
        ev("Application", d(2006, 9, 18, 8, 41, 31), "Application Error", 1001, "Error",
           "Fault bucket 0123456789." + more, ["0123456789"], category=100, category_name="(100)"),
        ev("Application", d(2006, 9, 18, 9, 30, 0), "VSS", 8224, "Information",
           "The VSS service is shutting down due to idle timeout." + more),
        ev("Application", d(2006, 9, 18, 10, 12, 55), "Application Hang", 1002, "Error",
           "Hanging application mmc.exe, version 5.2.3790.0, hang module hungapp, version 0.0.0.0, "
           "hang address 0x00000000." + more,
           ["mmc.exe", "5.2.3790.0", "hungapp", "0.0.0.0", "00000000"], category=101, category_name="(101)"),
        ev("Application", d(2006, 9, 18, 10, 13, 2), "Userenv", 1517, "Warning",
           "Windows saved user FABRIKAM\\svc_report registry while an application or service was still "
           "using the registry during log off. The memory used by the user's registry has not been freed. "
           "The registry will be unloaded when it is no longer in use.\n\n This is often caused by "
           "services running as a user account, try configuring the services to run in either the "
           "LocalService or NetworkService account." + more,
           ["FABRIKAM\\svc_report"], user=SYSTEM),
        ev("Application", d(2006, 9, 18, 11, 0, 1), "ESENT", 101, "Information",
           "svchost (1032) The database engine stopped." + more, ["svchost", "1032"],
           category=1, category_name="General"),
    ]


VISTA_REPORT_ID = "5e1c0b4a-7d2f-11de-9a3b-0019b9f3c21e"


def vista_crash_application() -> list[Event]:
    """Windows Server 2008 SP2 box, Vista-form Application Error 1000 and WER 1001 (D3)."""
    d = dt.datetime
    crash = d(2009, 7, 21, 14, 33, 7)
    msg_1000 = (
        "Faulting application name: svchost.exe_RpcSs, version: 6.0.6002.18005, time stamp: 0x49e0421d\n"
        "Faulting module name: ntdll.dll, version: 6.0.6002.18005, time stamp: 0x49e03824\n"
        "Exception code: 0xc0000374\n"
        "Fault offset: 0x000b015d\n"
        "Faulting process id: 0x2f4\n"
        "Faulting application start time: 0x01c9fb2d8e5f3a10\n"
        "Faulting application path: C:\\Windows\\system32\\svchost.exe\n"
        "Faulting module path: C:\\Windows\\SYSTEM32\\ntdll.dll\n"
        f"Report Id: {VISTA_REPORT_ID}")
    msg_1001 = (
        "Fault bucket 1573420981, type 1\n"
        "Event Name: APPCRASH\n"
        "Response: Not available\n"
        "Cab Id: 0\n"
        "\n"
        "Problem signature:\n"
        "P1: svchost.exe_RpcSs\n"
        "P2: 6.0.6002.18005\n"
        "P3: 49e0421d\n"
        "P4: ntdll.dll\n"
        "P5: 6.0.6002.18005\n"
        "P6: 49e03824\n"
        "P7: c0000374\n"
        "P8: 000b015d\n"
        "P9: \n"
        "P10: \n"
        "\n"
        "Attached files:\n"
        "C:\\Windows\\Temp\\WER7A41.tmp.appcompat.txt\n"
        "C:\\Windows\\Temp\\WER7B2C.tmp.mdmp\n"
        "\n"
        "These files may be available here:\n"
        "C:\\ProgramData\\Microsoft\\Windows\\WER\\ReportArchive\\AppCrash_svchost.exe_Rp_3c9e1f4d8a7b2e6f0c51d9a4"
        "b7e28f3d1c6a_0f2b8e41\n"
        "\n"
        "Analysis symbol: \n"
        "Rechecking for solution: 0\n"
        f"Report Id: {VISTA_REPORT_ID}\n"
        "Report Status: 0")
    return [
        ev("Application", d(2009, 7, 21, 8, 2, 11), "Winlogon", 6000, "Information",
           "The winlogon notification subscriber <SessionEnv> was unavailable to handle a notification event.",
           ["SessionEnv"]),
        ev("Application", d(2009, 7, 21, 8, 2, 40), "Security-SPP", 902, "Information",
           "The Software Licensing service has started.", []),
        ev("Application", d(2009, 7, 21, 9, 15, 22), "MsiInstaller", 1040, "Information",
           "Beginning a Windows Installer transaction: {6b9e1a47-22c1-4c3a-9f0e-0d8a7c1e5b36}. Client Process "
           "Id: 3120.", ["{6b9e1a47-22c1-4c3a-9f0e-0d8a7c1e5b36}", "3120"]),
        ev("Application", d(2009, 7, 21, 9, 16, 5), "MsiInstaller", 1042, "Information",
           "Ending a Windows Installer transaction: {6b9e1a47-22c1-4c3a-9f0e-0d8a7c1e5b36}. Client Process "
           "Id: 3120.", ["{6b9e1a47-22c1-4c3a-9f0e-0d8a7c1e5b36}", "3120"]),
        ev("Application", d(2009, 7, 21, 11, 40, 0), "VSS", 8224, "Information",
           "The VSS service is shutting down due to idle timeout. ", []),
        ev("Application", crash, "Application Error", 1000, "Error", msg_1000,
           ["svchost.exe_RpcSs", "6.0.6002.18005", "49e0421d", "ntdll.dll", "6.0.6002.18005", "49e03824",
            "c0000374", "000b015d", "2f4", "01c9fb2d8e5f3a10", "C:\\Windows\\system32\\svchost.exe",
            "C:\\Windows\\SYSTEM32\\ntdll.dll", VISTA_REPORT_ID],
           category=100, category_name="(100)"),
        ev("Application", crash + dt.timedelta(seconds=4), "Windows Error Reporting", 1001, "Information",
           msg_1001, []),
        ev("Application", d(2009, 7, 21, 14, 35, 50), "Winlogon", 6000, "Information",
           "The winlogon notification subscriber <SessionEnv> was unavailable to handle a notification event.",
           ["SessionEnv"]),
        ev("Application", d(2009, 7, 21, 14, 36, 12), "Security-SPP", 902, "Information",
           "The Software Licensing service has started.", []),
        ev("Application", d(2009, 7, 21, 15, 2, 9), "ESENT", 326, "Information",
           "Windows (2012) Windows: The database engine attached a database (1, C:\\Windows\\system32\\"
           "SoftwareDistribution\\DataStore\\DataStore.edb). (Time=0 seconds)",
           category=1, category_name="General"),
    ]


# --- Modern (manifest-based) Event XML for the wevtutil-xml crash sample ----------------------

@dataclass
class XEvent:
    """One event of a recent Windows as `wevtutil qe /f:xml` prints it (A1)."""
    time: dt.datetime        # local
    provider: str
    guid: str | None
    event_id: int
    qualifiers: int | None   # classic sources carry Qualifiers, manifest providers do not
    level: int
    task: int
    keywords: str
    pid: int
    tid: int
    data: list               # (name or None, value)
    user: str | None = None
    binary: str = ""
    record: int = 0
    fraction: int = 0        # 100 ns units


def modern_xml(events: list[XEvent], computer: str, utc_offset: dt.timedelta) -> str:
    out = []
    for e in events:
        u = e.time + utc_offset
        p = [f"<Event xmlns='{EVENT_NS}'><System>"]
        p.append(f"<Provider Name='{xml_attr(e.provider, chr(39))}'" + (f" Guid='{e.guid}'" if e.guid else "")
                 + "/>")
        p.append(f"<EventID Qualifiers='{e.qualifiers}'>{e.event_id}</EventID>" if e.qualifiers is not None
                 else f"<EventID>{e.event_id}</EventID>")
        p.append(f"<Version>0</Version><Level>{e.level}</Level><Task>{e.task}</Task><Opcode>0</Opcode>"
                 f"<Keywords>{e.keywords}</Keywords>")
        p.append(f"<TimeCreated SystemTime='{u.strftime('%Y-%m-%dT%H:%M:%S')}.{e.fraction:07d}Z'/>")
        p.append(f"<EventRecordID>{e.record}</EventRecordID><Correlation/>"
                 f"<Execution ProcessID='{e.pid}' ThreadID='{e.tid}'/>")
        p.append(f"<Channel>Application</Channel><Computer>{computer}</Computer>")
        p.append(f"<Security UserID='{e.user}'/>" if e.user else "<Security/>")
        p.append("</System><EventData>")
        for name, value in e.data:
            n = f" Name='{name}'" if name else ""
            p.append(f"<Data{n}>{xml_text(value)}</Data>")
        if e.binary:
            p.append(f"<Binary>{e.binary}</Binary>")
        p.append("</EventData></Event>")
        out.append("".join(p) + "\n")
    return "".join(out)


WS_COMPUTER = "WS-ANALYST3.fabrikam.local"
WS_OFFSET = dt.timedelta(hours=-2)   # Central European summer time: UTC = local - 2 h
WS_REPORT_ID = "8d3f2a61-5b7e-4c09-a2d4-6e1f0b9c7a35"


def win11_application() -> list[XEvent]:
    d = dt.datetime
    crash = d(2024, 5, 21, 14, 22, 5)
    sid_user = "S-1-5-21-3623811015-3361044348-30300820-1013"
    ae = [("AppName", "explorer.exe"), ("AppVersion", "10.0.22621.3527"), ("AppTimeStamp", "3ab1f2c4"),
          ("ModuleName", "ntdll.dll"), ("ModuleVersion", "10.0.22621.3527"), ("ModuleTimeStamp", "d0e8a1b7"),
          ("ExceptionCode", "c0000005"), ("FaultingOffset", "000000000002a6f3"), ("ProcessId", "0x1a3c"),
          ("ProcessCreationTime", "0x1daab6d2c4e8f10"), ("AppPath", "C:\\Windows\\explorer.exe"),
          ("ModulePath", "C:\\Windows\\SYSTEM32\\ntdll.dll"), ("IntegratorReportId", WS_REPORT_ID),
          ("PackageFullName", ""), ("PackageRelativeAppId", "")]
    wer = [("Bucket", "1873526549022716345"), ("BucketType", "50"), ("EventName", "APPCRASH"),
           ("Response", "Not available"), ("CabId", "0"),
           ("P1", "explorer.exe"), ("P2", "10.0.22621.3527"), ("P3", "3ab1f2c4"), ("P4", "ntdll.dll"),
           ("P5", "10.0.22621.3527"), ("P6", "d0e8a1b7"), ("P7", "c0000005"), ("P8", "000000000002a6f3"),
           ("P9", ""), ("P10", ""),
           ("AttachedFiles", "\nC:\\ProgramData\\Microsoft\\Windows\\WER\\Temp\\WER4C1D.tmp.mdmp\n"
                             "C:\\ProgramData\\Microsoft\\Windows\\WER\\Temp\\WER4D3A.tmp.WERInternalMetadata.xml"),
           ("StorePath", "C:\\ProgramData\\Microsoft\\Windows\\WER\\ReportArchive\\AppCrash_explorer.exe_"
                         "7f2c1d9e4b8a3f60e5d1c2b7a9f8e3d4c6b1a2_9b3e7c1f_5d0a8e2b-41c6-4f7a-b3d9-2e8c6a1f0b47"),
           ("AnalysisSymbol", ""), ("Rechecking", "0"), ("ReportId", WS_REPORT_ID), ("ReportStatus", "268435456"),
           ("HashedBucket", "a1f7e3c9b2d4086e5f1a9c3b7d2e8f04"), ("CabGuid", "0")]
    evs = [
        XEvent(d(2024, 5, 21, 8, 1, 12), "SecurityCenter", None, 15, 0, 4, 0, "0x80000000000000", 0, 0,
               [(None, "Windows Defender"), (None, "SECURITY_PRODUCT_STATE_ON")], fraction=4218870),
        XEvent(d(2024, 5, 21, 8, 1, 40), "Microsoft-Windows-Winlogon", "{dbe9b383-7cf3-4331-91cc-a3cb16a3b538}",
               6000, None, 4, 0, "0x80000000000000", 1044, 1180, [(None, "SessionEnv")], fraction=1536602),
        XEvent(d(2024, 5, 21, 9, 12, 30), "VSS", None, 8224, 0, 4, 0, "0x80000000000000", 0, 0, [],
               binary="2D20436F64653A20202053504A53564143303030303030303420", fraction=8851213),
        XEvent(d(2024, 5, 21, 11, 47, 2), "MsiInstaller", None, 1040, 0, 4, 0, "0x80000000000000", 0, 0,
               [(None, "{3f6c9d12-8a4e-4b71-9c02-5e7d1a4f8b63}"), (None, "7312"), (None, "(NULL)"),
                (None, "(NULL)"), (None, "(NULL)"), (None, "(NULL)"), (None, "")], user=sid_user,
               fraction=3305548),
        XEvent(crash, "Application Error", "{a0e9b465-b939-57d7-b27d-95d8e925ff57}", 1000, None, 2, 100,
               "0x8000000000000000", 9816, 11024, ae, user=sid_user, fraction=6123409),
        XEvent(crash + dt.timedelta(seconds=3), "Windows Error Reporting", None, 1001, 0, 4, 0,
               "0x80000000000000", 0, 0, wer, fraction=902417),
        XEvent(d(2024, 5, 21, 14, 22, 11), "Microsoft-Windows-Winlogon", "{dbe9b383-7cf3-4331-91cc-a3cb16a3b538}",
               1002, None, 4, 0, "0x80000000000000", 1044, 6230, [], fraction=7740031),
        XEvent(d(2024, 5, 21, 15, 30, 44), "SecurityCenter", None, 15, 0, 4, 0, "0x80000000000000", 0, 0,
               [(None, "Windows Defender"), (None, "SECURITY_PRODUCT_STATE_ON")], fraction=2277915),
    ]
    for i, e in enumerate(sorted(evs, key=lambda e: e.time)):
        e.record = 48211 + i
    return sorted(evs, key=lambda e: e.time)


# --- The DHCP Server audit log (G) -----------------------------------------------------------

DHCP_LEGEND = [
    ("00", "The activity log was opened (the service started)."),
    ("01", "The activity log was closed (the service stopped)."),
    ("02", "Logging paused: little free disk space."),
    ("10", "A client was leased a new address."),
    ("11", "A client renewed its lease."),
    ("12", "A client released its lease."),
    ("13", "An address was already in use on the network."),
    ("14", "No address left in the scope's pool: a request was not served."),
    ("15", "A lease request was refused."),
    ("16", "A lease was deleted."),
    ("17", "A lease expired."),
]


def audit_rows() -> list[tuple]:
    """The Thursday's rows: (id, time, description, ip, host, mac). The service is stopped and
    started at 09:12 and tcpsvcs.exe dies at 09:15:42, after which nothing more is logged."""
    rng = Lcg("DhcpSrvLog.Thu")
    clients = []
    for n in range(44):
        vendor = ("00A0C9", "0060B0", "00105A", "0080C8")[rng.below(4)]
        clients.append((f"192.168.20.{40 + n * 4 + rng.below(4)}", f"WKS-{101 + n * 2:04d}",
                        vendor + f"{rng.u32() & 0xFFFFFF:06X}"))
    rows = []
    t0 = dt.datetime(2000, 6, 1, 0, 0, 0)
    # night: a few renewals of machines left on, two releases
    minute = 3
    for i in range(6):
        ip, host, mac = clients[i]
        rows.append(("11", t0 + dt.timedelta(minutes=minute, seconds=rng.below(60)), "Renew", ip, host, mac))
        minute += 40 + rng.below(50)
    # morning: machines start between 07:20 and 09:11
    when = dt.datetime(2000, 6, 1, 7, 20, 0)
    for i in range(6, 40):
        when += dt.timedelta(seconds=90 + rng.below(240))
        if when >= dt.datetime(2000, 6, 1, 9, 11, 50):
            break
        ip, host, mac = clients[i]
        kind = rng.below(5)
        if kind == 0:
            rows.append(("10", when, "Assign", ip, host, mac))
        else:
            rows.append(("11", when, "Renew", ip, host, mac))
    rows.append(("12", dt.datetime(2000, 6, 1, 8, 5, 12), "Release", *clients[2]))
    rows.append(("15", dt.datetime(2000, 6, 1, 8, 21, 40), "NACK", "192.168.21.14", "", "0010A4B2C3D4"))
    rows.append(("01", dt.datetime(2000, 6, 1, 9, 12, 7), "Stopped", "", "", ""))
    rows.append(("00", dt.datetime(2000, 6, 1, 9, 12, 11), "Started", "", "", ""))
    for i, (m, s) in enumerate([(12, 58), (13, 40), (14, 22), (15, 37)]):
        ip, host, mac = clients[40 + i]
        rows.append(("10" if i == 1 else "11", dt.datetime(2000, 6, 1, 9, m, s), "Assign" if i == 1 else "Renew",
                     ip, host, mac))
    rows.sort(key=lambda r: r[1])
    return rows


def dhcp_audit_log(rows: list[tuple]) -> str:
    out = ["\t\tMicrosoft DHCP Service Activity Log", "", "", "Event ID  Meaning"]
    out += [f"{code}\t{text}" for code, text in DHCP_LEGEND]
    out += ["", "ID,Date,Time,Description,IP Address,Host Name,MAC Address"]
    for code, when, desc, ip, host, mac in rows:
        out.append(f"{code},{when.strftime('%m/%d/%y')},{when.strftime('%H:%M:%S')},{desc},{ip},{host},{mac}")
    return "\n".join(out) + "\n"


# --- Writing ----------------------------------------------------------------------------------

FMT.update({
    "drw": "D1 NT4 Dr. Watson `drwtsn32.log` (sections appended, oldest first)",
    "audit": "G DHCP Server audit log `DhcpSrvLog.<Day>` (legend, then 7-column CSV)",
    "xp": "C2 Windows Server 2003 Event Viewer \"Save Log File As\" text, tab-delimited (M/D/YYYY dates)",
    "modern": "A1 `wevtutil qe /f:xml`, Windows 11 (Version/Opcode/Correlation/Execution, 7-digit fractions)",
})

CRASH_SCENARIOS: dict = {}  # name -> data for the README


def write_crash_samples() -> None:
    # Q292041 -------------------------------------------------------------------------------
    app = finish(q292041_application(), "COMSRV02", 8211, utc_offset=us_offset(6))
    CRASH_SCENARIOS["q292041_app"] = app
    log = drwatson_log(Q292041_CRASHES)
    n = len(Q292041_CRASHES)
    d = "Q292041/"
    high = "Q292041 **high**, computer COMSRV02"
    save(d + "drwatson-log/drwtsn32.log", log, "cp1252", n, FMT["drw"] + f"; {n} crashes, one of them rpcss.exe",
         high)
    save(d + "drwatson-and-application/drwtsn32.log", log, "cp1252", n,
         FMT["drw"] + " (same bytes as drwatson-log/drwtsn32.log)", high + ", one finding for both files")
    save(d + "drwatson-and-application/Application.txt", nt4_rows(app, "\t", "nt4-text"), "cp1252", len(app),
         FMT["nt4tab"] + f"; DrWatson 4097 for each of the {n} crashes", high + ", one finding for both files")
    save(d + "application-4097-csv/Application.csv", nt4_rows(app, ",", "nt4-csv"), "cp1252", len(app),
         FMT["nt4csv"], high)
    save(d + "application-4097-xml/Application.xml", wevtutil_xml(app, rendering=True), "utf-16le-bom", len(app),
         FMT["rxml"] + "; the 4097 `<Data>` split is assumed", high)

    # Q264492 -------------------------------------------------------------------------------
    eastern = us_offset(5)
    sys_restart = finish(netsrv01_system(restart=True), "NETSRV01", 20417, utc_offset=eastern)
    sys_quiet = finish(netsrv01_system(restart=False), "NETSRV01", 20417, utc_offset=eastern)
    app_crash = finish(netsrv01_application(crash=True), "NETSRV01", 9380, utc_offset=eastern)
    app_quiet = finish(netsrv01_application(crash=False), "NETSRV01", 9380, utc_offset=eastern)
    CRASH_SCENARIOS.update(netsrv01_sys=sys_restart, netsrv01_app=app_crash)
    d = "Q264492/"
    high = "Q264492 **high**, computer NETSRV01"
    alias = {"DhcpServer": "DHCP Server"}
    save(d + "nt4-text/System.txt", nt4_rows(sys_restart, "\t", "nt4-text"), "cp1252", len(sys_restart),
         FMT["nt4tab"] + "; DHCP Server stopped and started at 09:12", high)
    save(d + "nt4-text/Application.txt", nt4_rows(app_crash, "\t", "nt4-text"), "cp1252", len(app_crash),
         FMT["nt4tab"] + "; DrWatson 4097 for tcpsvcs.exe at 09:15:42", high)
    save(d + "csv-and-drwatson/System.csv", nt4_rows(sys_restart, ",", "nt4-csv", alias), "cp1252",
         len(sys_restart), FMT["nt4csv"] + "; source `DHCP Server` for the scope warning", high)
    save(d + "csv-and-drwatson/drwtsn32.log", drwatson_log(NETSRV01_CRASHES), "cp1252", len(NETSRV01_CRASHES),
         FMT["drw"] + "; an older llssrv.exe crash, then tcpsvcs.exe", high)
    audit = audit_rows()
    CRASH_SCENARIOS["audit"] = audit
    save(d + "audit-log/DhcpSrvLog.Thu", dhcp_audit_log(audit), "cp1252", len(audit),
         FMT["audit"] + f"; {len(audit)} rows, names no computer", high + " (the audit log joins NETSRV01)")
    save(d + "audit-log/Application.txt", nt4_rows(app_crash, "\t", "nt4-text"), "cp1252", len(app_crash),
         FMT["nt4tab"] + " (same bytes as nt4-text/Application.txt)", high)
    low = "Q264492 **low**, computer NETSRV01 (a crash without the restart)"
    save(d + "crash-only/System.txt", nt4_rows(sys_quiet, "\t", "nt4-text"), "cp1252", len(sys_quiet),
         FMT["nt4tab"] + "; no DHCP Server stop or start", low)
    save(d + "crash-only/Application.txt", nt4_rows(app_crash, "\t", "nt4-text"), "cp1252", len(app_crash),
         FMT["nt4tab"] + " (same bytes as nt4-text/Application.txt)", low)

    # Crash events of later Windows -----------------------------------------------------------
    d = "crash-events/"
    xp = finish(appsrv07_application(), "APPSRV07", 30518)
    vista = finish(vista_crash_application(), "RPCHOST2", 112004)
    win11 = win11_application()
    CRASH_SCENARIOS.update(xp=xp, vista=vista, win11=win11)
    save(d + "xp-text/Application.txt", nt4_rows(xp, "\t", "nt4-text", year4=True), "cp1252", len(xp),
         FMT["xp"] + "; Application Error 1000/1001, Application Hang 1002", NONE)
    save(d + "vista-csv/Application.csv", vista_rows(vista, ","), "utf-8-bom", len(vista),
         FMT["vcsv"] + "; Application Error 1000 (svchost.exe_RpcSs, c0000374), WER 1001", NONE)
    save(d + "wevtutil-xml/Application.xml", modern_xml(win11, WS_COMPUTER, WS_OFFSET), "utf-8", len(win11),
         FMT["modern"] + "; named EventData of 1000 and 1001", NONE)

    # Near misses -----------------------------------------------------------------------------
    d = "near-miss/"
    save(d + "spoolss-heap-av/drwtsn32.log", drwatson_log(PRNSRV04_CRASHES), "cp1252", len(PRNSRV04_CRASHES),
         FMT["drw"] + "; spoolss.exe faults in RtlAllocateHeap, no rpcss.exe crash", NONE)
    save(d + "restart-no-crash/System.txt", nt4_rows(sys_restart, "\t", "nt4-text"), "cp1252", len(sys_restart),
         FMT["nt4tab"] + " (same bytes as Q264492/nt4-text/System.txt)", NONE)
    save(d + "restart-no-crash/Application.txt", nt4_rows(app_quiet, "\t", "nt4-text"), "cp1252", len(app_quiet),
         FMT["nt4tab"] + "; no crash", NONE)
    save(d + "rpcss-other-function/drwtsn32.log", drwatson_log(RPCSS_NDR_CRASHES), "cp1252",
         len(RPCSS_NDR_CRASHES), FMT["drw"] + "; rpcss.exe faults in NdrConformantStringUnmarshall", NONE)


# --- README sections -------------------------------------------------------------------------

def crash_readme() -> str:
    def short(e: Event, width: int = 170) -> str:
        first = e.message.splitlines()[0].replace("\t", " <TAB> ")
        more = " …" if (len(first) > width or "\n" in e.message) else ""
        return (first[:width].rstrip() + more).replace("<", "&lt;")

    def key_table(events: list[Event], keep) -> str:
        rows = ["| local time | log | record | source | ID | type | text (first line) |",
                "|---|---|---:|---|---:|---|---|"]
        for e in events:
            if keep(e):
                rows.append(f"| {e.time.strftime('%Y-%m-%d %H:%M:%S')} | {e.log} | {e.record} | {e.source} "
                            f"| {e.event_id} | {e.etype} | {short(e)} |")
        return "\n".join(rows)

    def crash_table(crashes: list[Crash]) -> str:
        rows = ["| When (as logged) | Computer Name | App | pid | exception | function | FAULT address | threads |",
                "|---|---|---|---:|---|---|---|---:|"]
        for c in crashes:
            rows.append(f"| `{c.when_text}` | {c.host.name} | `exe\\{c.app}.dbg` | {c.pid} | {c.code} "
                        f"({c.code_name}) | `{c.function}` | {c.address:08x} | {len(c.threads)} |")
        return "\n".join(rows)

    app = CRASH_SCENARIOS["q292041_app"]
    nsys, napp = CRASH_SCENARIOS["netsrv01_sys"], CRASH_SCENARIOS["netsrv01_app"]
    audit = CRASH_SCENARIOS["audit"]
    xp, vista, win11 = CRASH_SCENARIOS["xp"], CRASH_SCENARIOS["vista"], CRASH_SCENARIOS["win11"]
    rp = RPCSS_CRASH
    rpcss_event = next(e for e in app if e.source == "DrWatson" and "rpcss" in e.message)
    rpcss_utc = rpcss_event.time + rpcss_event.utc_offset
    audit_first, audit_last = audit[0][1], audit[-1][1]
    win11_lines = "\n".join(
        f"| {e.time.strftime('%Y-%m-%d %H:%M:%S')} | {(e.time + WS_OFFSET).strftime('%H:%M:%S')}Z | {e.record} "
        f"| {e.provider} | {e.event_id} | "
        + (", ".join(f"{n}={v}" for n, v in e.data[:3] if n) or ", ".join(v for n, v in e.data[:2]) or "-") + " |"
        for e in win11)
    return f"""## Crash scenarios (Dr. Watson, Application Error, DHCP audit log)

These follow the same rules: one model per scenario (a list of `Crash` objects for the Dr. Watson
logs, `Event` lists for the event logs), rendered by one writer per format; made up; written by
`make_samples.py`. The shapes follow `formats.md` sections 8 (C2), 9 (D1 `drwtsn32.log`, D2 the
DrWatson 4097 event, D3 Application Error / WER) and 12 (G, the DHCP Server audit log). No text
of the reference samples or of the KB articles was copied: the disassembly, stack frames, module
bases, internal function names (`rpcss!CEndpointList::AddStaticEndpoint`,
`dhcpssvc!DhcpReleaseRequestContext`, …) and every description are invented to look plausible,
not taken from real binaries. The filler hex (frame pointers, parameters, raw stack bytes) comes
from a fixed linear congruential generator seeded by a text key, so it is the same on every run.

What a Dr. Watson log here looks like: sections appended oldest first, each `Application exception
occurred:` / `App: exe\\<name>.dbg (pid=N)` / `When: M/D/YYYY @ H:M:S.mmm` (not zero-padded; one
crash uses the space-padded form `6/ 2/2001 @  9: 4: 7.015`) / `Exception number: <hex8>
(<name>)`, then System Information (Computer Name, User Name, processors, `Windows Version: 4.0`,
`Current Build: 1381`, Current Type, Registered Organization/Owner), the Task List (`%3d name`,
`.exe` appended, `_Total.exe` at the end, every one of them lists `RpcSs.exe`), the module list
(`(base - end) dll\\x.dbg`, an empty name for a third-party DLL without symbols), then a State Dump
per thread (registers; `function: X` with disassembly, the memory operand's value at the end of
the line; `FAULT ->` only in the faulting thread, which is not always the first one dumped; a
Stack Back Trace with the `FramePtr ReturnAd Param#1 …` header, `module!function` frames, some
`<nosymbols>`, some `(FPO: […])`), and for some crashes a Raw Stack Dump. The record count of a
`drwtsn32.log` is its number of crashes.

The DrWatson 4097 events (Application log, Source `DrWatson`, Information, category None, user
N/A) repeat the log's `When` text, exception code, FAULT address and function. Their wording varies
as D2 describes: `The application, exe\\x.dbg, generated an application error The error occurred
on …` (plain), with a period after "error" (`period`), without the commas (`nocomma`), with periods
after "error" and after the date (`periods`). **Assumption:** the XML export gives the event five
insertion strings, in this order: the `.dbg` path, the date-time text, the exception code, the
address, the function. The reference material shows only the rendered description, so the split
of the `<Data>` elements is ours.

### Q292041: rpcss.exe access violation in RtlAllocateHeap (COMSRV02)

`COMSRV02`, Windows NT 4.0 Server SP6a (build 1381, 2 processors), local time US Central
(UTC-6, UTC-5 in summer: the XML export's `SystemTime` of the rpcss event is
{rpcss_utc.strftime('%Y-%m-%dT%H:%M:%SZ')}). A DCOM server (the made-up ATL EXE server `OrdCalc`, static
endpoint `ncacn_ip_tcp[5150]`) is stopped at 17:43:51 when its last client leaves and activated
again at 17:49:58, and RPCSS faults in `RtlAllocateHeap` on a heap free list whose link reads
`0041004c` (a UTF-16 fragment): the article's symptom. The other crashes in the same log are of
other programs and other functions (no other heap function anywhere), spread over 1999-2001:

{crash_table(Q292041_CRASHES)}

The rpcss.exe crash: faulting thread 0x{rp.threads[rp.fault].tid:x} (dumped second of four; the others wait in
`NtWaitForMultipleObjects` (main), `NtDelayExecution` (`rpcss!GarbageCollectionThread`) and
`NtReplyWaitReceivePort`), `FAULT ->77f6b4e2 8908  mov [eax],ecx  ds:0041004c=????????`, stack
`ntdll!RtlAllocateHeap`, `rpcss!ScmMemAlloc`, `rpcss!CEndpointList::AddStaticEndpoint`,
`rpcss!CServerTableEntry::RegisterServer`, `rpcss!ServerRegisterClsid`, three
`rpcrt4!<nosymbols>`, `kernel32!BaseThreadStart`; Task List with `ordcalc.exe`; Raw Stack Dump.

Application log ({len(app)} records, {app[0].record}-{app[-1].record}), key events (the rest is noise: SQL Server 7
log backups with a multi-line description full of commas, virus-scanner updates, a License Logging
warning, the made-up `OrdCalc`/`OrdRpt`/`OrdFilt` sources, a multi-line SNMP warning):

{key_table(app, lambda e: e.source in ("DrWatson", "OrdCalc"))}

### Q264492: DHCP Server stopped and restarted, then tcpsvcs.exe crashes (NETSRV01)

`NETSRV01`, Windows NT 4.0 Server SP6a (build 1381, 1 processor), the DHCP server (hosted by
`tcpsvcs.exe`, `dhcpssvc.dll`); local time US Eastern. On Thursday 2000-06-01 the administrator
stops the DHCP Server service and starts it again within four seconds; three and a half minutes
later tcpsvcs.exe faults in `RtlFreeHeap` on a block that was already freed (`feeefeee`), stack
`ntdll!RtlFreeHeap`, `dhcpssvc!DhcpFreeMemory`, `dhcpssvc!DhcpReleaseRequestContext`,
`dhcpssvc!DhcpProcessingLoop`, `tcpsvcs!ServiceWorkerThread`, `kernel32!BaseThreadStart`.
The Service Control Manager's 7031 ("terminated unexpectedly") that would follow is left out,
so that the only service events near the crash are the operator's stop and start.

{key_table(nsys + napp, lambda e: e.source in ("Service Control Manager", "DrWatson")
           and (e.time.date() == dt.date(2000, 6, 1)))}

Noise: System log from 2000-05-31 16:12 to 2000-06-01 11:02 ({len(nsys)} records, {nsys[0].record}-{nsys[-1].record}) with a
Spooler stop/start the evening before (a restart of another service), print jobs (one document
name holds a comma), browser and redirector warnings (one multi-line), a DHCP scope warning;
Application log ({len(napp)} records, {napp[0].record}-{napp[-1].record}) with backup and virus-scanner events (multi-line).

`csv-and-drwatson/drwtsn32.log` holds two crashes:

{crash_table(NETSRV01_CRASHES)}

`audit-log/DhcpSrvLog.Thu` is the DHCP Server audit log of that Thursday in the NT4/2000 shape:
the banner `\\t\\tMicrosoft DHCP Service Activity Log`, two blank lines, an `Event ID  Meaning`
legend (IDs 00-02 and 10-17, our own wording), a blank line, the 7-column header
`ID,Date,Time,Description,IP Address,Host Name,MAC Address`, then {len(audit)} rows from
{audit_first.strftime('%H:%M:%S')} to {audit_last.strftime('%H:%M:%S')} (MM/DD/YY, 24-hour, MAC without separators): renewals (11)
overnight, leases (10) and renewals as the workstations start, a release (12), a refusal (15), then
`01,06/01/00,09:12:07,Stopped,,,` and `00,06/01/00,09:12:11,Started,,,`, a few more rows, and
nothing after the crash at 09:15:42. The audit log names no computer; the batch's only named
computer (from `Application.txt`) is NETSRV01.

`crash-only/` has the same Application log but a System log without the DHCP Server stop and
start: the crash alone, which is at most a weak hint.

### Crash events of later Windows (expected: no finding)

* `crash-events/xp-text/` (`APPSRV07`, Windows Server 2003, C2 tab text with 4-digit years):
  `Application Error` 1000, category `(100)`: "Faulting application spoolsv.exe, version
  5.2.3790.0, faulting module ntdll.dll, version 5.2.3790.0, fault address 0x0001b4e2.", the
  matching `Application Error` 1001 "Fault bucket 0123456789.", and an `Application Hang` 1002,
  category `(101)`, for mmc.exe (not tcpsvcs.exe). Every description ends with a blank line and
  the "For more information, see Help and Support Center at …" sentence, so every row spans three
  lines. No exception code (the XP form has none), no rpcss, no DHCP.
* `crash-events/vista-csv/` (C1 CSV, no computer column): `Application Error` 1000 in the
  multi-line form ("Faulting application name: svchost.exe_RpcSs, version: 6.0.6002.18005, …",
  `Exception code: 0xc0000374`, `Fault offset: 0x000b015d`, …, `Report Id: …`) and `Windows Error
  Reporting` 1001 (`Fault bucket …, type 1`, `Event Name: APPCRASH`, `Problem signature:` P1-P10,
  attached files). RpcSs in ntdll with a heap-corruption code, but on Windows Server 2008, not the
  NT4 RPCSS of Q292041. Synthetic mix: the version numbers are Server 2008 SP2's, while the
  message layout and the service-tagged name `svchost.exe_RpcSs` are those of later versions.
* `crash-events/wevtutil-xml/` (A1, a Windows 11 workstation `{WS_COMPUTER}`, local time
  UTC+2): `Application Error` 1000 with its provider GUID and named EventData (AppName
  `explorer.exe`, ModuleName `ntdll.dll`, ExceptionCode `c0000005` without `0x`, FaultingOffset,
  ProcessId, ProcessCreationTime, AppPath, ModulePath, IntegratorReportId, PackageFullName,
  PackageRelativeAppId), and `Windows Error Reporting` 1001 with named Bucket, BucketType,
  EventName `APPCRASH`, Response, CabId, P1-P10, AttachedFiles (a multi-line value), StorePath,
  AnalysisSymbol, Rechecking, ReportId, ReportStatus, HashedBucket, CabGuid. These names follow the
  format notes; the file was not checked against a real Windows 11 export.

| local | UTC | record | provider | ID | first data |
|---|---|---:|---|---:|---|
{win11_lines}

Key events of the other two:

{key_table(xp + vista, lambda e: e.source in ("Application Error", "Application Hang", "Windows Error Reporting"))}

### Near misses of the crash articles (expected: no finding)

* `near-miss/spoolss-heap-av/` (`PRNSRV04`): the Q292041 crash moved into the spooler: `App:
  exe\\spoolss.dbg`, same `When`, same `RtlAllocateHeap` code and FAULT line at 77f6b4e2, stack
  `ntdll!RtlAllocateHeap`, `localspl!AllocSplMem`, …; plus an older spoolss.exe crash in wcscpy.
  RpcSs.exe appears only in the Task Lists. A heap AV in another process is not Q292041.
* `near-miss/restart-no-crash/` (`NETSRV01`): the System log of `Q264492/nt4-text` (the same DHCP
  Server stop and start at 09:12) with an Application log that has no crash at all.
* `near-miss/rpcss-other-function/` (`COMSRV02`): rpcss.exe c0000005 on 3/2/2001 in
  `NdrConformantStringUnmarshall` (FAULT at 77e2c5ce), frames in rpcrt4 and rpcss only
  (`rpcss!ObjectExporterDispatch`), no heap function in any thread; plus the 1999 spoolss.exe
  wcscpy crash.

`near-miss/spoolss-heap-av/drwtsn32.log`:

{crash_table(PRNSRV04_CRASHES)}

`near-miss/rpcss-other-function/drwtsn32.log`:

{crash_table(RPCSS_NDR_CRASHES)}

"""


if __name__ == "__main__":
    write_all()
    write_manifest()
    for m in MANIFEST:
        print(f"{m['records']:4d} records {m['bytes']:7d} bytes  {m['path']}")
