#!/usr/bin/env python3
"""Generate Content/catalog/prices.csv, the default price table, from the tables below.

    python3 Content/catalog/generate_prices.py            # rewrites prices.csv next to this file
    python3 Content/catalog/generate_prices.py --stdout   # prints it instead

Deterministic: every row draws its jitter from its own random generator seeded with
SEED + country + service, so re-running gives a byte-identical file and adding a country or a
service does not change the rows that were already there.  Standard library only.

Every cost is the price SMSCode pays its provider for one activation, in whole rupiah (IDR).
The sell price is NOT stored; the server derives it (see README.md, "Sell price"):

    sell = ceil(cost * (100 + markup_percent) / 100 / 100) * 100      (whole-rupiah step of Rp 100)

Edit the tables, re-run, then `smscode catalog import` to load the result.
"""

import csv
import io
import os
import random
import sys

SEED = "smscode-default-catalog-v1"

# ---------------------------------------------------------------------------
# Base cost per service, in rupiah, for an Indonesian number (the reference market).
# (cost_idr, availability, home_countries)
#   availability  — share of a country's number pool still usable for this service
#                   (hot services such as WhatsApp/Telegram are used up faster than "any other")
#   home_countries — None: sold everywhere at the normal price.  A tuple: a regional service;
#                   outside those countries it is cheap (nobody asks for it) and often sold out.
# ---------------------------------------------------------------------------
SERVICES = {
    "wa":   (11000, 0.30, None),            # WhatsApp — the most demanded service in Indonesia
    "tg":   (9500,  0.35, None),            # Telegram
    "ka":   (3200,  0.60, ("ID", "PH", "VN", "TH", "MY", "SG", "BR")),   # Shopee
    "go":   (2600,  0.55, None),            # Google / Gmail / YouTube
    "xd":   (3000,  0.65, ("ID",)),         # Tokopedia
    "ni":   (3400,  0.60, ("ID", "SG")),    # Gojek / GoPay
    "jg":   (3000,  0.60, ("ID", "PH", "VN", "TH", "MY", "SG", "KH", "MM")),  # Grab
    "fb":   (2200,  0.55, None),            # Facebook
    "ig":   (2400,  0.50, None),            # Instagram / Threads
    "lf":   (2300,  0.55, None),            # TikTok
    "fr":   (3300,  0.65, ("ID",)),         # DANA
    "xh":   (3300,  0.65, ("ID",)),         # OVO
    "dl":   (2600,  0.65, ("ID", "PH", "VN", "TH", "MY", "SG")),         # Lazada
    "bkl1": (2400,  0.70, ("ID",)),         # Bukalapak
    "tvl1": (2400,  0.70, ("ID", "TH", "VN", "MY", "PH", "SG")),         # Traveloka
    "fk":   (2300,  0.70, ("ID",)),         # Blibli
    "tm":   (2800,  0.70, ("ID", "PH", "MY", "VN")),                     # Akulaku
    "aka":  (2500,  0.70, ("ID",)),         # LinkAja
    "fv":   (1800,  0.75, ("ID",)),         # Vidio
    "mc":   (2000,  0.70, ("ID", "MY", "SG")),                           # MiChat
    "tw":   (1900,  0.70, None),            # Twitter / X
    "ds":   (1800,  0.75, None),            # Discord
    "mm":   (2000,  0.75, None),            # Microsoft
    "mb":   (1700,  0.80, None),            # Yahoo
    "wx":   (2600,  0.70, None),            # Apple
    "am":   (2200,  0.70, None),            # Amazon
    "ts":   (3500,  0.70, None),            # PayPal
    "ub":   (2200,  0.75, None),            # Uber
    "oi":   (2600,  0.65, None),            # Tinder
    "vi":   (1900,  0.70, None),            # Viber
    "wb":   (6000,  0.45, None),            # WeChat — strict checks, expensive everywhere
    "me":   (2400,  0.70, ("TH", "JP", "ID")),                           # LINE
    "kt":   (3000,  0.70, None),            # KakaoTalk
    "mj":   (2500,  0.70, ("VN",)),         # Zalo
    "bw":   (2400,  0.75, None),            # Signal
    "fu":   (2000,  0.75, None),            # Snapchat
    "nf":   (1800,  0.80, None),            # Netflix
    "mt":   (2000,  0.75, None),            # Steam
    "dr":   (3000,  0.65, None),            # OpenAI / ChatGPT
    "ep":   (1900,  0.75, None),            # Temu
    "vk":   (2200,  0.60, ("RU", "UA", "KZ")),                           # VKontakte
    "ok":   (1700,  0.70, ("RU", "UA", "KZ")),                           # Odnoklassniki
    "ya":   (1800,  0.70, ("RU", "UA", "KZ")),                           # Yandex
    "hw":   (2600,  0.65, ("CN", "HK")),    # Alipay / Alibaba
    "qq":   (2200,  0.70, None),            # Tencent QQ
    "tn":   (2200,  0.75, None),            # LinkedIn
    "nz":   (2000,  0.75, ("PH", "TH", "MY", "SG", "PK", "BD", "KH", "MM", "LA", "HK")),  # Foodpanda
    "tl":   (1600,  0.80, None),            # Truecaller
    "bl":   (1700,  0.80, None),            # BIGO LIVE
    "bc":   (2800,  0.65, ("PH",)),         # GCash
    "re":   (3000,  0.70, None),            # Coinbase
    "dh":   (2000,  0.75, None),            # eBay
    "uk":   (2200,  0.75, None),            # Airbnb
    "ot":   (1300,  1.00, None),            # Any other — the cheapest row of every country
}

# ---------------------------------------------------------------------------
# Per country: (cost factor relative to Indonesia, pool size = typical stock of "any other").
# Cheap, plentiful numbers: South/South-East Asia and Africa; expensive, scarce ones:
# Western Europe, North America, Japan, Australia.
# ---------------------------------------------------------------------------
COUNTRIES = {
    "ID": (1.00, 6000),
    "PH": (0.55, 4500),
    "VN": (0.50, 4000),
    "TH": (0.85, 1800),
    "MY": (1.05, 1400),
    "IN": (0.60, 5000),
    "RU": (1.90, 3500),
    "UA": (1.30, 1300),
    "KZ": (1.10, 800),
    "US": (2.30, 2200),
    "GB": (1.90, 1100),
    "BR": (0.95, 2200),
    "MX": (0.85, 1000),
    "CO": (0.70, 1100),
    "NG": (0.60, 900),
    "KE": (0.60, 1000),
    "EG": (0.55, 700),
    "PK": (0.50, 900),
    "BD": (0.50, 1000),
    "KH": (0.55, 700),
    "MM": (0.50, 700),
    "LA": (0.60, 400),
    "TR": (1.00, 600),
    "PL": (1.40, 700),
    "DE": (2.00, 350),
    "FR": (1.80, 400),
    "NL": (1.90, 300),
    "ES": (1.60, 400),
    "IT": (1.60, 400),
    "CA": (2.10, 600),
    "ZA": (0.80, 700),
    "CN": (1.60, 400),
    "HK": (1.70, 300),
    "SG": (2.20, 200),
    "IL": (1.60, 200),
    "RO": (1.10, 400),
    "CL": (0.90, 500),
    "PT": (1.50, 300),
    "JP": (2.50, 120),
    "AU": (2.30, 200),
}

# Absolute costs (rupiah) that the formula would get wrong: Telegram is dear in Russia, the USA
# and the UK and cheap in the Philippines/Vietnam/India; local giants are dear at home.
COST_OVERRIDES = {
    ("RU", "tg"): 30000,
    ("US", "tg"): 26000,
    ("GB", "tg"): 19000,
    ("KZ", "tg"): 12000,
    ("UA", "tg"): 13000,
    ("PH", "tg"): 3400,
    ("VN", "tg"): 2900,
    ("IN", "tg"): 4200,
    ("BD", "tg"): 3200,
    ("PK", "tg"): 3300,
    ("RU", "wa"): 21000,
    ("PH", "wa"): 5200,
    ("VN", "wa"): 4800,
    ("IN", "wa"): 5500,
    ("RU", "vk"): 6500,
    ("RU", "ok"): 4200,
    ("RU", "ya"): 5200,
    ("CN", "wb"): 16000,
    ("CN", "qq"): 7000,
    ("CN", "hw"): 6000,
    ("VN", "mj"): 3800,
    ("TH", "me"): 4500,
    ("JP", "me"): 9000,
    ("PH", "bc"): 3800,
    ("US", "ts"): 14000,
    ("US", "go"): 9000,
}

# Stock forced to a value.  ID/ig = 0 is REQUIRED: the client test scripts
# (shared/clients: SA_SOLDOUT=ig / FS_SOLDOUT=instagram with country 6 / indonesia)
# use it as the sold-out case.  Do not give it stock.
STOCK_OVERRIDES = {
    ("ID", "ig"): 0,
}
# Rows that must never be sold out (the scripts buy Telegram in Indonesia).
NEVER_SOLD_OUT = {("ID", "tg")}

MARKUP_DEFAULT = 30          # percent
MARKUP_CHEAP = 40            # cost below CHEAP_BELOW: a bigger share, the margin is small anyway
CHEAP_BELOW = 2000
MARKUP_EXPENSIVE = 25        # cost from EXPENSIVE_FROM: a smaller share keeps the price sane
EXPENSIVE_FROM = 20000
MARKUP_OVERRIDES = {("ID", "wa"): 35, ("ID", "tg"): 35}

COST_FLOOR = 1100            # no provider sells below this; the sell price then starts at ~Rp 1.600
COST_JITTER = 0.08           # each row's cost varies +-8 % around the table value
OFF_REGION_FACTOR = 0.6      # a regional service bought outside its home countries
OFF_REGION_SOLD_OUT = 0.35   # ... and how often it has no stock there
SMALL_POOL = 300             # countries with a pool up to this size ...
SMALL_POOL_SOLD_OUT = 0.08   # ... have this share of random sold-out rows


def row_rng(country: str, service: str) -> random.Random:
    # str seeds are hashed with SHA-512 by random.seed (version 2): stable across runs and Pythons.
    return random.Random(f"{SEED}:{country}:{service}")


def cost_of(country: str, service: str, rng: random.Random) -> int:
    factor, _ = COUNTRIES[country]
    base, _, home = SERVICES[service]
    if (country, service) in COST_OVERRIDES:
        cost = COST_OVERRIDES[(country, service)]
    else:
        cost = base * factor
        if home is not None and country not in home:
            other = SERVICES["ot"][0] * factor
            cost = max(other, cost * OFF_REGION_FACTOR)
    cost *= rng.uniform(1 - COST_JITTER, 1 + COST_JITTER)
    return max(COST_FLOOR, int(round(cost / 10.0)) * 10)


def stock_of(country: str, service: str, rng: random.Random) -> int:
    if (country, service) in STOCK_OVERRIDES:
        return STOCK_OVERRIDES[(country, service)]
    _, pool = COUNTRIES[country]
    _, availability, home = SERVICES[service]
    roll = rng.random()
    if home is not None and country not in home:
        if roll < OFF_REGION_SOLD_OUT:
            stock = 0
        else:
            stock = int(pool * 0.05 * rng.uniform(0.2, 1.5))
    elif pool <= SMALL_POOL and roll < SMALL_POOL_SOLD_OUT and country != "ID":
        stock = 0
    else:
        stock = int(pool * availability * rng.uniform(0.5, 1.5))
    if (country, service) in NEVER_SOLD_OUT:
        stock = max(stock, 50)
    return stock


def markup_of(country: str, service: str, cost: int) -> int:
    if (country, service) in MARKUP_OVERRIDES:
        return MARKUP_OVERRIDES[(country, service)]
    if cost < CHEAP_BELOW:
        return MARKUP_CHEAP
    if cost >= EXPENSIVE_FROM:
        return MARKUP_EXPENSIVE
    return MARKUP_DEFAULT


def sell_price(cost: int, markup_percent: int) -> int:
    """The rule the server implements: round UP to a whole Rp 100, in integer arithmetic."""
    return (cost * (100 + markup_percent) + 9999) // 10000 * 100


def read_codes(path: str, key: str, sort_key: str = "sort") -> list:
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    rows.sort(key=lambda r: int(r[sort_key]))
    return [r[key] for r in rows]


def generate(here: str) -> str:
    countries = read_codes(os.path.join(here, "countries.csv"), "iso")
    services = read_codes(os.path.join(here, "services.csv"), "code")
    missing = [c for c in countries if c not in COUNTRIES] + [s for s in services if s not in SERVICES]
    if missing:
        raise SystemExit(f"generate_prices.py: no base data for {missing}; add them to the tables")
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["country", "service", "operator", "cost_idr", "markup_percent", "stock"])
    for country in countries:
        for service in services:
            rng = row_rng(country, service)
            cost = cost_of(country, service, rng)
            stock = stock_of(country, service, rng)
            w.writerow([country, service, "any", cost, markup_of(country, service, cost), stock])
    return out.getvalue()


def main() -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    text = generate(here)
    if "--stdout" in sys.argv[1:]:
        sys.stdout.write(text)
        return
    with open(os.path.join(here, "prices.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(text)
    print(f"wrote {text.count(chr(10)) - 1} rows to prices.csv")


if __name__ == "__main__":
    main()
