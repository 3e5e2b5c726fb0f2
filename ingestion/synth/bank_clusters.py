"""Paraphrase banks for the planted clusters of similar complaints.

Each scenario is one kind of misconduct told as a sequence of beats. Every beat has six
paraphrases written independently (different words, different sentence shapes), and each
complaint in a cluster uses a different paraphrase per beat: the complaints describe the same
conduct without sharing wording, as real complainants who never met each other would.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    name: str
    category: str
    code: str
    detail: str  # allegation description as PSD would log it
    settings: tuple[str, ...]
    complainant_gender: str | None  # "F"/"M" when the conduct targets one group
    keywords: tuple[str, ...]  # every account mentions at least one (tests use these)
    beats: tuple[tuple[str, ...], ...]


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "drugs_for_money", "Corruption / abuse of position", "CORR",
        "Abuse of position - threatened to plant drugs and demanded money",
        ("street_stop", "traffic_stop"), None,
        ("cocaine", "gear", "drugs", "powder", "narcotics", "drugs charge", "supply"),
        (
            ("{off} pulled {me} over on {street} and told {me} to get out and stand by the bonnet",
             "{I} had barely stopped walking when {off} blocked {my} path near {venue} and said {oh} was carrying out checks",
             "{off} came up to the car window, stared inside for a long time and then asked whose vehicle it was",
             "The officer waved {me} down outside {venue} and claimed {I} fitted the description of somebody they were looking for",
             "It started as what seemed like a routine stop in {town}: {off} took {my} details and ran them over the radio",
             "{off} approached {me} {place} and, without giving a reason, announced that {oh} intended to search {me}"),
            ("{oh} then said it would be very easy for {ohim} to \"find\" a bag of cocaine in {my} pocket if {I} did not cooperate",
             "{off} remarked that some gear could turn up in the car and nobody would take {my} word over {ohis}",
             "The officer hinted that if {I} caused trouble, drugs would be discovered during the search and {I} would be charged with possession",
             "{oh} held up a small wrap of white powder and said it could be {mine} just as easily as it could go back in {ohis} pocket",
             "{off} warned that {oh} had planted stuff on people before and that a conviction for supply would finish {me}",
             "According to the officer a quick search could turn up \"anything\", and {oh} made it obvious {oh} meant narcotics"),
            ("To make the problem disappear, {oh} wanted two hundred pounds in cash",
             "{oh} suggested {I} take money out at the nearest cashpoint and hand it over, after which {I} could go on {my} way",
             "The price of being left alone, {oh} said, was whatever {I} had in {my} wallet",
             "{off} asked how much {I} could get hold of that night and said a \"donation\" would sort everything out",
             "{oh} made {me} understand that paying {ohim} was the only way to avoid being taken to the station",
             "Payment was demanded there and then: {oh} named a figure of £{cash} and told {me} not to be stupid about it"),
            ("Frightened, {I} handed over the cash and {off} drove away without recording anything",
             "{I} refused, and after a long silence {oh} let {me} go, saying {oh} would see {me} again",
             "{I} gave {ohim} what {I} had, which was about £{cash2}, and no search record was ever completed",
             "When {I} said {I} had no money on {me}, the officer wrote down {my} address and said {oh} knew where {I} lived",
             "In the end {I} paid, because {I} could not risk a drugs charge with {my} job",
             "No paperwork was given to {me} and there was no record of the stop when {I} asked about it later"),
            ("{I} later heard that other people in the area had been treated in the same way",
             "{I} did not report it straight away because {I} did not think anyone would believe {me}",
             "{my} {rel} persuaded {me} to come forward after hearing about a similar incident",
             "{I} was too scared to complain at the time in case {oh} came after {me}",
             "What frightened {me} most was how relaxed {oh} was about it, as if {oh} had done it many times",
             "{I} only decided to make a formal complaint after seeing {ohim} in the area again"),
        ),
    ),
    Scenario(
        "sexual_comments_drivers", "Sexual misconduct", "SEX",
        "Sexual comments and propositions to female drivers at vehicle stops",
        ("traffic_stop",), "F",
        ("pretty", "legs", "figure", "boyfriend", "gorgeous", "sexual", "single", "drink",
         "number", "woman", "body"),
        (
            ("{I} was driving home alone on {road} when {off} signalled for {me} to pull over",
             "{off} stopped {my} car in {town}, saying one of {my} lights was faulty",
             "A marked car followed {me} for a while before the officer flashed {me} to stop on {street}",
             "The officer said it was a routine document check and asked {me} to wind the window fully down",
             "{I} was on {my} own in the car when {off} pulled {me} in near {venue}",
             "{off} flagged {me} down at a layby and walked slowly round the car before coming to {my} window"),
            ("{oh} looked {me} up and down and said {I} was far too pretty to be getting a ticket",
             "{off} started making remarks about {my} legs and what {I} was wearing",
             "Instead of talking about the car, the officer kept commenting on {my} figure and asking whether {I} had a boyfriend",
             "{oh} leaned in through the window, close enough that {I} could smell {ohis} breath, and told {me} {I} was gorgeous",
             "Comments of a sexual nature were made about {my} body, and {oh} laughed when {I} looked uncomfortable",
             "{off} asked if {I} was single and said a woman like {me} should not be out driving alone at night"),
            ("{oh} then suggested {I} could \"make it up to {ohim}\" rather than get points on {my} licence",
             "Before letting {me} go, {off} copied {my} mobile number from the paperwork and said {oh} would be in touch",
             "The officer offered to forget about the offence if {I} agreed to meet {ohim} for a drink",
             "{oh} wrote {ohis} personal number on a scrap of paper and pushed it into {my} hand",
             "Within a few days a message arrived on {my} phone from a number {I} did not recognise, signed with the officer's first name",
             "{oh} said {oh} would \"keep an eye out\" for {my} car in future, which {I} took as a threat"),
            ("No ticket or warning was ever issued, which makes {me} think the stop was never about the car",
             "{I} drove off shaking and had to pull over a mile later because {I} could not stop crying",
             "{I} felt completely powerless because {oh} was in uniform and {I} was alone on a dark road",
             "Afterwards {I} changed {my} route home so {I} would not pass that spot again",
             "{I} told {my} {rel} straight away and was encouraged to report it",
             "It was obvious to {me} that {oh} had stopped {me} because {I} was a woman on {my} own"),
        ),
    ),
    Scenario(
        "cash_from_searches", "Handling of property", "PROP",
        "Cash missing following search - alleged theft by officer",
        ("home_attendance", "arrest", "street_stop"), None,
        ("cash", "money", "notes", "£", "savings", "envelope", "wallet"),
        (
            ("During the search of {my} home, {off} spent a long time alone in the bedroom where {my} savings were kept",
             "{off} went through {my} jacket and wallet on the street while {I} was held against the van",
             "{I} was told to wait in the kitchen while the officer searched the rest of the flat on {ohis} own",
             "When {I} was arrested, {off} took charge of {my} bag and emptied it onto the bonnet of the police car",
             "The officer insisted on searching {my} car without anyone else present and told {me} to stand well back",
             "{off} collected {my} belongings at the scene and said they would be booked in at the station"),
            ("Afterwards £{cash} that had been in an envelope in the drawer was gone",
             "When {I} got {my} wallet back the notes inside had disappeared, although {my} cards were still there",
             "The money {I} had put aside for rent, about £{cash}, was not there when {I} checked",
             "{my} property bag at the station listed no cash at all, even though {I} had been carrying more than £{cash}",
             "Later {I} realised the cash tin had been opened and most of it taken",
             "None of the money {I} had withdrawn earlier that day was recorded or returned"),
            ("{off} denied ever seeing any money and said {I} must have spent it",
             "There was nothing on the search record about cash, which made no sense to {me}",
             "When {I} asked at the front desk, {I} was told no money had been handed in",
             "Nobody else had been in that room, so only the officer could have taken it",
             "{I} kept the receipt from the cash machine, which proves how much {I} had that afternoon",
             "The officer laughed when {I} mentioned the money and told {me} to prove it"),
            ("{I} heard afterwards that something similar had happened to a neighbour",
             "{I} was in no position to argue at the time because {I} was in handcuffs",
             "It caused real hardship because the money was meant for bills",
             "{I} would not have said anything except that {I} later found out {I} was not the only one",
             "{I} reported it the next day but was told it would be treated as a complaint rather than a crime",
             "Losing that money meant {I} fell behind with {my} rent"),
        ),
    ),
    Scenario(
        "victim_relationship", "Sexual misconduct", "SEX",
        "Abuse of position for a sexual purpose - pursued relationship with vulnerable victim",
        ("home_attendance", "crime_followup"), "F",
        ("relationship", "messages", "messaging", "texts", "sexual", "slept", "wine", "Facebook",
         "WhatsApp", "personal", "looks", "vulnerable"),
        (
            ("{off} was the one who came out when {I} reported {my} ex-partner for assaulting {me}",
             "{I} first met {off} when {oh} took {my} statement about the domestic abuse {I} had suffered",
             "After {I} called the police about threats from {my} former partner, {off} was assigned to {my} case",
             "The officer dealing with {my} harassment report was {off}, who visited {me} at home several times",
             "{off} attended {my} address following a domestic incident and stayed long after the other officer had left",
             "{I} was at a very low point, having just fled an abusive relationship, when {off} became involved"),
            ("Within days {oh} was messaging {me} late at night on WhatsApp about things that had nothing to do with the investigation",
             "{oh} started sending texts asking how {I} was \"really\" doing and whether {I} wanted company",
             "Soon the visits were happening when {oh} was off duty, and {oh} would bring wine",
             "{oh} added {me} on Facebook and began sending messages saying how much {oh} cared about {me}",
             "The calls became more personal and {oh} told {me} {oh} thought about {me} when {oh} was not at work",
             "It went from updates about the case to compliments about {my} looks and invitations to meet"),
            ("{oh} made it clear that {oh} wanted a sexual relationship and said {oh} could protect {me}",
             "Eventually {I} slept with {ohim} because {I} felt {I} owed {ohim} for helping {me}",
             "{oh} told {me} not to mention the messages to anyone because it could \"complicate the case\"",
             "When {I} tried to keep things professional {oh} became cold and said the case might not go anywhere",
             "{oh} asked {me} to delete the messages and said {oh} would lose {ohis} job if anyone found out",
             "At the time {I} thought {oh} genuinely liked {me}, but looking back {oh} took advantage of how vulnerable {I} was"),
            ("{my} support worker was the one who said this was not normal and helped {me} make this complaint",
             "{I} realised later that {my} case had suffered because of what happened",
             "{I} kept all of the messages and was willing to hand them over",
             "{I} later learned from another woman that {oh} had done the same thing to her",
             "When it ended {oh} stopped answering {my} calls about the investigation altogether",
             "It took {me} a long time to see that what {oh} did was wrong"),
        ),
    ),
    Scenario(
        "racist_abuse_stops", "Discriminatory behaviour", "DIS",
        "Racist language during stop and search",
        ("street_stop",), "M",
        ("racial", "racist", "country", "skin", "monkey", "slur", "colour", "face", "white"),
        (
            ("{off} stopped {me} and {my} friends near {venue} and said they were looking for someone who had stolen a bike",
             "{I} was walking back from {venue} when {off} jumped out of a car and asked where {I} was really from",
             "A marked car pulled up and {off} told {me} to empty {my} pockets onto the wall",
             "The officer singled {me} out from a group of lads on {street} and said {I} looked \"dodgy\"",
             "{off} stopped {me} outside {venue} and demanded to know whose car {I} was standing next to",
             "While {I} was waiting for a bus on {street}, {off} came over and asked what {I} was doing \"round here\""),
            ("During the search {oh} called {me} a racial name and said people like {me} were the reason the town was going downhill",
             "{oh} told {me} to \"go back to {my} own country\", even though {I} was born in Marlhaven",
             "{off} made monkey noises and laughed with the other officer",
             "The officer used a well-known racist slur and then said {I} should get used to hearing it",
             "{oh} said {oh} could tell {I} was a drug dealer \"by the colour of {my} skin\"",
             "When {I} asked why {I} had been picked out, {oh} answered that it was obvious and looked pointedly at {my} face"),
            ("Nothing was found, and {oh} refused to give {me} a copy of the search record",
             "{I} was let go after twenty minutes without any explanation of the grounds",
             "The white lads {I} had been walking past were not spoken to at all",
             "{I} asked for {ohis} collar number and {oh} covered {ohis} shoulder with {ohis} hand",
             "{oh} told {me} {I} would be stopped every time {oh} saw {me} from then on",
             "No reason for the search was ever given and nobody told {me} about {my} rights"),
            ("{I} had been stopped by the same officer once before, and {oh} said similar things then",
             "{I} felt humiliated and angry, and {my} {rel} saw the whole thing",
             "A passer-by filmed part of it on their phone and the video is available",
             "{I} was left feeling that the police did not see {me} as a member of the public at all",
             "{my} {rel} insisted that {I} report it, because {I} was ready to let it go",
             "After that {I} avoided walking through the town centre in the evenings"),
        ),
    ),
)

# A business interest named in a complaint account (pattern f, complaint variant).
COMPANY_IN_COMPLAINT = [
    "After the collision {off} handed {me} a business card for {company} and said they would [recover|sort out] {my} car for a good price",
    "{off} kept [pushing|recommending] {company}, a {biz_kind} firm, and said {oh} could get {me} a good deal if {I} used them",
    "{I} later found out that {off} was [running|behind] {company}, the {biz_kind} business {oh} had recommended to {me}",
    "When {I} asked who {company} were, {off} admitted it was [{ohis} own business|a firm {oh} had a stake in]",
]
