-- livability sql (postgres): source 'police', from table police joined with livability_places
-- periods: 2018-11, 2018-10 (the first is ranked, the others compared with)
-- returns period, place, indicator, value (a count, or n/d: divided by the crate);
-- rank them with `livability rank SPEC --sql-results DIR`, this query's rows in DIR/police.csv
WITH
record AS (
  SELECT
    ROW_NUMBER() OVER () AS rid,
    btrim(normalize(btrim(COALESCE(CAST("警情编号" AS TEXT), ''), U&'\0009\000A\000B\000C\000D\0020\0085\00A0\1680\2000\2001\2002\2003\2004\2005\2006\2007\2008\2009\200A\2028\2029\202F\205F\3000'), NFKC), U&'\0009\000A\000B\000C\000D\0020\0085\00A0\1680\2000\2001\2002\2003\2004\2005\2006\2007\2008\2009\200A\2028\2029\202F\205F\3000') AS c0,
    btrim(normalize(btrim(COALESCE(CAST("发生时间" AS TEXT), ''), U&'\0009\000A\000B\000C\000D\0020\0085\00A0\1680\2000\2001\2002\2003\2004\2005\2006\2007\2008\2009\200A\2028\2029\202F\205F\3000'), NFKC), U&'\0009\000A\000B\000C\000D\0020\0085\00A0\1680\2000\2001\2002\2003\2004\2005\2006\2007\2008\2009\200A\2028\2029\202F\205F\3000') AS c1,
    btrim(normalize(btrim(COALESCE(CAST("事发地址" AS TEXT), ''), U&'\0009\000A\000B\000C\000D\0020\0085\00A0\1680\2000\2001\2002\2003\2004\2005\2006\2007\2008\2009\200A\2028\2029\202F\205F\3000'), NFKC), U&'\0009\000A\000B\000C\000D\0020\0085\00A0\1680\2000\2001\2002\2003\2004\2005\2006\2007\2008\2009\200A\2028\2029\202F\205F\3000') AS c2,
    btrim(normalize(btrim(COALESCE(CAST("居民区" AS TEXT), ''), U&'\0009\000A\000B\000C\000D\0020\0085\00A0\1680\2000\2001\2002\2003\2004\2005\2006\2007\2008\2009\200A\2028\2029\202F\205F\3000'), NFKC), U&'\0009\000A\000B\000C\000D\0020\0085\00A0\1680\2000\2001\2002\2003\2004\2005\2006\2007\2008\2009\200A\2028\2029\202F\205F\3000') AS c3,
    btrim(normalize(btrim(COALESCE(CAST("警情类别" AS TEXT), ''), U&'\0009\000A\000B\000C\000D\0020\0085\00A0\1680\2000\2001\2002\2003\2004\2005\2006\2007\2008\2009\200A\2028\2029\202F\205F\3000'), NFKC), U&'\0009\000A\000B\000C\000D\0020\0085\00A0\1680\2000\2001\2002\2003\2004\2005\2006\2007\2008\2009\200A\2028\2029\202F\205F\3000') AS c4,
    '' AS c5
  FROM "police"
  OFFSET 0
),
step1 AS (
  SELECT rid, c1,
    substr(c1, 1, 4) AS t_y,
    substr(c1, 5, 1) AS t_sep,
    substr(c1, 6) AS t_r1
  FROM record
  OFFSET 0
),
step2 AS (
  SELECT *,
    CASE WHEN t_sep IN ('-', '/') THEN strpos(t_r1, t_sep) ELSE 0 END AS t_p1
  FROM step1
  OFFSET 0
),
step3 AS (
  SELECT *,
    CASE WHEN t_p1 > 0 THEN substr(t_r1, 1, t_p1 - 1) ELSE '' END AS t_mo,
    CASE WHEN t_p1 > 0 THEN substr(t_r1, t_p1 + 1) ELSE '' END AS t_r2
  FROM step2
  OFFSET 0
),
step4 AS (
  SELECT *,
    strpos(t_r2, 'T') AS t_pt,
    strpos(t_r2, ' ') AS t_ps
  FROM step3
  OFFSET 0
),
step5 AS (
  SELECT *,
    CASE WHEN t_pt > 0 AND (t_ps = 0 OR t_pt < t_ps) THEN substr(t_r2, 1, t_pt - 1) WHEN t_ps > 0 THEN substr(t_r2, 1, t_ps - 1) ELSE t_r2 END AS t_d,
    CASE WHEN t_pt > 0 AND (t_ps = 0 OR t_pt < t_ps) THEN (CASE WHEN t_sep = '-' THEN substr(t_r2, t_pt + 1) ELSE 'x' END) WHEN t_ps > 0 THEN ltrim(substr(t_r2, t_ps + 1)) END AS t_clock
  FROM step4
  OFFSET 0
),
step6 AS (
  SELECT *,
    COALESCE(strpos(t_clock, ':'), 0) AS t_p3
  FROM step5
  OFFSET 0
),
step7 AS (
  SELECT *,
    CASE WHEN t_p3 > 0 THEN substr(t_clock, 1, t_p3 - 1) ELSE '' END AS t_h,
    CASE WHEN t_p3 > 0 THEN substr(t_clock, t_p3 + 1) ELSE '' END AS t_r4
  FROM step6
  OFFSET 0
),
step8 AS (
  SELECT *,
    CASE WHEN strpos(t_r4, ':') > 0 THEN substr(t_r4, 1, strpos(t_r4, ':') - 1) ELSE t_r4 END AS t_mi,
    CASE WHEN strpos(t_r4, ':') > 0 THEN substr(t_r4, strpos(t_r4, ':') + 1) ELSE '00' END AS t_s
  FROM step7
  OFFSET 0
),
step9 AS (
  SELECT *,
    CASE WHEN (length(t_y) BETWEEN 4 AND 4 AND t_y ~ '^[0-9]+$') AND (length(t_mo) BETWEEN 1 AND 2 AND t_mo ~ '^[0-9]+$') AND (length(t_d) BETWEEN 1 AND 2 AND t_d ~ '^[0-9]+$') AND (t_clock IS NULL OR ((length(t_h) BETWEEN 1 AND 2 AND t_h ~ '^[0-9]+$') AND (length(t_mi) BETWEEN 2 AND 2 AND t_mi ~ '^[0-9]+$') AND (length(t_s) BETWEEN 2 AND 2 AND t_s ~ '^[0-9]+$'))) THEN 1 ELSE 0 END AS t_form
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
    CASE WHEN t_form = 1 THEN (CASE WHEN t_clock IS NULL THEN 0 ELSE CAST(t_s AS BIGINT) END) END AS t_second
  FROM step9
  OFFSET 0
),
step11 AS (
  SELECT *,
    CASE WHEN t_form = 1 AND t_month_of_year BETWEEN 1 AND 12 AND t_day BETWEEN 1 AND CASE WHEN t_month_of_year IN (4, 6, 9, 11) THEN 30 WHEN t_month_of_year = 2 THEN (CASE WHEN ((t_year % 4 = 0 AND t_year % 100 <> 0) OR t_year % 400 = 0) THEN 29 ELSE 28 END) ELSE 31 END AND t_hour <= 23 AND t_minute <= 59 AND t_second <= 59 THEN 1 ELSE 0 END AS t_ok
  FROM step10
  OFFSET 0
),
step12 AS (
  SELECT *,
    CASE WHEN t_ok = 1 THEN (365 * (t_year + 400 - (CASE WHEN t_month_of_year <= 2 THEN 1 ELSE 0 END)) + ((t_year + 400 - (CASE WHEN t_month_of_year <= 2 THEN 1 ELSE 0 END)) / 4) - ((t_year + 400 - (CASE WHEN t_month_of_year <= 2 THEN 1 ELSE 0 END)) / 100) + ((t_year + 400 - (CASE WHEN t_month_of_year <= 2 THEN 1 ELSE 0 END)) / 400) + ((153 * ((t_month_of_year + 9) % 12) + 2) / 5) + t_day - 1) * 86400 + t_hour * 3600 + t_minute * 60 + t_second END AS t_sec,
    CASE WHEN t_ok = 1 THEN t_year * 12 + t_month_of_year - 1 END AS t_month
  FROM step11
  OFFSET 0
),
step13 AS (
  SELECT *,
    CASE WHEN t_ok = 0 THEN 1 ELSE 0 END AS bad,
    CASE WHEN t_month BETWEEN 24226 AND 24226 THEN '2018-11' WHEN t_month BETWEEN 24225 AND 24225 THEN '2018-10' END AS period,
    CAST(NULL AS BIGINT) AS closed_sec
  FROM step12
  OFFSET 0
),
parsed AS (
  SELECT r.*, s.t_y, s.t_sep, s.t_r1, s.t_p1, s.t_mo, s.t_r2, s.t_pt, s.t_ps, s.t_d, s.t_clock, s.t_p3, s.t_h, s.t_r4, s.t_mi, s.t_s, s.t_form, s.t_year, s.t_month_of_year, s.t_day, s.t_hour, s.t_minute, s.t_second, s.t_ok, s.t_sec, s.t_month, s.bad, s.period, s.closed_sec
  FROM record r
  JOIN step13 s ON s.rid = r.rid
  OFFSET 0
),
kept AS (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY c0 ORDER BY CASE WHEN closed_sec IS NULL THEN 0 ELSE 1 END DESC, closed_sec DESC, t_sec DESC, c0 COLLATE "C" DESC, c1 COLLATE "C" DESC, c2 COLLATE "C" DESC, c3 COLLATE "C" DESC, c4 COLLATE "C" DESC) AS copy
  FROM parsed
  WHERE bad = 0
  OFFSET 0
),
live AS (
  SELECT *,
    replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(c2, '	', ''), '
', ''), '', ''), '', ''), '', ''), ' ', ''), '', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), '　', '') AS key_address,
    replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(c3, '	', ''), '
', ''), '', ''), '', ''), '', ''), ' ', ''), '', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), '　', '') AS key_neighborhood
  FROM kept
  WHERE (copy = 1 OR c0 = '') AND period IS NOT NULL
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
    CASE WHEN l.key_neighborhood <> '' THEN COALESCE(own_neighborhood.place_id, found_neighborhood.place_id) ELSE found_neighborhood.place_id END AS neighborhood_place
  FROM live l
  LEFT JOIN found_neighborhood ON found_neighborhood.rid = l.rid
  LEFT JOIN livability_places own_neighborhood ON own_neighborhood.kind = 'neighborhood' AND own_neighborhood.lookup = 'column' AND own_neighborhood.place_key = l.key_neighborhood
  OFFSET 0
),
periods AS (
  SELECT '2018-11' AS period
  UNION ALL
  SELECT period FROM resolved WHERE period <> '2018-11' AND (neighborhood_place IS NOT NULL)
  GROUP BY period
  OFFSET 0
),
totals_neighborhood AS (
  SELECT period, neighborhood_place AS place,
    SUM(CASE WHEN c4 IN ('盗窃', '诈骗', '打架斗殴') THEN 1 ELSE 0 END) AS i0_0
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
SELECT g.period, g.place_id AS place, 'safe-neighborhoods.crimes_per_1000' AS indicator, CAST(COALESCE(t.i0_0, 0) AS TEXT) AS value
FROM grid_neighborhood g
LEFT JOIN totals_neighborhood t ON t.period = g.period AND t.place = g.place_id
UNION ALL
SELECT 'source police: ' || CAST(m.n AS TEXT) || ' malformed rows; the first id: ' || CAST(m.example AS TEXT) || ' (a time, closing time or number the crate cannot read, an empty score, or a closing time before the time)' AS period, '' AS place, '' AS indicator, '' AS value
FROM (SELECT COUNT(*) AS n, MIN(c0) AS example FROM parsed WHERE bad = 1) m
WHERE m.n > 0;
