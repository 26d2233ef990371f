# Runs a `linecard sql --dialect spark` file in Spark local mode (pyspark from
# PyPI, with its bundled jars, and a Java runtime): DATA (a CSV export or a
# Parquet file) becomes the table VIEW, as a warehouse would hold it (its
# columns typed by Spark's schema inference), each statement runs in turn,
# and the rows of every query go to one CSV file. ANSI mode is on, so a
# cast that cannot be made fails instead of giving NULL.
# Usage: python3 run_spark.py DATA VIEW KPIS.sql RESULTS.csv
import csv
import sys

from pyspark.sql import SparkSession

data, view, sql, out = sys.argv[1:5]
spark = (
    SparkSession.builder.master("local[2]")
    .appName("linecard-sql")
    .config("spark.sql.ansi.enabled", "true")
    .config("spark.ui.enabled", "false")
    .config("spark.sql.shuffle.partitions", "4")
    .getOrCreate()
)
spark.sparkContext.setLogLevel("ERROR")
# RFC 4180 quoting, as the exports write it (a JSON text in a field, its
# quotes doubled: PostHog's properties); Spark escapes with a backslash
# otherwise.
reader = (
    spark.read.option("header", True)
    .option("inferSchema", True)
    .option("escape", '"')
    .option("multiLine", True)
)
frame = reader.parquet(data) if data.endswith(".parquet") else reader.csv(data)
frame.createOrReplaceTempView(view)
rows, columns = [], None
for statement in open(sql, encoding="utf-8").read().split("\n\n"):
    lines = [l for l in statement.splitlines() if not l.startswith("--")]
    body = "\n".join(lines).strip().rstrip(";")
    if not body:
        continue
    result = spark.sql(body)
    if body.upper().startswith("SET "):
        continue
    assert columns is None or result.columns == columns, (result.columns, columns)
    columns = result.columns
    rows.extend(tuple(r) for r in result.collect())
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(columns)
    for row in rows:
        w.writerow([repr(v) if isinstance(v, float) else v for v in row])
spark.stop()
