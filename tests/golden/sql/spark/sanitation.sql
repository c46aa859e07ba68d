-- livability sql (spark): source 'sanitation', from table sanitation joined with livability_places
-- periods: 2018-11, 2018-10 (the first is ranked, the others compared with)
-- returns period, place, indicator, value (a count, or n/d: divided by the crate);
-- rank them with `livability rank SPEC --sql-results DIR`, this query's rows in DIR/sanitation.csv
-- fields are trimmed and folded to NFKC as the crate folds them, but only for the characters
-- that fold into the places' keys, the filters' values and decimals, and full-width ASCII (ids);
-- PostgreSQL folds every character (see the guide)
WITH
record AS (
  SELECT
    monotonically_increasing_id() AS rid,
    trim(BOTH '\u0009\u000A\u000B\u000C\u000D\u0020\u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000' FROM COALESCE(CAST(`检查编号` AS STRING), '')) AS c0,
    trim(BOTH '\u0009\u000A\u000B\u000C\u000D\u0020\u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000' FROM COALESCE(CAST(`检查时间` AS STRING), '')) AS c1,
    '' AS c2,
    trim(BOTH '\u0009\u000A\u000B\u000C\u000D\u0020\u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000' FROM COALESCE(CAST(`得分` AS STRING), '')) AS c3,
    trim(BOTH '\u0009\u000A\u000B\u000C\u000D\u0020\u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000' FROM COALESCE(CAST(`小区` AS STRING), '')) AS c4,
    '' AS c5
  FROM `sanitation`
),
fold0 AS (
  SELECT *, CASE WHEN c0 RLIKE '^[\\x00-\\x7F\\x{3400}-\\x{9FFF}]*$' AND c3 RLIKE '^[\\x00-\\x7F\\x{3400}-\\x{9FFF}]*$' AND c4 RLIKE '^[\\x00-\\x7F\\x{3400}-\\x{9FFF}]*$' THEN 0 ELSE 1 END AS needs_fold
  FROM record
),
fold1 AS (
  SELECT
    rid,
    CASE WHEN needs_fold = 1 THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(translate(c0, '²³¹ᴺᴿ․⁰⁴⁵⁶⁷⁸⁹⁺₀₁₂₃₄₅₆₇₈₉₊ℕℛℜℝ①②③④⑤⑥⑦⑧⑨ⓃⓇ⓪⼀⼆⼋⼗⼤⼩⼭⽃⽟⽣⾯〸㆒㆓㆔㆕㆝㊀㊁㊂㊃㊄㊅㊆㊇㊈㊉路零六全﬩﹒﹢﹣！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～', '231NR.0456789+0123456789+NRRR123456789NR0一二八十大小山斗玉生面十一二三四天一二三四五六七八九十路零六全+.+-!"#$%&\u0027()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~'), '¼', '1⁄4'), '½', '1⁄2'), '¾', '3⁄4'), 'Ǌ', 'NJ'), 'ǋ', 'Nj'), '‥', '..'), '…', '...'), '₨', 'Rs'), '№', 'No'), '⅐', '1⁄7'), '⅑', '1⁄9'), '⅒', '1⁄10'), '⅓', '1⁄3'), '⅔', '2⁄3'), '⅕', '1⁄5'), '⅖', '2⁄5'), '⅗', '3⁄5'), '⅘', '4⁄5'), '⅙', '1⁄6'), '⅚', '5⁄6'), '⅛', '1⁄8'), '⅜', '3⁄8'), '⅝', '5⁄8'), '⅞', '7⁄8'), '⅟', '1⁄'), '↉', '0⁄3'), '⑩', '10'), '⑪', '11'), '⑫', '12'), '⑬', '13'), '⑭', '14'), '⑮', '15'), '⑯', '16'), '⑰', '17'), '⑱', '18'), '⑲', '19'), '⑳', '20'), '⑴', '(1)'), '⑵', '(2)'), '⑶', '(3)') ELSE c0 END AS c0,
    c1,
    c2,
    CASE WHEN needs_fold = 1 THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(translate(c3, '²³¹ᴺᴿ․⁰⁴⁵⁶⁷⁸⁹⁺₀₁₂₃₄₅₆₇₈₉₊ℕℛℜℝ①②③④⑤⑥⑦⑧⑨ⓃⓇ⓪⼀⼆⼋⼗⼤⼩⼭⽃⽟⽣⾯〸㆒㆓㆔㆕㆝㊀㊁㊂㊃㊄㊅㊆㊇㊈㊉路零六全﬩﹒﹢﹣！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～', '231NR.0456789+0123456789+NRRR123456789NR0一二八十大小山斗玉生面十一二三四天一二三四五六七八九十路零六全+.+-!"#$%&\u0027()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~'), '¼', '1⁄4'), '½', '1⁄2'), '¾', '3⁄4'), 'Ǌ', 'NJ'), 'ǋ', 'Nj'), '‥', '..'), '…', '...'), '₨', 'Rs'), '№', 'No'), '⅐', '1⁄7'), '⅑', '1⁄9'), '⅒', '1⁄10'), '⅓', '1⁄3'), '⅔', '2⁄3'), '⅕', '1⁄5'), '⅖', '2⁄5'), '⅗', '3⁄5'), '⅘', '4⁄5'), '⅙', '1⁄6'), '⅚', '5⁄6'), '⅛', '1⁄8'), '⅜', '3⁄8'), '⅝', '5⁄8'), '⅞', '7⁄8'), '⅟', '1⁄'), '↉', '0⁄3'), '⑩', '10'), '⑪', '11'), '⑫', '12'), '⑬', '13'), '⑭', '14'), '⑮', '15'), '⑯', '16'), '⑰', '17'), '⑱', '18'), '⑲', '19'), '⑳', '20'), '⑴', '(1)'), '⑵', '(2)'), '⑶', '(3)') ELSE c3 END AS c3,
    CASE WHEN needs_fold = 1 THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(translate(c4, '²³¹ᴺᴿ․⁰⁴⁵⁶⁷⁸⁹⁺₀₁₂₃₄₅₆₇₈₉₊ℕℛℜℝ①②③④⑤⑥⑦⑧⑨ⓃⓇ⓪⼀⼆⼋⼗⼤⼩⼭⽃⽟⽣⾯〸㆒㆓㆔㆕㆝㊀㊁㊂㊃㊄㊅㊆㊇㊈㊉路零六全﬩﹒﹢﹣！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～', '231NR.0456789+0123456789+NRRR123456789NR0一二八十大小山斗玉生面十一二三四天一二三四五六七八九十路零六全+.+-!"#$%&\u0027()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~'), '¼', '1⁄4'), '½', '1⁄2'), '¾', '3⁄4'), 'Ǌ', 'NJ'), 'ǋ', 'Nj'), '‥', '..'), '…', '...'), '₨', 'Rs'), '№', 'No'), '⅐', '1⁄7'), '⅑', '1⁄9'), '⅒', '1⁄10'), '⅓', '1⁄3'), '⅔', '2⁄3'), '⅕', '1⁄5'), '⅖', '2⁄5'), '⅗', '3⁄5'), '⅘', '4⁄5'), '⅙', '1⁄6'), '⅚', '5⁄6'), '⅛', '1⁄8'), '⅜', '3⁄8'), '⅝', '5⁄8'), '⅞', '7⁄8'), '⅟', '1⁄'), '↉', '0⁄3'), '⑩', '10'), '⑪', '11'), '⑫', '12'), '⑬', '13'), '⑭', '14'), '⑮', '15'), '⑯', '16'), '⑰', '17'), '⑱', '18'), '⑲', '19'), '⑳', '20'), '⑴', '(1)'), '⑵', '(2)'), '⑶', '(3)') ELSE c4 END AS c4,
    c5,
    needs_fold
  FROM fold0
),
fold2 AS (
  SELECT
    rid,
    CASE WHEN needs_fold = 1 THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(c0, '⑷', '(4)'), '⑸', '(5)'), '⑹', '(6)'), '⑺', '(7)'), '⑻', '(8)'), '⑼', '(9)'), '⑽', '(10)'), '⑾', '(11)'), '⑿', '(12)'), '⒀', '(13)'), '⒁', '(14)'), '⒂', '(15)'), '⒃', '(16)'), '⒄', '(17)'), '⒅', '(18)'), '⒆', '(19)'), '⒇', '(20)'), '⒈', '1.'), '⒉', '2.'), '⒊', '3.'), '⒋', '4.'), '⒌', '5.'), '⒍', '6.'), '⒎', '7.'), '⒏', '8.'), '⒐', '9.'), '⒑', '10.'), '⒒', '11.'), '⒓', '12.'), '⒔', '13.'), '⒕', '14.'), '⒖', '15.'), '⒗', '16.'), '⒘', '17.'), '⒙', '18.'), '⒚', '19.'), '⒛', '20.'), '㈠', '(一)'), '㈡', '(二)'), '㈢', '(三)') ELSE c0 END AS c0,
    c1,
    c2,
    CASE WHEN needs_fold = 1 THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(c3, '⑷', '(4)'), '⑸', '(5)'), '⑹', '(6)'), '⑺', '(7)'), '⑻', '(8)'), '⑼', '(9)'), '⑽', '(10)'), '⑾', '(11)'), '⑿', '(12)'), '⒀', '(13)'), '⒁', '(14)'), '⒂', '(15)'), '⒃', '(16)'), '⒄', '(17)'), '⒅', '(18)'), '⒆', '(19)'), '⒇', '(20)'), '⒈', '1.'), '⒉', '2.'), '⒊', '3.'), '⒋', '4.'), '⒌', '5.'), '⒍', '6.'), '⒎', '7.'), '⒏', '8.'), '⒐', '9.'), '⒑', '10.'), '⒒', '11.'), '⒓', '12.'), '⒔', '13.'), '⒕', '14.'), '⒖', '15.'), '⒗', '16.'), '⒘', '17.'), '⒙', '18.'), '⒚', '19.'), '⒛', '20.'), '㈠', '(一)'), '㈡', '(二)'), '㈢', '(三)') ELSE c3 END AS c3,
    CASE WHEN needs_fold = 1 THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(c4, '⑷', '(4)'), '⑸', '(5)'), '⑹', '(6)'), '⑺', '(7)'), '⑻', '(8)'), '⑼', '(9)'), '⑽', '(10)'), '⑾', '(11)'), '⑿', '(12)'), '⒀', '(13)'), '⒁', '(14)'), '⒂', '(15)'), '⒃', '(16)'), '⒄', '(17)'), '⒅', '(18)'), '⒆', '(19)'), '⒇', '(20)'), '⒈', '1.'), '⒉', '2.'), '⒊', '3.'), '⒋', '4.'), '⒌', '5.'), '⒍', '6.'), '⒎', '7.'), '⒏', '8.'), '⒐', '9.'), '⒑', '10.'), '⒒', '11.'), '⒓', '12.'), '⒔', '13.'), '⒕', '14.'), '⒖', '15.'), '⒗', '16.'), '⒘', '17.'), '⒙', '18.'), '⒚', '19.'), '⒛', '20.'), '㈠', '(一)'), '㈡', '(二)'), '㈢', '(三)') ELSE c4 END AS c4,
    c5,
    needs_fold
  FROM fold1
),
fold3 AS (
  SELECT
    rid,
    CASE WHEN needs_fold = 1 THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(c0, '㈣', '(四)'), '㈤', '(五)'), '㈥', '(六)'), '㈦', '(七)'), '㈧', '(八)'), '㈨', '(九)'), '㈩', '(十)'), '㉑', '21'), '㉒', '22'), '㉓', '23'), '㉔', '24'), '㉕', '25'), '㉖', '26'), '㉗', '27'), '㉘', '28'), '㉙', '29'), '㉚', '30'), '㉛', '31'), '㉜', '32'), '㉝', '33'), '㉞', '34'), '㉟', '35'), '㊱', '36'), '㊲', '37'), '㊳', '38'), '㊴', '39'), '㊵', '40'), '㊶', '41'), '㊷', '42'), '㊸', '43'), '㊹', '44'), '㊺', '45'), '㊻', '46'), '㊼', '47'), '㊽', '48'), '㊾', '49'), '㊿', '50'), '㋀', '1月'), '㋁', '2月'), '㋂', '3月') ELSE c0 END AS c0,
    c1,
    c2,
    CASE WHEN needs_fold = 1 THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(c3, '㈣', '(四)'), '㈤', '(五)'), '㈥', '(六)'), '㈦', '(七)'), '㈧', '(八)'), '㈨', '(九)'), '㈩', '(十)'), '㉑', '21'), '㉒', '22'), '㉓', '23'), '㉔', '24'), '㉕', '25'), '㉖', '26'), '㉗', '27'), '㉘', '28'), '㉙', '29'), '㉚', '30'), '㉛', '31'), '㉜', '32'), '㉝', '33'), '㉞', '34'), '㉟', '35'), '㊱', '36'), '㊲', '37'), '㊳', '38'), '㊴', '39'), '㊵', '40'), '㊶', '41'), '㊷', '42'), '㊸', '43'), '㊹', '44'), '㊺', '45'), '㊻', '46'), '㊼', '47'), '㊽', '48'), '㊾', '49'), '㊿', '50'), '㋀', '1月'), '㋁', '2月'), '㋂', '3月') ELSE c3 END AS c3,
    CASE WHEN needs_fold = 1 THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(c4, '㈣', '(四)'), '㈤', '(五)'), '㈥', '(六)'), '㈦', '(七)'), '㈧', '(八)'), '㈨', '(九)'), '㈩', '(十)'), '㉑', '21'), '㉒', '22'), '㉓', '23'), '㉔', '24'), '㉕', '25'), '㉖', '26'), '㉗', '27'), '㉘', '28'), '㉙', '29'), '㉚', '30'), '㉛', '31'), '㉜', '32'), '㉝', '33'), '㉞', '34'), '㉟', '35'), '㊱', '36'), '㊲', '37'), '㊳', '38'), '㊴', '39'), '㊵', '40'), '㊶', '41'), '㊷', '42'), '㊸', '43'), '㊹', '44'), '㊺', '45'), '㊻', '46'), '㊼', '47'), '㊽', '48'), '㊾', '49'), '㊿', '50'), '㋀', '1月'), '㋁', '2月'), '㋂', '3月') ELSE c4 END AS c4,
    c5,
    needs_fold
  FROM fold2
),
fold4 AS (
  SELECT
    rid,
    CASE WHEN needs_fold = 1 THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(c0, '㋃', '4月'), '㋄', '5月'), '㋅', '6月'), '㋆', '7月'), '㋇', '8月'), '㋈', '9月'), '㋉', '10月'), '㋊', '11月'), '㋋', '12月'), '㍘', '0点'), '㍙', '1点'), '㍚', '2点'), '㍛', '3点'), '㍜', '4点'), '㍝', '5点'), '㍞', '6点'), '㍟', '7点'), '㍠', '8点'), '㍡', '9点'), '㍢', '10点'), '㍣', '11点'), '㍤', '12点'), '㍥', '13点'), '㍦', '14点'), '㍧', '15点'), '㍨', '16点'), '㍩', '17点'), '㍪', '18点'), '㍫', '19点'), '㍬', '20点'), '㍭', '21点'), '㍮', '22点'), '㍯', '23点'), '㍰', '24点'), '㍸', 'dm2'), '㍹', 'dm3'), '㍽', '大正'), '㎟', 'mm2'), '㎠', 'cm2'), '㎡', 'm2') ELSE c0 END AS c0,
    c1,
    c2,
    CASE WHEN needs_fold = 1 THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(c3, '㋃', '4月'), '㋄', '5月'), '㋅', '6月'), '㋆', '7月'), '㋇', '8月'), '㋈', '9月'), '㋉', '10月'), '㋊', '11月'), '㋋', '12月'), '㍘', '0点'), '㍙', '1点'), '㍚', '2点'), '㍛', '3点'), '㍜', '4点'), '㍝', '5点'), '㍞', '6点'), '㍟', '7点'), '㍠', '8点'), '㍡', '9点'), '㍢', '10点'), '㍣', '11点'), '㍤', '12点'), '㍥', '13点'), '㍦', '14点'), '㍧', '15点'), '㍨', '16点'), '㍩', '17点'), '㍪', '18点'), '㍫', '19点'), '㍬', '20点'), '㍭', '21点'), '㍮', '22点'), '㍯', '23点'), '㍰', '24点'), '㍸', 'dm2'), '㍹', 'dm3'), '㍽', '大正'), '㎟', 'mm2'), '㎠', 'cm2'), '㎡', 'm2') ELSE c3 END AS c3,
    CASE WHEN needs_fold = 1 THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(c4, '㋃', '4月'), '㋄', '5月'), '㋅', '6月'), '㋆', '7月'), '㋇', '8月'), '㋈', '9月'), '㋉', '10月'), '㋊', '11月'), '㋋', '12月'), '㍘', '0点'), '㍙', '1点'), '㍚', '2点'), '㍛', '3点'), '㍜', '4点'), '㍝', '5点'), '㍞', '6点'), '㍟', '7点'), '㍠', '8点'), '㍡', '9点'), '㍢', '10点'), '㍣', '11点'), '㍤', '12点'), '㍥', '13点'), '㍦', '14点'), '㍧', '15点'), '㍨', '16点'), '㍩', '17点'), '㍪', '18点'), '㍫', '19点'), '㍬', '20点'), '㍭', '21点'), '㍮', '22点'), '㍯', '23点'), '㍰', '24点'), '㍸', 'dm2'), '㍹', 'dm3'), '㍽', '大正'), '㎟', 'mm2'), '㎠', 'cm2'), '㎡', 'm2') ELSE c4 END AS c4,
    c5,
    needs_fold
  FROM fold3
),
fold5 AS (
  SELECT
    rid,
    CASE WHEN needs_fold = 1 THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(c0, '㎢', 'km2'), '㎣', 'mm3'), '㎤', 'cm3'), '㎥', 'm3'), '㎦', 'km3'), '㎨', 'm∕s2'), '㎯', 'rad∕s2'), '㏂', 'a.m.'), '㏇', 'Co.'), '㏘', 'p.m.'), '㏚', 'PR'), '㏠', '1日'), '㏡', '2日'), '㏢', '3日'), '㏣', '4日'), '㏤', '5日'), '㏥', '6日'), '㏦', '7日'), '㏧', '8日'), '㏨', '9日'), '㏩', '10日'), '㏪', '11日'), '㏫', '12日'), '㏬', '13日'), '㏭', '14日'), '㏮', '15日'), '㏯', '16日'), '㏰', '17日'), '㏱', '18日'), '㏲', '19日'), '㏳', '20日'), '㏴', '21日'), '㏵', '22日'), '㏶', '23日'), '㏷', '24日'), '㏸', '25日'), '㏹', '26日'), '㏺', '27日'), '㏻', '28日'), '㏼', '29日') ELSE c0 END AS c0,
    c1,
    c2,
    CASE WHEN needs_fold = 1 THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(c3, '㎢', 'km2'), '㎣', 'mm3'), '㎤', 'cm3'), '㎥', 'm3'), '㎦', 'km3'), '㎨', 'm∕s2'), '㎯', 'rad∕s2'), '㏂', 'a.m.'), '㏇', 'Co.'), '㏘', 'p.m.'), '㏚', 'PR'), '㏠', '1日'), '㏡', '2日'), '㏢', '3日'), '㏣', '4日'), '㏤', '5日'), '㏥', '6日'), '㏦', '7日'), '㏧', '8日'), '㏨', '9日'), '㏩', '10日'), '㏪', '11日'), '㏫', '12日'), '㏬', '13日'), '㏭', '14日'), '㏮', '15日'), '㏯', '16日'), '㏰', '17日'), '㏱', '18日'), '㏲', '19日'), '㏳', '20日'), '㏴', '21日'), '㏵', '22日'), '㏶', '23日'), '㏷', '24日'), '㏸', '25日'), '㏹', '26日'), '㏺', '27日'), '㏻', '28日'), '㏼', '29日') ELSE c3 END AS c3,
    CASE WHEN needs_fold = 1 THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(c4, '㎢', 'km2'), '㎣', 'mm3'), '㎤', 'cm3'), '㎥', 'm3'), '㎦', 'km3'), '㎨', 'm∕s2'), '㎯', 'rad∕s2'), '㏂', 'a.m.'), '㏇', 'Co.'), '㏘', 'p.m.'), '㏚', 'PR'), '㏠', '1日'), '㏡', '2日'), '㏢', '3日'), '㏣', '4日'), '㏤', '5日'), '㏥', '6日'), '㏦', '7日'), '㏧', '8日'), '㏨', '9日'), '㏩', '10日'), '㏪', '11日'), '㏫', '12日'), '㏬', '13日'), '㏭', '14日'), '㏮', '15日'), '㏯', '16日'), '㏰', '17日'), '㏱', '18日'), '㏲', '19日'), '㏳', '20日'), '㏴', '21日'), '㏵', '22日'), '㏶', '23日'), '㏷', '24日'), '㏸', '25日'), '㏹', '26日'), '㏺', '27日'), '㏻', '28日'), '㏼', '29日') ELSE c4 END AS c4,
    c5,
    needs_fold
  FROM fold4
),
fold6 AS (
  SELECT
    rid,
    CASE WHEN needs_fold = 1 THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(c0, '㏽', '30日'), '㏾', '31日'), '︙', '...'), '︰', '..'), '𜳣', 'N'), '𜳧', 'R'), '𜳰', '0'), '𜳱', '1'), '𜳲', '2'), '𜳳', '3'), '𜳴', '4'), '𜳵', '5'), '𜳶', '6'), '𜳷', '7'), '𜳸', '8'), '𜳹', '9'), '𝐍', 'N'), '𝐑', 'R'), '𝑁', 'N'), '𝑅', 'R'), '𝑵', 'N'), '𝑹', 'R'), '𝒩', 'N'), '𝓝', 'N'), '𝓡', 'R'), '𝔑', 'N'), '𝕹', 'N'), '𝕽', 'R'), '𝖭', 'N'), '𝖱', 'R'), '𝗡', 'N'), '𝗥', 'R'), '𝘕', 'N'), '𝘙', 'R'), '𝙉', 'N'), '𝙍', 'R'), '𝙽', 'N'), '𝚁', 'R'), '𝟎', '0'), '𝟏', '1') ELSE c0 END AS c0,
    c1,
    c2,
    CASE WHEN needs_fold = 1 THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(c3, '㏽', '30日'), '㏾', '31日'), '︙', '...'), '︰', '..'), '𜳣', 'N'), '𜳧', 'R'), '𜳰', '0'), '𜳱', '1'), '𜳲', '2'), '𜳳', '3'), '𜳴', '4'), '𜳵', '5'), '𜳶', '6'), '𜳷', '7'), '𜳸', '8'), '𜳹', '9'), '𝐍', 'N'), '𝐑', 'R'), '𝑁', 'N'), '𝑅', 'R'), '𝑵', 'N'), '𝑹', 'R'), '𝒩', 'N'), '𝓝', 'N'), '𝓡', 'R'), '𝔑', 'N'), '𝕹', 'N'), '𝕽', 'R'), '𝖭', 'N'), '𝖱', 'R'), '𝗡', 'N'), '𝗥', 'R'), '𝘕', 'N'), '𝘙', 'R'), '𝙉', 'N'), '𝙍', 'R'), '𝙽', 'N'), '𝚁', 'R'), '𝟎', '0'), '𝟏', '1') ELSE c3 END AS c3,
    CASE WHEN needs_fold = 1 THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(c4, '㏽', '30日'), '㏾', '31日'), '︙', '...'), '︰', '..'), '𜳣', 'N'), '𜳧', 'R'), '𜳰', '0'), '𜳱', '1'), '𜳲', '2'), '𜳳', '3'), '𜳴', '4'), '𜳵', '5'), '𜳶', '6'), '𜳷', '7'), '𜳸', '8'), '𜳹', '9'), '𝐍', 'N'), '𝐑', 'R'), '𝑁', 'N'), '𝑅', 'R'), '𝑵', 'N'), '𝑹', 'R'), '𝒩', 'N'), '𝓝', 'N'), '𝓡', 'R'), '𝔑', 'N'), '𝕹', 'N'), '𝕽', 'R'), '𝖭', 'N'), '𝖱', 'R'), '𝗡', 'N'), '𝗥', 'R'), '𝘕', 'N'), '𝘙', 'R'), '𝙉', 'N'), '𝙍', 'R'), '𝙽', 'N'), '𝚁', 'R'), '𝟎', '0'), '𝟏', '1') ELSE c4 END AS c4,
    c5,
    needs_fold
  FROM fold5
),
fold7 AS (
  SELECT
    rid,
    CASE WHEN needs_fold = 1 THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(c0, '𝟐', '2'), '𝟑', '3'), '𝟒', '4'), '𝟓', '5'), '𝟔', '6'), '𝟕', '7'), '𝟖', '8'), '𝟗', '9'), '𝟘', '0'), '𝟙', '1'), '𝟚', '2'), '𝟛', '3'), '𝟜', '4'), '𝟝', '5'), '𝟞', '6'), '𝟟', '7'), '𝟠', '8'), '𝟡', '9'), '𝟢', '0'), '𝟣', '1'), '𝟤', '2'), '𝟥', '3'), '𝟦', '4'), '𝟧', '5'), '𝟨', '6'), '𝟩', '7'), '𝟪', '8'), '𝟫', '9'), '𝟬', '0'), '𝟭', '1'), '𝟮', '2'), '𝟯', '3'), '𝟰', '4'), '𝟱', '5'), '𝟲', '6'), '𝟳', '7'), '𝟴', '8'), '𝟵', '9'), '𝟶', '0'), '𝟷', '1') ELSE c0 END AS c0,
    c1,
    c2,
    CASE WHEN needs_fold = 1 THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(c3, '𝟐', '2'), '𝟑', '3'), '𝟒', '4'), '𝟓', '5'), '𝟔', '6'), '𝟕', '7'), '𝟖', '8'), '𝟗', '9'), '𝟘', '0'), '𝟙', '1'), '𝟚', '2'), '𝟛', '3'), '𝟜', '4'), '𝟝', '5'), '𝟞', '6'), '𝟟', '7'), '𝟠', '8'), '𝟡', '9'), '𝟢', '0'), '𝟣', '1'), '𝟤', '2'), '𝟥', '3'), '𝟦', '4'), '𝟧', '5'), '𝟨', '6'), '𝟩', '7'), '𝟪', '8'), '𝟫', '9'), '𝟬', '0'), '𝟭', '1'), '𝟮', '2'), '𝟯', '3'), '𝟰', '4'), '𝟱', '5'), '𝟲', '6'), '𝟳', '7'), '𝟴', '8'), '𝟵', '9'), '𝟶', '0'), '𝟷', '1') ELSE c3 END AS c3,
    CASE WHEN needs_fold = 1 THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(c4, '𝟐', '2'), '𝟑', '3'), '𝟒', '4'), '𝟓', '5'), '𝟔', '6'), '𝟕', '7'), '𝟖', '8'), '𝟗', '9'), '𝟘', '0'), '𝟙', '1'), '𝟚', '2'), '𝟛', '3'), '𝟜', '4'), '𝟝', '5'), '𝟞', '6'), '𝟟', '7'), '𝟠', '8'), '𝟡', '9'), '𝟢', '0'), '𝟣', '1'), '𝟤', '2'), '𝟥', '3'), '𝟦', '4'), '𝟧', '5'), '𝟨', '6'), '𝟩', '7'), '𝟪', '8'), '𝟫', '9'), '𝟬', '0'), '𝟭', '1'), '𝟮', '2'), '𝟯', '3'), '𝟰', '4'), '𝟱', '5'), '𝟲', '6'), '𝟳', '7'), '𝟴', '8'), '𝟵', '9'), '𝟶', '0'), '𝟷', '1') ELSE c4 END AS c4,
    c5,
    needs_fold
  FROM fold6
),
fold8 AS (
  SELECT
    rid,
    CASE WHEN needs_fold = 1 THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(c0, '𝟸', '2'), '𝟹', '3'), '𝟺', '4'), '𝟻', '5'), '𝟼', '6'), '𝟽', '7'), '𝟾', '8'), '𝟿', '9'), '🄀', '0.'), '🄁', '0,'), '🄂', '1,'), '🄃', '2,'), '🄄', '3,'), '🄅', '4,'), '🄆', '5,'), '🄇', '6,'), '🄈', '7,'), '🄉', '8,'), '🄊', '9,'), '🄝', '(N)'), '🄡', '(R)'), '🄬', 'R'), '🄽', 'N'), '🅁', 'R'), '🅬', 'MR'), '🈔', '二'), '🈗', '天'), '🈟', '新'), '🈢', '生'), '🈤', '声'), '🈧', '投'), '🈩', '一'), '🈪', '三'), '🈱', '打'), '🉁', '〔三〕'), '🉂', '〔二〕'), '🉃', '〔安〕'), '🉅', '〔打〕'), '🉆', '〔盗〕'), '🯰', '0') ELSE c0 END AS c0,
    c1,
    c2,
    CASE WHEN needs_fold = 1 THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(c3, '𝟸', '2'), '𝟹', '3'), '𝟺', '4'), '𝟻', '5'), '𝟼', '6'), '𝟽', '7'), '𝟾', '8'), '𝟿', '9'), '🄀', '0.'), '🄁', '0,'), '🄂', '1,'), '🄃', '2,'), '🄄', '3,'), '🄅', '4,'), '🄆', '5,'), '🄇', '6,'), '🄈', '7,'), '🄉', '8,'), '🄊', '9,'), '🄝', '(N)'), '🄡', '(R)'), '🄬', 'R'), '🄽', 'N'), '🅁', 'R'), '🅬', 'MR'), '🈔', '二'), '🈗', '天'), '🈟', '新'), '🈢', '生'), '🈤', '声'), '🈧', '投'), '🈩', '一'), '🈪', '三'), '🈱', '打'), '🉁', '〔三〕'), '🉂', '〔二〕'), '🉃', '〔安〕'), '🉅', '〔打〕'), '🉆', '〔盗〕'), '🯰', '0') ELSE c3 END AS c3,
    CASE WHEN needs_fold = 1 THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(c4, '𝟸', '2'), '𝟹', '3'), '𝟺', '4'), '𝟻', '5'), '𝟼', '6'), '𝟽', '7'), '𝟾', '8'), '𝟿', '9'), '🄀', '0.'), '🄁', '0,'), '🄂', '1,'), '🄃', '2,'), '🄄', '3,'), '🄅', '4,'), '🄆', '5,'), '🄇', '6,'), '🄈', '7,'), '🄉', '8,'), '🄊', '9,'), '🄝', '(N)'), '🄡', '(R)'), '🄬', 'R'), '🄽', 'N'), '🅁', 'R'), '🅬', 'MR'), '🈔', '二'), '🈗', '天'), '🈟', '新'), '🈢', '生'), '🈤', '声'), '🈧', '投'), '🈩', '一'), '🈪', '三'), '🈱', '打'), '🉁', '〔三〕'), '🉂', '〔二〕'), '🉃', '〔安〕'), '🉅', '〔打〕'), '🉆', '〔盗〕'), '🯰', '0') ELSE c4 END AS c4,
    c5,
    needs_fold
  FROM fold7
),
fold9 AS (
  SELECT
    rid,
    CASE WHEN needs_fold = 1 THEN trim(BOTH '\u0009\u000A\u000B\u000C\u000D\u0020\u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000' FROM replace(replace(replace(replace(replace(replace(replace(replace(replace(c0, '🯱', '1'), '🯲', '2'), '🯳', '3'), '🯴', '4'), '🯵', '5'), '🯶', '6'), '🯷', '7'), '🯸', '8'), '🯹', '9')) ELSE c0 END AS c0,
    c1,
    c2,
    CASE WHEN needs_fold = 1 THEN trim(BOTH '\u0009\u000A\u000B\u000C\u000D\u0020\u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000' FROM replace(replace(replace(replace(replace(replace(replace(replace(replace(c3, '🯱', '1'), '🯲', '2'), '🯳', '3'), '🯴', '4'), '🯵', '5'), '🯶', '6'), '🯷', '7'), '🯸', '8'), '🯹', '9')) ELSE c3 END AS c3,
    CASE WHEN needs_fold = 1 THEN trim(BOTH '\u0009\u000A\u000B\u000C\u000D\u0020\u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000' FROM replace(replace(replace(replace(replace(replace(replace(replace(replace(c4, '🯱', '1'), '🯲', '2'), '🯳', '3'), '🯴', '4'), '🯵', '5'), '🯶', '6'), '🯷', '7'), '🯸', '8'), '🯹', '9')) ELSE c4 END AS c4,
    c5,
    needs_fold
  FROM fold8
),
step1 AS (
  SELECT rid, c1, c3,
    substr(c1, 1, 4) AS t_y,
    substr(c1, 5, 1) AS t_sep,
    substr(c1, 6) AS t_r1,
    CASE WHEN substr(c3, 1, 1) IN ('+', '-') THEN substr(c3, 1, 1) ELSE '' END AS n3_sign
  FROM fold9
),
step2 AS (
  SELECT *,
    CASE WHEN t_sep IN ('-', '/') THEN instr(t_r1, t_sep) ELSE 0 END AS t_p1,
    substr(c3, length(n3_sign) + 1) AS n3_u
  FROM step1
),
step3 AS (
  SELECT *,
    CASE WHEN t_p1 > 0 THEN substr(t_r1, 1, t_p1 - 1) ELSE '' END AS t_mo,
    CASE WHEN t_p1 > 0 THEN substr(t_r1, t_p1 + 1) ELSE '' END AS t_r2,
    instr(n3_u, '.') AS n3_dot
  FROM step2
),
step4 AS (
  SELECT *,
    instr(t_r2, 'T') AS t_pt,
    instr(t_r2, ' ') AS t_ps,
    CASE WHEN n3_dot > 0 THEN substr(n3_u, 1, n3_dot - 1) ELSE n3_u END AS n3_whole,
    CASE WHEN n3_dot > 0 THEN substr(n3_u, n3_dot + 1) ELSE '' END AS n3_fraction
  FROM step3
),
step5 AS (
  SELECT *,
    CASE WHEN t_pt > 0 AND (t_ps = 0 OR t_pt < t_ps) THEN substr(t_r2, 1, t_pt - 1) WHEN t_ps > 0 THEN substr(t_r2, 1, t_ps - 1) ELSE t_r2 END AS t_d,
    CASE WHEN t_pt > 0 AND (t_ps = 0 OR t_pt < t_ps) THEN (CASE WHEN t_sep = '-' THEN substr(t_r2, t_pt + 1) ELSE 'x' END) WHEN t_ps > 0 THEN ltrim(substr(t_r2, t_ps + 1)) END AS t_clock,
    CASE WHEN c3 = '' OR ((n3_whole = '' OR (length(n3_whole) <= 12 AND n3_whole RLIKE '^[0-9]+$')) AND (n3_fraction = '' OR (length(n3_fraction) <= 6 AND n3_fraction RLIKE '^[0-9]+$')) AND (n3_whole <> '' OR n3_fraction <> '')) THEN 0 ELSE 1 END AS n3_bad,
    CASE WHEN c3 <> '' AND (n3_whole = '' OR (length(n3_whole) <= 12 AND n3_whole RLIKE '^[0-9]+$')) AND (n3_fraction = '' OR (length(n3_fraction) <= 6 AND n3_fraction RLIKE '^[0-9]+$')) AND (n3_whole <> '' OR n3_fraction <> '') THEN (CASE WHEN n3_sign = '-' THEN -1 ELSE 1 END) * (CAST(('0' || n3_whole) AS BIGINT) * 1000000 + CAST(substr(n3_fraction || '000000', 1, 6) AS BIGINT)) END AS n3_value
  FROM step4
),
step6 AS (
  SELECT *,
    COALESCE(instr(t_clock, ':'), 0) AS t_p3
  FROM step5
),
step7 AS (
  SELECT *,
    CASE WHEN t_p3 > 0 THEN substr(t_clock, 1, t_p3 - 1) ELSE '' END AS t_h,
    CASE WHEN t_p3 > 0 THEN substr(t_clock, t_p3 + 1) ELSE '' END AS t_r4
  FROM step6
),
step8 AS (
  SELECT *,
    CASE WHEN instr(t_r4, ':') > 0 THEN substr(t_r4, 1, instr(t_r4, ':') - 1) ELSE t_r4 END AS t_mi,
    CASE WHEN instr(t_r4, ':') > 0 THEN substr(t_r4, instr(t_r4, ':') + 1) ELSE '00' END AS t_s
  FROM step7
),
step9 AS (
  SELECT *,
    CASE WHEN (length(t_y) BETWEEN 4 AND 4 AND t_y RLIKE '^[0-9]+$') AND (length(t_mo) BETWEEN 1 AND 2 AND t_mo RLIKE '^[0-9]+$') AND (length(t_d) BETWEEN 1 AND 2 AND t_d RLIKE '^[0-9]+$') AND (t_clock IS NULL OR ((length(t_h) BETWEEN 1 AND 2 AND t_h RLIKE '^[0-9]+$') AND (length(t_mi) BETWEEN 2 AND 2 AND t_mi RLIKE '^[0-9]+$') AND (length(t_s) BETWEEN 2 AND 2 AND t_s RLIKE '^[0-9]+$'))) THEN 1 ELSE 0 END AS t_form
  FROM step8
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
),
step11 AS (
  SELECT *,
    CASE WHEN t_form = 1 AND t_month_of_year BETWEEN 1 AND 12 AND t_day BETWEEN 1 AND CASE WHEN t_month_of_year IN (4, 6, 9, 11) THEN 30 WHEN t_month_of_year = 2 THEN (CASE WHEN ((t_year % 4 = 0 AND t_year % 100 <> 0) OR t_year % 400 = 0) THEN 29 ELSE 28 END) ELSE 31 END AND t_hour <= 23 AND t_minute <= 59 AND t_second <= 59 THEN 1 ELSE 0 END AS t_ok
  FROM step10
),
step12 AS (
  SELECT *,
    CASE WHEN t_ok = 1 THEN (365 * (t_year + 400 - (CASE WHEN t_month_of_year <= 2 THEN 1 ELSE 0 END)) + ((t_year + 400 - (CASE WHEN t_month_of_year <= 2 THEN 1 ELSE 0 END)) DIV 4) - ((t_year + 400 - (CASE WHEN t_month_of_year <= 2 THEN 1 ELSE 0 END)) DIV 100) + ((t_year + 400 - (CASE WHEN t_month_of_year <= 2 THEN 1 ELSE 0 END)) DIV 400) + ((153 * ((t_month_of_year + 9) % 12) + 2) DIV 5) + t_day - 1) * 86400 + t_hour * 3600 + t_minute * 60 + t_second END AS t_sec,
    CASE WHEN t_ok = 1 THEN t_year * 12 + t_month_of_year - 1 END AS t_month
  FROM step11
),
step13 AS (
  SELECT *,
    CASE WHEN t_ok = 0 OR n3_bad = 1 OR c3 = '' THEN 1 ELSE 0 END AS bad,
    CASE WHEN t_month BETWEEN 24226 AND 24226 THEN '2018-11' WHEN t_month BETWEEN 24225 AND 24225 THEN '2018-10' END AS period,
    CAST(NULL AS BIGINT) AS closed_sec
  FROM step12
),
parsed AS (
  SELECT r.*, s.t_y, s.t_sep, s.t_r1, s.n3_sign, s.t_p1, s.n3_u, s.t_mo, s.t_r2, s.n3_dot, s.t_pt, s.t_ps, s.n3_whole, s.n3_fraction, s.t_d, s.t_clock, s.n3_bad, s.n3_value, s.t_p3, s.t_h, s.t_r4, s.t_mi, s.t_s, s.t_form, s.t_year, s.t_month_of_year, s.t_day, s.t_hour, s.t_minute, s.t_second, s.t_ok, s.t_sec, s.t_month, s.bad, s.period, s.closed_sec
  FROM fold9 r
  JOIN step13 s ON s.rid = r.rid
),
kept AS (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY c0 ORDER BY CASE WHEN closed_sec IS NULL THEN 0 ELSE 1 END DESC, closed_sec DESC, t_sec DESC, c0 DESC, c1 DESC, c3 DESC, c4 DESC) AS copy
  FROM parsed
  WHERE bad = 0
),
live AS (
  SELECT *,
    replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(c4, '	', ''), '
', ''), '', ''), '', ''), '', ''), ' ', ''), '', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), ' ', ''), '　', '') AS key_neighborhood
  FROM kept
  WHERE (copy = 1 OR c0 = '') AND period IS NOT NULL
),
hits_neighborhood AS (
  SELECT l.rid, p.place_id, CAST(p.key_length AS BIGINT) AS key_length, MAX(CAST(p.key_length AS BIGINT)) OVER (PARTITION BY l.rid) AS longest
  FROM live l
  JOIN livability_places p ON p.kind = 'neighborhood' AND p.lookup = 'address' AND instr(replace(replace(replace(replace(replace(l.key_neighborhood, concat(p.place_key, '居委'), '|'), concat(p.place_key, '居委会'), '|'), concat(p.place_key, '社区'), '|'), concat(p.place_key, '街道'), '|'), concat(p.place_key, '镇'), '|'), p.place_key) > 0
  WHERE l.key_neighborhood <> '' AND NOT EXISTS (SELECT 1 FROM livability_places q WHERE q.kind = 'neighborhood' AND q.lookup = 'column' AND q.place_key = l.key_neighborhood)
),
found_neighborhood AS (
  SELECT rid, CASE WHEN COUNT(DISTINCT place_id) = 1 THEN MIN(place_id) END AS place_id
  FROM hits_neighborhood
  WHERE key_length = longest
  GROUP BY rid
),
resolved AS (
  SELECT l.*,
    CASE WHEN l.key_neighborhood <> '' THEN COALESCE(own_neighborhood.place_id, found_neighborhood.place_id) ELSE found_neighborhood.place_id END AS neighborhood_place
  FROM live l
  LEFT JOIN found_neighborhood ON found_neighborhood.rid = l.rid
  LEFT JOIN livability_places own_neighborhood ON own_neighborhood.kind = 'neighborhood' AND own_neighborhood.lookup = 'column' AND own_neighborhood.place_key = l.key_neighborhood
),
periods AS (
  SELECT '2018-11' AS period
  UNION ALL
  SELECT period FROM resolved WHERE period <> '2018-11' AND (neighborhood_place IS NOT NULL)
  GROUP BY period
),
totals_neighborhood AS (
  SELECT period, neighborhood_place AS place,
    SUM(CASE WHEN 1 = 1 AND n3_value IS NOT NULL THEN n3_value ELSE 0 END) AS i0_0,
    SUM(CASE WHEN 1 = 1 AND n3_value IS NOT NULL THEN 1 ELSE 0 END) AS i0_1
  FROM resolved
  WHERE neighborhood_place IS NOT NULL
  GROUP BY period, neighborhood_place
),
grid_neighborhood AS (
  SELECT pe.period, pl.place_id
  FROM periods pe
  CROSS JOIN (SELECT DISTINCT place_id FROM livability_places WHERE kind = 'neighborhood') pl
)
SELECT g.period, g.place_id AS place, 'beautiful-neighborhoods.sanitation_score' AS indicator, CASE WHEN COALESCE(t.i0_1, 0) > 0 THEN CAST(COALESCE(t.i0_0, 0) AS STRING) || '/' || CAST(COALESCE(t.i0_1, 0) * 1000000 AS STRING) END AS value
FROM grid_neighborhood g
LEFT JOIN totals_neighborhood t ON t.period = g.period AND t.place = g.place_id
UNION ALL
SELECT 'source sanitation: ' || CAST(m.n AS STRING) || ' malformed rows; the first id: ' || CAST(m.example AS STRING) || ' (a time, closing time or number the crate cannot read, an empty score, or a closing time before the time)' AS period, '' AS place, '' AS indicator, '' AS value
FROM (SELECT COUNT(*) AS n, MIN(c0) AS example FROM parsed WHERE bad = 1) m
WHERE m.n > 0;
