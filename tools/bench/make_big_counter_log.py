#!/usr/bin/env python3
"""Writes a large synthetic PDH-CSV counter log (and the dialer's own log) for the counter-log
benchmark: 40 processes x 4 counters, one sample row every 15 seconds, until SIZE_MB is reached.
One process (`dialmon`) leaks 60 KB a minute during the whole log while its log shows RasDial
failing with error 623; the others wobble around a flat level.
    make_big_counter_log.py OUT_DIR SIZE_MB
Standard library only, deterministic."""
import datetime as dt
import os
import sys

out_dir, size_mb = sys.argv[1], int(sys.argv[2])
limit = size_mb * 1024 * 1024
procs = ["dialmon"] + [f"svc{i:02d}" for i in range(39)]
counters = ["Private Bytes", "Virtual Bytes", "Handle Count", "ID Process"]
host = "\\\\BIGSRV01"
cols = [f"{host}\\Process({p})\\{c}" for p in procs for c in counters]
start = dt.datetime(2000, 3, 20, 0, 0, 0)
csv_path = os.path.join(out_dir, "BIGSRV01-counters.csv")
written = 0
rows = 0
with open(csv_path, "w", newline="\r\n") as f:
    header = ",".join('"' + c + '"' for c in ['(PDH-CSV 4.0) (Eastern Standard Time)(300)'] + cols) + "\n"
    f.write(header)
    written += len(header)
    while written < limit:
        t = start + dt.timedelta(seconds=15 * rows)
        cells = ['"' + t.strftime("%m/%d/%Y %H:%M:%S") + '.000"']
        for k, p in enumerate(procs):
            wobble = ((rows * 7919 + k * 104729) % 2000) * 10
            base = 2_000_000 + k * 100_000 + wobble
            if p == "dialmon":
                base = 2_000_000 + rows * 15_000 + wobble
            cells += [f'"{base}.000000"', f'"{base + 14_000_000}.000000"', f'"{100 + k}"', f'"{400 + k}"']
        line = ",".join(cells) + "\n"
        f.write(line)
        written += len(line) + 1
        rows += 1
end = start + dt.timedelta(seconds=15 * rows)
with open(os.path.join(out_dir, "dialmon.log"), "w", newline="\r\n") as f:
    t = start + dt.timedelta(minutes=5)
    while t < end:
        f.write(f"{t:%Y-%m-%d %H:%M:%S}.000 [ERROR] RasDial(\"Head Offce\") failed, error 623\n")
        t += dt.timedelta(minutes=1)
print(f"{rows} rows x {len(cols)} columns, {rows * len(cols):,} samples")
