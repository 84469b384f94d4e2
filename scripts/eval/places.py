"""Langxi county (郎溪县, 341821): the real townships and streets, their approximate centres (the same as
src/Infrastructure/Demo/DemoCountySeeder.cs) and invented villages/communities with coordinates."""
import math
import random

COUNTY = "341821000000"

# code, name, centre (lat, lon), invented villages (streets have urban communities)
TOWNSHIPS = [
    ("341821001000", "郎步街道", (31.140, 119.170), ["东门社区", "南丰社区", "北苑社区", "中港社区", "光明社区"]),
    ("341821002000", "郎川街道", (31.118, 119.192), ["康宁社区", "新城社区", "文昌社区", "状元社区", "柳溪社区"]),
    ("341821003000", "钟桥街道", (31.103, 119.160), ["钟桥社区", "青山社区", "双塘社区", "龙泉社区", "莲花社区"]),
    ("341821100000", "建平镇", (31.128, 119.215), ["东湖村", "杨林村", "白茆村", "岗南村", "金桥村", "石佛村", "新塘村"]),
    ("341821101000", "十字镇", (31.200, 119.050), ["十字村", "上湾村", "竹林村", "大岗村", "高井村", "松山村", "李家村"]),
    ("341821102000", "新发镇", (31.040, 119.232), ["新发村", "塔山村", "泉塘村", "茶园村", "石门村", "上坝村", "花园村"]),
    ("341821103000", "涛城镇", (31.000, 119.130), ["涛城村", "柏垫村", "乌桥村", "下吴村", "兰田村", "仙居村", "龙池村"]),
    ("341821105000", "梅渚镇", (31.232, 119.270), ["梅渚村", "定埠村", "邱家村", "新安村", "河沥村", "长乐村", "湖滨村"]),
    ("341821107000", "毕桥镇", (31.160, 119.322), ["毕桥村", "樊家村", "新塘圩村", "南漪村", "七里村", "胡家村", "丰收村"]),
    ("341821108000", "飞鲤镇", (31.262, 119.120), ["飞鲤村", "鲤鱼村", "新丰村", "岗下村", "吴家村", "宁西村", "三里村"]),
    ("341821109000", "凌笪镇", (31.060, 119.048), ["凌笪村", "望山村", "黄墩村", "竹园村", "兴隆村", "梅溪村", "东山村"]),
    ("341821110000", "姚村镇", (31.082, 119.335), ["姚村村", "南湖村", "双桥村", "永丰村", "红星村", "桃源村", "大庄村"]),
]

TOWNSHIP_NAME = {code: name for code, name, _, _ in TOWNSHIPS}
TOWNSHIP_CENTRE = {code: centre for code, _, centre, _ in TOWNSHIPS}


def offset(point, km, bearing_deg):
    lat, lon = point
    dlat = km * math.cos(math.radians(bearing_deg)) / 111.2
    dlon = km * math.sin(math.radians(bearing_deg)) / (111.2 * math.cos(math.radians(lat)))
    return (round(lat + dlat, 5), round(lon + dlon, 5))


def distance_km(a, b):
    """Haversine, the same formula and radius as GeoPoint.DistanceKm."""
    r = 6371.0088
    lat1, lat2 = math.radians(a[0]), math.radians(b[0])
    dlat = lat2 - lat1
    dlon = math.radians(b[1] - a[1])
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * r * math.asin(min(1, math.sqrt(h)))


def build_villages(seed=341821):
    """Villages 1.5-5 km from a town's centre, communities 0.5-2.2 km from a street's."""
    rng = random.Random(seed)
    villages = []
    for code, tname, centre, names in TOWNSHIPS:
        street = tname.endswith("街道")
        step = 360 / len(names)
        for i, vname in enumerate(names, start=1):
            km = rng.uniform(0.5, 2.2) if street else rng.uniform(1.5, 5.0)
            bearing = step * i + rng.uniform(-20, 20)
            villages.append({
                "code": code[:9] + f"{i:03d}",
                "name": vname,
                "township": code,
                "lat": offset(centre, km, bearing)[0],
                "lon": offset(centre, km, bearing)[1],
            })
    return villages


VILLAGES = build_villages()
VILLAGE = {v["code"]: v for v in VILLAGES}


def village_point(code):
    v = VILLAGE[code]
    return (v["lat"], v["lon"])


def full_name(code):
    """"建平镇东湖村" for a village code, "建平镇" for a township, "郎溪县" for the county."""
    if code == COUNTY:
        return "郎溪县"
    if code.endswith("000"):
        return TOWNSHIP_NAME[code]
    v = VILLAGE[code]
    return TOWNSHIP_NAME[v["township"]] + v["name"]


def villages_of(township):
    return [v for v in VILLAGES if v["township"] == township]
