#!/usr/bin/env python3
"""Sanity check for the catalog files in this folder (standard library only).

    python3 Content/catalog/check_catalog.py [DIR]

Exits 0 and prints a summary when everything holds, 1 with one line per problem otherwise.
Run it after editing a CSV by hand or re-running generate_prices.py.
"""

import csv
import os
import re
import sys

HEADERS = {
    "countries.csv": ["iso", "dial_code", "name_id", "name_en", "sms_activate_id", "fivesim_name", "sort"],
    "services.csv": ["code", "name", "fivesim_name", "category", "sort"],
    "prices.csv": ["country", "service", "operator", "cost_idr", "markup_percent", "stock"],
    "operators.csv": ["country", "operator", "name", "sort"],   # optional file
}


def load(folder, name, problems):
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        return None
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        rows = list(reader)
    if not rows or rows[0] != HEADERS[name]:
        problems.append(f"{name}: header must be {','.join(HEADERS[name])}")
        return []
    out = []
    for n, row in enumerate(rows[1:], start=2):
        if len(row) != len(HEADERS[name]):
            problems.append(f"{name}:{n}: {len(row)} fields, expected {len(HEADERS[name])}")
            continue
        if any(v != v.strip() or v == "" for v in row):
            problems.append(f"{name}:{n}: empty field or surrounding spaces")
        out.append(dict(zip(HEADERS[name], row)))
    return out


def unique(rows, key, name, problems):
    seen = set()
    for r in rows:
        k = tuple(r[x] for x in key) if isinstance(key, tuple) else r[key]
        if k in seen:
            problems.append(f"{name}: duplicate {key} {k}")
        seen.add(k)
    return seen


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    problems = []
    countries = load(folder, "countries.csv", problems)
    services = load(folder, "services.csv", problems)
    prices = load(folder, "prices.csv", problems)
    operators = load(folder, "operators.csv", problems)
    if countries is None or services is None or prices is None:
        print("FAIL: countries.csv, services.csv and prices.csv are required")
        return 1

    isos = unique(countries, "iso", "countries.csv", problems)
    unique(countries, "sms_activate_id", "countries.csv", problems)
    unique(countries, "fivesim_name", "countries.csv", problems)
    unique(countries, "sort", "countries.csv", problems)
    for c in countries:
        if not re.fullmatch(r"[A-Z]{2}", c["iso"]):
            problems.append(f"countries.csv: iso {c['iso']!r} is not ISO 3166-1 alpha-2")
        if not re.fullmatch(r"[1-9][0-9]{0,3}", c["dial_code"]):
            problems.append(f"countries.csv: {c['iso']} dial_code {c['dial_code']!r} must be digits without +")
        if not re.fullmatch(r"0|[1-9][0-9]*", c["sms_activate_id"]):
            problems.append(f"countries.csv: {c['iso']} sms_activate_id must be a number")
        if not re.fullmatch(r"[a-z]+", c["fivesim_name"]):
            problems.append(f"countries.csv: {c['iso']} fivesim_name must be lowercase letters")
    if len(countries) < 30:
        problems.append(f"countries.csv: {len(countries)} countries, need at least 30")
    by_sort = sorted(countries, key=lambda c: int(c["sort"]))
    if not by_sort or by_sort[0]["iso"] != "ID" or by_sort[0]["sort"] != "1" or countries[0]["iso"] != "ID":
        problems.append("countries.csv: Indonesia (ID) must be the first row with sort 1")
    indonesia = [c for c in countries if c["iso"] == "ID"]
    if indonesia and (indonesia[0]["sms_activate_id"] != "6" or indonesia[0]["fivesim_name"] != "indonesia"):
        problems.append("countries.csv: ID must map to SMS-Activate 6 / 5sim indonesia")

    codes = unique(services, "code", "services.csv", problems)
    unique(services, "fivesim_name", "services.csv", problems)
    for s in services:
        # letters/digits only: "_" would break getNumbersStatus keys ("tg_0"), ":" the text tokens
        if not re.fullmatch(r"[a-z][a-z0-9]{1,5}", s["code"]):
            problems.append(f"services.csv: code {s['code']!r} must be 2-6 lowercase letters/digits")
        if not re.fullmatch(r"[a-z0-9]+", s["fivesim_name"]):
            problems.append(f"services.csv: {s['code']} fivesim_name must be lowercase letters/digits")
    if len(services) < 40:
        problems.append(f"services.csv: {len(services)} services, need at least 40")
    for needed in ("tg", "wa", "go", "fb", "ig", "ka", "jg", "ot"):
        if needed not in codes:
            problems.append(f"services.csv: required service {needed} missing")

    op_pairs = {(c, "any") for c in isos}
    if operators is not None:
        unique(operators, ("country", "operator"), "operators.csv", problems)
        for o in operators:
            if o["country"] not in isos:
                problems.append(f"operators.csv: unknown country {o['country']}")
            if not re.fullmatch(r"[a-z0-9]+", o["operator"]) or o["operator"] == "any":
                problems.append(f"operators.csv: bad operator name {o['operator']!r}")
            op_pairs.add((o["country"], o["operator"]))

    unique(prices, ("country", "service", "operator"), "prices.csv", problems)
    index = {}
    for p in prices:
        key = (p["country"], p["service"], p["operator"])
        index[key] = p
        if p["country"] not in isos:
            problems.append(f"prices.csv: unknown country {p['country']}")
        if p["service"] not in codes:
            problems.append(f"prices.csv: unknown service {p['service']}")
        if (p["country"], p["operator"]) not in op_pairs:
            problems.append(f"prices.csv: unknown operator {p['operator']} for {p['country']}")
        for col in ("cost_idr", "markup_percent", "stock"):
            if not re.fullmatch(r"0|[1-9][0-9]*", p[col]):
                problems.append(f"prices.csv: {key} {col} {p[col]!r} must be a whole non-negative number")
        if p["cost_idr"] == "0":
            problems.append(f"prices.csv: {key} cost 0")
    missing = [(c, s) for c in isos for s in codes if (c, s, "any") not in index]
    if missing:
        problems.append(f"prices.csv: {len(missing)} country x service pairs without an 'any' row, e.g. {missing[:3]}")
    ig, tg = index.get(("ID", "ig", "any")), index.get(("ID", "tg", "any"))
    if ig is None or ig["stock"] != "0":
        problems.append("prices.csv: ID/ig/any must exist with stock 0 (the clients' sold-out case)")
    if tg is None or not tg["stock"].isdigit() or int(tg["stock"]) <= 0:
        problems.append("prices.csv: ID/tg/any must exist with stock > 0")

    if problems:
        for p in problems:
            print("FAIL:", p)
        return 1
    sold_out = sum(1 for p in prices if p["stock"] == "0")
    print(f"OK: {len(countries)} countries (first {countries[0]['iso']}), {len(services)} services, "
          f"{len(operators or [])} operators, {len(prices)} prices ({sold_out} sold out); "
          f"ID/ig stock {ig['stock']}, ID/tg stock {tg['stock']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
