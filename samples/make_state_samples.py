"""Samples of state, not events: counter logs (KB Q257647) and network snapshots (KB Q287032).

Called by make_samples.py (which owns the output helpers, the manifest and the README); kept
apart because these inputs are not event logs: Performance Monitor/relog/typeperf PDH-CSV and
PDH-TSV counter logs, a program's own timestamped log, and `ipconfig /all` + `route print`
output of NT 4.0, Windows 2000 and Windows XP. Everything is made up and deterministic: the
"noise" on the counters comes from a fixed hash of the sample number, not from a random source.
"""

from __future__ import annotations

import datetime as dt
import math
import zlib

STATE_README: list[str] = []  # README paragraphs, filled as the samples are written


def jitter(key: str, n: int, spread: float) -> float:
    """A fixed pseudo-random number in [-spread, spread] for sample n of series key."""
    h = zlib.crc32(f"{key}/{n}".encode()) / 0xFFFFFFFF
    return (2 * h - 1) * spread


# --- Counter logs -------------------------------------------------------------------------------

def pdh_time(t: dt.datetime, style: str) -> str:
    ms = f"{t.microsecond // 1000:03d}"
    if style == "us":  # what PDH writes on an English system
        return t.strftime("%m/%d/%Y %H:%M:%S.") + ms
    if style == "dotted":  # a German System Monitor export
        return t.strftime("%d.%m.%Y %H:%M:%S.") + ms
    raise ValueError(style)


def pdh_log(columns: list[str], rows: list[tuple[dt.datetime, list]], zone: str, bias: int, delim: str = ",",
            style: str = "us", trailer: bool = False) -> str:
    """A PDH-CSV (delim ',') or PDH-TSV (delim TAB) log: a header of counter paths, then one row per
    sample time. A value of None is written as PDH writes a sample it could not collect: " "."""
    kind = "PDH-CSV" if delim == "," else "PDH-TSV"
    q = lambda s: '"' + s.replace('"', '""') + '"'
    out = [delim.join([q(f"({kind} 4.0) ({zone})({bias})")] + [q(c) for c in columns])]
    for when, values in rows:
        cells = [q(pdh_time(when, style))]
        for v in values:
            cells.append(q(" ") if v is None else q(f"{v:.6f}" if isinstance(v, float) else str(v)))
        out.append(delim.join(cells))
    if trailer:  # typeperf's own lines when its output is redirected to a file
        out += ["Exiting, please wait...", "The command completed successfully."]
    return "\n".join(out) + "\n"


def memory_series(kind: str, key: str, n: int, start_at: int, base: float) -> list[float]:
    """Private Bytes of the dialer over n samples. kind: leak (flat, then a steady climb once the
    RasDial loop starts at sample start_at), flat (the loop runs, memory does not grow), sawtooth
    (climbs 6 MB over 10 minutes, then is given back, again and again: a cache, not a leak)."""
    out = []
    for i in range(n):
        noise = jitter(key, i, 18_000)
        if kind == "leak":
            grow = max(0, i - start_at) * 41_000.0  # about 80 KB a minute at 30-second samples
            out.append(base + grow + noise)
        elif kind == "flat":
            out.append(base + 350_000 * math.sin(i / 9.0) * 0.1 + noise)
        elif kind == "sawtooth":
            phase = i % 20  # 20 samples = 10 minutes
            out.append(base + phase * 300_000.0 + noise)
        else:
            raise ValueError(kind)
    return out


def dialer_log(start: dt.datetime, loop_at: dt.datetime, end: dt.datetime, failing: bool, error: int = 623) -> tuple[str, int]:
    """The dialer program's own log (local time): start-up lines, then one line per RasDial attempt
    every 15 seconds once the loop starts; failing=False logs a healthy polling loop instead."""
    lines = [f"{start:%Y-%m-%d %H:%M:%S}.041 dialmon 2.3 starting, phonebook C:\\WINNT\\system32\\RAS\\rasphone.pbk",
             f"{start:%Y-%m-%d %H:%M:%S}.093 [INFO] config: entry \"Head Office\", retry every 15 s",
             f"{start + dt.timedelta(seconds=1):%Y-%m-%d %H:%M:%S}.007 [INFO] waiting for the first poll window"]
    t = loop_at
    n = 0
    while t < end:
        ms = (n * 37) % 1000
        if failing:
            lines.append(f"{t:%Y-%m-%d %H:%M:%S}.{ms:03d} [ERROR] RasDial(\"Head Offce\") failed, error {error}")
            if n % 40 == 0:
                lines.append(f"    retry {n}: the phone book entry could not be found; retrying in 15 s")
        else:
            lines.append(f"{t:%Y-%m-%d %H:%M:%S}.{ms:03d} [INFO] poll {n}: link up, 0 messages queued")
        t += dt.timedelta(seconds=15)
        n += 1
    entries = sum(1 for l in lines if l[:4].isdigit())
    return "\n".join(lines) + "\n", entries


def counter_rows(start: dt.datetime, n: int, every: int, series: list[list]) -> list[tuple[dt.datetime, list]]:
    rows = []
    for i in range(n):
        when = start + dt.timedelta(seconds=every * i, milliseconds=(i * 7) % 400)
        rows.append((when, [s[i] for s in series]))
    return rows


def dialsrv_batch(m, kind: str, failing: bool):
    """DIALSRV01, an NT 4.0 SP6a server running the dialmon program: its counter log, its own log,
    and its System log (which tells the system: EventLog 6009). Returns (files, README line)."""
    start = dt.datetime(2000, 3, 20, 10, 0, 0)
    n, every, loop_sample = 360, 30, 80  # 3 hours of 30-second samples; the loop starts at 10:40
    host = "\\\\DIALSRV01"
    private = memory_series(kind, "dialmon-pb-" + kind, n, loop_sample, 2_150_000)
    virtual = [p + 14_000_000 + jitter("vb", i, 4000) for i, p in enumerate(private)]
    handles = [118 + int(abs(jitter("hc", i, 3))) for i in range(n)]
    pid = [412] * n
    spool = [1_410_000 + jitter("spool", i, 9000) for i in range(n)]
    total = [p + s + 31_000_000 for p, s in zip(private, spool)]
    avail = [41_000_000 - (p - private[0]) + jitter("avail", i, 60_000) for i, p in enumerate(private)]
    # Two samples the collector missed (PDH writes a blank): the trend must not mind.
    private[150] = None
    spool[151] = None
    cols = [f"{host}\\Process(dialmon)\\Private Bytes", f"{host}\\Process(dialmon)\\Virtual Bytes",
            f"{host}\\Process(dialmon)\\Handle Count", f"{host}\\Process(dialmon)\\ID Process",
            f"{host}\\Process(spoolss)\\Private Bytes", f"{host}\\Process(_Total)\\Private Bytes",
            f"{host}\\Memory\\Available Bytes"]
    series = [private, virtual, handles, pid, spool, total, avail]
    rows = counter_rows(start, n, every, series)
    cells = sum(1 for _, vs in rows for v in vs if v is not None)
    csv = pdh_log(cols, rows, "Eastern Standard Time", 300)
    log, entries = dialer_log(start, start + dt.timedelta(seconds=loop_sample * every),
                              start + dt.timedelta(seconds=n * every), failing)
    system = m.finish(nt4_system_events(m, "DIALSRV01", dt.datetime(2000, 3, 20, 7, 58, 12)), "DIALSRV01", 9102)
    return csv, cells, log, entries, system


def nt4_system_events(m, computer: str, boot: dt.datetime, version: str = "4.0", build: str = "1381",
                      sp: str = "Service Pack 6", product: str = "Windows NT (R)") -> list:
    """The boot of an NT-era server as its System log shows it (EventLog 6006/6009/6005, services)."""
    E = m.Event
    msg = f"Microsoft (R) {product} {version} {build} {sp} Uniprocessor Free."
    return [
        E("System", boot - dt.timedelta(minutes=3), "EventLog", 6006, "Information", "The Event log service was stopped."),
        E("System", boot, "EventLog", 6009, "Information", msg, strings=[version, build, sp, "Uniprocessor Free"]),
        E("System", boot, "EventLog", 6005, "Information", "The Event log service was started."),
        E("System", boot + dt.timedelta(seconds=21), "Service Control Manager", 7035, "Information",
          "The Remote Access Connection Manager service was successfully sent a start control.",
          strings=["Remote Access Connection Manager", "start"], user=m.SYSTEM),
        E("System", boot + dt.timedelta(seconds=23), "Service Control Manager", 7036, "Information",
          "The Remote Access Connection Manager service entered the running state.",
          strings=["Remote Access Connection Manager", "running"]),
        E("System", boot + dt.timedelta(seconds=40), "BROWSER", 8015, "Information",
          f"The browser has forced an election on network \\Device\\NetBT_Elnk31 because a master browser was stopped.",
          strings=["\\Device\\NetBT_Elnk31"]),
    ]


def write_counter_samples(m) -> None:
    high = "Q257647 **high**, computer DIALSRV01 (system told by EventLog 6009)"
    d = "Q257647/nt4-perfmon-and-app-log/"
    csv, cells, log, entries, system = dialsrv_batch(m, "leak", failing=True)
    m.save(d + "DIALSRV01-memory.csv", csv, "cp1252", cells, m.FMT["pdhcsv"], high)
    m.save(d + "dialmon.log", log, "cp1252", entries, m.FMT["textlog"], high)
    m.save(d + "System.txt", m.nt4_rows(system, "\t", "nt4-text"), "cp1252", len(system), m.FMT["nt4tab"], high)

    n = "near-miss/"
    csv, cells, log, entries, system = dialsrv_batch(m, "flat", failing=True)
    none = "**no finding**"
    m.save(n + "q257647-flat-memory/DIALSRV01-memory.csv", csv, "cp1252", cells, m.FMT["pdhcsv"], none)
    m.save(n + "q257647-flat-memory/dialmon.log", log, "cp1252", entries, m.FMT["textlog"], none)
    m.save(n + "q257647-flat-memory/System.txt", m.nt4_rows(system, "\t", "nt4-text"), "cp1252", len(system),
           m.FMT["nt4tab"], none)
    csv, cells, log, entries, system = dialsrv_batch(m, "sawtooth", failing=True)
    m.save(n + "q257647-sawtooth/DIALSRV01-memory.csv", csv, "cp1252", cells, m.FMT["pdhcsv"], none)
    m.save(n + "q257647-sawtooth/dialmon.log", log, "cp1252", entries, m.FMT["textlog"], none)
    m.save(n + "q257647-sawtooth/System.txt", m.nt4_rows(system, "\t", "nt4-text"), "cp1252", len(system),
           m.FMT["nt4tab"], none)
    csv, cells, log, entries, system = dialsrv_batch(m, "leak", failing=False)
    m.save(n + "q257647-leak-no-rasdial/DIALSRV01-memory.csv", csv, "cp1252", cells, m.FMT["pdhcsv"], none)
    m.save(n + "q257647-leak-no-rasdial/dialmon.log", log, "cp1252", entries, m.FMT["textlog"], none)
    m.save(n + "q257647-leak-no-rasdial/System.txt", m.nt4_rows(system, "\t", "nt4-text"), "cp1252", len(system),
           m.FMT["nt4tab"], none)

    write_restarted_sample(m)
    write_rasclient_sample(m)


def write_restarted_sample(m) -> None:
    """A German System Monitor export (PDH-TSV via relog, dotted day-first dates) of a leak that a
    watchdog restarts: ID Process changes at the restart and the climb starts over."""
    start = dt.datetime(2000, 3, 21, 8, 0, 0)
    n, every = 240, 60  # 4 hours of one-minute samples
    host = "\\\\DIALSRV01"
    private, pid = [], []
    for i in range(n):
        life = i if i < 130 else i - 130
        private.append(2_300_000 + life * 60_000.0 + jitter("restart", i, 25_000))
        pid.append(412 if i < 130 else 1187)
    cols = [f"{host}\\Process(dialmon)\\Private Bytes", f"{host}\\Process(dialmon)\\ID Process"]
    rows = counter_rows(start, n, every, [private, pid])
    tsv = pdh_log(cols, rows, "Eastern Standard Time", 300, delim="\t", style="dotted")
    log, entries = dialer_log(start - dt.timedelta(minutes=2), start, start + dt.timedelta(seconds=n * every), True)
    system = m.finish(nt4_system_events(m, "DIALSRV01", dt.datetime(2000, 3, 21, 7, 40, 3)), "DIALSRV01", 9130)
    d = "Q257647/restarted-process/"
    high = "Q257647 **high**, computer DIALSRV01 (the longer of the two climbs is the evidence)"
    m.save(d + "dialmon-relog.tsv", tsv, "cp1252", 2 * n, m.FMT["pdhtsv"], high)
    m.save(d + "dialmon.log", log, "cp1252", entries, m.FMT["textlog"], high)
    m.save(d + "System.txt", m.nt4_rows(system, ",", "nt4-csv"), "cp1252", len(system), m.FMT["nt4csv"], high)


def write_rasclient_sample(m) -> None:
    """KIOSK07, a later Windows client: RasClient 20227 events in the Application log (wevtutil XML,
    UTC) and a typeperf log (local time, Pacific). Nothing tells the system, so medium at most."""
    start = dt.datetime(2007, 11, 6, 13, 0, 0)  # local, PST (UTC-8)
    n, every, loop_sample = 180, 30, 30
    host = "\\\\KIOSK07"
    private = memory_series("leak", "kiosk", n, loop_sample, 3_400_000)
    cols = [f"{host}\\Process(kioskdial)\\Private Bytes", f"{host}\\Process(kioskdial)\\ID Process",
            f"{host}\\Processor(_Total)\\% Processor Time"]
    cpu = [round(4 + abs(jitter("cpu", i, 3)), 6) for i in range(n)]
    cpu[0] = None  # typeperf has no rate for its first sample
    rows = counter_rows(start, n, every, [private, [2964] * n, cpu])
    cells = sum(1 for _, vs in rows for v in vs if v is not None)
    csv = pdh_log(cols, rows, "Pacific Standard Time", 480, trailer=True)
    E = m.Event
    events = [E("Application", start - dt.timedelta(minutes=20), "Winlogon", 4101, "Information",
                "Windows license validated.")]
    t = start + dt.timedelta(seconds=loop_sample * every + 5)
    k = 0
    while t < start + dt.timedelta(seconds=n * every):
        co = f"{{7C1E{k:04X}-2E44-4A5C-9B0E-1D2A3F4B5C6D}}"
        msg = (f"CoId={co}: The user KIOSK07\\kiosk dialed a connection named Branch VPN which has failed. "
               f"The error code returned on failure is 623.")
        events.append(E("Application", t, "RasClient", 20227, "Error", msg,
                        strings=[co, "KIOSK07\\kiosk", "Branch VPN", "623"], qualifiers=0))
        t += dt.timedelta(seconds=60)
        k += 1
    app = m.finish(events, "KIOSK07", 5521, utc_offset=m.fixed_offset(8))
    d = "Q257647/rasclient-and-typeperf/"
    medium = "Q257647 **medium**, computer KIOSK07 (high pattern, but the logs do not tell the system)"
    m.save(d + "typeperf-kiosk07.csv", csv, "utf-8", cells, m.FMT["pdhcsv"] + "; typeperf's trailer lines at the end",
           medium)
    m.save(d + "Application.xml", m.wevtutil_xml(app), "utf-8", len(app), m.FMT["xml"], medium)


# --- Network snapshots ---------------------------------------------------------------------------

def dots(label: str, width: int) -> str:
    """ipconfig's label with its dot leader: "IP Address. . . . . . . . . :"."""
    s = label
    while len(s) < width:
        s += " ." if len(s) % 2 else "."
    return s[:width] + " :"


def ipconfig_nt4(host: str, adapters: list[tuple]) -> str:
    out = ["", "Windows NT IP Configuration", "",
           f"        {dots('Host Name', 28)} {host}.corp.example.com",
           f"        {dots('DNS Servers', 28)} 10.20.1.2",
           f"        {dots('Node Type', 28)} Hybrid",
           f"        {dots('NetBIOS Scope ID', 28)} ",
           f"        {dots('IP Routing Enabled', 28)} No",
           f"        {dots('WINS Proxy Enabled', 28)} No",
           f"        {dots('NetBIOS Resolution Uses DNS', 28)} No", ""]
    for name, desc, mac, addrs, gw in adapters:
        out += [f"Ethernet adapter {name} :", "",
                f"        {dots('Description', 28)} {desc}",
                f"        {dots('Physical Address', 28)} {mac}",
                f"        {dots('DHCP Enabled', 28)} No"]
        for ip, mask in addrs:
            out += [f"        {dots('IP Address', 28)} {ip}", f"        {dots('Subnet Mask', 28)} {mask}"]
        out += [f"        {dots('Default Gateway', 28)} {gw}", f"        {dots('Primary WINS Server', 28)} 10.20.1.3", ""]
    return "\n".join(out) + "\n"


def ipconfig_w2k(host: str, adapters: list[tuple], banner: str = "Windows 2000 IP Configuration") -> str:
    out = ["", banner, "",
           f"        {dots('Host Name', 34)} {host}",
           f"        {dots('Primary DNS Suffix', 34)} corp.example.com",
           f"        {dots('Node Type', 34)} Hybrid",
           f"        {dots('IP Routing Enabled', 34)} No",
           f"        {dots('WINS Proxy Enabled', 34)} No",
           f"        {dots('DNS Suffix Search List', 34)} corp.example.com", ""]
    for name, desc, mac, addrs, gw in adapters:
        out += [f"Ethernet adapter {name}:", "",
                f"        {dots('Connection-specific DNS Suffix', 34)} ",
                f"        {dots('Description', 34)} {desc}",
                f"        {dots('Physical Address', 34)} {mac}",
                f"        {dots('DHCP Enabled', 34)} No"]
        for ip, mask in addrs:
            out += [f"        {dots('IP Address', 34)} {ip}", f"        {dots('Subnet Mask', 34)} {mask}"]
        out += [f"        {dots('Default Gateway', 34)} {gw}",
                f"        {dots('DNS Servers', 34)} 10.20.1.2",
                "                                            10.20.1.4", ""]
    return "\n".join(out) + "\n"


def route_row(dest: str, mask: str, gw: str, iface: str, metric: int) -> str:
    return f"{dest:>17}{mask:>17}{gw:>15}{iface:>17}{metric:>8}"


def route_print_nt4(routes: list[tuple]) -> str:
    out = ["", "Active Routes:", "", "  Network Address          Netmask  Gateway Address        Interface  Metric"]
    out += [route_row(*r) for r in routes]
    return "\n".join(out) + "\n"


def route_print_w2k(interfaces: list[str], routes: list[tuple], default_gw: str) -> str:
    bar = "=" * 75
    out = [bar, "Interface List", "0x1 ........................... MS TCP Loopback interface"]
    out += interfaces
    out += [bar, bar, "Active Routes:", "Network Destination        Netmask          Gateway       Interface  Metric"]
    out += [route_row(*r) for r in routes]
    out += [f"Default Gateway:         {default_gw}", bar, "Persistent Routes:", "  None", ""]
    return "\n".join(out) + "\n"


def host_routes(addrs: list[tuple[str, str]], iface_of_subnet: dict) -> list[tuple]:
    """What TCP/IP adds for each address: its subnet route, a host route through the loopback, the
    subnet broadcast route."""
    routes = []
    for ip, mask in addrs:
        ipn = [int(x) for x in ip.split(".")]
        mn = [int(x) for x in mask.split(".")]
        net = ".".join(str(a & b) for a, b in zip(ipn, mn))
        bcast = ".".join(str((a & b) | (255 - b)) for a, b in zip(ipn, mn))
        if (net, mask) not in iface_of_subnet:
            iface_of_subnet[(net, mask)] = ip
            routes.append((net, mask, ip, ip, 1))
        routes.append((ip, "255.255.255.255", "127.0.0.1", "127.0.0.1", 1))
        routes.append((bcast, "255.255.255.255", ip, ip, 1))
    return routes


def websrv_routes(addrs: list[tuple[str, str]], gw: str, stale: list[tuple] = ()) -> list[tuple]:
    first = addrs[0][0]
    routes = [("0.0.0.0", "0.0.0.0", gw, first, 1), ("127.0.0.0", "255.0.0.0", "127.0.0.1", "127.0.0.1", 1)]
    routes += host_routes(addrs, {})
    routes += list(stale)
    routes += [("224.0.0.0", "224.0.0.0", first, first, 1), ("255.255.255.255", "255.255.255.255", first, first, 1)]
    return sorted(routes, key=lambda r: [int(x) for x in r[0].split(".")])


def count_facts(ipconfig_adapters: list[tuple], routes: list[tuple], configs: int = 1) -> int:
    return configs + sum(len(a[3]) for a in ipconfig_adapters) + len(routes)


def write_network_samples(m) -> None:
    # WEBSRV03: NT 4.0 SP6a with two adapters. A provisioning tool added 10.20.1.40 and 10.20.1.41
    # to the first adapter with AddIPAddress, then deleted 10.20.1.41: the route table still sends
    # the 10.20.2.0/24 route (added while .41 existed) out through 10.20.1.41.
    elnk = ("Elnk31", "3Com 3C90x Ethernet Adapter", "00-60-08-4E-21-7C",
            [("10.20.1.15", "255.255.255.0"), ("10.20.1.40", "255.255.255.0")], "10.20.1.1")
    e100 = ("E100B1", "Intel(R) PRO Adapter", "00-A0-C9-3B-12-90", [("192.168.50.15", "255.255.255.0")], "")
    addrs = elnk[3] + e100[3]
    stale = [("10.20.2.0", "255.255.255.0", "10.20.1.41", "10.20.1.41", 1)]
    ipc = ipconfig_nt4("WEBSRV03", [elnk, e100])
    high = "Q287032 **high**, computer WEBSRV03 (system told by EventLog 6009)"
    d = "Q287032/nt4-stale-route/"
    routes = websrv_routes(addrs, "10.20.1.1", stale)
    system = m.finish(nt4_system_events(m, "WEBSRV03", dt.datetime(2001, 2, 26, 6, 12, 40)), "WEBSRV03", 30112)
    m.save(d + "ipconfig-all.txt", ipc, "cp1252", count_facts([elnk, e100], [], 1), m.FMT["ipconfig"], high)
    m.save(d + "route-print.txt", route_print_nt4(routes), "cp1252", len(routes), m.FMT["route_nt4"], high)
    m.save(d + "System.txt", m.nt4_rows(system, "\t", "nt4-text"), "cp1252", len(system), m.FMT["nt4tab"], high)

    # The same host with a consistent table: the .41 routes were removed with the address.
    none = "**no finding**"
    routes = websrv_routes(addrs, "10.20.1.1")
    d = "near-miss/q287032-consistent-routes/"
    m.save(d + "ipconfig-all.txt", ipc, "cp1252", count_facts([elnk, e100], [], 1), m.FMT["ipconfig"], none)
    m.save(d + "route-print.txt", route_print_nt4(routes), "cp1252", len(routes), m.FMT["route_nt4"], none)
    m.save(d + "System.txt", m.nt4_rows(system, "\t", "nt4-text"), "cp1252", len(system), m.FMT["nt4tab"], none)

    # APPSRV12: Windows 2000, one file with both commands as an engineer pasted them.
    lan = ("Local Area Connection", "Compaq NC3121 Fast Ethernet NIC", "00-08-C7-9A-44-01",
           [("172.16.8.20", "255.255.252.0"), ("172.16.8.21", "255.255.252.0")], "172.16.8.1")
    lan2 = ("Local Area Connection 2", "Compaq NC3120 Fast Ethernet NIC", "00-08-C7-9A-44-02",
            [("172.16.40.20", "255.255.255.0")], "")
    stale = [("172.16.12.0", "255.255.252.0", "172.16.8.23", "172.16.8.23", 1)]
    routes = websrv_routes(lan[3] + lan2[3], "172.16.8.1", stale)
    ifaces = ["0x1000003 ...00 08 c7 9a 44 01 ...... Compaq NC3121 Fast Ethernet NIC",
              "0x1000004 ...00 08 c7 9a 44 02 ...... Compaq NC3120 Fast Ethernet NIC"]
    text = ("C:\\>ipconfig /all\n" + ipconfig_w2k("APPSRV12", [lan, lan2]) + "\nC:\\>route print\n" +
            route_print_w2k(ifaces, routes, "172.16.8.1"))
    facts = count_facts([lan, lan2], routes, 1)
    d = "Q287032/w2k-one-file/"
    high2 = "Q287032 **high**, computer APPSRV12 (Windows 2000 SP2 by EventLog 6009)"
    system = m.finish(nt4_system_events(m, "APPSRV12", dt.datetime(2002, 5, 6, 7, 1, 9), "5.0", "2195",
                                        "Service Pack 2", "Windows 2000 (R)"), "APPSRV12", 771)
    m.save(d + "netinfo.txt", text, "cp1252", facts, m.FMT["netinfo"], high2)
    m.save(d + "System.txt", m.nt4_rows(system, "\t", "nt4-text"), "cp1252", len(system), m.FMT["nt4tab"], high2)

    # The same snapshot alone: ipconfig's banner says Windows 2000 but not the service pack.
    medium = "Q287032 **medium**, computer APPSRV12 (the service pack is not told)"
    m.save("Q287032/snapshot-only/netinfo.txt", text, "cp1252", facts, m.FMT["netinfo"], medium)

    # The same host after Service Pack 4, which fixed the problem: not reported (a note says why).
    system = m.finish(nt4_system_events(m, "APPSRV12", dt.datetime(2003, 9, 2, 7, 1, 9), "5.0", "2195",
                                        "Service Pack 4", "Windows 2000 (R)"), "APPSRV12", 3950)
    d = "near-miss/q287032-fixed-by-sp4/"
    m.save(d + "netinfo.txt", text, "cp1252", facts, m.FMT["netinfo"], none + " (a note: Windows 2000 SP4)")
    m.save(d + "System.txt", m.nt4_rows(system, "\t", "nt4-text"), "cp1252", len(system), m.FMT["nt4tab"],
           none + " (a note: Windows 2000 SP4)")

    # A Windows XP snapshot ("Windows IP Configuration") with the same stale route: the article
    # is not about XP.
    text_xp = ("C:\\>ipconfig /all\n" + ipconfig_w2k("APPSRV12", [lan, lan2], "Windows IP Configuration") +
               "\nC:\\>route print\n" + route_print_w2k(ifaces, routes, "172.16.8.1"))
    m.save("near-miss/q287032-windows-xp/netinfo.txt", text_xp, "cp1252", facts, m.FMT["netinfo"],
           none + " (a note: Windows XP or later)")


FORMATS = {
    "pdhcsv": "H1 Performance Monitor / `relog -f csv` / `typeperf` PDH-CSV 4.0 (quoted, `\\\\HOST\\Object(Instance)\\Counter` columns)",
    "pdhtsv": "H1 `relog -f tsv` PDH-TSV 4.0 (tab-delimited), German dates (`21.03.2000 08:00:00.000`)",
    "textlog": "H2 a program's own log: one timestamped line per entry, continuation lines indented",
    "ipconfig": "H3 NT4 `ipconfig /all` (`Windows NT IP Configuration`, dot leaders, `Ethernet adapter X :`)",
    "route_nt4": "H3 NT4 `route print` (`Active Routes:` / `Network Address ... Interface  Metric`, no interface list)",
    "netinfo": "H3 `ipconfig /all` + `route print` pasted in one file with their prompts (Windows 2000/XP layout: "
               "Interface List, `Network Destination`, Persistent Routes)",
}


def readme() -> str:
    return """## Counter logs and network snapshots (KB Q257647, KB Q287032)

Written by [`make_state_samples.py`](make_state_samples.py) (called by `make_samples.py`). These
are not event logs but the state a support engineer collects: Performance Monitor counter logs,
a program's own log, and `ipconfig /all` + `route print` output. Format letters H1-H3 are this
project's names (the format notes stop at G). Counter "noise" is a fixed CRC32 of the sample
number, so every file is the same on every run.

### KB Q257647: Rasapi32 leaks while RasDial fails on an invalid entry

`DIALSRV01`, Windows NT 4.0 SP6a (its System log has EventLog 6009 "4.0 1381 Service Pack 6").
The program `dialmon` starts at 10:00 local (Eastern, the counter log's header says
`(Eastern Standard Time)(300)`); from 10:40 it calls RasDial for the entry "Head Offce" (a typo)
every 15 seconds and logs `[ERROR] RasDial("Head Offce") failed, error 623`.

* `Q257647/nt4-perfmon-and-app-log/`: a 3-hour PDH-CSV log at 30-second samples. `dialmon`
  Private Bytes: about 2.1 MB flat, then from 10:40 a climb of about 80 KB a minute (to 13.6 MB),
  with ±18 KB of noise and one missing sample. Other columns: Virtual Bytes, Handle Count, ID
  Process (412 throughout), spoolss Private Bytes (flat), `_Total` Private Bytes, Memory
  Available Bytes. Expected: **high**. The evidence is the first and last counter sample of the
  climb (file and line) and the 623 lines of `dialmon.log` inside it.
* `Q257647/restarted-process/`: a German `relog -f tsv` log (PDH-TSV, `21.03.2000` dates) of a
  leak that a watchdog restarts after 130 minutes: ID Process changes from 412 to 1187 and the
  climb starts over. Expected: **high**, the longer climb is the evidence.
* `Q257647/rasclient-and-typeperf/`: `KIOSK07`, a later Windows client. The Application log
  (wevtutil XML, UTC) holds RasClient 20227 "The error code returned on failure is 623" once a
  minute, and the `typeperf` log (`(Pacific Standard Time)(480)`, with typeperf's two trailer
  lines) shows `kioskdial`'s Private Bytes climbing. Nothing tells the system, and the article
  is about NT 4.0 SP6a, so expected: **medium** (the signature's `when_unknown`).
* Near misses (each with the same System log, expected: no finding):
  `near-miss/q257647-flat-memory/` (the same RasDial failures, Private Bytes flat);
  `near-miss/q257647-sawtooth/` (the same failures, Private Bytes climbs 5.7 MB in 10 minutes and
  is given back, with the same ID Process, over and over: a cache, not a leak);
  `near-miss/q257647-leak-no-rasdial/` (the same climb, but `dialmon.log` shows a healthy polling
  loop and no RasDial call).

### KB Q287032: routes through an address no adapter holds

* `Q287032/nt4-stale-route/`: `WEBSRV03`, NT 4.0 SP6a (EventLog 6009), two adapters (`Elnk31`
  with 10.20.1.15 and the added 10.20.1.40, `E100B1` with 192.168.50.15). A tool added
  10.20.1.41 with AddIPAddress and deleted it again, but `route print` (NT4 layout, no interface
  list) still sends 10.20.2.0/24 through interface 10.20.1.41. `ipconfig-all.txt` gives the host
  name as `WEBSRV03.corp.example.com`. Expected: **high**. The evidence is that route line and
  the address lines of `ipconfig-all.txt`.
* `Q287032/w2k-one-file/`: `APPSRV12`, Windows 2000 SP2 (EventLog 6009), both commands pasted in
  one `netinfo.txt` with their prompts (Windows 2000 layout with Interface List and Persistent
  Routes); 172.16.12.0/22 goes through 172.16.8.23, which no adapter holds. Expected: **high**.
* `Q287032/snapshot-only/`: the same `netinfo.txt` alone. Its banner says Windows 2000 but not the
  service pack (fixed in SP4). Expected: **medium**.
* Near misses: `near-miss/q287032-consistent-routes/` (WEBSRV03 with a consistent table: no
  finding); `near-miss/q287032-fixed-by-sp4/` (APPSRV12's stale route, but 6009 says Service
  Pack 4: no finding, and a note says why); `near-miss/q287032-windows-xp/` (the same snapshot
  under the `Windows IP Configuration` banner of XP and later: no finding, a note says why).

"""
