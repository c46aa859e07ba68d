#!/usr/bin/env python3
"""Writes the district fixture: three streets, their communities, neighborhoods and roads,
six handling units, and a few hundred 12345 tickets over three months (September to November
2024). Synthetic and deterministic (a fixed seed): run it again and the files are the same."""
import csv
import random

random.seed(24)

STREETS = [("S1", "天山街道"), ("S2", "仙霞街道"), ("S3", "虹桥街道")]
COMMUNITIES = [
    ("C11", "天山一社区", "S1"), ("C12", "天山二社区", "S1"),
    ("C21", "仙霞一社区", "S2"), ("C22", "仙霞二社区", "S2"),
    ("C31", "虹桥一社区", "S3"), ("C32", "虹桥二社区", "S3"),
]
NEIGHBORHOODS = [
    ("N01", "天山一村", "C11", 1200), ("N02", "天山二村", "C11", 800),
    ("N03", "天山三村", "C12", 950), ("N04", "天山四村", "C12", 600),
    ("N05", "仙霞新村", "C21", 1500), ("N06", "仙霞花园", "C21", 700),
    ("N07", "仙霞苑", "C22", 1100), ("N08", "仙霞小区", "C22", 400),
    ("N09", "虹桥新村", "C31", 1300), ("N10", "虹桥花园", "C31", 900),
    ("N11", "虹桥苑", "C32", 500), ("N12", "虹桥公寓", "C32", 650),
]
ROADS = [
    ("R1", "天山路", "S1", "2.1"), ("R2", "娄山关路", "S1", "1.4"),
    ("R3", "仙霞路", "S2", "2.6"), ("R4", "茅台路", "S2", "1.2"),
    ("R5", "虹桥路", "S3", "3.0"), ("R6", "古北路", "S3", "1.8"),
]
HANDLERS = [
    ("H1", "市政养护公司", "市政"), ("H2", "绿化市容所", "市政"),
    ("H3", "城管中队", "城管"), ("H4", "街道城运中心", "城管"),
    ("H5", "天山物业", "物业"), ("H6", "仙霞物业", "物业"),
]

street_names = dict(STREETS)
community_names = {cid: name for cid, name, _ in COMMUNITIES}

with open("places.csv", "w", newline="", encoding="utf-8") as out:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "kind", "name", "parent", "households", "length_km", "系统"])
    for sid, name in STREETS:
        writer.writerow([sid, "街道", name, "", "", "", ""])
    for cid, name, parent in COMMUNITIES:
        # One community gives its own households (its register counts more than its
        # neighborhoods' sum: a few buildings belong to no neighborhood).
        households = "1900" if cid == "C32" else ""
        # Parents by id, and one by name, as an office's list may write it.
        parent = street_names[parent] if cid == "C21" else parent
        writer.writerow([cid, "社区", name, parent, households, "", ""])
    for nid, name, parent, households in NEIGHBORHOODS:
        parent = community_names[parent] if nid == "N07" else parent
        writer.writerow([nid, "小区", name, parent, households, "", ""])
    for rid, name, parent, length in ROADS:
        writer.writerow([rid, "道路", name, parent, "", length, ""])
    for hid, name, system in HANDLERS:
        writer.writerow([hid, "承办单位", name, "", "", "", system])

community_of = {cid: (name, parent) for cid, name, parent in COMMUNITIES}
street_name = dict(STREETS)
# Some neighborhoods draw more complaints than others: the boards have something to rank.
weights = [3, 1, 2, 1, 4, 1, 2, 2, 1, 3, 1, 2]
rows = []
number = 0
for month, days in [(9, 30), (10, 31), (11, 30)]:
    for _ in range(110):
        number += 1
        day = random.randint(1, days)
        time = f"2024-{month:02d}-{day:02d} {random.randint(8, 20):02d}:{random.randint(0, 59):02d}"
        neighborhood = community = street = address = ""
        level = random.random()
        if level < 0.70:
            nid, name, cid, _ = random.choices(NEIGHBORHOODS, weights)[0]
            neighborhood = name
            # Half name their community too, as the hotline's form asks.
            if random.random() < 0.5:
                community = community_of[cid][0]
        elif level < 0.85:
            cid, name, parent = random.choice(COMMUNITIES)
            community = name
        elif level < 0.95:
            sid, name = random.choice(STREETS)
            street = name
        else:
            address = random.choice(["长宁路100号", "中山公园附近", ""])
        handler = random.choice(HANDLERS)[1]
        category = random.choice(["市容环境", "市容环境", "物业管理", "噪声扰民"])
        satisfied = random.choices(["满意", "基本满意", "不满意"], [6, 2, 2])[0]
        resolved = random.choices(["是", "否"], [8, 2])[0]
        rows.append([f"T2024{month:02d}{number:04d}", time, "投诉", category, address,
                     neighborhood, community, street, handler, resolved, satisfied])

with open("hotline.csv", "w", newline="", encoding="utf-8") as out:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["工单编号", "受理时间", "诉求类型", "诉求分类", "事发地址", "小区", "社区",
                     "街道", "承办单位", "是否解决", "是否满意"])
    writer.writerows(rows)
