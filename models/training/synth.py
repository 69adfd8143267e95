"""Seeded synthetic data: invented shops, products and policies, perturbed visitor questions,
retrieval-conditioned fine-tuning records in the platform JSONL format, and pretraining text."""
import random
import re

import template as T

SHOP_A = ["Harbor", "Maple", "Copper", "Northwind", "Bluebird", "Granite", "Willow", "Sunset", "Cedar", "Lumen",
          "Pioneer", "Orchid", "Atlas", "Juniper", "Beacon", "Summit", "Riverstone", "Golden", "Nimbus", "Fjord",
          "Saffron", "Quartz", "Echo", "Meadow", "Ironwood", "Tidal", "Velvet", "Polar", "Amber", "Kestrel"]
SHOP_B = ["Bikes", "Books", "Coffee", "Pet Supply", "Electronics", "Garden Co.", "Kitchenware", "Toys", "Outdoor",
          "Tea House", "Furniture", "Apparel", "Music", "Pharmacy", "Hardware", "Bakery", "Optics", "Games",
          "Studio", "Home Goods", "Cycles", "Audio", "Crafts", "Wellness"]
PROD_A = ["Aero", "Nova", "Terra", "Flux", "Vega", "Orbit", "Zephyr", "Pulse", "Glide", "Ember", "Drift", "Halo",
          "Sonic", "Luma", "Trek", "Crest", "Frost", "Blaze", "Pixel", "Cobalt", "Sierra", "Rover", "Vista", "Apex"]
PROD_B = ["Kettle", "Backpack", "Speaker", "Lamp", "Blender", "Jacket", "Scooter", "Headphones", "Tent", "Watch",
          "Camera", "Mixer", "Chair", "Stroller", "Drone", "Grill", "Keyboard", "Mattress", "Bottle", "Router",
          "Heater", "Desk", "Helmet", "Vacuum"]
COLORS = ["black", "white", "red", "navy", "olive", "sand", "gray", "teal", "coral", "silver", "green", "blue"]
MATERIALS = ["recycled aluminum", "stainless steel", "bamboo", "ripstop nylon", "organic cotton", "walnut wood",
             "tempered glass", "merino wool", "carbon fiber", "ceramic"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
CITIES = ["Portland", "Austin", "Denver", "Boston", "Chicago", "Seattle", "Toronto", "Dublin", "Leeds", "Phoenix",
          "Madison", "Tucson", "Halifax", "Bristol", "Omaha", "Raleigh", "Oslo", "Lyon"]
STREETS = ["Main Street", "Oak Avenue", "Harbor Road", "Mill Lane", "King Street", "Pine Avenue", "Bay Road"]
CARRIERS = ["UPS", "FedEx", "USPS", "DHL", "Canada Post", "Royal Mail"]
PAYS = ["Visa", "Mastercard", "PayPal", "Apple Pay", "Google Pay", "American Express", "Klarna", "gift cards"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def _fills(rng, shop):
    d = rng.sample(DAYS, 3)
    c = rng.sample(COLORS, 3)
    p = rng.sample(PAYS, 4)
    return dict(
        shop=shop, day=d[0], day2=d[1], day3=d[2], color=c[0], color2=c[1], color3=c[2],
        city=rng.choice(CITIES), street=rng.choice(STREETS), num=rng.randint(2, 9), num2=rng.randint(10, 60),
        big=rng.randint(100, 990), price=rng.choice([5, 7, 9, 10, 12, 15, 19, 25, 29, 35, 49, 50, 75, 99]),
        price2=rng.choice([59, 79, 99, 120, 149, 199, 250]), pct=rng.choice([5, 10, 15, 20, 25, 30]),
        open=rng.choice([7, 8, 9, 10]), close=rng.choice([5, 6, 7, 8, 9]), weeks=rng.randint(2, 8),
        years=rng.randint(1, 5), carrier=rng.choice(CARRIERS), pay1=p[0], pay2=p[1], pay3=p[2], pay4=p[3],
        month=rng.choice(MONTHS), phone="1-800-555-%04d" % rng.randint(0, 9999),
        email="help@%s.example" % re.sub(r"[^a-z]", "", shop.lower())[:14],
        material=rng.choice(MATERIALS), code=rng.choice(["WELCOME", "SPRING", "HELLO", "SAVE", "FIRST"]) + str(rng.randint(5, 30)),
        hours=rng.randint(2, 72), minutes=rng.choice([15, 30, 45, 60]),
    )


# FAQ topics: (id, heading variants, answer sentences (the first ones answer the heading), question variants)
FAQ_TOPICS = [
    ("hours", ["What are your opening hours?", "When are you open?"],
     ["We are open {day} to {day2} from {open} a.m. to {close} p.m.", "On public holidays we close at 3 p.m.", "Our phone line keeps the same hours as the store."],
     ["what time do you open", "when do you close today", "what are the store hours", "are you open on {day}"]),
    ("location", ["Where is your store?", "Where are you located?"],
     ["Our store is at {big} {street} in {city}, next to the public library.", "Free parking is available behind the building.", "The entrance is step-free and has an automatic door."],
     ["where is the shop", "what is your address", "how do i find your store in {city}", "where are you guys"]),
    ("shipping_time", ["How long does shipping take?", "When will my order arrive?"],
     ["Standard shipping takes {num} to {num2} business days with {carrier}.", "Express shipping arrives in {num} business days for ${price}.", "You get a tracking link by email as soon as the parcel leaves our warehouse."],
     ["how long does delivery take", "when will my package arrive", "how many days for shipping", "how fast do you ship"]),
    ("free_shipping", ["Do you offer free shipping?", "Is shipping free?"],
     ["Shipping is free on orders over ${price2}.", "Orders below that pay a flat ${price} shipping fee.", "Free shipping does not apply to oversized items like furniture."],
     ["is delivery free", "do i have to pay for shipping", "free shipping threshold", "how much is shipping"]),
    ("returns", ["What is your return policy?", "Can I return an item?"],
     ["You can return unused items within {num2} days of delivery for a full refund.", "Start a return from the Orders page and print the prepaid label.", "Sale items can only be exchanged, not refunded."],
     ["how do returns work", "can i send something back", "what's the return window", "i want to return my order"]),
    ("refund_time", ["How long do refunds take?", "When will I get my refund?"],
     ["Refunds are issued within {num} business days after we receive your return.", "Your bank may need another {num} days to show the money.", "We email you as soon as the refund is processed."],
     ["when do i get my money back", "how long until my refund", "refund still not arrived", "how fast are refunds"]),
    ("payment", ["What payment methods do you accept?", "How can I pay?"],
     ["We accept {pay1}, {pay2}, {pay3} and {pay4}.", "Cards are charged only when your order ships.", "We do not accept cash on delivery or checks."],
     ["can i pay with {pay2}", "which payment options are there", "do you take {pay1}", "payment methods accepted"]),
    ("gift_wrap", ["Do you offer gift wrapping?", "Can you wrap my order as a gift?"],
     ["Yes, gift wrapping is available at checkout for ${price} per item.", "Every wrapped gift comes with a handwritten card.", "Prices are never printed on the packing slip of a gift order."],
     ["can you gift wrap", "is gift wrapping possible", "do you wrap presents", "gift wrap price"]),
    ("discount_students", ["Do you have a student discount?", "Are there discounts for students?"],
     ["Students get {pct}% off full-price items with a valid student ID.", "The discount cannot be combined with other promotions.", "Verify your student status once and the discount applies to every order for a year."],
     ["student discount", "i'm a student, do i get money off", "discount for college students", "any deals for students"]),
    ("promo_code", ["How do I use a promo code?", "Where do I enter a discount code?"],
     ["Enter your code in the promo box on the checkout page and press Apply.", "Only one code can be used per order.", "New subscribers get the code {code} for {pct}% off their first order."],
     ["where do i put my coupon", "discount code not working", "how to apply a voucher", "promo code field"]),
    ("cancel_order", ["Can I cancel my order?", "How do I cancel an order?"],
     ["You can cancel an order within {minutes} minutes of placing it from the Orders page.", "After that the order is packed and you need to return it instead.", "Cancelled orders are refunded right away."],
     ["i want to cancel my order", "can i still cancel", "how to cancel a purchase", "cancel order please"]),
    ("warranty", ["What warranty do your products have?", "Is there a warranty?"],
     ["All our products have a {years}-year warranty against manufacturing defects.", "The warranty does not cover accidental damage or normal wear.", "Keep your receipt or order number to make a claim."],
     ["how long is the warranty", "is my item under warranty", "warranty coverage", "what does the guarantee cover"]),
    ("international", ["Do you ship internationally?", "Can you ship abroad?"],
     ["We ship to {num2} countries, including Canada and most of Europe.", "International orders take {num} to {num2} business days.", "Customs duties are paid by the customer on delivery."],
     ["do you deliver to europe", "can you ship to canada", "international shipping", "do you ship overseas"]),
    ("contact", ["How can I contact you?", "How do I reach customer service?"],
     ["You can call us at {phone} or email {email}.", "We answer emails within {hours} hours.", "Live chat is available on our website during opening hours."],
     ["what's your phone number", "how do i talk to someone", "customer service email", "contact support"]),
    ("loyalty", ["Do you have a loyalty program?", "How does the rewards program work?"],
     ["Members earn {num} points for every dollar spent.", "Every {big} points become a ${price} reward.", "Joining is free and takes a minute on the Account page."],
     ["rewards points", "is there a membership program", "how do points work", "loyalty card"]),
    ("pickup", ["Can I pick up my order in store?", "Do you offer in-store pickup?"],
     ["Yes, choose Store Pickup at checkout and collect your order at our {city} store.", "Orders are usually ready within {hours} hours.", "Bring your order confirmation and a photo ID."],
     ["click and collect", "can i collect my order", "pick up in store option", "store pickup"]),
    ("gift_cards", ["Do you sell gift cards?", "How do gift cards work?"],
     ["Gift cards are available from ${price} to ${big} and are sent by email.", "They never expire and can be used online and in store.", "Check your balance on the Gift Cards page."],
     ["can i buy a gift card", "gift card balance", "do gift cards expire", "e-gift cards"]),
    ("sizing", ["How do I find my size?", "Is there a size guide?"],
     ["Every product page has a size chart with measurements in inches and centimeters.", "If you are between sizes, we recommend the larger one.", "Exchanges for a different size are free."],
     ["what size should i get", "size chart", "do your clothes run small", "sizing help"]),
    ("repairs", ["Do you repair products?", "Can I get my item repaired?"],
     ["Our repair workshop fixes most items for a flat fee of ${price}.", "Repairs take about {weeks} weeks.", "Items under warranty are repaired for free."],
     ["can you fix my broken item", "repair service", "how much are repairs", "my product broke can you repair it"]),
    ("damaged", ["What if my item arrives damaged?", "My order arrived broken, what do I do?"],
     ["Send us a photo of the damage within {num} days of delivery and we will ship a replacement for free.", "You do not need to return the damaged item.", "If the item is out of stock we refund you in full."],
     ["my package came damaged", "item arrived broken", "received a damaged product", "box was crushed"]),
    ("account", ["How do I reset my password?", "I forgot my password."],
     ["Choose Forgot password on the sign-in page and we email you a reset link.", "The link is valid for {hours} hours.", "If the email does not arrive, check your spam folder."],
     ["can't log in", "reset password", "forgot my login", "password reset link not working"]),
    ("newsletter", ["How do I unsubscribe from emails?", "How do I stop your newsletter?"],
     ["Click the unsubscribe link at the bottom of any email.", "It can take up to {num} days to stop all messages.", "You can also change email settings on the Account page."],
     ["stop sending me emails", "unsubscribe", "too many emails", "opt out of newsletter"]),
    ("price_match", ["Do you price match?", "Will you match a lower price?"],
     ["We match the price of identical items from authorized retailers.", "Price matching is available up to {num2} days after purchase.", "Marketplace sellers and clearance prices are excluded."],
     ["price match policy", "i found it cheaper elsewhere", "do you match competitor prices", "lower price somewhere else"]),
    ("installments", ["Can I pay in installments?", "Do you offer payment plans?"],
     ["Orders over ${price2} can be split into {num} interest-free payments with {pay3}.", "The first payment is due at checkout.", "Approval is decided by the payment provider."],
     ["buy now pay later", "split payment", "can i pay monthly", "payment plan options"]),
    ("appointments", ["Can I book an appointment?", "Do I need an appointment?"],
     ["You can book a free {minutes}-minute appointment online or by phone.", "Walk-ins are welcome on {day3}s.", "Please arrive five minutes early."],
     ["book a consultation", "do i need to book", "schedule an appointment", "walk in without appointment"]),
    ("pets", ["Are pets allowed in the store?", "Can I bring my dog?"],
     ["Well-behaved dogs on a leash are welcome in our store.", "Water bowls are at the entrance.", "Service animals are always welcome."],
     ["dog friendly", "can my dog come in", "pets in store", "bring my puppy"]),
    ("recycling", ["Do you take back old products?", "Can I recycle my old item with you?"],
     ["Bring any old product to our store and we recycle it for free.", "You get a {pct}% coupon for each item you recycle.", "Batteries must be dropped off separately."],
     ["recycle old stuff", "trade in program", "do you take old items back", "disposal of old product"]),
    ("bulk", ["Do you offer bulk discounts?", "Can I order in bulk?"],
     ["Orders of {num2} items or more get {pct}% off.", "Contact {email} for a quote on larger orders.", "Bulk orders ship within {weeks} weeks."],
     ["wholesale prices", "discount for large orders", "buying in bulk", "corporate orders"]),
]
HELD_OUT_TOPICS = {"pets", "recycling", "bulk", "appointments"}

# product fact sheets: (attribute id, sentence template, question variants)
FACTS = [
    ("price", "The {prod} costs ${price2}.", ["how much is the {prod}", "price of the {prod}", "what does the {prod} cost"]),
    ("weight", "The {prod} weighs {big} grams.", ["how heavy is the {prod}", "weight of {prod}", "what does the {prod} weigh"]),
    ("colors", "The {prod} comes in {color}, {color2} and {color3}.", ["what colors does the {prod} come in", "is the {prod} available in {color}", "{prod} color options"]),
    ("material", "The {prod} is made of {material}.", ["what is the {prod} made of", "{prod} material", "is the {prod} made of plastic"]),
    ("battery", "The {prod} battery lasts up to {hours} hours on a single charge.", ["how long does the {prod} battery last", "{prod} battery life", "how many hours does the {prod} run"]),
    ("warranty", "The {prod} has a {years}-year warranty.", ["how long is the warranty on the {prod}", "{prod} warranty", "is the {prod} covered by warranty"]),
    ("stock", "The {prod} usually ships within {num} business days.", ["when will the {prod} ship", "is the {prod} in stock", "{prod} shipping time"]),
    ("dimensions", "The {prod} measures {num2} by {num2b} centimeters.", ["how big is the {prod}", "{prod} dimensions", "what size is the {prod}"]),
    ("care", "Clean the {prod} with a damp cloth and never put it in the dishwasher.", ["how do i clean the {prod}", "can the {prod} go in the dishwasher", "{prod} care instructions"]),
    ("compat", "The {prod} works with both {pay1x} and {pay2x} devices.", ["does the {prod} work with iphone", "is the {prod} compatible with android", "{prod} compatibility"]),
]
HELD_OUT_FACTS = {"dimensions", "care"}
OS_PAIRS = [("iPhone", "Android"), ("Windows", "Mac"), ("Android", "Windows")]

FILLERS = ["hi, ", "hello! ", "hey there, ", "quick question: ", "hi team, ", "good morning, ", "um ", "excuse me, ",
           "hello, i have a question: ", "hey, "]
SUFFIXES = ["", "", "?", "??", " thanks", " please", "? thank you", "!"]
SYNONYMS = {"order": "purchase", "shipping": "delivery", "store": "shop", "return": "send back", "price": "cost",
            "cancel": "call off", "refund": "money back", "how long": "how much time", "product": "item",
            "email": "e-mail", "discount": "deal", "color": "colour", "buy": "purchase", "help": "assist"}
OOS_QUESTIONS = ["what's the weather tomorrow", "can you write me a poem", "who won the football game last night",
                 "what is the capital of france", "tell me a joke", "how do i bake sourdough bread",
                 "what's the meaning of life", "recommend a good movie", "how tall is mount everest",
                 "do you know any good restaurants nearby", "what's 17 times 23", "translate hello into spanish"]


def rand_name(rng, parts_a, parts_b):
    return "%s %s" % (rng.choice(parts_a), rng.choice(parts_b))


def typo(rng, w):
    if len(w) < 4:
        return w
    i = rng.randrange(1, len(w) - 2)
    r = rng.random()
    if r < 0.4:
        return w[:i] + w[i + 1] + w[i] + w[i + 2:]
    if r < 0.7:
        return w[:i] + w[i + 1:]
    return w[:i] + w[i] + w[i:]


def perturb(rng, q):
    q = q.strip()
    if rng.random() < 0.6:
        q = q.lower()
    q = q.rstrip("?.! ")
    for k, v in SYNONYMS.items():
        if k in q and rng.random() < 0.25:
            q = q.replace(k, v, 1)
    words = q.split()
    if not words:
        return q or "hello"
    if len(words) > 4 and rng.random() < 0.3:
        del words[rng.randrange(len(words))]
    if len(words) > 3 and rng.random() < 0.15:
        k = rng.randrange(1, len(words) - 1)
        words = words[k:] + words[:k]
    if rng.random() < 0.3:
        j = rng.randrange(len(words))
        words[j] = typo(rng, words[j])
    q = " ".join(words)
    if rng.random() < 0.35:
        q = rng.choice(FILLERS) + q
    return q + rng.choice(SUFFIXES)


def _fmt(s, f):
    return s.format(**f)


class World:
    """One invented shop with products; passages are (header, sentences, kind, key)."""

    def __init__(self, rng):
        self.rng = rng
        self.shop = rand_name(rng, SHOP_A, SHOP_B)

    def faq(self, topic):
        tid, heads, sents, qs = topic
        f = _fills(self.rng, self.shop)
        head = T.header(self.shop, self.rng.choice(heads))
        body = [_fmt(s, f) for s in sents]
        if self.rng.random() < 0.3:
            body = body[:2]
        q = _fmt(self.rng.choice(qs + heads), f)
        return dict(header=head, sentences=body, kind="faq", key=("faq", tid), question=q)

    def product(self, prod, attrs):
        f = _fills(self.rng, self.shop)
        os_pair = self.rng.choice(OS_PAIRS)
        f.update(prod=prod, num2b=self.rng.randint(10, 90), pay1x=os_pair[0], pay2x=os_pair[1])
        sents = ["The %s is a %s from %s." % (prod, prod.split()[-1].lower(), self.shop)]
        qa = {}
        for a in attrs:
            aid, s, qs = a
            sents.append(_fmt(s, f))
            qa[aid] = (len(sents) - 1, _fmt(self.rng.choice(qs), f))
        section = self.rng.choice(["Details", "Specifications", "Product facts", "Overview", ""])
        return dict(header=T.header(prod, section), sentences=sents, kind="product", key=("product", prod), qa=qa)


# An FAQ answer is quoted whole (up to this many sentences): that is what its author wrote as the answer, and a
# visitor should not get half of it.
FAQ_GOLD_SENTENCES = 8


# At serving time the passages arrive in retrieval order and the best-ranked one is usually the answer; training on
# the same distribution teaches that prior, and the question-to-passage match where retrieval got it wrong.
GOLD_FIRST_SHARE = 0.6


def gold_position(rng, n):
    return 0 if rng.random() < GOLD_FIRST_SHARE else rng.randrange(n)


def gold_for_faq(p):
    return list(range(min(FAQ_GOLD_SENTENCES, len(p["sentences"]))))


def make_example(rng, kb_passages, topics, facts, n_passages, unanswerable, use_kb):
    """Returns dict(passages=[(header, sentences)], question, gold=[(pi, si)], handoff)."""
    world = World(rng)
    if use_kb and kb_passages:
        target = dict(rng.choice(kb_passages))
        others = [p for p in kb_passages if p["file"] != target["file"] or p["heading"] != target["heading"]]
        distract = rng.sample(others, n_passages - 1)
        ps = [(T.header(p["title"], p["heading"]), p["sentences"]) for p in distract]
        if unanswerable:
            # the KB covers most generic shop topics, so only truly foreign questions here
            q = perturb(rng, rng.choice(OOS_QUESTIONS))
            return dict(passages=ps, question=q, gold=[], handoff=True)
        tp = (T.header(target["title"], target["heading"]), target["sentences"])
        if target["file"].startswith("faq/") and target["heading"].endswith("?"):
            q = perturb(rng, target["heading"])
            gold_s = list(range(min(FAQ_GOLD_SENTENCES, len(tp[1]))))
        else:
            si = rng.randrange(len(target["sentences"]))
            words = [w for w in re.findall(r"[A-Za-z0-9$']+", target["sentences"][si]) if len(w) > 3]
            rng.shuffle(words)
            kw = " ".join(words[:rng.randint(2, 4)]) or target["heading"] or target["title"]
            base = rng.choice(["what about %s", "tell me about %s", "%s", "question about %s", "%s?", "info on %s"]) % kw
            if target["heading"]:
                base += rng.choice(["", " " + target["heading"].lower()])
            q = perturb(rng, base)
            gold_s = [si]
        pos = gold_position(rng, n_passages)
        ps.insert(pos, tp)
        return dict(passages=ps, question=q, gold=[(pos, s) for s in gold_s], handoff=False)

    kind = "faq" if rng.random() < 0.6 else "product"
    if kind == "faq":
        chosen = rng.sample(topics, min(len(topics), n_passages + 1))
        q_topic, passage_topics = chosen[0], chosen[:n_passages]
        if unanswerable:
            passage_topics = chosen[1:n_passages + 1]
        ps = [world.faq(t) for t in passage_topics]
        if unanswerable:
            qp = world.faq(q_topic)
            return dict(passages=[(p["header"], p["sentences"]) for p in ps], question=perturb(rng, qp["question"]),
                        gold=[], handoff=True)
        pos = gold_position(rng, n_passages)
        ps[0], ps[pos] = ps[pos], ps[0]
        target = ps[pos]
        return dict(passages=[(p["header"], p["sentences"]) for p in ps], question=perturb(rng, target["question"]),
                    gold=[(pos, s) for s in gold_for_faq(target)], handoff=False)

    # product sheets: the same attributes with different values, so only the product name decides
    n_prod = max(1, n_passages - rng.randint(0, 1))
    names = set()
    while len(names) < n_prod + 1:
        names.add(rand_name(rng, PROD_A, PROD_B))
    names = list(names)
    attrs = rng.sample(facts, min(len(facts), rng.randint(2, 4)))
    prods = [world.product(nm, attrs) for nm in names[:n_prod]]
    faqs = [world.faq(t) for t in rng.sample(topics, n_passages - n_prod)]
    ps = prods + faqs
    rng.shuffle(ps)
    aid = rng.choice(attrs)[0]
    if unanswerable:
        ghost = world.product(names[-1], attrs)
        return dict(passages=[(p["header"], p["sentences"]) for p in ps], question=perturb(rng, ghost["qa"][aid][1]),
                    gold=[], handoff=True)
    target = rng.choice(prods)
    ps.remove(target)
    pos = gold_position(rng, n_passages)
    ps.insert(pos, target)
    si, q = target["qa"][aid]
    return dict(passages=[(p["header"], p["sentences"]) for p in ps], question=perturb(rng, q),
                gold=[(pos, si)], handoff=False)


def answer_text(rng, ex):
    if ex["handoff"]:
        return rng.choice(T.REFUSALS)
    framing = rng.choice(T.FRAMINGS)
    sents = [ex["passages"][pi][1][si] for pi, si in ex["gold"]]
    return " ".join(([framing] if framing else []) + sents)


def generate_records(seed, n, kb_passages, held_out=False, kb_fraction=0.12, unanswerable_fraction=0.17,
                     max_passages=4):
    """Platform-format records. held_out=True draws questions from held-out topics/attributes too."""
    rng = random.Random(seed)
    if held_out:
        topics, facts = FAQ_TOPICS, FACTS
    else:
        topics = [t for t in FAQ_TOPICS if t[0] not in HELD_OUT_TOPICS]
        facts = [f for f in FACTS if f[0] not in HELD_OUT_FACTS]
    out = []
    for i in range(n):
        k = rng.choice([1, 2, 2, 3, 3, 4, 4, 4][: 2 * max_passages]) if max_passages >= 4 else rng.randint(1, max_passages)
        k = min(k, max_passages)
        unans = rng.random() < unanswerable_fraction
        if unans:
            k = max(k, 1)
        use_kb = rng.random() < kb_fraction
        ex = make_example(rng, kb_passages, topics, facts, k, unans, use_kb)
        blocks = [(h, "\n".join(s) if rng.random() < 0.3 else " ".join(s)) for h, s in ex["passages"]]
        rec = T.to_platform_record(blocks, ex["question"], answer_text(rng, ex), ex["handoff"],
                                   {"source": "kb" if use_kb else "synthetic", "n_passages": k,
                                    "gold": [[pi, si] for pi, si in ex["gold"]], "seed": seed, "index": i})
        out.append(rec)
    return out


def pretrain_text(seed, kb_root_docs, n_dialogues):
    """Raw KB Markdown plus synthetic FAQ pages and support dialogues."""
    rng = random.Random(seed)
    docs = list(kb_root_docs)
    for i in range(n_dialogues):
        world = World(rng)
        if rng.random() < 0.5:
            lines = ["# %s FAQ" % world.shop, ""]
            for t in rng.sample(FAQ_TOPICS, rng.randint(3, 6)):
                p = world.faq(t)
                lines += ["## " + p["header"].split(" > ", 1)[-1], "", " ".join(p["sentences"]), ""]
            docs.append("\n".join(lines))
        else:
            turns = []
            for t in rng.sample(FAQ_TOPICS, rng.randint(1, 3)):
                p = world.faq(t)
                turns.append("Customer: " + perturb(rng, p["question"]))
                turns.append("Agent: " + " ".join([rng.choice(T.FRAMINGS)] + p["sentences"][:2]).strip())
            docs.append("\n".join(turns))
    return docs
