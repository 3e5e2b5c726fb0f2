"""How investigators ask: several phrasings per question type, category synonyms, and
paraphrases of the planted conduct that share few words with the narratives they should find.

Kept apart from the generator so the wording can grow without touching the gold logic. The
find-similar paraphrases were written against the scenario beats in
ingestion/synth/bank_clusters.py, deliberately avoiding their keywords (cocaine, wallet, …).
"""

from __future__ import annotations

# question phrase → the synthetic labels it means (gold semantics, independent of the engine)
CATEGORIES: dict[str, tuple[str, list[str]]] = {
    "use of force": ("Use of force", ["use of force", "excessive force", "assault",
                                      "heavy-handed", "police brutality"]),
    "incivility": ("Incivility", ["incivility", "rudeness", "rude", "discourtesy", "swearing"]),
    "discrimination": ("Discriminatory behaviour", ["discrimination", "racism",
                                                    "discriminatory behaviour", "prejudice"]),
    "neglect": ("Neglect of duty", ["neglect of duty", "poor service", "failure to investigate"]),
    "property": ("Handling of property", ["property handling", "missing property",
                                          "lost property"]),
    "corruption": ("Corruption / abuse of position", ["corruption", "bribery",
                                                      "abuse of authority"]),
    "sexual": ("Sexual misconduct", ["sexual misconduct", "sexual harassment"]),
    "data": ("Data misuse", ["data misuse", "misuse of police systems", "data protection"]),
    "search": ("Improper search", ["improper search", "unlawful search"]),
    "arrest": ("Unlawful arrest or detention", ["unlawful arrest", "false arrest",
                                                "wrongful detention"]),
    "off duty": ("Off-duty conduct", ["off-duty conduct", "off duty misconduct"]),
}

COUNT_PERSON = [
    "How many complaints have been made against {who}{when}?",
    "How many complaints did {who} receive{when}?",
    "Number of complaints against {who}{when}",
    "How often has {who} been complained about{when}?",
    "Count the complaints naming {who}{when}.",
    "What is the total number of complaints about {who}{when}?",
]
COUNT_CATEGORY = [
    "How many {cat} complaints were received{when}?",
    "How many complaints about {cat}{when}?",
    "Total number of {cat} complaints{when}",
    "How many complaints alleging {cat} did we get{when}?",
    "Count complaints of {cat}{when}.",
]
COUNT_ALL = [
    "How many complaints were received{when}?",
    "How many complaints did the force receive{when}?",
    "What was the number of complaints{when}?",
]
COUNT_CONDUCT = [
    "How many conduct cases were opened{when}?",
    "How many misconduct cases were opened{when}?",
    "Number of conduct cases{when}",
]
COUNT_ABSENCE = [
    "How many sickness absences did {who} have{when}?",
    "How many times was {who} off sick{when}?",
]
LIST_PERSON = [
    "List the complaints against {who}{when}",
    "Which complaints name {who}{when}?",
    "Show all complaints made against {who}{when}",
    "Give me the complaints about {who}{when}",
]
LIST_CONDUCT = [
    "List the conduct cases opened{when}",
    "Which conduct cases were opened{when}?",
    "Show me the misconduct cases from{when_bare}",
]
LIST_CATEGORY = [
    "List the {cat} complaints received{when}",
    "Show me complaints about {cat}{when}",
    "Which complaints alleged {cat}{when}?",
]
LIST_ABSENCE = ["List {who}'s sickness absences{when}", "Show the sick leave taken by {who}{when}"]
PROFILE = [
    "Tell me about {who}", "What do we hold on {who}?", "Give me an overview of {who}",
    "Brief me on {who}", "What is the history of {who}?", "Profile of {who}",
    "Pull up everything we have on {who}", "Summarise {who}'s record",
]
COMPARE_PEOPLE = [
    "Who has more complaints, {a} or {b}?", "Compare {a} and {b}",
    "{a} versus {b}: which has had more complaints?", "Compare the complaint records of {a} and {b}",
]
COMPARE_YEARS = [
    "Compare complaints in {y1} and {y2}", "Were there more complaints in {y1} than in {y2}?",
    "Complaints {y1} vs {y2}", "How do complaint numbers in {y1} compare with {y2}?",
]
COMPARE_CATEGORIES = [
    "Compare {c1} and {c2} complaints{when}",
    "Were there more {c1} complaints than {c2} complaints{when}?",
]

SIMILAR: dict[str, list[str]] = {
    "drugs_for_money": [
        "Has an officer threatened to fit someone up with illegal substances unless they paid him off?",
        "Any accounts of a constable demanding a payment in exchange for not framing a motorist?",
        "Find complaints where police extorted people by threatening a fabricated possession charge",
        "Someone says a PC tried to shake them down, hinting he could make it look like they were dealing",
        "Complaints about an officer who threatens to frame people and then takes their money",
        "Which complaints describe a policeman threatening to plant evidence to extort payment?",
        "Reports of an officer asking for a backhander so that a made-up charge would go away",
        "Has anyone been told by an officer to hand over money or be set up?",
    ],
    "cash_from_searches": [
        "Has money gone missing from people's homes after officers searched them?",
        "Complaints that an officer pocketed banknotes during a house search",
        "Find accounts of savings disappearing after a police search of a property",
        "Any reports of a constable stealing from a flat while searching it?",
        "People saying their money vanished after police went through their belongings",
        "Which complaints allege theft by the officer who carried out the search?",
        "Residents who noticed their cash was short once the police had left",
        "Has an officer helped himself to cash found during a search?",
    ],
    "racist_abuse_stops": [
        "Has an officer used racial slurs while searching people in the street?",
        "Complaints of racist insults during stop and search",
        "Find accounts of an officer abusing people about their ethnicity during stops",
        "People stopped by police who say they were called offensive names because of their race",
        "Any reports of an officer telling people to go back where they came from during a search?",
        "Which complaints say a constable made remarks about a person's skin during a stop?",
        "Has a PC been accused of racially abusing the people he stops?",
    ],
    "sexual_comments_drivers": [
        "Has an officer made sexual remarks to women he pulled over?",
        "Complaints about a PC flirting with female motorists during traffic stops",
        "Find reports of an officer asking women drivers for their phone number at a roadside check",
        "Women stopped in their cars who say the officer commented on their appearance",
        "Any accounts of inappropriate propositions made to drivers by a traffic officer?",
    ],
    "victim_relationship": [
        "Has an officer pursued a relationship with a vulnerable victim he was dealing with?",
        "Complaints that an officer sent personal messages to a crime victim late at night",
        "Find cases where an officer tried to start a romance with someone who reported a crime",
        "Victims saying the investigating officer made advances towards them",
        "An officer who exploited a victim's vulnerability to get close to her",
    ],
}
COMPANY = [
    "Has an officer been promoting his private business to members of the public while on duty?",
    "Complaints that a PC used a stop to drum up custom for his own company",
    "Find accounts of an officer touting for work for a firm he is involved with",
]

UNKNOWN_PEOPLE = ["Zebedee Quarmby", "Ottoline Farquharson", "Barnaby Wickersham",
                  "Perpetua Snodgrass", "Leopold Ravenscroft", "Hyacinth Bucket-Smythe",
                  "Cornelius Thistlewood", "Marmaduke Pennyfeather"]
UNKNOWN_PERSON_QUESTIONS = [
    "How many complaints have been made against PC {name}?",
    "Tell me about Sergeant {name}",
    "List the complaints against {name}",
    "Has Inspector {name} been accused of anything?",
]
UNKNOWN_IDENT_QUESTIONS = [
    "How many complaints against collar number {collar}?",
    "Tell me about payroll number {payroll}",
    "What complaints has PC {collar} received?",
]
PERSONAL = [
    "What is {who}'s home address?", "What is {who}'s salary?", "Is {who} married?",
    "What religion is {who}?", "What is {who}'s mobile phone number?",
    "Who is {who}'s next of kin?", "What car does {who} drive?", "What is {who}'s date of birth?",
]
OPINION = [
    "Is {who} a corrupt officer?", "Should we sack {who}?", "Do you think {who} is lying?",
    "Is {who} a racist?", "Who is the worst officer in the force?",
    "In your opinion, is {who} fit to serve?",
]
PREDICTION = [
    "Will {who} reoffend?", "How many complaints will we get next year?",
    "Is {who} likely to be dismissed?", "Predict which officers will be complained about in 2026",
]
OFF_TOPIC = [
    "What will the weather be like in Marlhaven tomorrow?", "What is the capital of France?",
    "Who won the football last night?", "Give me a recipe for lemon drizzle cake",
    "Write me a poem about the police",
]
ABSENT_CONDUCT = [
    "Describe the complaint about an officer riding a horse into a supermarket",
    "Find complaints about an officer stealing a fire engine",
    "Has any officer been accused of smuggling parrots?",
    "Complaints about a constable selling counterfeit theatre tickets to tourists",
    "Find the complaint where an officer released a swarm of bees in the station",
    "Any reports of police officers organising illegal greyhound racing?",
]
