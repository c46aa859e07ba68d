"""Runs the queries of `livability sql --dialect spark --out DIR` on Spark 3 or 4 (PySpark) and
writes their rows as DIR/<source>.csv for `livability rank SPEC --sql-results DIR`.

    spark-submit --driver-memory 8g run_spark.py DIR grid=exports/grid.csv hotline=exports/hotline.csv ...

Each export becomes a table (not a view: the queries number rows with
monotonically_increasing_id(), stable only over a table) named like its source, every column a
string (no inferSchema), the headers trimmed. Spark 4 reads GB18030 only with
spark.sql.legacy.javaCharsets=true. The rows are collected to the driver (a few per place and
indicator, however many the records), so no part files need merging; planning a query takes
the driver's memory: give it some.
"""

import csv
import os
import sys

from pyspark.sql import SparkSession


def encoding(path):
    """UTF-8 when the file decodes as UTF-8, else GB18030."""
    try:
        open(path, "rb").read().decode("utf-8")
        return "UTF-8"
    except UnicodeDecodeError:
        return "GB18030"


def main():
    out, pairs = sys.argv[1], sys.argv[2:]
    spark = (
        SparkSession.builder.appName("livability")
        .config("spark.sql.legacy.javaCharsets", "true")
        # Inferring filters from the constraints of the queries' many aliased columns is the
        # optimizer rule known to take planning time quadratic and worse in them; the queries
        # gain nothing from it (their filters are written where they apply).
        .config("spark.sql.constraintPropagation.enabled", "false")
        .getOrCreate()
    )
    places = spark.read.option("header", True).csv(os.path.join(out, "livability_places.csv"))
    places = places.withColumn("key_length", places["key_length"].cast("bigint"))
    places.write.mode("overwrite").saveAsTable("livability_places")
    for pair in pairs:
        source, path = pair.split("=", 1)
        table = spark.read.option("header", True).option("encoding", encoding(path)).csv(path)
        table = table.toDF(*[name.strip() for name in table.columns])
        table.write.mode("overwrite").saveAsTable(source)
        query = open(os.path.join(out, f"{source}.sql"), encoding="utf-8").read()
        rows = spark.sql(query.rstrip().rstrip(";")).collect()
        with open(os.path.join(out, f"{source}.csv"), "w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file, lineterminator="\n")
            writer.writerow(["period", "place", "indicator", "value"])
            writer.writerows(["" if field is None else field for field in row] for row in rows)


if __name__ == "__main__":
    main()
