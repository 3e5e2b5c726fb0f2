# ruff: noqa: SIM905  (word banks are kept as whitespace-separated text)
"""Name banks (staff and public), how case workers mangle names, and business names.

Surnames are drawn with a Zipf-like weight so common names repeat (several "Smith"s on the
force), which is what makes name-only resolution genuinely hard.
"""

from __future__ import annotations

import random

SURNAMES = """Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson
Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner
Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips
Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey
Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson Simpson Ellis Adams Singh Begum
Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali Hunt Hussain Campbell Matthews Owen Palmer
Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey
Graham Pearson Ahmed Fletcher Walsh Kaur Gibson Howard Andrews Stewart Elliott Reynolds Saunders
Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson Bradley Spencer Gill Dawson Ball Burton
O'Brien Watts Rose Booth Perry Ryan Grant Wells Armstrong Francis Rees Hayes Hart Hudson Newman
Barrett Webster Hunter Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland
Hawkins Harding Porter Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner Shah Dean Lane
Cooke Bates Henderson Parry Burgess Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman
Warren Nicholls Hamilton Byrne Sutton McDonald Yates Hodgson Robson Curtis Hopkins O'Connor Harper
Coleman Watkins Moss McCarthy Chambers O'Neill Griffin Sharp Hardy Wheeler Potter Osborne Johnston
Gordon Doyle Wallace George Jordan Hutchinson Rahman Akhtar Iqbal Mahmood Chaudhry Choudhury Rashid
Nowak Kowalski Wisniewski Lewandowski Zielinski Okafor Adeyemi Mensah Owusu Boateng Nwosu Okonkwo
Campbell-Brown Forsyth MacLeod Fraser Sinclair Duncan Buchanan Pritchard Vaughan Llewellyn Jenkins-Rhys
Chen Wong Li Nguyen Tran Kapoor Sharma Mistry Joshi Desai Gupta Chauhan Sandhu Dhillon Bains Grewal
Mirza Qureshi Siddiqui Farooq Malik Aziz Karim Haque Uddin Miah Islam Sultana Osei Asante Appiah
Fernandes Silva Pereira Rossi Russo Kaya Yilmaz Demir Petrov Ivanova Horvat Novak Kovacs
Gallagher Quinn Brennan Doherty Kavanagh Nolan Lynch Flanagan Power Regan Whelan Donnelly Devlin
Thornton Buckley Lambert Fowler Chadwick Pickering Ashworth Whitworth Haworth Greenwood Sutcliffe
Crowther Hargreaves Ackroyd Bamford Kershaw Lord Pilling Ormerod Entwistle Openshaw Hollingworth
Blackburn Fairclough Garside Holroyd Midgley Priestley Rushworth Shackleton Tattersall Wadsworth
Pemberton Beaumont Cartwright Whitehead Appleby Birch Bowen Brady Bull Cairns Cope Dale Drake
Eaton Fenton Frost Goodwin Hale Hicks Hobbs Holt Horton Hurst Kemp Kirby Lamb Lucas Lyons Mann Mead
Nash Noble Norris Norton Pollard Pratt Randall Rhodes Savage Slater Steele Stokes Swift Tucker Vincent
Wade Walters Ward-Jones Weston Whitaker Wilde Winter Wyatt Yeo Blake Bolton Bond Bray Burke Cannon
Coates Connor Crawford Dyer Farrell Field Fleming Gough Hammond Hewitt Hood Ingram Jarvis Keane Kerr
""".split()

MALE = """James John Robert Michael David William Richard Thomas Christopher Daniel Matthew Anthony
Mark Paul Steven Andrew Joshua Kevin Brian George Edward Ryan Jacob Gary Timothy Jason Jeffrey Peter
Adam Nathan Samuel Benjamin Stephen Philip Craig Lee Dean Darren Wayne Shaun Carl Neil Gareth Ian
Simon Stuart Graham Alan Keith Colin Martin Barry Trevor Nigel Russell Liam Connor Callum Jack Harry
Oliver Charlie Alfie Ethan Lewis Jamie Kieran Reece Tyler Jordan Aaron Luke Ben Sam Joe Tom Dan Rob
Mohammed Muhammad Ahmed Ali Imran Asif Tariq Bilal Hamza Usman Zain Omar Yusuf Ibrahim Hassan Rizwan
Amir Rajesh Sanjay Vikram Arjun Rohan Harpreet Gurpreet Jaspal Sukhdev Kwame Kofi Chinedu Emeka
Tunde Olu Femi Marcus Andre Leon Dwayne Delroy Winston Tomasz Piotr Krzysztof Marek Pawel Lukasz
Dmitri Andrei Florin Ionut Mehmet Emre Wei Jun Minh Declan Ciaran Niall Sean Patrick Conor Rhys
Owen Dylan Gethin Dafydd Hamish Angus Fraser Alistair Euan Ross Duncan Malcolm Kenneth Derek Roger
Clive Howard Lawrence Malik Jerome Elliot Harvey Louis Max Noah Leo Theo Freddie Archie Toby Finley
Scott Jonathan Nicholas Alexander Dominic Vincent Marc Frank Terry Leslie Glenn Ricky Kyle Bradley
""".split()

FEMALE = """Mary Patricia Jennifer Linda Elizabeth Susan Jessica Sarah Karen Nancy Lisa Margaret Sandra
Ashley Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie Rebecca Laura Sharon Cynthia
Kathleen Amy Angela Helen Anna Brenda Pamela Nicola Emma Samantha Katherine Christine Rachel Catherine
Joanne Claire Julie Louise Kelly Gemma Hayley Natalie Victoria Charlotte Sophie Chloe Lauren Hannah
Megan Jade Jodie Kirsty Leanne Zoe Lucy Holly Ellie Amelia Olivia Isla Ava Mia Grace Lily Freya Poppy
Ruby Evie Isabel Phoebe Abigail Fatima Aisha Ayesha Zainab Maryam Sana Nadia Shazia Farah Amina
Priya Anjali Sunita Harjit Manjit Kiran Simran Parveen Rukhsana Nasreen Shabana Yasmin Bushra
Abena Ama Chioma Ngozi Funmilayo Adaeze Shanice Tanisha Keisha Monique Agnieszka Katarzyna
Magdalena Joanna Ewa Anna-Maria Elena Ioana Andreea Mei Ling Thi Siobhan Niamh Aoife Ciara Roisin
Bethan Cerys Ffion Seren Sian Rhiannon Morag Eilidh Fiona Kirsteen Moira Jean Janet Sheila
Denise Tracey Wendy Lorraine Jacqueline Dawn Beverley Diane Alison Andrea Caroline Heidi
Leah Naomi Ruth Esther Beth Jess Kate Becky Jo Vicky Sam Alex Jen Kim Gail Paula Maria Teresa Rosa
""".split()

# Spellings a hurried case worker might write for the same person.
FORENAME_VARIANTS: dict[str, list[str]] = {
    "John": ["Jon"], "Jon": ["John"], "Steven": ["Stephen"], "Stephen": ["Steven", "Stephan"],
    "Philip": ["Phillip"], "Catherine": ["Katherine", "Kathryn"], "Katherine": ["Catherine"],
    "Sarah": ["Sara"], "Mohammed": ["Mohammad", "Muhammad", "Mohamed"],
    "Muhammad": ["Mohammed"], "Rebecca": ["Rebekah"], "Geoffrey": ["Jeffrey"],
    "Jeffrey": ["Geoffrey"], "Nicola": ["Nichola"], "Claire": ["Clare"], "Zoe": ["Zoey"],
    "Louise": ["Louisa"], "Michael": ["Micheal"], "Matthew": ["Mathew"], "Alan": ["Allan", "Allen"],
    "Neil": ["Neal"], "Sean": ["Shaun"], "Shaun": ["Sean"], "Lee": ["Leigh"], "Gary": ["Garry"],
    "Tomasz": ["Tomas"], "Aisha": ["Ayesha"], "Ayesha": ["Aisha"], "Rachel": ["Rachael"],
    "Hayley": ["Haley"], "Gemma": ["Jemma"], "Leanne": ["Lianne"], "Stuart": ["Stewart"],
    "Graham": ["Graeme"], "Dean": ["Deane"], "Jodie": ["Jodi"], "Megan": ["Meghan"],
}

def surname_weights(n: int) -> list[float]:
    """Zipf-ish: the first surnames in the bank are the most common, as in Britain."""
    return [1.0 / (i + 8) ** 0.9 for i in range(n)]


class NamePicker:
    """Draws forenames/surnames with realistic repetition."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._sw = list(_cumulative(surname_weights(len(SURNAMES))))
        self._fw = list(_cumulative([1.0 / (i + 15) ** 0.7 for i in range(len(FEMALE))]))
        self._mw = list(_cumulative([1.0 / (i + 15) ** 0.7 for i in range(len(MALE))]))

    def surname(self) -> str:
        return self.rng.choices(SURNAMES, cum_weights=self._sw)[0]

    def forename(self, female: bool) -> str:
        if female:
            return self.rng.choices(FEMALE, cum_weights=self._fw)[0]
        return self.rng.choices(MALE, cum_weights=self._mw)[0]


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def typo(word: str, rng: random.Random) -> str:
    """One keyboard slip: a transposition, a dropped or a doubled letter."""
    if len(word) < 4:
        return word + word[-1]
    i = rng.randrange(1, len(word) - 2)
    roll = rng.random()
    if roll < 0.45:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if roll < 0.8:
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def misspell(forename: str, surname: str, rng: random.Random) -> tuple[str, str]:
    """A recognisable misspelling of a name (variant forename, else a surname slip)."""
    variants = FORENAME_VARIANTS.get(forename)
    if variants and rng.random() < 0.7:
        return rng.choice(variants), surname
    return forename, typo(surname, rng)


# Businesses -----------------------------------------------------------------------------------

BIZ_PREFIX = """Redkite Brightwater Oakfield Meridian Kestrel Harbourside Silverline Northgate Riverside
Greenway Beacon Summit Keystone Apex Crestview Falcon Pinnacle Stonebridge Westfield Evergreen
Blackthorn Copperfield Highmoor Lakeside Fairway Millstone Bluebell Ironbridge Longmeadow Foxglove
Marlowe Saxon Tudor Regent Crown Anchor Compass Horizon Lighthouse Mariner Orchard Quarry Ridgeway
Thistle Willow Yew Hawthorn Elmtree Ashgrove Birchwood Cedar Larchwood Maple Rowan Sycamore Heron
Swallow Osprey Merlin Buzzard Badger Otter Fox Stag Hare Kingfisher Wren Raven Magpie""".split()

BIZ_TRADE = [
    "Vehicle Recovery", "Tyres & Exhausts", "Lettings", "Property Management", "Security Services",
    "Door Supervision", "Scaffolding", "Plant Hire", "Car Sales", "Vehicle Repairs",
    "Removals", "Cleaning Services", "Fitness", "Personal Training", "Driving School",
    "Landscapes", "Building Services", "Roofing", "Plumbing & Heating", "Electrical",
    "Taxis", "Private Hire", "Events", "Catering", "Bar Management", "Nightclub Promotions",
    "Investigations", "Consultancy", "Training Solutions", "Photography", "Media",
    "Joinery", "Carpets", "Kitchens", "Accident Repair Centre", "Valeting", "Motor Factors",
    "Haulage", "Storage", "Waste Management", "Skip Hire", "Holiday Lets", "Dog Grooming",
    "Tattoo Studio", "Vape Supplies", "Mobile Phone Repairs", "Pawnbrokers", "Car Wash",
]
BIZ_SUFFIX = ["Ltd", "Ltd", "Ltd", "Limited", "& Co", "Services Ltd", "Group Ltd", "(UK) Ltd"]

BIZ_KIND = {  # how narratives describe each trade
    "Vehicle Recovery": "vehicle recovery", "Tyres & Exhausts": "tyre and exhaust",
    "Lettings": "lettings", "Property Management": "property management",
    "Security Services": "security", "Door Supervision": "door supervision",
    "Car Sales": "used car", "Vehicle Repairs": "vehicle repair", "Taxis": "taxi",
    "Private Hire": "private hire", "Investigations": "private investigation",
}


def business_kind(name: str) -> str:
    for trade in BIZ_TRADE:
        if trade in name:
            return BIZ_KIND.get(trade, trade.lower())
    return "small"


class BusinessNames:
    """Unique business names: every name in the world is used by exactly one storyline."""

    def __init__(self, rng: random.Random, towns: list[str]) -> None:
        self.rng = rng
        self.towns = towns
        self.used: set[str] = set()

    def new(self, surname: str | None = None) -> str:
        rng = self.rng
        for attempt in range(200):
            style = rng.random()
            trade = rng.choice(BIZ_TRADE)
            if style < 0.45:
                head = rng.choice(BIZ_PREFIX)
            elif style < 0.7 and surname:
                head = surname + (" & " + rng.choice(SURNAMES[:120]) if rng.random() < 0.3 else "")
            elif style < 0.85:
                head = rng.choice(self.towns)
            else:
                head = rng.choice(BIZ_PREFIX) + " " + rng.choice(self.towns)
            name = f"{head} {trade} {rng.choice(BIZ_SUFFIX)}"
            if attempt > 100:
                name = f"{rng.choice(BIZ_PREFIX)} {rng.choice(self.towns)} {trade} Ltd"
            if name not in self.used:
                self.used.add(name)
                return name
        raise RuntimeError("ran out of unique business names")
