#!/usr/bin/env python3
"""Writes a synthetic catalog (countries.csv, services.csv, operators.csv, prices.csv) for the site-build
benchmark: COUNTRIES × SERVICES prices, operator `any`, seeded so every run builds the same site.

    synthetic_catalog.py OUT_DIR [COUNTRIES=250] [SERVICES=500] [SEED=6]
"""
import itertools
import random
import string
import sys
from pathlib import Path

out = Path(sys.argv[1])
countries = int(sys.argv[2]) if len(sys.argv) > 2 else 250
services = int(sys.argv[3]) if len(sys.argv) > 3 else 500
rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 6)
out.mkdir(parents=True, exist_ok=True)

codes = ["".join(pair) for pair in itertools.product(string.ascii_uppercase, repeat=2)][:countries]
with open(out / "countries.csv", "w") as f:
    f.write("iso,dial_code,name_id,name_en,sms_activate_id,fivesim_name,sort\n")
    for n, iso in enumerate(codes, 1):
        f.write(f"{iso},{100 + n},Negara {iso},Country {iso},{1000 + n},country{n},{n}\n")
with open(out / "services.csv", "w") as f:
    f.write("code,name,fivesim_name,category,sort\n")
    for n in range(1, services + 1):
        f.write(f"s{n:03d},Service {n},service{n},other,{n}\n")
with open(out / "operators.csv", "w") as f:
    f.write("country,operator,name,sort\n")
with open(out / "prices.csv", "w") as f:
    f.write("country,service,operator,cost_idr,markup_percent,stock\n")
    for iso in codes:
        for n in range(1, services + 1):
            stock = rng.choice([0, rng.randint(1, 99), rng.randint(100, 5000)])
            f.write(f"{iso},s{n:03d},any,{rng.randint(5, 400) * 100},{rng.choice([20, 30, 35, 50])},{stock}\n")
