"""The fixed geography, organisation and calendar of Westshire Police."""

from __future__ import annotations

from datetime import date

REFERENCE_DATE = date(2025, 12, 31)  # the world's "today"; nothing happens after it
WORLD_START = date(2021, 1, 1)  # complaints, sickness, declarations… span these five years
ROSTER_START = date(2025, 1, 1)  # roster, overtime and the audit log cover the final year
ROSTER_DAYS = (REFERENCE_DATE - ROSTER_START).days + 1
START_ORD = WORLD_START.toordinal()
END_ORD = REFERENCE_DATE.toordinal()
ROSTER_ORD = ROSTER_START.toordinal()

EMAIL_DOMAIN = "westshire.police.uk"

# district → stations (custody suites and the contact centre are places people work too)
DISTRICTS: dict[str, list[str]] = {
    "Marlhaven": ["Marlhaven Central", "Marlhaven North", "Eastgate", "Quayside", "St Aldric's"],
    "Ashbury": ["Ashbury", "Thornley Cross", "Wendle"],
    "Kelbrook": ["Kelbrook", "Dunmere", "Hob's Moor"],
    "Harrowby": ["Harrowby", "Stowick", "Lyne Green"],
    "Wexcombe": ["Wexcombe", "Pellmouth", "Carrow Bay"],
    "Fenholt": ["Fenholt", "Brindle", "Oxley Marsh"],
    "Castlebridge": ["Castlebridge", "Tarn Hill"],
}
HQ_DISTRICT = "Force HQ"
HQ_STATIONS = ["Tennant Hall HQ", "Force Contact Centre", "Marlhaven Custody Suite",
               "Kelbrook Custody Suite"]
STATIONS: list[str] = [s for v in DISTRICTS.values() for s in v]
STATION_DISTRICT = {s: d for d, v in DISTRICTS.items() for s in v} | {
    s: HQ_DISTRICT for s in HQ_STATIONS
}
TOWNS = [
    "Marlhaven", "Eastgate", "Quayside", "Ashbury", "Thornley Cross", "Wendle",
    "Kelbrook", "Dunmere", "Hob's Moor", "Harrowby", "Stowick", "Lyne Green", "Wexcombe",
    "Pellmouth", "Carrow Bay", "Fenholt", "Brindle", "Oxley Marsh", "Castlebridge", "Tarn Hill",
    "Little Seddon", "Upper Harlow", "Kings Norton Vale", "Saltmarsh", "Coldharbour",
    "Bramley End", "Westcott", "Fulford Green", "Netherby", "Ravensworth", "Hensley",
]
TOWN_DISTRICT = {t: STATION_DISTRICT.get(t, "Marlhaven") for t in TOWNS} | {
    "Marlhaven": "Marlhaven", "Little Seddon": "Ashbury", "Upper Harlow": "Harrowby",
    "Kings Norton Vale": "Kelbrook", "Saltmarsh": "Wexcombe", "Coldharbour": "Fenholt",
    "Bramley End": "Castlebridge", "Westcott": "Wexcombe", "Fulford Green": "Fenholt",
    "Netherby": "Castlebridge", "Ravensworth": "Kelbrook", "Hensley": "Harrowby",
}

STREETS = """Mill Lane|Station Road|High Street|Church Street|Victoria Road|Queen Street|King Street
|Park Road|London Road|Manor Road|Chapel Street|Albert Road|North Street|Cavendish Street
|Bridge Street
|Market Street|Castle Street|Granby Road|Fenwick Road|Tanner's Row|Harbour Way|Quay Street
|Wellington Road|Nelson Street|Carlton Avenue|Beechwood Drive|Oak Avenue|Elm Grove|Ashfield Road
|Hollins Lane|Priory Road|Abbey Street|Coronation Street|Jubilee Way|Brook Street|Meadow Close
|Foundry Lane|Ropewalk|Salisbury Road|Stanley Street|Cross Street|Union Street|Gas Street
|Kingsway|Moor Lane|Heath Road|Ferry Road|Dock Road|Canal Street|Leopold Street|Cemetery Road
|Hawthorn Crescent|Larch Close|Rowan Way|Farrier's Court|Sheep Street|Tithe Barn Lane|Sandy Lane
|Clifton Terrace|Belmont Road|Richmond Avenue|Alexandra Road|Grosvenor Place|Regent Street
|Lonsdale Road|Mayfield Avenue|Osborne Road|Prospect Hill|Raglan Street|St Mary's Road
|St John's Walk|The Parade|The Crescent|Westgate|Eastgate Row|Southgate|Northgate|Cornmarket
|Pudding Lane|Goose Green|Windmill Hill|Watling Way|Roman Road|Orchard Street|Cherry Tree Walk
|Lime Street|Silver Street|Cooper Street|Waterloo Road|Trafalgar Street|Bold Street|Duke Street
|Princess Way|Sunnyside Road|Fairfield Road|Green Lane|Pinfold Lane|Back Lane|Occupation Road
|Whitecross Road|Blackhorse Lane|Redhill Road|Coal Pit Lane|Brewery Street|Tannery Close
|Weavers Way|Spinners Court|Bobbin Mill Road|Kiln Lane|Brickfield Road|Sawmill Lane""".replace(
    "\n", "").split("|")

ROADS = ["the A38", "the A4067", "the Marlhaven bypass", "the A612", "the ring road",
         "the B4410", "the M63 slip road", "the Kelbrook Road", "the coast road at Carrow Bay",
         "the dual carriageway near Fenholt"]

VENUES = [
    "the Co-op", "the Tesco Express", "the Spar", "the chip shop", "the Red Lion",
    "the Kings Arms", "the Wetherspoons", "the bus station", "the train station", "the retail park",
    "the McDonald's", "the leisure centre", "the library", "the BP garage", "the Asda car park",
    "the kebab shop", "the Crown", "the Mariners pub", "the Lidl", "the park gates",
    "the taxi rank", "the cash machine", "the community centre", "the Job Centre",
    "the snooker hall", "the Greggs", "the Post Office", "the chemist", "the barbers",
    "the skate park", "the college", "the hospital entrance",
]

CARS = [
    "Ford Fiesta", "Ford Focus", "Vauxhall Corsa", "Vauxhall Astra", "VW Golf", "VW Polo",
    "BMW 3 Series", "Audi A3", "Nissan Qashqai", "Toyota Yaris", "Kia Sportage",
    "Mercedes C-Class", "Seat Leon", "Skoda Octavia", "Peugeot 208", "Renault Clio",
    "Honda Civic", "Range Rover Evoque", "Hyundai Tucson", "Mini Cooper", "Ford Transit van",
    "Citroen Berlingo", "Tesla Model 3", "Fiat 500",
]
COLOURS = ["silver", "black", "white", "grey", "blue", "red", "dark blue", "green", "orange"]

# rank → (share of officers, abbreviations a case worker might write, job titles)
RANKS: list[tuple[str, float, list[str], list[tuple[str, float]]]] = [
    ("Constable", 0.74, ["PC"], [("Police Constable", 0.8), ("Detective Constable", 0.2)]),
    ("Sergeant", 0.155, ["PS", "Sgt"], [("Police Sergeant", 0.75), ("Detective Sergeant", 0.25)]),
    ("Inspector", 0.06, ["Insp"], [("Inspector", 0.75), ("Detective Inspector", 0.25)]),
    ("Chief Inspector", 0.022, ["CI", "Ch Insp"],
     [("Chief Inspector", 0.7), ("Detective Chief Inspector", 0.3)]),
    ("Superintendent", 0.009, ["Supt"],
     [("Superintendent", 0.8), ("Detective Superintendent", 0.2)]),
    ("Chief Superintendent", 0.004, ["Ch Supt", "CSupt"], [("Chief Superintendent", 1.0)]),
]
DETECTIVE_ABBR = {"Detective Constable": "DC", "Detective Sergeant": "DS",
                  "Detective Inspector": "DI", "Detective Chief Inspector": "DCI",
                  "Detective Superintendent": "Det Supt"}

# civilian roles: (title, share of staff, complaint exposure, access rate/yr, roster pattern)
STAFF_JOBS: list[tuple[str, float, float, float, str]] = [
    ("Call Handler", 0.17, 0.55, 420, "rota"),
    ("Dispatcher", 0.07, 0.35, 450, "rota"),
    ("Detention Officer", 0.07, 0.5, 260, "rota"),
    ("Front Counter Officer", 0.04, 0.5, 200, "office"),
    ("Investigation Officer", 0.07, 0.4, 300, "office"),
    ("Intelligence Analyst", 0.045, 0.0, 950, "office"),
    ("Intelligence Researcher", 0.03, 0.0, 800, "office"),
    ("Crime Scene Investigator", 0.03, 0.05, 80, "office"),
    ("Digital Forensics Examiner", 0.02, 0.0, 60, "office"),
    ("Police Staff Investigator", 0.02, 0.05, 250, "office"),
    ("Case Administrator", 0.07, 0.02, 150, "office"),
    ("Vetting Officer", 0.012, 0.0, 300, "office"),
    ("HR Advisor", 0.04, 0.0, 4, "office"),
    ("Finance Officer", 0.04, 0.0, 2, "office"),
    ("IT Support Analyst", 0.05, 0.0, 10, "office"),
    ("Fleet Technician", 0.03, 0.0, 1, "office"),
    ("Communications Officer", 0.02, 0.0, 2, "office"),
    ("Business Support Officer", 0.088, 0.02, 30, "office"),
    ("Professional Standards Caseworker", 0.015, 0.0, 200, "office"),
    ("Criminal Justice Officer", 0.045, 0.05, 180, "office"),
]
ANALYST_TITLES = ("Intelligence Analyst", "Intelligence Researcher")
HQ_TITLES = {"Call Handler": "Force Contact Centre", "Dispatcher": "Force Contact Centre",
             "Intelligence Analyst": "Tennant Hall HQ", "HR Advisor": "Tennant Hall HQ",
             "Finance Officer": "Tennant Hall HQ", "IT Support Analyst": "Tennant Hall HQ",
             "Vetting Officer": "Tennant Hall HQ", "Communications Officer": "Tennant Hall HQ",
             "Professional Standards Caseworker": "Tennant Hall HQ"}

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def ordinal_suffix(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def day(ordinal: int) -> date:
    return date.fromordinal(ordinal)
