"""Runs duckdb_year.sql on a city folder (usage: python3 duckdb_year.py CITY_FOLDER OUT.csv)."""

import os
import sys

import duckdb

city, out = sys.argv[1], os.path.abspath(sys.argv[2])
sql = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "duckdb_year.sql")).read()
os.chdir(city)
con = duckdb.connect()
con.execute(sql.replace("'/dev/stdout'", f"'{out}'"))
