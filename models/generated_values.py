#!/usr/bin/env python3
"""Benign values from outside ../shared: what two fake-data generators of
PyPI (pinned versions) make, one provider drawn at random for each value.
Faker, for 33 locales: names, company names, addresses, job titles,
sentences and paragraphs, e-mails, URLs, user agents, file paths,
passwords, IBANs, phone numbers, colours, CSV/JSON rows. Mimesis, for each
of its locales: people, addresses, companies, food, hardware (screen sizes
in inches), science, transport, text, codes, paths. Nobody wrote them for
rasp and no model was trained on them; they stand for what a shop's or an
API's users send.

    python3 models/generated_values.py > /tmp/faker.txt          # Faker, one value a line
    python3 models/generated_values.py --generator mimesis --tsv  # locale, provider, value
    target/release/rasp eval --format lines --label benign /tmp/faker.txt

The generator is installed into `--cache` (default /tmp/rasp-generated)
with pip when it is missing there. The draw is fixed by `--seed`: the same
version and seed give the same values (but for the few that depend on
today's date: a card's expiry, an age in an identity number).
"""

import argparse
import os
import random
import subprocess
import sys

PINS = {"faker": "faker==40.63.0", "mimesis": "mimesis==22.2.0"}

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


def import_generator(name, cache):
    """The pinned generator `name`, from `cache` (installed there first if
    need be)."""
    if not os.path.isdir(os.path.join(cache, name)):
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--target", cache, PINS[name]], check=True)
    sys.path.insert(0, cache)
    return __import__(name)


# Mimesis providers whose values are not text a user sends (bytes, numbers,
# objects, lists) or that draw from today's date.
MIMESIS_SKIP = {
    "seed", "reseed", "locale", "Meta", "random", "validate_enum", "update_dataset", "override_locale",
    "get_current_locale", "choice", "binary", "dsn", "token_bytes", "uuid_object", "timestamp",
    "timezone", "gmt_offset", "datetime", "formatted_datetime", "formatted_date", "formatted_time", "date",
    "time", "matrix", "integers", "floats", "complexes", "complex_number", "decimals", "decimal_number",
    "stock_image", "stock_image_url", "slug", "query_parameters", "query_string", "ssn", "password",
    "hex_digest",
}
MIMESIS_PROVIDERS = [
    "person", "address", "finance", "text", "food", "development", "internet", "datetime", "science",
    "transport", "payment", "hardware", "code", "cryptographic", "numeric", "path", "file",
]


def values(generator="faker", per_locale=None, seed=1, cache="/tmp/rasp-generated"):
    """(locale, provider, value) triples, line breaks made spaces. Made in a
    Python of its own with string hashing fixed: some locales' providers
    draw from sets, whose order follows the hash seed."""
    out = subprocess.run(
        [sys.executable, os.path.abspath(__file__), "--tsv", "--generator", generator,
         "--seed", str(seed), "--cache", cache] + (["--per-locale", str(per_locale)] if per_locale else []),
        env={**os.environ, "PYTHONHASHSEED": "0"},
        capture_output=True, text=True, check=True,
    ).stdout
    return [tuple(line.split("\t", 2)) for line in out.split("\n") if line]


def one_line(v):
    if isinstance(v, (list, tuple)):
        v = " ".join(map(str, v))
    return " ".join(str(v).replace("\r", " ").replace("\n", " ").split(" ")).strip()


def faker_draw(per_locale, seed, cache):
    """What `values` returns for Faker, made in this Python."""
    faker = import_generator("faker", cache)
    out = []
    for loc in LOCALES:
        f = faker.Faker(loc)
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
                v = one_line(fn())
            except Exception:
                continue
            if v:
                out.append((loc, name, v))
    return out


def mimesis_draw(per_locale, seed, cache):
    """What `values` returns for Mimesis, made in this Python."""
    mimesis = import_generator("mimesis", cache)
    out = []
    for loc in list(mimesis.Locale):
        g = mimesis.Generic(locale=loc, seed=seed)
        provs = []
        for prov in MIMESIS_PROVIDERS:
            p = getattr(g, prov, None)
            for name in sorted(dir(p)) if p is not None else []:
                fn = getattr(p, name)
                if not name.startswith("_") and name not in MIMESIS_SKIP and callable(fn):
                    provs.append((f"{prov}.{name}", fn))
        pick = random.Random(f"{seed}-{loc.value}")
        for i in range(per_locale):
            name, fn = pick.choice(provs)
            g.reseed(f"{seed}-{loc.value}-{i}")
            try:
                v = fn()
            except Exception:
                continue
            if isinstance(v, (set, dict, bytes)) or (isinstance(v, (list, tuple)) and v and not isinstance(v[0], str)):
                continue
            v = one_line(v)
            if v:
                out.append((loc.value, name, v))
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--generator", choices=["faker", "mimesis"], default="faker")
    ap.add_argument("--per-locale", type=int, help="values a locale (Faker 1,500, Mimesis 1,000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cache", default="/tmp/rasp-generated")
    ap.add_argument("--tsv", action="store_true", help="locale and provider before each value")
    a = ap.parse_args()
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})
    draw = faker_draw if a.generator == "faker" else mimesis_draw
    n = a.per_locale or (1500 if a.generator == "faker" else 1000)
    for loc, name, v in draw(n, a.seed, a.cache):
        print(f"{loc}\t{name}\t{v}" if a.tsv else v)
