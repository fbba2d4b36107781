#!/usr/bin/env python3
"""Benign values from outside ../shared: what Python's Faker (a pinned
version from PyPI) makes for 33 locales, one provider drawn at random for
each value: names, company names, addresses, job titles, sentences and
paragraphs, e-mails, URLs, user agents, file paths, passwords, IBANs,
phone numbers, colours, CSV/JSON rows... Nobody wrote them for rasp and no
model was trained on them; they stand for what a shop's or an API's users
send.

    python3 models/faker_values.py > /tmp/faker.txt          # one value a line
    python3 models/faker_values.py --tsv > /tmp/faker.tsv    # locale, provider, value
    target/release/rasp eval --format lines --label benign /tmp/faker.txt

Faker is installed into `--cache` (default /tmp/rasp-faker) with pip when it
is missing there. The draw is fixed by `--seed`: the same version and seed
give the same values (but for the few that depend on today's date: a
card's expiry, an age in an identity number).
"""

import argparse
import os
import random
import subprocess
import sys

FAKER = "faker==40.63.0"

LOCALES = [
    "en_US", "en_GB", "en_IE", "fr_FR", "de_DE", "it_IT", "es_ES", "nl_NL", "pt_BR", "pl_PL", "ru_RU",
    "ja_JP", "zh_CN", "tr_TR", "sv_SE", "cs_CZ", "el_GR", "ar_AA", "he_IL", "hi_IN", "ko_KR", "vi_VN",
    "uk_UA", "da_DK", "fi_FI", "hu_HU", "ro_RO", "id_ID", "th_TH", "fr_CA", "en_AU", "en_CA", "ga_IE",
]

# Providers that make text a user or a client sends (not binary archives).
PROVIDERS = [
    "name", "address", "street_address", "company", "catch_phrase", "bs", "job", "sentence", "paragraph",
    "text", "email", "url", "uri", "user_agent", "user_name", "file_path", "file_name", "phone_number",
    "city", "password", "iban", "isbn13", "color", "credit_card_full", "ipv4", "ipv6",
    "mac_address", "slug", "sha256", "uuid4", "hex_color", "rgb_css_color", "license_plate", "ssn",
    "company_suffix", "postcode", "street_name", "bank_country", "currency_name", "pystr", "emoji",
    "domain_name", "http_method", "mime_type", "image_url", "century", "day_of_week", "local_latlng",
    "prefix", "suffix", "words", "paragraphs", "dga", "ascii_company_email", "ean13", "json", "csv",
    "tsv", "psv", "md5", "locale", "language_name", "safe_color_name", "linux_platform_token",
    "windows_platform_token", "mac_platform_token", "chrome", "firefox", "safari", "opera",
    "internet_explorer", "sbn9", "vin", "coordinate", "administrative_unit",
]


def import_faker(cache):
    """The pinned Faker, from `cache` (installed there first if need be)."""
    if not os.path.isdir(os.path.join(cache, "faker")):
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--target", cache, FAKER], check=True)
    sys.path.insert(0, cache)
    import faker

    return faker


def values(per_locale=1500, seed=1, cache="/tmp/rasp-faker"):
    """(locale, provider, value) triples, line breaks made spaces. Made in a
    Python of its own with string hashing fixed: some locales' providers
    draw from sets, whose order follows the hash seed."""
    out = subprocess.run(
        [sys.executable, os.path.abspath(__file__), "--tsv", "--per-locale", str(per_locale),
         "--seed", str(seed), "--cache", cache],
        env={**os.environ, "PYTHONHASHSEED": "0"},
        capture_output=True, text=True, check=True,
    ).stdout
    return [tuple(line.split("\t", 2)) for line in out.split("\n") if line]


def draw(per_locale, seed, cache):
    """What `values` returns, made in this Python."""
    faker = import_faker(cache)
    out = []
    for loc in LOCALES:
        f = faker.Faker(loc)
        f.seed_instance(seed)
        provs = []
        for name in PROVIDERS:
            try:
                fn = getattr(f, name)
            except AttributeError:
                continue  # the locale has no such provider
            if name == "password":
                provs.append((name, lambda fn=fn, r=random.Random(f"{seed}-{loc}-pw"): fn(length=r.randint(8, 20))))
            else:
                provs.append((name, fn))
        pick = random.Random(f"{seed}-{loc}")
        for i in range(per_locale):
            name, fn = pick.choice(provs)
            # Each value from a seed of its own: a provider whose draw
            # depends on today's date (a card's expiry, an age) then changes
            # only its own value, not every value after it.
            f.seed_instance(f"{seed}-{loc}-{i}")
            try:
                v = fn()
            except Exception:
                continue
            if isinstance(v, (list, tuple)):
                v = " ".join(map(str, v))
            v = " ".join(str(v).replace("\r", " ").replace("\n", " ").split(" ")).strip()
            if v:
                out.append((loc, name, v))
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-locale", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cache", default="/tmp/rasp-faker")
    ap.add_argument("--tsv", action="store_true", help="locale and provider before each value")
    a = ap.parse_args()
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})
    for loc, name, v in draw(a.per_locale, a.seed, a.cache):
        print(f"{loc}\t{name}\t{v}" if a.tsv else v)
