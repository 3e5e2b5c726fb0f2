"""The complaint taxonomy: categories (with PSD allegation codes), how each kind of staff tends
to be complained about, findings and sanctions. The canonical category labels here are what the
mapping's `AllegationCode` value map produces."""

from __future__ import annotations

from . import world as w

CODES = {"Use of force": "UOF", "Incivility": "INC", "Discriminatory behaviour": "DIS",
         "Improper search": "SRCH", "Handling of property": "PROP",
         "Corruption / abuse of position": "CORR", "Neglect of duty": "NEG", "Data misuse": "DATA",
         "Sexual misconduct": "SEX", "Off-duty conduct": "OFFD",
         "Unlawful arrest or detention": "ARR"}
DETAILS = {
    "Use of force": ["Excessive force during arrest", "Handcuffs applied too tightly",
                     "Struck with fist", "Taken to ground", "PAVA used without justification",
                     "Taser drawn/aimed", "Injury caused during detention"],
    "Incivility": ["Rude and dismissive manner", "Offensive language", "Refused to give details",
                   "Shouted at complainant", "Unprofessional attitude"],
    "Discriminatory behaviour": ["Racial discrimination", "Religious discrimination",
                                 "Disability discrimination", "Homophobic remarks",
                                 "Stopped because of ethnicity"],
    "Improper search": ["Search without grounds", "No search record provided",
                        "Search of premises without authority", "Search in public view"],
    "Handling of property": ["Property not returned", "Property damaged", "Cash missing",
                             "Property not recorded"],
    "Corruption / abuse of position": ["Abuse of position", "Improper relationship with suspect",
                                       "Disclosure to suspect", "Pressure to withdraw complaint"],
    "Neglect of duty": ["Failure to investigate", "Failure to attend", "Failure to update",
                        "Failure to record crime", "Lost evidence", "Delay in response"],
    "Data misuse": ["Unauthorised disclosure of information", "Misuse of police systems",
                    "Information shared with third party"],
    "Sexual misconduct": ["Inappropriate comments of a sexual nature", "Inappropriate contact",
                          "Abuse of position for a sexual purpose"],
    "Off-duty conduct": ["Abusive behaviour off duty", "Used warrant card improperly",
                         "Threatening behaviour off duty"],
    "Unlawful arrest or detention": ["Unlawful arrest", "Detained for excessive period",
                                     "Denied legal advice", "Wrongful section 136 detention"],
}
SECONDARY = {
    "Use of force": ["Incivility", "Unlawful arrest or detention", "Neglect of duty"],
    "Unlawful arrest or detention": ["Use of force", "Incivility"],
    "Improper search": ["Incivility", "Discriminatory behaviour", "Handling of property"],
    "Incivility": ["Neglect of duty", "Discriminatory behaviour"],
    "Neglect of duty": ["Incivility", "Data misuse"],
    "Handling of property": ["Neglect of duty", "Improper search"],
    "Discriminatory behaviour": ["Incivility", "Improper search"],
    "Corruption / abuse of position": ["Neglect of duty", "Data misuse"],
    "Data misuse": ["Corruption / abuse of position"],
    "Sexual misconduct": ["Corruption / abuse of position"],
    "Off-duty conduct": ["Incivility"],
}
KIND_CATEGORIES: dict[str, dict[str, float]] = {
    "officer": {"Neglect of duty": 24, "Incivility": 18, "Use of force": 13,
                "Unlawful arrest or detention": 8, "Improper search": 7, "Handling of property": 7,
                "Discriminatory behaviour": 8, "Data misuse": 3,
                "Corruption / abuse of position": 3, "Sexual misconduct": 2.5,
                "Off-duty conduct": 3},
    "pcso": {"Incivility": 38, "Neglect of duty": 32, "Discriminatory behaviour": 10,
             "Data misuse": 5, "Off-duty conduct": 5, "Use of force": 5},
    "call": {"Neglect of duty": 55, "Incivility": 35, "Discriminatory behaviour": 8,
             "Data misuse": 2},
    "custody": {"Use of force": 30, "Incivility": 30, "Handling of property": 15,
                "Discriminatory behaviour": 10, "Unlawful arrest or detention": 15},
    "desk": {"Incivility": 45, "Neglect of duty": 35, "Discriminatory behaviour": 10,
             "Handling of property": 10},
    "staff": {"Neglect of duty": 50, "Incivility": 25, "Data misuse": 20, "Off-duty conduct": 5},
}
KIND_SETTINGS = {"pcso": {"street_stop", "home_attendance", "public_event", "crime_followup",
                          "off_duty"},
                 "call": {"phone_call"}, "custody": {"custody"}, "desk": {"front_desk"},
                 "staff": {"crime_followup", "off_duty"}}
TOWNS_IN = {d: [t for t in w.TOWNS if w.TOWN_DISTRICT[t] == d] for d in w.DISTRICTS}
FINDINGS = [("Service acceptable", 34), ("Service not acceptable", 14), ("Not upheld", 20),
            ("Upheld", 6), ("No case to answer", 12), ("Case to answer", 4),
            ("No further action", 10)]
SANCTIONS = {"Service not acceptable": ["Reflective Practice Review Process",
                                        "Learning for the individual", "Apology provided"],
             "Upheld": ["Management advice", "Reflective Practice Review Process",
                        "Written warning", "Learning for the individual"],
             "Case to answer": ["Written warning", "Final written warning", "Management action",
                                "Dismissal without notice"]}
