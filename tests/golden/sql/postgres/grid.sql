-- livability sql (postgres): source 'grid', from table grid joined with livability_places
-- periods: 2018-11, 2018-10 (the first is ranked, the others compared with)
-- returns period, place, indicator, value (a count, or n/d: divided by the crate);
-- rank them with `livability rank SPEC --sql-results DIR`, this query's rows in DIR/grid.csv
WITH
record AS (
  SELECT
    ROW_NUMBER() OVER () AS rid,
    btrim(normalize(btrim(COALESCE(CAST("案件编号" AS TEXT), ''), U&'\0009\000A\000B\000C\000D\0020\0085\00A0\1680\2000\2001\2002\2003\2004\2005\2006\2007\2008\2009\200A\2028\2029\202F\205F\3000'), NFKC), U&'\0009\000A\000B\000C\000D\0020\0085\00A0\1680\2000\2001\2002\2003\2004\2005\2006\2007\2008\2009\200A\2028\2029\202F\205F\3000') AS c0,
    btrim(normalize(btrim(COALESCE(CAST("上报时间" AS TEXT), ''), U&'\0009\000A\000B\000C\000D\0020\0085\00A0\1680\2000\2001\2002\2003\2004\2005\2006\2007\2008\2009\200A\2028\2029\202F\205F\3000'), NFKC), U&'\0009\000A\000B\000C\000D\0020\0085\00A0\1680\2000\2001\2002\2003\2004\2005\2006\2007\2008\2009\200A\2028\2029\202F\205F\3000') AS c1,
    btrim(normalize(btrim(COALESCE(CAST("地址" AS TEXT), ''), U&'\0009\000A\000B\000C\000D\0020\0085\00A0\1680\2000\2001\2002\2003\2004\2005\2006\2007\2008\2009\200A\2028\2029\202F\205F\3000'), NFKC), U&'\0009\000A\000B\000C\000D\0020\0085\00A0\1680\2000\2001\2002\2003\2004\2005\2006\2007\2008\2009\200A\2028\2029\202F\205F\3000') AS c2,
    btrim(normalize(btrim(COALESCE(CAST("道路" AS TEXT), ''), U&'\0009\000A\000B\000C\000D\0020\0085\00A0\1680\2000\2001\2002\2003\2004\2005\2006\2007\2008\2009\200A\2028\2029\202F\205F\3000'), NFKC), U&'\0009\000A\000B\000C\000D\0020\0085\00A0\1680\2000\2001\2002\2003\2004\2005\2006\2007\2008\2009\200A\2028\2029\202F\205F\3000') AS c3,
    btrim(normalize(btrim(COALESCE(CAST("大类" AS TEXT), ''), U&'\0009\000A\000B\000C\000D\0020\0085\00A0\1680\2000\2001\2002\2003\2004\2005\2006\2007\2008\2009\200A\2028\2029\202F\205F\3000'), NFKC), U&'\0009\000A\000B\000C\000D\0020\0085\00A0\1680\2000\2001\2002\2003\2004\2005\2006\2007\2008\2009\200A\2028\2029\202F\205F\3000') AS c4,
    btrim(normalize(btrim(COALESCE(CAST("结案时间" AS TEXT), ''), U&'\0009\000A\000B\000C\000D\0020\0085\00A0\1680\2000\2001\2002\2003\2004\2005\2006\2007\2008\2009\200A\2028\2029\202F\205F\3000'), NFKC), U&'\0009\000A\000B\000C\000D\0020\0085\00A0\1680\2000\2001\2002\2003\2004\2005\2006\2007\2008\2009\200A\2028\2029\202F\205F\3000') AS c5,
    btrim(normalize(btrim(COALESCE(CAST("小区" AS TEXT), ''), U&'\0009\000A\000B\000C\000D\0020\0085\00A0\1680\2000\2001\2002\2003\2004\2005\2006\2007\2008\2009\200A\2028\2029\202F\205F\3000'), NFKC), U&'\0009\000A\000B\000C\000D\0020\0085\00A0\1680\2000\2001\2002\2003\2004\2005\2006\2007\2008\2009\200A\2028\2029\202F\205F\3000') AS c6
  FROM "grid"
  OFFSET 0
),
step1 AS (
  SELECT rid, c1, c5,
    substr(c1, 1, 4) AS t_y,
    substr(c1, 5, 1) AS t_sep,
    substr(c1, 6) AS t_r1,
    substr(c5, 1, 4) AS k_y,
    substr(c5, 5, 1) AS k_sep,
    substr(c5, 6) AS k_r1
  FROM record
  OFFSET 0
),
step2 AS (
  SELECT *,
    CASE WHEN t_sep IN ('-', '/') THEN strpos(t_r1, t_sep) ELSE 0 END AS t_p1,
    CASE WHEN k_sep IN ('-', '/') THEN strpos(k_r1, k_sep) ELSE 0 END AS k_p1
  FROM step1
  OFFSET 0
),
step3 AS (
  SELECT *,
    CASE WHEN t_p1 > 0 THEN substr(t_r1, 1, t_p1 - 1) ELSE '' END AS t_mo,
    CASE WHEN t_p1 > 0 THEN substr(t_r1, t_p1 + 1) ELSE '' END AS t_r2,
    CASE WHEN k_p1 > 0 THEN substr(k_r1, 1, k_p1 - 1) ELSE '' END AS k_mo,
    CASE WHEN k_p1 > 0 THEN substr(k_r1, k_p1 + 1) ELSE '' END AS k_r2
  FROM step2
  OFFSET 0
),
step4 AS (
  SELECT *,
    strpos(t_r2, 'T') AS t_pt,
    strpos(t_r2, ' ') AS t_ps,
    strpos(k_r2, 'T') AS k_pt,
    strpos(k_r2, ' ') AS k_ps
  FROM step3
  OFFSET 0
),
step5 AS (
  SELECT *,
    CASE WHEN t_pt > 0 AND (t_ps = 0 OR t_pt < t_ps) THEN substr(t_r2, 1, t_pt - 1) WHEN t_ps > 0 THEN substr(t_r2, 1, t_ps - 1) ELSE t_r2 END AS t_d,
    CASE WHEN t_pt > 0 AND (t_ps = 0 OR t_pt < t_ps) THEN (CASE WHEN t_sep = '-' THEN substr(t_r2, t_pt + 1) ELSE 'x' END) WHEN t_ps > 0 THEN ltrim(substr(t_r2, t_ps + 1)) END AS t_clock,
    CASE WHEN k_pt > 0 AND (k_ps = 0 OR k_pt < k_ps) THEN substr(k_r2, 1, k_pt - 1) WHEN k_ps > 0 THEN substr(k_r2, 1, k_ps - 1) ELSE k_r2 END AS k_d,
    CASE WHEN k_pt > 0 AND (k_ps = 0 OR k_pt < k_ps) THEN (CASE WHEN k_sep = '-' THEN substr(k_r2, k_pt + 1) ELSE 'x' END) WHEN k_ps > 0 THEN ltrim(substr(k_r2, k_ps + 1)) END AS k_clock
  FROM step4
  OFFSET 0
),
step6 AS (
  SELECT *,
    COALESCE(strpos(t_clock, ':'), 0) AS t_p3,
    COALESCE(strpos(k_clock, ':'), 0) AS k_p3
  FROM step5
  OFFSET 0
),
step7 AS (
  SELECT *,
    CASE WHEN t_p3 > 0 THEN substr(t_clock, 1, t_p3 - 1) ELSE '' END AS t_h,
    CASE WHEN t_p3 > 0 THEN substr(t_clock, t_p3 + 1) ELSE '' END AS t_r4,
    CASE WHEN k_p3 > 0 THEN substr(k_clock, 1, k_p3 - 1) ELSE '' END AS k_h,
    CASE WHEN k_p3 > 0 THEN substr(k_clock, k_p3 + 1) ELSE '' END AS k_r4
  FROM step6
  OFFSET 0
),
step8 AS (
  SELECT *,
    CASE WHEN strpos(t_r4, ':') > 0 THEN substr(t_r4, 1, strpos(t_r4, ':') - 1) ELSE t_r4 END AS t_mi,
    CASE WHEN strpos(t_r4, ':') > 0 THEN substr(t_r4, strpos(t_r4, ':') + 1) ELSE '00' END AS t_s,
    CASE WHEN strpos(k_r4, ':') > 0 THEN substr(k_r4, 1, strpos(k_r4, ':') - 1) ELSE k_r4 END AS k_mi,
    CASE WHEN strpos(k_r4, ':') > 0 THEN substr(k_r4, strpos(k_r4, ':') + 1) ELSE '00' END AS k_s
  FROM step7
  OFFSET 0
),
step9 AS (
  SELECT *,
    CASE WHEN (length(t_y) BETWEEN 4 AND 4 AND t_y ~ '^[0-9]+$') AND (length(t_mo) BETWEEN 1 AND 2 AND t_mo ~ '^[0-9]+$') AND (length(t_d) BETWEEN 1 AND 2 AND t_d ~ '^[0-9]+$') AND (t_clock IS NULL OR ((length(t_h) BETWEEN 1 AND 2 AND t_h ~ '^[0-9]+$') AND (length(t_mi) BETWEEN 2 AND 2 AND t_mi ~ '^[0-9]+$') AND (length(t_s) BETWEEN 2 AND 2 AND t_s ~ '^[0-9]+$'))) THEN 1 ELSE 0 END AS t_form,
    CASE WHEN (length(k_y) BETWEEN 4 AND 4 AND k_y ~ '^[0-9]+$') AND (length(k_mo) BETWEEN 1 AND 2 AND k_mo ~ '^[0-9]+$') AND (length(k_d) BETWEEN 1 AND 2 AND k_d ~ '^[0-9]+$') AND (k_clock IS NULL OR ((length(k_h) BETWEEN 1 AND 2 AND k_h ~ '^[0-9]+$') AND (length(k_mi) BETWEEN 2 AND 2 AND k_mi ~ '^[0-9]+$') AND (length(k_s) BETWEEN 2 AND 2 AND k_s ~ '^[0-9]+$'))) THEN 1 ELSE 0 END AS k_form
  FROM step8
  OFFSET 0
),
step10 AS (
  SELECT *,
    CASE WHEN t_form = 1 THEN CAST(t_y AS BIGINT) END AS t_year,
    CASE WHEN t_form = 1 THEN CAST(t_mo AS BIGINT) END AS t_month_of_year,
    CASE WHEN t_form = 1 THEN CAST(t_d AS BIGINT) END AS t_day,
    CASE WHEN t_form = 1 THEN (CASE WHEN t_clock IS NULL THEN 0 ELSE CAST(t_h AS BIGINT) END) END AS t_hour,
    CASE WHEN t_form = 1 THEN (CASE WHEN t_clock IS NULL THEN 0 ELSE CAST(t_mi AS BIGINT) END) END AS t_minute,
    CASE WHEN t_form = 1 THEN (CASE WHEN t_clock IS NULL THEN 0 ELSE CAST(t_s AS BIGINT) END) END AS t_second,
    CASE WHEN k_form = 1 THEN CAST(k_y AS BIGINT) END AS k_year,
    CASE WHEN k_form = 1 THEN CAST(k_mo AS BIGINT) END AS k_month_of_year,
    CASE WHEN k_form = 1 THEN CAST(k_d AS BIGINT) END AS k_day,
    CASE WHEN k_form = 1 THEN (CASE WHEN k_clock IS NULL THEN 0 ELSE CAST(k_h AS BIGINT) END) END AS k_hour,
    CASE WHEN k_form = 1 THEN (CASE WHEN k_clock IS NULL THEN 0 ELSE CAST(k_mi AS BIGINT) END) END AS k_minute,
    CASE WHEN k_form = 1 THEN (CASE WHEN k_clock IS NULL THEN 0 ELSE CAST(k_s AS BIGINT) END) END AS k_second
  FROM step9
  OFFSET 0
),
step11 AS (
  SELECT *,
    CASE WHEN t_form = 1 AND t_month_of_year BETWEEN 1 AND 12 AND t_day BETWEEN 1 AND CASE WHEN t_month_of_year IN (4, 6, 9, 11) THEN 30 WHEN t_month_of_year = 2 THEN (CASE WHEN ((t_year % 4 = 0 AND t_year % 100 <> 0) OR t_year % 400 = 0) THEN 29 ELSE 28 END) ELSE 31 END AND t_hour <= 23 AND t_minute <= 59 AND t_second <= 59 THEN 1 ELSE 0 END AS t_ok,
    CASE WHEN k_form = 1 AND k_month_of_year BETWEEN 1 AND 12 AND k_day BETWEEN 1 AND CASE WHEN k_month_of_year IN (4, 6, 9, 11) THEN 30 WHEN k_month_of_year = 2 THEN (CASE WHEN ((k_year % 4 = 0 AND k_year % 100 <> 0) OR k_year % 400 = 0) THEN 29 ELSE 28 END) ELSE 31 END AND k_hour <= 23 AND k_minute <= 59 AND k_second <= 59 THEN 1 ELSE 0 END AS k_ok
  FROM step10
  OFFSET 0
),
step12 AS (
  SELECT *,
    CASE WHEN t_ok = 1 THEN (365 * (t_year + 400 - (CASE WHEN t_month_of_year <= 2 THEN 1 ELSE 0 END)) + ((t_year + 400 - (CASE WHEN t_month_of_year <= 2 THEN 1 ELSE 0 END)) / 4) - ((t_year + 400 - (CASE WHEN t_month_of_year <= 2 THEN 1 ELSE 0 END)) / 100) + ((t_year + 400 - (CASE WHEN t_month_of_year <= 2 THEN 1 ELSE 0 END)) / 400) + ((153 * ((t_month_of_year + 9) % 12) + 2) / 5) + t_day - 1) * 86400 + t_hour * 3600 + t_minute * 60 + t_second END AS t_sec,
    CASE WHEN t_ok = 1 THEN t_year * 12 + t_month_of_year - 1 END AS t_month,
    CASE WHEN k_ok = 1 THEN (365 * (k_year + 400 - (CASE WHEN k_month_of_year <= 2 THEN 1 ELSE 0 END)) + ((k_year + 400 - (CASE WHEN k_month_of_year <= 2 THEN 1 ELSE 0 END)) / 4) - ((k_year + 400 - (CASE WHEN k_month_of_year <= 2 THEN 1 ELSE 0 END)) / 100) + ((k_year + 400 - (CASE WHEN k_month_of_year <= 2 THEN 1 ELSE 0 END)) / 400) + ((153 * ((k_month_of_year + 9) % 12) + 2) / 5) + k_day - 1) * 86400 + k_hour * 3600 + k_minute * 60 + k_second END AS k_sec,
    CASE WHEN k_ok = 1 THEN k_year * 12 + k_month_of_year - 1 END AS k_month
  FROM step11
  OFFSET 0
),
step13 AS (
  SELECT *,
    CASE WHEN t_ok = 0 OR (c5 <> '' AND k_ok = 0) OR (k_ok = 1 AND k_sec < t_sec) THEN 1 ELSE 0 END AS bad,
    CASE WHEN t_month BETWEEN 24226 AND 24226 THEN '2018-11' WHEN t_month BETWEEN 24225 AND 24225 THEN '2018-10' END AS period,
    CASE WHEN k_ok = 1 THEN k_sec END AS closed_sec
  FROM step12
  OFFSET 0
),
parsed AS (
  SELECT r.*, s.t_y, s.t_sep, s.t_r1, s.k_y, s.k_sep, s.k_r1, s.t_p1, s.k_p1, s.t_mo, s.t_r2, s.k_mo, s.k_r2, s.t_pt, s.t_ps, s.k_pt, s.k_ps, s.t_d, s.t_clock, s.k_d, s.k_clock, s.t_p3, s.k_p3, s.t_h, s.t_r4, s.k_h, s.k_r4, s.t_mi, s.t_s, s.k_mi, s.k_s, s.t_form, s.k_form, s.t_year, s.t_month_of_year, s.t_day, s.t_hour, s.t_minute, s.t_second, s.k_year, s.k_month_of_year, s.k_day, s.k_hour, s.k_minute, s.k_second, s.t_ok, s.k_ok, s.t_sec, s.t_month, s.k_sec, s.k_month, s.bad, s.period, s.closed_sec
  FROM record r
  JOIN step13 s ON s.rid = r.rid
  OFFSET 0
),
kept AS (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY c0 ORDER BY CASE WHEN closed_sec IS NULL THEN 0 ELSE 1 END DESC, closed_sec DESC, t_sec DESC, c0 COLLATE "C" DESC, c1 COLLATE "C" DESC, c2 COLLATE "C" DESC, c3 COLLATE "C" DESC, c4 COLLATE "C" DESC, c5 COLLATE "C" DESC, c6 COLLATE "C" DESC) AS copy
  FROM parsed
  WHERE bad = 0
  OFFSET 0
),
live AS (
  SELECT *,
    replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(c2, '	', ''), '
', ''), '', ''), '', ''), '', ''), ' ', ''), '', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), '　', '') AS key_address,
    replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(c3, '	', ''), '
', ''), '', ''), '', ''), '', ''), ' ', ''), '', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), '　', '') AS key_road,
    replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(c6, '	', ''), '
', ''), '', ''), '', ''), '', ''), ' ', ''), '', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), '　', '') AS key_neighborhood
  FROM kept
  WHERE (copy = 1 OR c0 = '') AND period IS NOT NULL
  OFFSET 0
),
hits_road AS (
  SELECT l.rid, p.place_id, CAST(p.key_length AS BIGINT) AS key_length, MAX(CAST(p.key_length AS BIGINT)) OVER (PARTITION BY l.rid) AS longest
  FROM live l
  JOIN livability_places p ON p.kind = 'road' AND p.lookup = 'address' AND strpos(replace(replace(replace(replace(replace(CASE WHEN l.key_road = '' THEN l.key_address ELSE l.key_road END, (p.place_key || '居委'), '|'), (p.place_key || '居委会'), '|'), (p.place_key || '社区'), '|'), (p.place_key || '街道'), '|'), (p.place_key || '镇'), '|'), p.place_key) > 0
  WHERE CASE WHEN l.key_road = '' THEN l.key_address ELSE l.key_road END <> '' AND NOT EXISTS (SELECT 1 FROM livability_places q WHERE q.kind = 'road' AND q.lookup = 'column' AND q.place_key = l.key_road)
  OFFSET 0
),
found_road AS (
  SELECT rid, CASE WHEN COUNT(DISTINCT place_id) = 1 THEN MIN(place_id) END AS place_id
  FROM hits_road
  WHERE key_length = longest
  GROUP BY rid
  OFFSET 0
),
hits_neighborhood AS (
  SELECT l.rid, p.place_id, CAST(p.key_length AS BIGINT) AS key_length, MAX(CAST(p.key_length AS BIGINT)) OVER (PARTITION BY l.rid) AS longest
  FROM live l
  JOIN livability_places p ON p.kind = 'neighborhood' AND p.lookup = 'address' AND strpos(replace(replace(replace(replace(replace(CASE WHEN l.key_neighborhood = '' THEN l.key_address ELSE l.key_neighborhood END, (p.place_key || '居委'), '|'), (p.place_key || '居委会'), '|'), (p.place_key || '社区'), '|'), (p.place_key || '街道'), '|'), (p.place_key || '镇'), '|'), p.place_key) > 0
  WHERE CASE WHEN l.key_neighborhood = '' THEN l.key_address ELSE l.key_neighborhood END <> '' AND NOT EXISTS (SELECT 1 FROM livability_places q WHERE q.kind = 'neighborhood' AND q.lookup = 'column' AND q.place_key = l.key_neighborhood)
  OFFSET 0
),
found_neighborhood AS (
  SELECT rid, CASE WHEN COUNT(DISTINCT place_id) = 1 THEN MIN(place_id) END AS place_id
  FROM hits_neighborhood
  WHERE key_length = longest
  GROUP BY rid
  OFFSET 0
),
resolved AS (
  SELECT l.*,
    CASE WHEN l.key_road <> '' THEN COALESCE(own_road.place_id, found_road.place_id) ELSE found_road.place_id END AS road_place,
    CASE WHEN l.key_neighborhood <> '' THEN COALESCE(own_neighborhood.place_id, found_neighborhood.place_id) ELSE found_neighborhood.place_id END AS neighborhood_place
  FROM live l
  LEFT JOIN found_road ON found_road.rid = l.rid
  LEFT JOIN livability_places own_road ON own_road.kind = 'road' AND own_road.lookup = 'column' AND own_road.place_key = l.key_road
  LEFT JOIN found_neighborhood ON found_neighborhood.rid = l.rid
  LEFT JOIN livability_places own_neighborhood ON own_neighborhood.kind = 'neighborhood' AND own_neighborhood.lookup = 'column' AND own_neighborhood.place_key = l.key_neighborhood
  OFFSET 0
),
periods AS (
  SELECT '2018-11' AS period
  UNION ALL
  SELECT period FROM resolved WHERE period <> '2018-11' AND (road_place IS NOT NULL OR neighborhood_place IS NOT NULL)
  GROUP BY period
  OFFSET 0
),
totals_road AS (
  SELECT period, road_place AS place,
    SUM(CASE WHEN c4 IN ('市容环境', '街面秩序') THEN 1 ELSE 0 END) AS i0_0,
    SUM(CASE WHEN c4 IN ('市容环境', '街面秩序') AND closed_sec IS NOT NULL THEN closed_sec - t_sec ELSE 0 END) AS i1_0,
    SUM(CASE WHEN c4 IN ('市容环境', '街面秩序') AND closed_sec IS NOT NULL THEN 1 ELSE 0 END) AS i1_1
  FROM resolved
  WHERE road_place IS NOT NULL
  GROUP BY period, road_place
  OFFSET 0
),
grid_road AS (
  SELECT pe.period, pl.place_id
  FROM periods pe
  CROSS JOIN (SELECT DISTINCT place_id FROM livability_places WHERE kind = 'road') pl
  OFFSET 0
),
totals_neighborhood AS (
  SELECT period, neighborhood_place AS place,
    SUM(CASE WHEN c4 IN ('安全隐患') THEN 1 ELSE 0 END) AS i2_0
  FROM resolved
  WHERE neighborhood_place IS NOT NULL
  GROUP BY period, neighborhood_place
  OFFSET 0
),
grid_neighborhood AS (
  SELECT pe.period, pl.place_id
  FROM periods pe
  CROSS JOIN (SELECT DISTINCT place_id FROM livability_places WHERE kind = 'neighborhood') pl
  OFFSET 0
)
SELECT g.period, g.place_id AS place, 'beautiful-roads.cases_per_km' AS indicator, CAST(COALESCE(t.i0_0, 0) AS TEXT) AS value
FROM grid_road g
LEFT JOIN totals_road t ON t.period = g.period AND t.place = g.place_id
UNION ALL
SELECT g.period, g.place_id AS place, 'beautiful-roads.hours_to_close' AS indicator, CASE WHEN COALESCE(t.i1_1, 0) > 0 THEN CAST(COALESCE(t.i1_0, 0) AS TEXT) || '/' || CAST(COALESCE(t.i1_1, 0) * 3600 AS TEXT) END AS value
FROM grid_road g
LEFT JOIN totals_road t ON t.period = g.period AND t.place = g.place_id
UNION ALL
SELECT g.period, g.place_id AS place, 'safe-neighborhoods.hazards_per_1000' AS indicator, CAST(COALESCE(t.i2_0, 0) AS TEXT) AS value
FROM grid_neighborhood g
LEFT JOIN totals_neighborhood t ON t.period = g.period AND t.place = g.place_id
UNION ALL
SELECT 'source grid: ' || CAST(m.n AS TEXT) || ' malformed rows; the first id: ' || CAST(m.example AS TEXT) || ' (a time, closing time or number the crate cannot read, an empty score, or a closing time before the time)' AS period, '' AS place, '' AS indicator, '' AS value
FROM (SELECT COUNT(*) AS n, MIN(c0) AS example FROM parsed WHERE bad = 1) m
WHERE m.n > 0;
