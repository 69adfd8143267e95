#!/usr/bin/env python3
"""Builds the labelled PII evaluation sets for Platform.Privacy (stdlib only, fixed seed).

    /usr/bin/python3 tests/data/pii/make_labelled.py

Writes labelled.jsonl (MAIN_TEMPLATES, tuning set) and heldout.jsonl (HELDOUT_TEMPLATES, never
looked at while tuning the recognizers). Each line: {"text": "...", "spans": [{"type", "start", "end"}]}
with start/end as UTF-16 code-unit offsets (what .NET strings index), end exclusive.

Templates hold slots in braces. PII slots ({email}, {phone}, {card}, {iban}, {address}, {name},
{first}, {fullname}, {lname}) become labelled spans; negative slots ({order}, {tracking}, {sku},
{price}, {date}, {time}, {product}, {zip}, {model}, {badcard}, {qty}) are plain text that a good
redactor must leave alone.
"""
import json
import os
import random
import re

SEED = 20261124

FIRST_NAMES = [
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
    "Sarah", "Thomas", "Emma", "Oliver", "Sophie", "Liam", "Olivia", "Noah", "Amelia", "Jack",
    "Mohammed", "Fatima", "Ahmed", "Aisha", "Omar", "Priya", "Rahul", "Ananya", "Arjun", "Deepika",
    "Wei", "Mei", "Hiroshi", "Yuki", "Kenji", "Min-jun", "Seo-yeon", "Carlos", "Maria", "José",
    "Lucía", "Diego", "Sofia", "Luca", "Giulia", "Matteo", "Hans", "Anna", "Lukas", "Katarzyna",
    "Piotr", "Olga", "Dmitri", "Ingrid", "Lars", "Freya", "Chloé", "Pierre", "Amara", "Kwame",
    "Chidi", "Ngozi", "Thabo", "Zanele", "Siobhan", "Niamh", "Connor", "Aoife", "Mateus", "Camila",
]
# First names that appear in the texts only next to a cue; a gazetteer cannot be expected to hold every name.
RARE_FIRST = ["Bartholomew", "Ottilie", "Ezinne", "Radoslav", "Tamsin", "Ifeoma", "Leopold", "Saoirse"]
LAST_NAMES = [
    "Smith", "Johnson", "Williams", "Brown", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Lopez",
    "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Patel", "Sharma", "Khan", "Chen",
    "Wang", "Tanaka", "Sato", "Kim", "Park", "Nguyen", "Müller", "Schmidt", "Rossi", "Bianchi",
    "Dubois", "Moreau", "Kowalski", "Nowak", "Ivanov", "Okafor", "Mensah", "O'Brien", "MacDonald", "Fernández",
    "Silva", "Santos", "Jensen", "Larsen", "Van der Berg", "Novak", "Hughes", "Murphy", "Kelly", "Walsh",
]
DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.co.uk", "icloud.com", "proton.me", "web.de",
           "example.org", "company.co", "mail.example.com", "uni-heidelberg.de", "orange.fr"]
STREETS = ["Baker", "Maple", "Oak", "Elm", "High", "Church", "Mill", "Park", "Washington", "Lincoln",
           "Sunset", "Lakeview", "Cedar", "Pine", "Victoria", "King", "Queen", "Station", "Riverside", "Hillcrest",
           "Martin Luther King Jr", "Old Farm", "Chestnut", "Willow"]
SUFFIXES = ["Street", "St", "St.", "Avenue", "Ave", "Ave.", "Road", "Rd", "Lane", "Ln", "Drive", "Dr",
            "Boulevard", "Blvd", "Way", "Court", "Ct", "Place", "Pl", "Terrace", "Close", "Crescent", "Parkway"]
US_CITIES = [("Springfield", "IL"), ("Austin", "TX"), ("Portland", "OR"), ("Denver", "CO"), ("Boston", "MA"),
             ("Seattle", "WA"), ("Miami", "FL"), ("Columbus", "OH"), ("San Jose", "CA"), ("Brooklyn", "NY")]
UK_TOWNS = [("London", "SW1A 1AA"), ("Manchester", "M1 1AE"), ("Leeds", "LS1 4DY"), ("Bristol", "BS1 5TR"),
            ("Edinburgh", "EH1 1YZ"), ("Cardiff", "CF10 1EP"), ("Birmingham", "B33 8TH"), ("Glasgow", "G2 3BZ")]
PRODUCTS = ["Summit 2 Tent", "Trail Runner 3", "AeroPress Go", "Galaxy S24", "iPhone 15 Pro", "Pixel 8",
            "Alpine 45L Backpack", "Nimbus 25 shoes", "Model X200 blender", "Ridge 3000 headlamp",
            "Cascade Down Jacket", "Everest Pro 4 stove", "Kindle Paperwhite", "Trek Marlin 5", "Sony WH-1000XM5",
            "Coastline 2 Kayak", "Harbor Lamp", "Madison Desk", "Victoria Sofa", "Lincoln Chair"]
NOISE = ["", "", "", " thx", " pls help", "!!", " :(", " 🙏", "??", " asap", "...", " ty"]


def luhn_digit(payload):
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(number):
    return luhn_digit(number[:-1]) == number[-1]


class Values:
    """Random value makers; each returns a string."""

    def __init__(self, rng):
        self.r = rng

    def first(self):
        return self.r.choice(FIRST_NAMES)

    def rare_first(self):
        return self.r.choice(RARE_FIRST)

    def last(self):
        return self.r.choice(LAST_NAMES)

    def fullname(self):
        return f"{self.first()} {self.last()}"

    def email(self):
        r = self.r
        f, l = r.choice(FIRST_NAMES).lower().replace("é", "e").replace("í", "i"), r.choice(LAST_NAMES).lower().replace(" ", "").replace("'", "").replace("ü", "u").replace("á", "a")
        local = r.choice([f"{f}.{l}", f"{f}{l}", f"{f[0]}{l}", f"{f}_{l}{r.randint(1, 99)}", f"{f}+orders", f"{l}.{f}{r.randint(70, 99)}", f"{f}-{l}"])
        if r.random() < 0.1:
            local = local.upper()
        return f"{local}@{r.choice(DOMAINS)}"

    def phone(self):
        r = self.r
        d = lambda n: "".join(str(r.randint(0, 9)) for _ in range(n))
        area = f"{r.randint(2, 9)}{d(2)}"
        kind = r.randint(0, 11)
        return [
            f"({area}) {r.randint(2, 9)}{d(2)}-{d(4)}",
            f"{area}-{r.randint(2, 9)}{d(2)}-{d(4)}",
            f"+1 {area} {r.randint(2, 9)}{d(2)} {d(4)}",
            f"+1 ({area}) {r.randint(2, 9)}{d(2)}-{d(4)}",
            f"{area}.{r.randint(2, 9)}{d(2)}.{d(4)}",
            f"+44 20 {d(4)} {d(4)}",
            f"07{d(3)} {d(6)}",
            f"+44 7{d(3)} {d(6)}",
            f"+49 30 {d(8)}",
            f"+33 6 {d(2)} {d(2)} {d(2)} {d(2)}",
            f"+34 6{d(2)} {d(3)} {d(3)}",
            f"+31 6 {d(8)}",
        ][kind]

    def card(self):
        r = self.r
        d = lambda n: "".join(str(r.randint(0, 9)) for _ in range(n))
        kind = r.randint(0, 5)
        if kind == 5:  # Amex 15
            n = "37" + d(12)
            n += luhn_digit(n)
            return r.choice([f"{n[:4]} {n[4:10]} {n[10:]}", n])
        prefix = r.choice(["4", "51", "55", "2221", "6011"])
        n = prefix + d(15 - len(prefix))
        n += luhn_digit(n)
        sep = r.choice([" ", "-", "", " "])
        return sep.join(n[i:i + 4] for i in range(0, 16, 4))

    def badcard(self):
        r = self.r
        while True:
            n = "".join(str(r.randint(0, 9)) for _ in range(16))
            if not luhn_ok(n):
                return r.choice([n, " ".join(n[i:i + 4] for i in range(0, 16, 4))])

    def iban(self):
        r = self.r
        country, length, kind = r.choice([("DE", 22, "n"), ("GB", 22, "gb"), ("FR", 27, "n"), ("NL", 18, "nl"),
                                          ("ES", 24, "n"), ("IT", 27, "it"), ("BE", 16, "n"), ("IE", 22, "gb")])
        if kind == "gb":
            bban = "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4)) + "".join(str(r.randint(0, 9)) for _ in range(length - 8))
        elif kind == "nl":
            bban = "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4)) + "".join(str(r.randint(0, 9)) for _ in range(length - 8))
        elif kind == "it":
            bban = r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") + "".join(str(r.randint(0, 9)) for _ in range(length - 5))
        else:
            bban = "".join(str(r.randint(0, 9)) for _ in range(length - 4))
        rearranged = bban + country + "00"
        num = int("".join(str(int(c, 36)) for c in rearranged))
        check = 98 - num % 97
        iban = f"{country}{check:02d}{bban}"
        return r.choice([iban, " ".join(iban[i:i + 4] for i in range(0, len(iban), 4)), " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))])

    def address(self):
        r = self.r
        num = r.choice([str(r.randint(1, 99)), str(r.randint(100, 9999)), f"{r.randint(1, 300)}B"])
        street = f"{num} {r.choice(STREETS)} {r.choice(SUFFIXES)}"
        unit = r.choice(["", "", "", f", Apt {r.randint(1, 40)}{r.choice(['', 'B', 'C'])}", f" Unit {r.randint(1, 12)}", f", Suite {r.randint(100, 900)}", f", Flat {r.randint(1, 20)}"])
        tail_kind = r.randint(0, 3)
        if tail_kind == 0:
            return street + unit
        if tail_kind in (1, 2):
            city, state = r.choice(US_CITIES)
            return f"{street}{unit}, {city}, {state} {r.randint(10000, 99999)}"
        town, postcode = r.choice(UK_TOWNS)
        return f"{street}{unit}, {town} {postcode}"

    # negatives
    def order(self):
        r = self.r
        return r.choice([f"#{r.randint(100000, 999999)}", f"{r.randint(1000, 9999)}-{r.randint(1000, 9999)}", f"ORD-2024-{r.randint(10000, 99999)}",
                         f"{r.randint(10000000, 99999999)}", f"A{r.randint(100000000, 999999999)}", f"#{r.randint(1000, 9999)}-{r.randint(100, 999)}-{r.randint(1000, 9999)}"])

    def tracking(self):
        r = self.r
        d = lambda n: "".join(str(r.randint(0, 9)) for _ in range(n))
        return r.choice([f"1Z{d(3)}AA{d(10)}", f"9400 1{d(3)} {d(4)} {d(4)} {d(4)} {d(2)}", f"JD0{d(17)}", f"RR{d(9)}GB", f"{d(12)}"])

    def sku(self):
        r = self.r
        return r.choice([f"TNT-{r.randint(1, 4)}-GRN", f"SKU-{r.randint(10000, 99999)}", f"BK{r.randint(100, 999)}-BLK-L", f"{r.randint(100, 999)}-{r.randint(100, 999)}-{r.randint(10, 99)}"])

    def price(self):
        r = self.r
        return r.choice([f"${r.randint(5, 2000)}.{r.randint(0, 99):02d}", f"£{r.randint(5, 900)}", f"€{r.randint(5, 900)},{r.randint(0, 99):02d}", f"${r.randint(1, 9)},{r.randint(100, 999)}.00", f"{r.randint(5, 400)} USD"])

    def date(self):
        r = self.r
        return r.choice([f"{r.randint(1, 12):02d}/{r.randint(1, 28):02d}/2024", f"2024-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}", f"{r.randint(1, 28)}.{r.randint(1, 12)}.2025",
                         f"March {r.randint(1, 28)}", f"{r.randint(1, 28)} Jan 2025"])

    def time(self):
        r = self.r
        return r.choice([f"{r.randint(1, 12)}:{r.randint(0, 59):02d} {r.choice(['am', 'pm', 'AM', 'PM'])}", f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}"])

    def product(self):
        return self.r.choice(PRODUCTS)

    def zip(self):
        r = self.r
        return r.choice([str(r.randint(10000, 99999)), f"{r.randint(10000, 99999)}-{r.randint(1000, 9999)}", r.choice(UK_TOWNS)[1]])

    def model(self):
        r = self.r
        return r.choice([f"XR-{r.randint(1000, 9999)}", f"MX{r.randint(100, 999)}", f"SN {r.randint(1000, 9999)} {r.randint(1000, 9999)}", f"v{r.randint(1, 9)}.{r.randint(0, 20)}.{r.randint(0, 9)}"])

    def qty(self):
        return str(self.r.randint(1, 12))


PII_SLOTS = {"email": "Email", "phone": "Phone", "card": "CardNumber", "iban": "Iban", "address": "StreetAddress",
             "name": "PersonName", "fullname": "PersonName", "first": "PersonName", "lname": "PersonName",
             "rarename": "PersonName"}


def utf16_len(s):
    return len(s.encode("utf-16-le")) // 2


def fill(template, v):
    """Fills a template; returns the text and spans in UTF-16 offsets."""
    text, spans, pos = "", [], 0
    for part in re.split(r"(\{[a-z]+\})", template):
        if not (part.startswith("{") and part.endswith("}")):
            text += part
            pos += utf16_len(part)
            continue
        slot = part[1:-1]
        if slot == "name":
            value = v.r.choice([v.first(), v.fullname(), v.fullname()])
        elif slot == "lname":
            value = v.r.choice([v.first(), v.fullname()]).lower()
        elif slot == "rarename":
            value = f"{v.rare_first()} {v.last()}" if v.r.random() < 0.6 else v.rare_first()
        else:
            value = getattr(v, slot)()
        n = utf16_len(value)
        if slot in PII_SLOTS:
            spans.append({"type": PII_SLOTS[slot], "start": pos, "end": pos + n})
        text += value
        pos += n
    return text, spans


MAIN_TEMPLATES = [
    # emails
    "Hi, can you send the invoice for order {order} to {email}?",
    "my email is {email} and i never got the confirmation",
    "Please update the email on my account from {email} to {email}.",
    "{email} is the address I used at checkout",
    "Contact: {email} / ref {order}",
    "I tried resetting my password but the link never arrives at {email}. It's been 2 hours",
    "email me at {email} when the {product} is back in stock",
    "Why did you send my receipt to {email}? That's not me.",
    # phones
    "You can reach me on {phone} after {time}.",
    "call me back at {phone} pls, order {order}",
    "My number changed, new one is {phone}",
    "The courier should ring {phone} on arrival, not the old number.",
    "Phone: {phone}",
    "I'm abroad, my mobile is {phone} — text is fine",
    "I called {phone} yesterday at {time} and nobody answered? that was your support line",
    "Tel {phone} / tracking {tracking}",
    # cards
    "I was charged twice on card {card} for {price}",
    "Can I pay with {card}? exp 09/27",
    "The card ending in {card} was declined at checkout",
    "please refund to the card {card} not store credit",
    "my visa {card} got charged {price} on {date} but the order {order} was cancelled",
    "Card number: {card}",
    "why does it say invalid card when i enter {card}",
    # ibans
    "Please send the refund to my bank account {iban}.",
    "IBAN: {iban}",
    "For the return of {price} use IBAN {iban} (account holder {fullname})",
    "can you do a bank transfer instead? my iban is {iban}",
    "The SEPA direct debit should come from {iban}, not the old account",
    # addresses
    "Please ship to {address} instead.",
    "My delivery address is {address}",
    "The package went to {address} but I moved last month",
    "Can you change the billing address to {address}? Order {order}.",
    "deliver to {address} pls, leave at the door",
    "Return label should come from {address}.",
    "Address: {address}\nPhone: {phone}",
    "I live at {address} and the driver said he couldn't find it",
    # names with cues
    "Hi, my name is {name} and I have a question about my refund.",
    "Hello, this is {name} from Acme Corp, about our bulk order {order}.",
    "I'm {fullname}, I ordered the {product} on {date}.",
    "Name: {fullname}\nEmail: {email}\nOrder: {order}",
    "Thanks for your help!\nRegards, {name}",
    "Thanks, {fullname}",
    "When I called, I was told to ask for {name} in billing.",
    "my name is {lname} and my order {order} is late",
    "hi its {lname} again, any update?",
    "Kind regards,\n{fullname}",
    "I spoke with {fullname} yesterday and she promised a refund of {price}.",
    "{fullname} here, I placed order {order} for {qty} x {product}.",
    "The parcel was signed for by {fullname}, who is not anyone I know.",
    "Please address the package to {fullname}, {address}.",
    "Hi, my name is {rarename}. My order {order} arrived damaged.",
    "Cheers,\n{rarename}",
    "My husband {fullname} placed the order with {email}",
    # combos
    "Hi, I'm {fullname}. Order {order}, card {card}, phone {phone}. Please cancel it.",
    "Shipping to {address}; contact {email} or {phone}.",
    "Refund {price} to {iban} please — {fullname}",
    "name: {lname}, email: {email}, phone: {phone}",
    # negatives only
    "Where is my order {order}? It was supposed to arrive on {date}.",
    "Tracking number {tracking} hasn't updated since {date}.",
    "Is the {product} ({sku}) waterproof?",
    "I paid {price} for the {product} but it's now {price}. Can you price match?",
    "My order {order} contained {qty} items but I only got {qty}.",
    "Does the {product} fit in a car trunk? model {model}",
    "Do you deliver to {zip}?",
    "The gift card number {badcard} doesn't work",
    "my loyalty number is {badcard}, points missing",
    "Firmware {model} keeps crashing on my {product}.",
    "Order {order} placed at {time} on {date}, still processing",
    "Can I return the {product} after 30 days? Bought it {date}.",
    "What are your opening hours on Sunday? Is {time} too late?",
    "I need {qty} more of {sku} for order {order}",
    "The {product} in Forest Green (SKU {sku}) shows out of stock in {zip}",
    "Your website charged me {price} shipping to {zip}, that's way too much",
    "Reference {tracking} from the courier, it says delivered at {time} but nothing here",
    "Is there a discount code for the {product}? I saw {price} elsewhere.",
    "Serial number {model}, bought {date}, warranty claim",
    "Invoice {order} shows {qty} x {sku} at {price} each",
    "Ticket {badcard} was closed without an answer",
    "Hi there, I have a question about returns.",
    "Monday the {product} broke; Tuesday I emailed you. Still nothing!",
    "Hello! Could you check order {order}? Amazon shows {price}.",
    "Please Help, the {product} arrived with a broken zip",
    "Thanks for the quick reply. The {product} works now.",
    "Victoria Sofa in grey, order {order}, delivery window {time} to {time}",
    "Will the {product} ship before {date}? I'm in {zip}.",
]

HELDOUT_TEMPLATES = [
    "Good morning. I am writing regarding order {order}; please reply to {email}.",
    "Could someone ring me on {phone}? I've been waiting since {date}.",
    "Hey — card used was {card}, amount {price}, date {date}. Charged twice.",
    "For the refund, account {iban}, bank ING, holder {fullname}.",
    "New address: {address}. Please update before shipping {order}.",
    "Dear support, my name is {name}. The {product} I ordered is missing a part.",
    "hello its {lname} here, the tracking {tracking} is stuck",
    "Best,\n{fullname}\n{phone}",
    "Sent from my iPhone\n\n{fullname}\n{email}",
    "I want to cancel order {order}. My details: {fullname}, {email}, {phone}",
    "Please send the replacement {product} to {address}; the buzzer is broken so call {phone}.",
    "Is it possible to pay by bank transfer to avoid card fees? My account: {iban}",
    "I have entered {card} three times and it keeps failing.",
    "Your agent {fullname} told me the refund would take 5 days.",
    "contact email {email}, alt {email}",
    "Please remove {phone} from my account, it's my old work line.",
    "We're moving from {address} to {address} on {date}.",
    "This is {name} calling about the {product} warranty, serial {model}.",
    "Best wishes, {rarename}",
    "Can {fullname} pick up the order for me? It's {order}.",
    # negatives
    "Order {order} was split into two parcels: {tracking} and {tracking}.",
    "The {product} is listed at {price} but the cart shows {price}.",
    "I returned {qty} x {sku} on {date}; refund still pending.",
    "Store in {zip} says the {product} is in stock — can I reserve it?",
    "Promo card {badcard} was rejected at checkout",
    "Firmware update {model} bricked my {product} at {time}.",
    "Hi, quick one: do you ship the {product} to Canada?",
    "Lincoln Chair arrived without screws. Order {order}.",
    "Great service last time. Summit 2 Tent is brilliant!",
    "Return window for {sku} — 30 or 60 days? Bought {date}.",
]


def build(templates, count, rng):
    v = Values(rng)
    rows = []
    for i in range(count):
        template = templates[i % len(templates)] if i < len(templates) else rng.choice(templates)
        text, spans = fill(template, v)
        noise = rng.choice(NOISE)
        text += noise
        if rng.random() < 0.08:
            text = "  " + text
            for s in spans:
                s["start"] += 2
                s["end"] += 2
        rows.append({"text": text, "spans": spans})
    return rows


def check(rows):
    for row in rows:
        units = row["text"].encode("utf-16-le")
        for s in row["spans"]:
            assert 0 <= s["start"] < s["end"] <= len(units) // 2, row
            value = units[2 * s["start"]:2 * s["end"]].decode("utf-16-le")
            assert value == value.strip(), (value, row)


def write(path, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    main_rows = build(MAIN_TEMPLATES, 360, random.Random(SEED))
    heldout_rows = build(HELDOUT_TEMPLATES, 140, random.Random(SEED + 1))
    check(main_rows)
    check(heldout_rows)
    write(os.path.join(here, "labelled.jsonl"), main_rows)
    write(os.path.join(here, "heldout.jsonl"), heldout_rows)
    for name, rows in (("labelled", main_rows), ("heldout", heldout_rows)):
        counts = {}
        for row in rows:
            for s in row["spans"]:
                counts[s["type"]] = counts.get(s["type"], 0) + 1
        negatives = sum(1 for row in rows if not row["spans"])
        print(f"{name}: {len(rows)} messages, {negatives} without PII, spans {dict(sorted(counts.items()))}")


if __name__ == "__main__":
    main()
