"""Sentence banks for complaint accounts.

Templates use the grammar in `grammar.py`. They are written "voice-neutral": the complainant is
`{I}`/`{me}`/`{my}` (rendered "I/me/my" in a first-person account, "she/her/her" in a case
worker's summary) and verbs are past tense or modal so either voice reads naturally. Banks marked
FIRST or THIRD are voice-specific. `{off}` is the accused, `{oh}/{ohim}/{ohis}` their pronouns.
"""

from __future__ import annotations

OPEN: dict[str, list[str]] = {
    "street_stop": [
        "{when} {time} {I} was [walking|making {my} way] [home|back from work|to the shop|to meet a friend|back from the gym] along {street} in {town} when [a police car pulled up beside {me}|{I} was stopped by {off1}|{off1} [called|shouted] {me} over]",
        "{when} {I} was [standing|waiting] {place} [with a couple of friends|on {my} own|waiting for a lift|having a cigarette] when [a marked van|a police car|an unmarked car] [pulled in|stopped beside {me}] and {off1} got out",
        "{time} {when} {I} was [cycling|walking {my} dog|on {my} way to work] [along|down|through] {street}, {town}, when {off1} [stepped out in front of {me}|told {me} to stop|waved {me} over]",
        "{I} had just left {venue} on {street} {when} {time} when {I} was stopped by {off1}",
        "This happened {when} {place} in {town}, where {I} was stopped [and questioned|and asked where {I} was going|for no reason that was ever explained to {me}]",
        "[Coming out of|Walking past] {venue} in {town} {when}, {I} was [approached|stopped|called over] by {off1} [who said {oh} wanted a word|for what {oh} called a routine check|and asked to explain {myself}]",
    ],
    "traffic_stop": [
        "{when} {time} {I} was driving {my} {car} along {street} [in|near|on the edge of] {town} when {I} was [pulled over|stopped|flagged down] by {off1}",
        "{I} was [signalled|told] to pull over on {road} {when} {time}[, apparently for a routine check| and was not told why| because {off1} said a brake light was out]",
        "{when} {I} was [driving home from work|taking {my} {rel} to the hospital|on {my} way to a job|dropping {my} {kid} at college] on {road} when a police car [followed {me} for about a mile|put its blue lights on behind {me}] and {I} pulled into {venue}",
        "{I} was stopped {time} {when} while driving {my} {car} through {town}[ with {my} {rel} in the passenger seat| on {my} own| after a long shift]",
        "The stop took place on {road} {when}; {I} was [driving|at the wheel of] {my} {car} and {off1} was in the police car behind",
    ],
    "home_attendance": [
        "{when} {time} officers came to {my} home on {street}, {town}[, after a neighbour called them|, about a noise complaint|, following a call about a disturbance|, looking for {my} {rel}]",
        "{I} called the police {when} because [{my} ex-partner had turned up at the house|someone was trying to get into {my} car|{my} neighbour was threatening {me}|there was a fight in the street outside] and {off1} [attended|came out] [about an hour later|some time later|within twenty minutes]",
        "{off1} knocked on {my} door on {street} {when} {time}[ saying they needed to speak to {my} {rel}| asking questions about a car parked outside| about an incident earlier that day]",
        "{when} police attended {my} [flat|house|mother's address] in {town} [following a 999 call|after {I} reported a break-in|because of a report of shouting]",
    ],
    "arrest": [
        "{I} was arrested {when} {place} in {town} [on suspicion of|for] {offence}",
        "{when} {time} {off1} arrested {me} [outside {my} home|{place}|in front of {my} {kid}] for {offence}[, which {I} strongly denied|, although {I} was later released without charge|]",
        "{I} was detained by {off1} {when} in {town} after [an argument with a door supervisor|a disagreement in a shop|being pointed out by a man {I} had never met]",
        "{when} {I} was [arrested|taken into custody] on {street}, {town}, [after a report that|because somebody claimed] {I} had been involved in {offence}",
    ],
    "custody": [
        "[Being held at {custody} {when}|{my} time at {custody} {when}|The night {I} spent at {custody} {when}] [was a horrible experience|was frightening|went badly from the start]",
        "[My|The] [night|hours|time] in custody at {custody} {when} [followed|came after] {my} arrest for {offence}",
        "After {my} arrest {when} {I} was taken to {custody}[ and booked in| where {I} was kept overnight| and held for several hours]",
        "{I} was [held|detained] at {custody} {when}[ following {my} arrest for {offence}|]",
        "While {I} was in custody at {custody} {when}, {off1} was [responsible for {my} cell|one of the staff on duty|the person who dealt with {me}]",
    ],
    "phone_call": [
        "{I} rang [101|999|the non-emergency number] {when} {time} to report [that {my} car had been broken into|a burglary at {my} address|that {my} neighbour was harassing {me}|a man acting suspiciously near the school|that {my} {kid} had not come home]",
        "{when} {I} [called|phoned] the police [because|as] [{my} ex was sending threatening messages|a group of youths were damaging cars on {street}|{I} had been assaulted {place}|{my} elderly mother had been scammed]",
        "[{I} contacted|{I} rang|{I} got through to] the [Force Contact Centre|control room|101 service] {when} [to chase up an earlier report|about a crime reference number|to report a hit and run on {street}]",
    ],
    "front_desk": [
        "[My visit to|When I called in at|Calling in at] {station} police station {when}, [to report|about] [a theft|a lost bag|harassment|a scam], [was a waste of time|went badly|did not go well]",
        "[At|Around|Just after] {clock} {when} {I} [walked into|queued at|arrived at] the enquiry office at {station} [to report|because of] [a stolen bike|an assault on {my} {rel}|a road rage incident]",
        "[{I} went to|{I} attended|{I} visited|{I} called in at] the front [counter|desk] at {station} police station {when} to [report a lost wallet|hand in documents|report a fraud|ask about {my} property|produce {my} driving documents]",
        "{when} {I} attended {station} station [with {my} {rel}|on {my} own|as {I} had been asked to] [to give a statement|to collect property|to report an assault]",
    ],
    "crime_followup": [
        "[Back|Around|Some time] {when} {I} reported [a burglary|a theft|an assault|criminal damage] and [{off1}|an officer, {off1},] [was given the case|took it on|said they would investigate]",
        "[My|The] [burglary|assault|harassment|fraud] case [was|had been] with {off1} since {I} reported it {when}",
        "[Ever since|Since] {I} [reported|first reported] [being assaulted|the burglary|the harassment] {when}, {off1} [has been|was] the [officer|investigator] responsible",
        "{I} reported [a burglary|a theft from {my} shed|a serious assault on {my} {kid}|ongoing harassment|a fraud against {my} elderly mother|criminal damage to {my} car] {when} and the case was [given|allocated] to {off1}",
        "Following {my} report of [domestic abuse|stalking|a burglary|a hate crime|a serious assault] {when}, {off1} was [assigned as the investigating officer|put in charge of the case|the officer dealing with it]",
        "[{I} was the victim in an investigation that began {when}, which {off1} was dealing with|The investigation into a crime against {me} began {when} and {off1} was dealing with it|{off1} was handling the case in which {I} was the victim, which started {when}]",
    ],
    "public_event": [
        "{I} was at [the match at Marlhaven Park|a protest in {town} town centre|the Harrowby summer fair|a gig at the Corn Exchange|the Bonfire Night event on the green] {when}[ with {my} {rel}| with friends| on {my} own]",
        "{when} there was a large police presence {place} in {town} because of [a football match|a demonstration|a festival|an incident nearby], and {I} was [trying to get home|with a group of friends|just passing through]",
    ],
    "off_duty": [
        "{when} {I} was [in|outside] [the Red Lion|a bar|the Kings Arms|the Mariners pub|a restaurant] in {town} when a {oman} {I} later found out was an off-duty police officer [started an argument with {my} {rel}|became aggressive|shouted abuse at us]",
        "{off1} lived [next door to {me}|on the same street as {me}|a few doors down from {me}] on {street}, {town}, and [there had been problems for months|there was a long-running dispute about parking|{oh} often told people {oh} was a police officer]",
        "{when} {I} was involved in a minor collision on {road} with a driver who turned out to be an off-duty police officer",
    ],
}

OPEN_FIRST = [
    "[Dear Sir or Madam|Dear Sir/Madam|To whom it may concern|Hello], I [wish|want|am writing] to [complain|make a complaint] about {off1} [and what happened|following an incident] {when}",
    "[Following|After] [what happened|the incident|my experience] {when}, I [want|wish|would like] to [make|lodge|register] a [formal |]complaint about {off1}",
    "My name is {cname_plain} and I [am complaining|want to complain|am making a complaint] about {off1}",
    "[Yesterday|Last week|Recently|A few weeks ago] I had [a very bad|an awful|a distressing] experience with {off1}[, {when}|] and I [want|would like] it [investigated|looked into]",
    "[I'm|I am] [really|very|extremely] [upset|angry|unhappy] about [the way I was treated by|how I was spoken to by] {off1} {when}",
    "I [wish|want|would like] to [make a complaint|complain] about [the way I was treated by|the conduct of|the behaviour of] {off1} {when}",
    "[I am writing to complain|I'm writing to complain|I write to complain|I am emailing to complain] about {off1} [following|after] what happened {when}",
    "[I am making this complaint|I'm complaining|I am contacting you|I am getting in touch] because of [how I was spoken to|how I was treated|what happened to me] {when} {place}",
    "[I have never complained about the police before|I've never made a complaint before|This is the first time I have ever complained about the police|I don't normally complain], but [what happened|the way I was treated] {when} was [unacceptable|disgraceful|completely wrong]",
    "[Please treat this as|Please accept this as|I would like this treated as|This email is] a formal complaint about {off1} and what happened {when}",
    "[This is|I am sending] a complaint about [one of your officers|a member of your staff], {off1}, [following what happened|after an incident] {when}",
]

OPEN_THIRD = [
    "{cname} complains about [the conduct of|the actions of|{my} treatment by] {off1} [during|following|after] {event_np} {when}",
    "This complaint [concerns|relates to] {event_np} {when} {time}",
    "The complainant, {cname}, [states|reports|alleges] that {I} was [treated unfairly|badly treated|not taken seriously] by {off1} [during|after] {event_np} {when}",
    "{cname} [has made a complaint|made contact with PSD|contacted Professional Standards] [about|regarding] {event_np} {when}",
    "[Complaint received via the online form|Online complaint|Complaint received by email|Email complaint|Complaint made in person at {station}|Complaint received by letter|Letter of complaint|Complaint referred by the IOPC|IOPC referral|Referred by the IOPC] [regarding|about] {event_np} {when}",
    "{cname}, [aged {age}|who lives in {town}|a resident of {street}], [is unhappy with|complains of] {my} treatment [during|after] {event_np} {when}",
]

EVENT_NP: dict[str, list[str]] = {
    "street_stop": ["a stop [on|in] {street}, {town}", "a stop {place} in {town}",
                    "a stop and account near {venue} in {town}"],
    "traffic_stop": ["a traffic stop on {road}", "a vehicle stop [on|in] {street}, {town}",
                     "a stop while {I} was driving through {town}"],
    "home_attendance": ["a police attendance at {my} home address",
                        "officers' attendance at {street}, {town}", "a call-out to {my} home"],
    "arrest": ["{my} arrest for {offence}", "{my} arrest {place}", "an arrest in {town}"],
    "custody": ["{my} detention at {custody}", "{my} time in custody at {custody}"],
    "phone_call": ["a call to [101|999|the contact centre]",
                   "{my} call to report [a burglary|an assault|harassment]"],
    "front_desk": ["a visit to the front counter at {station}",
                   "{my} attendance at {station} police station"],
    "crime_followup": ["the investigation of {my} reported [burglary|assault|harassment|fraud]",
                       "the handling of a crime {I} reported"],
    "public_event": ["the policing of [a football match|a protest|an event] in {town}"],
    "off_duty": ["an incident involving an off-duty officer in {town}",
                 "the behaviour of an off-duty officer {place}"],
}

CIRC: dict[str, list[str]] = {
    "street_stop": [
        "{off} asked {me} [where {I} was going|what {I} was doing in the area|for {my} name and address|if {I} had anything on {me} {I} should not have]",
        "There were [two|three] officers and [one of them|{off}] did most of the talking",
        "{I} explained that {I} [lived nearby|was on {my} way home from work|was waiting for {my} {rel}], but {off} did not seem interested",
        "{off} said {I} matched the description of [someone involved in a robbery|a person seen trying car doors|someone wanted for an assault], which {I} did not",
        "It was [dark|raining|busy] and there were people [watching|walking past|filming on their phones]",
    ],
    "traffic_stop": [
        "{off} [asked for|demanded] {my} licence and insurance details and [walked round the car|shone a torch into the back seat|checked the tyres]",
        "{I} was [told|informed] that {my} car had [flagged on ANPR|been seen driving erratically|no insurance showing on the system], which was [wrong|not true|a mistake]",
        "{I} [stayed|remained] in the driver's seat [as instructed|with {my} hands on the wheel] while {off} [ran checks|spoke on the radio]",
        "The stop lasted [about twenty minutes|well over half an hour|nearly an hour] [and {I} was late for work|and {my} {rel} was getting upset|in the pouring rain]",
    ],
    "home_attendance": [
        "{off} [came into|walked into|pushed into] the [hallway|kitchen|living room] [without being invited|before {I} could say anything|while {I} was still talking]",
        "{my} {kid} was in the house at the time and [heard everything|was very frightened|was crying]",
        "{I} tried to explain [what had happened|that the man outside was the problem|that {I} had called for help], but {off} [kept interrupting|would not listen|told {me} to calm down]",
    ],
    "arrest": [
        "{I} was [handcuffed|put in handcuffs] [straight away|in the street|in front of {my} neighbours] and told {I} was being arrested for {offence}",
        "{I} asked [several times|more than once] why {I} was being arrested and [was not given a proper answer|was told {I} would find out at the station]",
        "{I} was [taken|driven] to {custody} in the back of a van",
    ],
    "custody": [
        "{I} was [kept|left] in a cell for [over twelve hours|most of the night|about eight hours] [without being told what was happening|before being interviewed|with no blanket]",
        "{I} [asked|pressed the buzzer] for [water|a solicitor|{my} medication|a phone call] [several times|repeatedly] [but nobody came|and was ignored]",
        "The custody [sergeant|staff] [booked {me} in|read {me} {my} rights] in a hurry and {I} did not understand everything that was said",
    ],
    "phone_call": [
        "{I} was [kept on hold|waiting] for [over forty minutes|nearly an hour|a long time] before anyone answered",
        "{I} gave [all {my} details|the registration of the car|a description of the man] and was [told|promised] that someone would [call {me} back|attend that evening|be in touch within 24 hours]",
        "{I} [called back|rang again] [the next morning|two days later|several times that week] because nobody had come",
    ],
    "front_desk": [
        "There was a queue and {I} [waited|had to wait] [about forty minutes|over an hour] to be seen",
        "{I} explained why {I} was there and [handed over|showed] [the paperwork|{my} ID|the letter {I} had been sent]",
    ],
    "crime_followup": [
        "{I} was [given|sent] a crime reference number and [told|assured] the case would be [investigated properly|looked into|followed up]",
        "[Weeks|Months|Several weeks] went by [without any update|and {I} heard nothing|with no contact at all]",
        "{I} [gave|provided] [CCTV footage|the names of witnesses|screenshots of the messages|details of the suspect] [straight away|at the time|the same week]",
    ],
    "public_event": [
        "There were [dozens of|a lot of|several] officers [lining the street|on horseback|in riot vans] and the atmosphere was [tense|calm until then|rowdy]",
        "{I} was trying to [get past|leave|find {my} {rel}] when [the crowd surged|people started pushing|a line of officers blocked the road]",
    ],
    "off_duty": [
        "{off} had clearly been drinking and was [slurring|unsteady on {ohis} feet|very loud]",
        "[Several|A number of] people [saw what happened|filmed it|tried to calm things down]",
    ],
}

CONDUCT: dict[str, list[str]] = {
    "Use of force": [
        "[Without warning|For no reason|Before {I} could say anything], {off} [grabbed {me} by the [arm|collar|neck]|pushed {me} [hard|] against [a wall|the car|the railings]|took {me} to the ground]",
        "{off} [twisted|wrenched|yanked] {my} arm [up behind {my} back|so hard {I} thought it would break] [even though {I} was not resisting|while {I} was telling {ohim} it hurt|and {I} screamed in pain]",
        "The handcuffs were put on [far too tight|very tightly] and when {I} [said|complained] they were hurting, {off} [tightened them further|laughed|told {me} to stop moaning]",
        "{off} [knelt|put {ohis} knee] on {my} [back|neck|head] [for what felt like minutes|while {I} was face down on the pavement|even after {I} was handcuffed]",
        "{I} was [sprayed with PAVA|sprayed in the face] [from close range|without any warning|while {I} had {my} hands up]",
        "{off} [drew|pointed] a Taser at {me} [and shouted at {me} to get down|in front of {my} {kid}|even though {I} was [sitting down|holding nothing]]",
        "[While {I} was being put in the van|As {I} was being put into the police car|At the station], {my} head was [banged|struck] against the [door frame|roof of the car|doorway]",
        "{off} [punched|struck] {me} [in the face|in the ribs|on the back of the head] [at least once|twice|several times]",
        "{I} was [dragged|pulled] [along the ground|out of the car|across the cell floor] by {off}",
        "{I} was left with {injury} and had to [go to A&E|see {my} GP|take time off work] afterwards",
        "{I} [asked|begged] for medical help [because {I} could not breathe properly|because {my} wrist was swelling|for the cut on {my} head] but {off} [ignored {me}|said {I} was putting it on|told {me} {I} would be seen at the station]",
        "The force used was [completely|totally] out of proportion to [the situation|what was happening|anything {I} had done]",
        "{off} [shoved|pushed] {me} so hard that {I} [fell backwards|lost {my} balance] [onto the kerb|into the road|down two steps]",
        "{off} used a [leg sweep|takedown] on {me} and {I} landed [on {my} face|on the concrete|against a parked car]",
    ],
    "Incivility": [
        "{off} [swore at {me}|called {me} a [\"muppet\"|\"waste of space\"|\"joke\"|\"clown\"]|told {me} to [\"shut up\"|\"get a life\"|\"stop whining\"]]",
        "{off} was [rude|sarcastic|dismissive|condescending] [from the moment {oh} arrived|throughout|the whole time] and [rolled {ohis} eyes|laughed|sighed] when {I} tried to explain",
        "When {I} asked for {ohis} [name|collar number|badge number], {off} [refused to give it|told {me} to work it out|pointed at {ohis} shoulder and walked off]",
        "{off} [shouted at {me}|raised {ohis} voice|spoke to {me} like a child] in front of [{my} neighbours|other customers|{my} {kid}]",
        "{off} said [{I} was wasting police time|this was not a police matter|{I} should be grateful {oh} had even turned up]",
        "{off} [made fun of|mocked|laughed at] [{my} accent|the way {I} was dressed|{my} car|{my} situation][ with {ohis} colleague|]",
        "{off}'s attitude was [appalling|unprofessional|arrogant] and {I} felt [belittled|humiliated|like a criminal]",
        "At one point {off} [said|muttered] \"[I haven't got time for this|Are you for real|Not this again]\" [and walked away|before turning {ohis} back on {me}]",
        "{off} told {me} to [\"go home and sober up\"|\"stop being hysterical\"|\"grow up\"] although {I} [had not been drinking|was perfectly calm|was only asking a question]",
    ],
    "Discriminatory behaviour": [
        "{off} [made a comment about|brought up] {my} [race|religion|skin colour|headscarf|accent] [and said|, saying] [people like {me} were always trouble|\"you lot\" were all the same|{I} should go back to where {I} came from]",
        "{I} was [sure|certain|convinced] that {I} was [stopped|treated differently|singled out] because of {my} [race|ethnicity|religion|disability|sexuality|nationality]",
        "Other people [in the same situation|nearby|who were white] were not [stopped|spoken to|searched], only {me}",
        "{off} [refused to|would not] [wait for|arrange] an interpreter [even though|although] {I} [struggled with English|asked for one]",
        "{off} [mocked|imitated|laughed at] {my} [wheelchair|stammer|hearing aid|walking stick|learning disability]",
        "{off} used [a racial slur|an offensive word about {my} religion|a homophobic slur] [under {ohis} breath|loudly|when {oh} thought {I} could not hear]",
        "When {I} [raised|mentioned] that {I} felt this was discrimination, {off} [laughed|said {I} was playing the race card|told {me} not to be ridiculous]",
        "{off} [assumed|said] that {I} [could not own a car like that|must be in the country illegally|must be on drugs] [because of how {I} looked|without any reason]",
    ],
    "Improper search": [
        "{off} searched {me} [under section 23 of the Misuse of Drugs Act|for drugs|for weapons] [without giving any reason|without telling {me} the grounds|without explaining why]",
        "{I} was not given a [record|receipt|copy of the search record] or told how to get one",
        "{off} [put {ohis} hands in|went through] {my} [pockets|bag|waistband] [in the middle of the street|in full view of passers-by|outside {venue}]",
        "{off} searched {my} car [without {my} permission|and left it in a mess|and pulled out the seats] but found nothing",
        "{off} [came into|searched] {my} [house|bedroom|flat] without a warrant [and would not say why|, claiming {oh} did not need one]",
        "{I} was made to [take off {my} shoes and socks|lift {my} top|remove {my} jacket] on the pavement",
        "{off} searched {my} {kid} [without an appropriate adult|without contacting {me}|in front of friends]",
        "The search [took about fifteen minutes|went on for ages] and nothing was found",
        "{off} said {oh} could smell cannabis, [which was not true|although there was none|but nobody had been smoking]",
    ],
    "Handling of property": [
        "{my} [phone|laptop|bike|car keys|wallet] was [seized|taken] [when {I} was arrested|during the search|as evidence] and [was never returned|was not returned for months|came back broken]",
        "When {my} property was returned, [£{cash}|some cash|{my} bank card|a gold chain|{my} watch] was missing",
        "{off} [did not record|failed to list] [all the items|{my} money|{my} jewellery] [on the property form|in the property log]",
        "[During the search|When officers searched the house], [{my} door was broken|a TV was knocked over|drawers were emptied onto the floor] and nobody [offered to pay|apologised|left a note]",
        "{I} was told [three different stories|{my} property had been destroyed|nobody knew where it was] when {I} [asked about|chased] it",
        "{I} was [told|informed] {I} would need to collect {my} property from {station} but when {I} [went|arrived] there was no record of it",
        "{off} took {my} [phone|laptop|car] [saying it was needed|claiming it was] [as evidence|for examination] but [never gave {me} a receipt|it was never logged]",
    ],
    "Corruption / abuse of position": [
        "{off} [hinted|suggested] that [things could be made easier|the matter could go away] if {I} [helped {ohim} out|did {ohim} a favour|gave {ohim} information about people on the estate]",
        "{off} [told|advised] {me} to [drop|withdraw] {my} [complaint|statement] [because it would only cause {me} problems|or {oh} would make {my} life difficult]",
        "{I} later found out that {off} was [friends with|related to|a regular drinking partner of] the [man|person] {I} had reported, which [would explain|explained] why nothing was done",
        "{off} showed {ohis} warrant card at {venue}, where {I} was working, and [demanded|expected] [free food|a discount|to be served first]",
        "{off} [passed on|gave] details of {my} [report|statement] to [the suspect|the person {I} had reported|a friend of the suspect]",
        "{I} felt the [investigation|case] was [closed|dropped] [as a favour to someone|because {off} knew the suspect]",
        "{off} [used|relied on] {ohis} position to [settle a personal dispute with {me}|put pressure on {me} over a debt|threaten {my} {rel}]",
    ],
    "Neglect of duty": [
        "Nobody [came out|attended|got back to {me}] despite [{me} being told they would|several calls|the urgency of the situation]",
        "{off} [did not take|refused to take] a statement [from {me}|from the witnesses|at the scene] and [did not look at|ignored] the [CCTV|doorbell footage|evidence {I} had]",
        "{my} case was [closed|filed|marked no further action] [without anyone speaking to {me}|without the suspect being interviewed|within a week] and {I} only found out [by letter|when {I} rang up|from a text message]",
        "{off} [promised|said {oh} would] [ring {me} back|update {me} weekly|visit the next day] but [never did|did not|nobody ever came]",
        "When {I} [chased|followed it up], {I} was [passed between departments|told {off} was on leave|told the case had been reassigned] and [nobody could tell {me} anything|no one took responsibility]",
        "{off} [lost|misplaced] [the statement {I} gave|the footage {I} provided|{my} witness details] and {I} had to [provide it again|start from scratch]",
        "Despite {me} reporting [threats to kill|that he had a knife|that {I} was frightened for {my} life], no risk assessment was done and nobody checked on {me}",
        "{off} told {me} [there was nothing they could do|it was a civil matter|to stop wasting {ohis} time] [without looking into it|even though there was clear evidence]",
        "It took [three weeks|over a month|more than four hours|two days] for anyone to [contact {me}|attend|look at the evidence]",
    ],
    "Data misuse": [
        "{off} [seemed to know|knew] things about {me} that {oh} could only have got from police systems, such as [{my} previous address|{my} old conviction|{my} {rel}'s details]",
        "{I} [found out|was told] that {off} had [passed {my} new address to {my} ex-partner|told people on the estate about {my} report|shared details of {my} case with a friend]",
        "{off} [looked up|checked] {my} [record|details|car] [without any reason|for personal reasons|after a disagreement with {me}]; {I} knew this because [{oh} mentioned it|a colleague of {ohis} let it slip]",
        "Details of {my} [statement|complaint|medical history] [appeared on Facebook|were being talked about at the school gates|were sent to the wrong person]",
        "{off} [showed|read out] [{my} record|information about {me}] to [{ohis} friends|people at the pub|a neighbour]",
        "{off} used the number {I} had given for {my} statement to contact {me} about [a private matter|something unrelated|a friend of {ohis}]",
    ],
    "Sexual misconduct": [
        "{off} [made comments about|commented on] {my} [appearance|body|clothes] that made {me} [feel very uncomfortable|feel sick|want to leave]",
        "{off} [asked for|took] {my} [phone number|Instagram|Snapchat] [saying it was for the paperwork|for no reason|at the end of the conversation]",
        "[Later that evening|A few days later|The next week], {I} [received|got] [messages from {off} that had nothing to do with the case|a friend request from {off}|a text from {off} asking {me} out|messages from {off} with winking faces]",
        "During the search {off} [touched|brushed against] {me} in a way that [was not necessary|felt deliberate|made {me} freeze]",
        "{off} [stood too close|kept touching {my} arm|leaned into the car] and [called {me} \"darling\"|winked at {me}|said {I} was pretty]",
        "{off} suggested that {I} [could get off|would not be charged] if {I} [went for a drink with {ohim}|was \"nice\" to {ohim}]",
        "{off} [turned up|came round] at {my} [house|flat] [off duty|out of uniform|late at night] [saying {oh} was just checking on {me}|with no reason to be there]",
    ],
    "Off-duty conduct": [
        "{off} [pushed|shoved|squared up to] {my} {rel} and [said|shouted] \"[Do you know who I am|I'm a copper, I can do what I like|I'll have you nicked]\"",
        "{off} [showed|waved] {ohis} warrant card [and said {oh} would have us arrested|to try to get out of trouble|to the door staff]",
        "{off} was [abusive|aggressive|threatening] towards [{me}|the bar staff|other customers] and [had to be asked to leave|was thrown out|would not calm down]",
        "After the collision {off} [refused to exchange details|drove off|blamed {me}] and told {me} {oh} [was police and {I} would regret it|would make sure {I} was prosecuted]",
        "{off} [posted|shared] [offensive|abusive] comments about {me} on [Facebook|a local community group|social media]",
        "{off} [regularly parked across {my} drive|played loud music late at night|threatened {me} over a boundary fence] and [said|told {me}] {oh} [was the police|knew people]",
    ],
    "Unlawful arrest or detention": [
        "{I} was arrested [for no reason|without being told why|on the word of someone who had a grudge against {me}] and [released without charge the next day|held for over twelve hours|never interviewed]",
        "{off} [did not tell {me}|never explained] [why {I} was being arrested|the reason for the arrest|what {I} was suspected of] [until {I} got to the station|at any point]",
        "{I} was [kept|held] in custody [far longer than necessary|for hours after {my} interview|overnight] [even though|although] [the CCTV showed {I} had done nothing|the victim had withdrawn the allegation]",
        "{I} was [not allowed|refused] [a solicitor|a phone call|to tell anyone where {I} was] [for hours|until the next morning]",
        "{off} [detained|took] {me} under section 136 [when {I} was not in a public place|although {I} was calm and at home|without any assessment]",
        "The arrest was [unnecessary|unlawful|heavy-handed] as {I} had [offered to attend voluntarily|already given a statement|done nothing wrong]",
    ],
}

# Conduct on the phone (call handlers, dispatchers) replaces the in-person banks for these.
CONDUCT_PHONE: dict[str, list[str]] = {
    "Incivility": [
        "{off} was [abrupt|rude|impatient] and [talked over {me}|kept sighing|put the phone down on {me}]",
        "{off} told {me} [{I} was wasting their time|to stop ringing|that it was not an emergency] [in a very rude tone|and ended the call]",
        "{off} [laughed|was sarcastic] when {I} [explained what had happened|said {I} was frightened|gave {my} address]",
    ],
    "Neglect of duty": [
        "{off} [graded the call as non-urgent|did not send anyone|told {me} to call back in the morning] [even though|despite the fact that] [the man was still outside|{I} said {I} was scared|{my} {kid} was missing]",
        "{I} was [cut off|disconnected|put on hold] [twice|several times] and had to start again each time",
        "{off} [took the wrong address|recorded the wrong details|did not pass on the information] and officers [went to the wrong street|never arrived]",
    ],
    "Discriminatory behaviour": [
        "{off} [kept asking {me} to repeat {myself}|mocked {my} accent|said {I} should learn proper English] [and then ended the call|while {I} was trying to report the crime]",
        "{off} [asked|wanted to know] whether {I} was [\"from round here\"|in the country legally] [before|instead of] taking {my} report",
    ],
    "Data misuse": [
        "{off} [read out|disclosed] [{my} address|details of {my} previous calls] [to the caller|to someone else on the line|in a way that others could hear]",
    ],
}

MULTI = [
    "{off2} [stood by and did nothing|watched|joined in] [while this happened|as {off} did this|and laughed]",
    "There were two officers involved, {off} and {off2}[, who was driving|, who seemed to be in charge|]",
    "{off2} [backed up|supported] everything {off} said and [refused to|would not] [give any details|intervene]",
    "When {I} complained at the scene, {off2} told {me} to [\"make a complaint then\"|calm down or {I} would be arrested too]",
    "Both officers [were rude|were laughing|behaved in the same way] and neither [intervened|tried to stop it]",
]

IMPACT = [
    "{I} was left [shaking|in tears|badly shaken|humiliated] [for hours afterwards|by the whole experience|and could not sleep that night]",
    "{my} {kid} [saw|witnessed] [everything|the whole thing|it] and has been [upset|frightened of the police|having nightmares] since",
    "This [incident|experience|whole episode] [has left|left] {me} [anxious|afraid to go out|with no trust in the police]",
    "{I} had to take [two days|a week|time] off work because of [{my} injuries|the stress|what happened]",
    "{I} [never expected|did not expect] to be treated like that by the police",
    "It was [deeply|really|very] [embarrassing|humiliating|upsetting] [to be treated like this|in front of {my} neighbours|in a public place]",
    "{I} had [always supported the police|been brought up to respect the police|been a special constable years ago], which made this [worse|even harder]",
]

ASK = [
    "{I} would like [an apology|a written apology|an explanation|to know why {I} was treated like this]",
    "{I} would like {off} to be [spoken to|held accountable|retrained|disciplined][ so this does not happen to anyone else| for what {oh} did|]",
    "{I} would like the [body-worn|bodycam] footage to be [looked at|reviewed|kept] [as it will show what really happened|as evidence]",
    "{I} would like [{my} property returned|compensation for the damage|the record of {my} arrest removed] [as soon as possible|without further delay]",
    "{I} would like [someone|a senior officer] to [look into this properly|contact {me}|explain what went wrong]",
    "{I} would not want anyone else to go through [what {I} went through|the same thing|this]",
]

FIRST_EXTRA = [
    "I am still [having|getting] [nightmares|flashbacks] about it",
    "I feel [let down|humiliated|that I was treated like a criminal]",
    "I have lost [all|any] faith in the police[ after this|]",
    "I want this [investigated properly|taken seriously|looked at by someone independent]",
    "I can provide [photos|the names of witnesses|a copy of the messages] if needed",
    "I am happy to be contacted on the number I have given",
]

INFORMAL_EXTRA = [
    "honestly it was a joke from start to finish",
    "i just want someone to actually listen for once",
    "this isnt the first time ive had problems with [them|the police round here]",
    "i was only trying to help and ended up being treated like the criminal",
    "my [mum|partner|mate] couldnt believe it when i told them",
]

NOTES = [
    "Body-worn video has been [requested|secured|reviewed] [for all attending officers|from {off}|and is being assessed]",
    "CCTV from {venue} [has been requested|was not retained|has been obtained]",
    "The complainant [has provided|provided] [photographs of the injuries|a copy of the messages|the names of two witnesses|a medical report]",
    "[Initial|An initial] assessment [suggests|indicates] the matter [is suitable for handling otherwise than by investigation|should be subject to local investigation|requires a PSD investigation]",
    "The complainant was [offered|contacted about] [a meeting|a call with the appropriate authority|an update] on {later_date}",
    "Command and control log {cad} [shows|confirms] [the time of the call|that officers were dispatched at {clock}|that the call was graded as routine]",
    "The complainant had previously complained [in {year}|about an unrelated matter]; that complaint is [not linked|closed]",
    "[There is no|No] body-worn video [available|recorded] [as the camera was not activated|for this incident]",
    "Officer [account|accounts] [to be obtained|requested|received] [from {off}|]",
    "[This complaint was recorded under Schedule 3|Recorded under Schedule 3 of the Police Reform Act 2002] [on {later_date}|]",
]

# wrappers for a case worker's first sentence (no "further", "adds", …)
WRAP_HEAD = [
    "{cname} states that ", "{cname} reports that ", "{cname} alleges that ", "{cname} says that ",
    "According to {cname}, ", "In [an email|a letter|an online complaint|a phone call] to PSD, {cname} [says|states|explains] that ",
    "{cname} [has complained|complains] that ", "[Summary of complaint|Complaint summary|Account]: ",
    "[The complainant|{cname}] [contacted|wrote to|phoned] PSD on {later_date} [and|,] [states|reports] that ",
    "The complainant states that ", "The complainant reports that ",
]

WRAP_THIRD = [
    "{cref} states that ", "{cref} says that ", "{cref} alleges that ", "{cref} reports that ",
    "{cref} further states that ", "According to {cref}, ", "{cref} describes how ",
    "{cref} explains that ", "{cref} claims that ", "It is alleged that ", "{cref} adds that ",
    "{I} says ", "{I} goes on to say that ", "{I} also states that ",
]

INJURY = ["[bruising|deep marks] to {my} wrists", "a cut above {my} eye", "a sprained wrist",
          "bruised ribs", "a swollen cheek", "grazes down one side of {my} face", "a chipped tooth",
          "a black eye", "a dislocated finger", "a lump on the back of {my} head"]

OFFENCES = ["assault", "criminal damage", "theft", "a public order offence",
            "possession of cannabis", "drink driving", "harassment", "shoplifting",
            "obstructing a police officer", "being drunk and disorderly", "burglary",
            "possession of an offensive weapon"]

RELATIONS = ["partner", "husband", "wife", "son", "daughter", "brother", "sister", "friend", "mum",
             "dad", "cousin", "flatmate", "neighbour", "boyfriend", "girlfriend"]

# Which settings suit which complaint category (and which staff roles can be accused).
CATEGORY_SETTINGS: dict[str, tuple[str, ...]] = {
    "Use of force": ("street_stop", "arrest", "custody", "home_attendance", "public_event"),
    "Incivility": ("street_stop", "traffic_stop", "home_attendance", "front_desk",
                   "crime_followup", "custody"),
    "Discriminatory behaviour": ("street_stop", "traffic_stop", "home_attendance", "custody",
                                 "crime_followup"),
    "Improper search": ("street_stop", "traffic_stop", "home_attendance", "arrest"),
    "Handling of property": ("arrest", "custody", "home_attendance", "street_stop", "front_desk"),
    "Corruption / abuse of position": ("traffic_stop", "street_stop", "crime_followup",
                                       "home_attendance"),
    "Neglect of duty": ("crime_followup", "home_attendance", "front_desk", "phone_call"),
    "Data misuse": ("crime_followup", "off_duty", "home_attendance"),
    "Sexual misconduct": ("traffic_stop", "home_attendance", "crime_followup", "custody",
                          "street_stop"),
    "Off-duty conduct": ("off_duty",),
    "Unlawful arrest or detention": ("arrest", "street_stop", "home_attendance", "custody"),
}
