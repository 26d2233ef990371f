# Runs each statement of a `linecard sql --dialect duckdb` file (split at the
# blank lines between them) in one DuckDB connection, and writes the rows of
# every query to one CSV file, with the columns the statements return.
# Usage: python3 run_duckdb.py KPIS.sql RESULTS.csv
import csv
import sys

import duckdb

sql, out = sys.argv[1], sys.argv[2]
con = duckdb.connect()
rows, columns = [], None
for statement in open(sql, encoding="utf-8").read().split("\n\n"):
    if not statement.strip():
        continue
    cursor = con.execute(statement)
    if statement.lstrip().upper().startswith("SET "):
        continue
    names = [d[0] for d in cursor.description]
    assert columns is None or names == columns, (names, columns)
    columns = names
    rows.extend(cursor.fetchall())
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(columns)
    for row in rows:
        w.writerow([repr(v) if isinstance(v, float) else v for v in row])
