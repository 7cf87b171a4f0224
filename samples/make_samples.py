#!/usr/bin/env python3
"""Write the synthetic Windows event-log export samples under samples/ (and samples/README.md).

Everything here is made up: one scenario (KB Q216793, the DHCP Server's JET database hits a
sharing violation and every 15-minute backup then fails with JET error -510) and three near
misses, each written in the export formats described in the project's format notes
(wevtutil XML / RenderedXml, Event Viewer "Save As" XML, NT4/2000 text and CSV, Vista+ CSV and
text, wevtutil text). The event model is built once per scenario and then rendered by one writer
per format, so the formats agree with each other record for record.

Standard library only and deterministic: fixed dates, a fixed jitter table, no randomness.
Regenerate with:  python3 samples/make_samples.py
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field, replace

HERE = os.path.dirname(os.path.abspath(__file__))

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


def finish(events: list[Event], computer: str, first_record: int) -> list[Event]:
    """Sort into log order (time, then insertion order) and number the records."""
    events = sorted(events, key=lambda e: e.time)  # stable: same-second events keep their order
    for i, e in enumerate(events):
        e.record = first_record + i
        e.computer = computer
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


def utc_iso(local: dt.datetime, digits: int) -> str:
    u = local + UTC_OFFSET
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
    p.append(f"<TimeCreated{a('SystemTime', utc_iso(e.time, digits))}/>")
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


def nt4_rows(events: list[Event], delim: str, fmt: str, alias: dict | None = None) -> str:
    """NT4/2000 Event Viewer "Save Log File As" text or CSV: no header, newest first, nothing quoted."""
    alias = alias or {}
    out = []
    for e in sorted(events, key=lambda e: e.record, reverse=True):
        user = e.user.nt4 if e.user else "N/A"
        fields = [nt4_date(e.time), ampm_time(e.time), alias.get(e.source, e.source), e.etype,
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
        table.append(f"| `{m['path']}` | {m['format']} | {m['encoding']} | CRLF | {m['records']} | {m['bytes']} | {m['expected']} |")

    sys_n, app_n = len(pos.system), len(pos.application)
    text = f"""# Synthetic samples

Every file under `samples/` is **synthetic**: the events were made up and written by
[`make_samples.py`](make_samples.py) (Python 3, standard library only, deterministic: fixed
dates, a fixed jitter table, no randomness). Nothing here was captured on a real server. The
shapes imitate the export formats described in the format research notes (`formats.md`,
sections 1-8; the format letters A1, A2, A3, B, C1, C2 below are the names used there); the
wording of the symptom events follows KB Q216793. No text of the reference samples was copied.

Regenerate (overwrites every file listed below and this README):

```
python3 samples/make_samples.py
```

Each scenario directory holds the System and the Application log of one server. Scan a directory
as one batch (`kbmatch scan samples/Q216793/nt4-csv`): Q216793 needs both logs of the same
computer. Do not scan all of `samples/` at once and expect one answer per format: the batch
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

## Files

All files use CRLF line ends. "records" is the exact number of event records in the file.
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


if __name__ == "__main__":
    write_all()
    write_manifest()
    for m in MANIFEST:
        print(f"{m['records']:4d} records {m['bytes']:7d} bytes  {m['path']}")
