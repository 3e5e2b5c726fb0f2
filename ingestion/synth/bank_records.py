"""Sentence banks for intelligence reports, declarations and conduct-case summaries.

Intelligence and conduct summaries are written in the third person about `{subj}` (the member of
staff); declarations in the declarant's own first-person voice.
"""

from __future__ import annotations

INTEL_OPEN = [
    "[Source reports|It is reported|Intelligence has been received|A member of staff has reported] that {subj}",
    "[Information from a reliable source indicates|Concerns have been raised] that {subj}",
]

# theme → sentences; the first sentence of a theme completes an opening ("…that {subj} …")
INTEL_THEMES: dict[str, list[str]] = {
    "associates": [
        "has been [seen drinking|socialising] with {nominal} at {venue} in {town} [on several occasions|most weekends|over recent months]",
        "{nominal} is [believed to be|known to be] involved in [the supply of class A drugs|car crime|the handling of stolen goods] [in the {district} area|across the county]",
        "It is [not known|unclear] whether {subj} is aware of {nominal}'s [background|criminal associations]",
        "{subj} [is said to have|reportedly] [attended a party|been on holiday] with {nominal} [last summer|earlier this year]",
    ],
    "financial": [
        "is [reported to be|believed to be] in [significant|serious] debt [due to gambling|following a divorce|to a local moneylender]",
        "Colleagues have [noticed|commented on] {subj} [borrowing money|asking for loans|being chased by creditors] [at work|on shift]",
        "{subj} is [said to|understood to] [spend heavily on online betting|have missed mortgage payments|have several county court judgments]",
    ],
    "leaking": [
        "may have passed information about [a planned warrant|an ongoing operation|a custody record] to [a local family|associates of a suspect|a journalist]",
        "The [warrant|operation|arrest attempt] at {street}, {town} [was compromised|failed] after the suspects [moved the drugs|left the address] [shortly before|hours before] officers attended",
        "{subj} is [one of a small number of staff|among those] with access to the [briefing|intelligence|operation order]",
    ],
    "drugs": [
        "[uses|is said to use] [cocaine|recreational drugs] [at weekends|at parties|while off duty] [in {town}|with friends]",
        "{subj} has been [seen|described] [in the company of|buying from] a [known user|street-level dealer] near {venue}",
        "Colleagues have reported {subj} appearing [unwell|agitated|distracted] at the start of [early|late] shifts",
    ],
    "relationship": [
        "is in a relationship with {nominal}, [who has|a person with] previous convictions for [fraud|the supply of drugs|violence]",
        "{nominal} is [currently|believed to be] [under investigation|on bail] [in the {district} area|for offences in {town}]",
        "It is not known whether {subj} has [declared|disclosed] this relationship",
    ],
    "messages": [
        "[shared|posted] [racist|misogynistic|offensive] [memes|messages|comments] in a [WhatsApp|private] group [with other officers|with friends]",
        "The group [is said to include|reportedly includes] [several|a number of] [serving officers|members of staff] from {station}",
        "Screenshots [may be available|have been mentioned] but have not been seen by the [source|reporting officer]",
    ],
    "systems": [
        "has [conducted|made] checks on [police systems|PNC|the intelligence database] for [a friend|family members|a former partner] [without a policing purpose|for personal reasons]",
        "{subj} [is said to have|reportedly] [told a friend|boasted] about [information on|the criminal record of] a [neighbour|new partner of an ex]",
    ],
    "domestic": [
        "[has been|was] [abusive towards|controlling of] [a partner|a former partner] [at home|over a long period]",
        "A [neighbour|family member] [has raised concerns|called 999 on one occasion] but [no crime was recorded|the matter was not pursued]",
    ],
    "property": [
        "[offered|sold] [mobile phones|designer goods|tools] [that may have been seized property|of unknown origin] to [colleagues|people at the Red Lion|regulars at a pub in {town}|people at a car boot sale in {town}]",
        "The items [are believed to|may] have come from the [property store|exhibits room] at {station}",
    ],
}

INTEL_CLOSE = [
    "The source [has provided reliable information in the past|is new and untested|is in a position to know]",
    "[Further development is required|No further information is known at this time|Handle with care as this could identify the source|This report should be read with {ref}]",
    "[Recommend|Suggest] [a lifestyle check|an audit of system use|a review by the ACU|monitoring] [before any overt action|in the first instance]",
]

# pattern (f): a business the subject runs, named in the report
INTEL_BUSINESS = [
    "is [running|the director of|a silent partner in] {company}, a {biz_kind} business [based in|operating from] {town}",
    "{subj} [has been seen|is said to be] [taking calls for|dealing with customers of] {company} while on duty",
    "{company} is registered at an address on {street}, {town}, and {subj} [is believed to take a share of the profits|is described locally as the owner]",
    "{subj} [is said to|reportedly] [refer|steer] [drivers after collisions|victims of burglary|members of the public] towards {company}",
]

# decoy: the same kind of report about a business that *has* been declared
INTEL_BUSINESS_DECLARED = [
    "[works part-time for|helps to run] {company}, a {biz_kind} business in {town}, on rest days",
    "It is not clear to the source whether this work has been authorised",
]

DECL_BUSINESS = [
    "I am [a director of|a partner in|the owner of|a shareholder in] {company}, [a small|an established|a family] {biz_kind} business [based in|operating in|registered in] {town}",
    "[The business is run by my {rel} and I help out on rest days|I work approximately {hours} hours per week on the business, all outside duty hours|My role is limited to bookkeeping and the accounts|I do not take an active part in running the business]",
    "[The business has no dealings with the force|There is no conflict with my policing role|I will not use police systems or contacts in connection with the business|I have not advertised my police employment]",
    "[I understand the restrictions on secondary employment|I will notify my line manager of any change|This renews my previous declaration]",
]
DECL_ASSOCIATION = [
    "[I wish to declare that|Please note that|For the register:] my {rel}[, {counterparty},| {counterparty}] [has a conviction for {offence}|is currently on bail for {offence}|works as a journalist for the Westshire Gazette|is the licensee of {venue} in {town}|was arrested in {town} {when}]",
    "I have [known|been friends with] {counterparty} [since school|for many years] and recently learned that they [have links to|are associated with] [criminal activity|a local crime group]",
    "[I have no contact with them about police matters|I do not discuss work with them|I will avoid any involvement in cases concerning them]",
]
DECL_GIFT = [
    "[|{when} ]I was offered [a bottle of wine|a box of chocolates|two tickets to a Marlhaven Town match|a meal at [the Old Bell|Marco's Trattoria|the Harbour Kitchen|a local restaurant]|a £50 voucher|a hamper|a framed photograph|flowers and a card] by {counterparty} [after the conclusion of a case|following a talk I gave|after a burglary investigation|at the end of a long investigation|after attending a community meeting][ in {town}|][ {when}|]",
    "[I declined the offer|I accepted and the item was shared with the team|I accepted on the advice of my supervisor|The gift was returned with a letter of thanks]",
]

# Standards of Professional Behaviour: category → allegation clauses ("Allegation that {subj} …")
CONDUCT_CASES: dict[str, list[str]] = {
    "Honesty and integrity": [
        "submitted overtime claims for hours [not worked|when {oh} was not on duty]",
        "provided a [false|misleading] account in a witness statement [about an arrest in {town}|concerning a use of force]",
        "failed to disclose a relationship with a person of interest to the force",
        "accepted [cash|gifts|free services] from a local business owner in {town}",
    ],
    "Authority, respect and courtesy": [
        "made derogatory remarks to a member of the public during an incident at {place}",
        "shouted and swore at a [colleague|student officer] in the [parade room|custody suite] at {station}",
    ],
    "Equality and diversity": [
        "posted offensive messages in a WhatsApp group that included other officers",
        "made [racist|sexist|homophobic] remarks to colleagues at {station}",
    ],
    "Use of force": [
        "used excessive force during the arrest of a [man|woman|teenager] {place}",
        "struck a detained person in the custody suite at {station}",
    ],
    "Orders and instructions": [
        "failed to comply with a management instruction regarding [restricted duties|contact with a witness]",
        "drove a police vehicle in breach of [the pursuit policy|the driving standards policy] on {street}, {town}",
    ],
    "Duties and responsibilities": [
        "failed to record a reported crime of [assault|harassment|burglary]",
        "failed to conduct adequate enquiries into a [missing person report|domestic abuse incident]",
        "left a prisoner unsupervised in a [van|cell corridor] at {station}",
    ],
    "Confidentiality": [
        "accessed police systems for a non-policing purpose on [several|a number of] occasions",
        "disclosed [police information|details of an investigation] to a [family member|friend|former partner]",
    ],
    "Fitness for work": [
        "reported for duty while unfit through alcohol",
        "was found asleep while on a [scene guard|constant watch]",
    ],
    "Discreditable conduct": [
        "was arrested on suspicion of drink driving while off duty in {town}",
        "was involved in a fight outside a [bar|nightclub] in {town} while off duty",
        "behaved in an abusive manner towards [a neighbour|door staff] while off duty",
    ],
    "Abuse of position for sexual purpose": [
        "pursued an inappropriate relationship with a vulnerable [victim|witness] met on duty",
        "sent [sexualised|inappropriate] messages to a member of the public [met|contacted] through work",
    ],
}
CONDUCT_RESTRICTABLE = ("Honesty and integrity", "Confidentiality",
                        "Abuse of position for sexual purpose")

CONDUCT_BACKGROUND = [
    "The matter came to light [through a supervisor|following a report from a colleague|after an audit|following a complaint from a member of the public][ ({complaint_ref})|]",
    "The [incident|conduct] [is said to have taken place|took place] {when}",
    "[Body-worn video has|CCTV has|Command and control records have|System audit data has|Bank records have] been [obtained|reviewed|requested]",
    "[Witness statements have been taken from|Accounts have been obtained from] [two colleagues|the complainant|members of the public|the custody staff]",
    "{subj} [was served with a Regulation 30 notice on {notice_date}|provided a written response denying the allegation|accepted the facts but disputed the seriousness|declined to comment at interview]",
    "{subj} [was placed on restricted duties|remained on full duties|was suspended] pending the outcome",
]
CONDUCT_STATUS = [
    "[The investigation is ongoing|Awaiting the investigator's report|File with the appropriate authority for a decision]",
    "[The case was heard at a misconduct meeting on {later_date}|A hearing took place on {later_date}|The matter was resolved by management action]",
]
