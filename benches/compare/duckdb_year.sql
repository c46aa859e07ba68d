-- A city's year beside livability (BENCHMARKS.md, "A city's year with its history"): the same
-- 12 monthly boards' indicators and a 12-month history of ranks, computed by DuckDB from the
-- same files, lean: only the columns the boards read, repeated ids dropped, records grouped
-- by place and month. Places are matched by their name column only (livability also places
-- the 10% of records that give only an address, and ranks ties by pinyin), and scores are a
-- plain min-max of each indicator, weighted: the work is the same shape, not the same rules.
-- usage: cd CITY_FOLDER && duckdb < duckdb_year.sql > OUT.csv   (python3 duckdb_year.py CITY OUT)
CREATE TEMP TABLE months AS
  SELECT strftime(DATE '2017-12-01' + INTERVAL (i) MONTH, '%Y-%m') AS month FROM range(12) t(i);
CREATE TEMP TABLE places AS
  SELECT kind, name, TRY_CAST(households AS DOUBLE) AS households, TRY_CAST(length_km AS DOUBLE) AS length_km
  FROM read_csv('places.csv', all_varchar = true);
CREATE TEMP TABLE grid AS
  SELECT DISTINCT ON ("案件编号") "大类" AS category, "道路" AS road, "小区" AS hood,
         left("上报时间", 7) AS month, "上报时间" AS reported, "结案时间" AS closed
  FROM read_csv('grid.csv', all_varchar = true) WHERE left("上报时间", 7) IN (SELECT month FROM months);
CREATE TEMP TABLE hotline AS
  SELECT DISTINCT ON ("工单编号") "小区" AS hood, left("受理时间", 7) AS month
  FROM read_csv('hotline.csv', all_varchar = true)
  WHERE "诉求类型" = '投诉' AND "诉求分类" IN ('环境卫生', '噪声扰民', '绿化市容')
    AND left("受理时间", 7) IN (SELECT month FROM months);
CREATE TEMP TABLE police AS
  SELECT DISTINCT ON ("警情编号") "居民区" AS hood, left("发生时间", 7) AS month
  FROM read_csv('police.csv', all_varchar = true)
  WHERE "警情类别" IN ('盗窃', '诈骗', '打架斗殴') AND left("发生时间", 7) IN (SELECT month FROM months);
CREATE TEMP TABLE sanitation AS
  SELECT DISTINCT ON ("检查编号") "小区" AS hood, left("检查时间", 7) AS month, CAST("得分" AS DOUBLE) AS score
  FROM read_csv('sanitation.csv', all_varchar = true) WHERE left("检查时间", 7) IN (SELECT month FROM months);
CREATE TEMP TABLE indicators AS
WITH
  roads AS (SELECT name, length_km, month FROM places, months WHERE kind = 'road'),
  hoods AS (SELECT name, households, month FROM places, months WHERE kind = 'neighborhood'),
  tidy AS (SELECT road AS name, month, count(*) AS cases,
                  avg(epoch(strptime(closed, '%Y-%m-%d %H:%M') - strptime(reported, '%Y-%m-%d %H:%M:%S')) / 3600)
                    FILTER (WHERE closed IS NOT NULL) AS hours
           FROM grid WHERE category IN ('市容环境', '街面秩序') GROUP BY ALL),
  hazards AS (SELECT hood AS name, month, count(*) AS n FROM grid WHERE category = '安全隐患' GROUP BY ALL),
  complaints AS (SELECT hood AS name, month, count(*) AS n FROM hotline GROUP BY ALL),
  crimes AS (SELECT hood AS name, month, count(*) AS n FROM police GROUP BY ALL),
  scores AS (SELECT hood AS name, month, avg(score) AS s FROM sanitation GROUP BY ALL)
SELECT 'beautiful-roads' AS board, r.name, r.month,
       coalesce(t.cases, 0) / r.length_km AS a, t.hours AS b, -1 AS da, -1 AS db, 60 AS wa, 40 AS wb
  FROM roads r LEFT JOIN tidy t USING (name, month)
UNION ALL
SELECT 'beautiful-neighborhoods', h.name, h.month, s.s, coalesce(c.n, 0) * 1000 / h.households, 1, -1, 50, 50
  FROM hoods h LEFT JOIN scores s USING (name, month) LEFT JOIN complaints c USING (name, month)
UNION ALL
SELECT 'safe-neighborhoods', h.name, h.month, coalesce(c.n, 0) * 1000 / h.households,
       coalesce(z.n, 0) * 1000 / h.households, -1, -1, 70, 30
  FROM hoods h LEFT JOIN crimes c USING (name, month) LEFT JOIN hazards z USING (name, month);
CREATE TEMP TABLE boards AS
WITH bounds AS (
  SELECT *, min(a) OVER w AS a0, max(a) OVER w AS a1, min(b) OVER w AS b0, max(b) OVER w AS b1
  FROM indicators WINDOW w AS (PARTITION BY board, month)),
scored AS (
  SELECT board, name, month, round(
    wa * coalesce(CASE WHEN da > 0 THEN (a - a0) / nullif(a1 - a0, 0) ELSE 1 - (a - a0) / nullif(a1 - a0, 0) END, 0)
  + wb * coalesce(CASE WHEN db > 0 THEN (b - b0) / nullif(b1 - b0, 0) ELSE 1 - (b - b0) / nullif(b1 - b0, 0) END, 0), 1) AS score
  FROM bounds)
SELECT *, rank() OVER (PARTITION BY board, month ORDER BY score DESC) AS rank FROM scored;
-- The history: a place's rank in each of the 12 months, a column per month.
COPY (PIVOT (SELECT board, name, month, rank FROM boards) ON month USING first(rank) ORDER BY board, name)
  TO '/dev/stdout' (FORMAT csv);
