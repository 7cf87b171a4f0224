#!/usr/bin/env python3
"""Writes a large synthetic `wevtutil qe /f:xml` export for memory and speed checks.

The file holds a DHCP server's System log: mostly ordinary noise events (Service Control
Manager, EventLog, Srv, Tcpip...), with the Q216793 picture (DHCP Server 1014/-510 and 1016
every 15 minutes, and one JET 30 -1032) somewhere in the middle, so a scan of it must still
find the article. Deterministic: the same size gives the same file.

usage: make_big_export.py OUT.xml [SIZE_MB]   (default 1024 MB)
"""
import sys
import datetime as dt

NS = "http://schemas.microsoft.com/win/2004/08/events/event"
NOISE = [
    ("Service Control Manager", 7036, 16384, 4, ["Print Spooler", "running"], ""),
    ("Service Control Manager", 7035, 16384, 4, ["Print Spooler", "start"], ""),
    ("EventLog", 6013, 32768, 4, ["", "", "86400", "60", "0 Eastern Standard Time"], ""),
    ("Srv", 2013, 32768, 3, ["\\Device\\Harddisk0\\Partition1", "C:"], "0000000002002C00000000006B07000000000000"),
    ("Tcpip", 4199, 49152, 2, ["10.1.2.40", "00A0C9112233"], ""),
    ("BROWSER", 8015, 16384, 4, ["CONTOSO", "\\Device\\NetBT_E100B1"], ""),
    ("DhcpServer", 1024, 16384, 4, [], ""),
    ("W32Time", 35, 16384, 4, ["dc01.contoso.local (ntp.d|10.1.2.10:123->10.1.2.40:123)"], ""),
]


def event(provider, eid, qual, level, strings, binary, when, record, channel="System"):
    data = "".join("<Data>%s</Data>" % s for s in strings)
    if binary:
        data += "<Binary>%s</Binary>" % binary
    return (
        "<Event xmlns='%s'><System><Provider Name='%s'/><EventID Qualifiers='%d'>%d</EventID>"
        "<Level>%d</Level><Task>0</Task><Keywords>0x80000000000000</Keywords>"
        "<TimeCreated SystemTime='%s.000000000Z'/><EventRecordID>%d</EventRecordID><Channel>%s</Channel>"
        "<Computer>DHCPSRV01</Computer><Security/></System><EventData>%s</EventData></Event>\r\n"
        % (NS, provider, qual, eid, level, when.strftime("%Y-%m-%dT%H:%M:%S"), record, channel, data)
    )


def main():
    out = sys.argv[1]
    target = int(sys.argv[2] if len(sys.argv) > 2 else 1024) * 1024 * 1024
    start = dt.datetime(2001, 1, 1)
    written = 0
    record = 1
    symptoms_at = target // 2
    symptoms_done = False
    with open(out, "w", encoding="utf-8", newline="") as f:
        chunk = []
        size = 0
        while written < target:
            when = start + dt.timedelta(seconds=record * 7)
            p = NOISE[record % len(NOISE)]
            line = event(p[0], p[1], p[2], p[3], p[4], p[5], when, record)
            record += 1
            chunk.append(line)
            size += len(line)
            if not symptoms_done and written + size >= symptoms_at:
                jet = event("JET", 30, 49152, 2, ["-1032"], "", when, record, "Application")
                record += 1
                chunk.append(jet)
                for cycle in range(13):
                    t = when + dt.timedelta(minutes=8 + 15 * cycle, seconds=cycle % 4)
                    chunk.append(event("DhcpServer", 1014, 49152, 2, ["-510"], "02FEFFFF", t, record))
                    chunk.append(event("DhcpServer", 1016, 49152, 2, [], "2D4E0000", t + dt.timedelta(seconds=1), record + 1))
                    record += 2
                symptoms_done = True
            if size > 1 << 22:
                f.write("".join(chunk))
                written += size
                chunk, size = [], 0
        f.write("".join(chunk))
    print("%s: %d events, %d bytes" % (out, record - 1, written + size))


if __name__ == "__main__":
    main()
