"""Lessons contacts told the user: documented stories, retold faithfully.

They come in families that share a problem shape across domains (checklists in
aviation and surgery; pit stops and hospital handovers; supermarket restocking and
just-in-time production; nature's designs in trains and buildings), so that the
far-analogy search has true positives to find.  ``teller`` is the industry of the
contact who told the story; the generator picks such a contact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class LessonText:
    key: str
    teller: str
    title: str
    context: str
    what_happened: str
    takeaway: str
    kind: Literal["success", "failure"]
    domain: str
    tags: tuple[str, ...]


def _l(
    key: str,
    teller: str,
    title: str,
    context: str,
    what_happened: str,
    takeaway: str,
    kind: Literal["success", "failure"],
    domain: str,
    *tags: str,
) -> LessonText:
    return LessonText(key, teller, title, context, what_happened, takeaway, kind, domain, tags)


LESSONS: tuple[LessonText, ...] = (
    _l(
        "boeing-299-checklist",
        "aviation",
        "The crash that invented the pilot's checklist",
        "In October 1935 Boeing's Model 299, the prototype of the B-17, flew a demonstration "
        "for the US Army Air Corps at Wright Field, Ohio. It was far more complex than earlier "
        "aircraft.",
        "It stalled and crashed shortly after take-off; the experienced test pilot had left the "
        "gust lock on the control surfaces engaged. Rather than demand more training, test "
        "pilots wrote short step-by-step checklists for take-off, flight and landing, and the "
        "aircraft went on to fly a very large number of miles without a serious accident.",
        "When a task outgrows one expert's memory, a short checklist beats more training.",
        "success",
        "aviation",
        "checklists",
        "complexity",
        "human error",
    ),
    _l(
        "who-surgical-checklist",
        "healthcare",
        "A nineteen-item checklist in eight operating theatres",
        "The WHO Safe Surgery Saves Lives programme tested a 19-item surgical safety checklist "
        "in eight hospitals in eight cities, from Toronto to Ifakara (Haynes et al., NEJM 2009).",
        "Teams paused before anaesthesia, before incision and before the patient left the room "
        "to confirm identity, site, antibiotics, expected blood loss and to introduce "
        "themselves by name. The death rate fell from 1.5% to 0.8% and inpatient complications "
        "from 11% to 7%.",
        "A pause where everyone introduces themselves makes it easier for the most junior "
        "person to speak up later.",
        "success",
        "healthcare",
        "checklists",
        "surgery",
        "teamwork",
        "speaking up",
    ),
    _l(
        "keystone-central-lines",
        "healthcare",
        "Five steps against central-line infections",
        "Peter Pronovost's team at Johns Hopkins listed five evidence-based steps for inserting "
        "a central venous catheter, from hand washing to full barrier precautions.",
        "In the Keystone ICU project across Michigan intensive care units, nurses were "
        "empowered to stop a doctor who skipped a step. Catheter-related bloodstream infections "
        "fell by about two thirds within eighteen months (Pronovost et al., NEJM 2006).",
        "A checklist only works if the person watching it has the authority to stop the work.",
        "success",
        "healthcare",
        "checklists",
        "infection control",
        "authority gradient",
    ),
    _l(
        "ferrari-pit-stop",
        "automotive",
        "Twenty people, two seconds",
        "A Formula 1 pit stop changes four tyres and sends the car back out in a few seconds, "
        "with around twenty crew members around the car.",
        "Each crew member has exactly one job, one position and one signal; the sequence is "
        "rehearsed hundreds of times a season and every stop is reviewed on video. A single "
        "person, the lollipop man and later a light system, decides when the car may leave.",
        "Speed under pressure comes from choreography and one clear leader, not from people "
        "hurrying.",
        "success",
        "motorsport",
        "handover",
        "choreography",
        "teamwork",
    ),
    _l(
        "gosh-handover",
        "healthcare",
        "What a children's hospital learned from Ferrari's pit crew",
        "At Great Ormond Street Hospital in London, children were moved from cardiac surgery to "
        "intensive care in a handover that was noisy and unstructured; surgeons Martin Elliott "
        "and Allan Goldman noticed the similarity with a pit stop while watching Formula 1.",
        "They studied the Ferrari pit crew and aviation practice, then redesigned the "
        "handover: the anaesthetist leads, equipment and monitoring are transferred first in a "
        "fixed order, and only then is information handed over while everyone listens. In the "
        "published evaluation (Catchpole et al., 2007) technical errors and information "
        "omissions both fell by roughly 40 to 50 per cent.",
        "Separate the physical handover from the information handover, and give one person "
        "the lead.",
        "success",
        "healthcare",
        "handover",
        "cross-industry learning",
        "patient safety",
    ),
    _l(
        "ohno-supermarket",
        "manufacturing",
        "Toyota's production line, inspired by a supermarket",
        "Taiichi Ohno, who built the Toyota Production System, was struck by how American "
        "supermarkets worked when he studied them in the 1950s.",
        "A customer takes what they need from the shelf and the store refills only what was "
        "taken. Ohno applied the same pull logic between processes: each step takes parts from "
        "the one before, and a kanban card signals what to make next, so nothing is produced "
        "before it is needed.",
        "Let consumption, not a forecast, trigger replenishment.",
        "success",
        "manufacturing",
        "just-in-time",
        "kanban",
        "pull system",
        "inventory",
    ),
    _l(
        "supermarket-replenishment",
        "retail",
        "The shelf is the order form",
        "A grocery chain's stores ran out of fast movers on Saturdays even though the "
        "warehouse was full; orders were placed weekly from a central forecast.",
        "The chain moved to daily replenishment driven by till data: what was sold yesterday "
        "is what is shipped tonight, with store staff adjusting for weather and local events. "
        "Back-room stock shrank and empty shelves became rarer.",
        "Short, frequent replenishment from real sales beats a better forecast.",
        "success",
        "retail",
        "replenishment",
        "pull system",
        "inventory",
    ),
    _l(
        "andon-cord",
        "manufacturing",
        "Anyone may stop the line",
        "On Toyota assembly lines any worker can pull the andon cord when they see a problem.",
        "A team leader arrives within seconds; if the problem cannot be fixed within the "
        "station's cycle the line stops. Stopping feels expensive, but defects are fixed where "
        "they start instead of being found at the end of the line.",
        "Make it cheap and safe for the person closest to a problem to stop the work.",
        "success",
        "manufacturing",
        "andon",
        "quality",
        "speaking up",
    ),
    _l(
        "virginia-mason",
        "healthcare",
        "A hospital that borrowed the andon cord",
        "In 2002 Virginia Mason Medical Center in Seattle, under Gary Kaplan, adopted the "
        "Toyota Production System and sent its leaders to Japanese factories.",
        "It introduced a Patient Safety Alert: any staff member who sees a risk to a patient "
        "can stop the process, and leaders respond immediately. Reports rose sharply, which "
        "the hospital treated as a sign of trust rather than of worse care.",
        "A rise in reported problems can mean people finally feel safe to report.",
        "success",
        "healthcare",
        "andon",
        "lean healthcare",
        "patient safety",
    ),
    _l(
        "united-173",
        "aviation",
        "The flight that ran out of fuel while fixing a light",
        "In December 1978 United Airlines Flight 173 circled near Portland, Oregon while the "
        "crew worked on a landing gear indication problem.",
        "The captain stayed focused on the gear; the flight engineer and first officer "
        "mentioned the fuel but did not press it. The aircraft ran out of fuel and crashed, "
        "killing ten people. The investigation led to crew resource management training, "
        "which teaches crews to share workload and junior members to challenge clearly.",
        "Someone in the room must own the big picture while others fix the urgent problem.",
        "failure",
        "aviation",
        "crew resource management",
        "fixation",
        "speaking up",
    ),
    _l(
        "bromiley",
        "healthcare",
        "Can't intubate, can't ventilate",
        "In 2005 Elaine Bromiley went into hospital for routine sinus surgery. Her airway "
        "could not be secured after anaesthesia.",
        "Experienced doctors kept trying to intubate for many minutes; nurses had fetched a "
        "tracheostomy kit but did not feel able to insist. She suffered brain damage and died "
        "days later. Her husband Martin, an airline pilot, pushed for human-factors training "
        "in healthcare and founded the Clinical Human Factors Group.",
        "Under stress experts lose track of time; a role whose job is to watch the clock and "
        "raise the alternative saves lives.",
        "failure",
        "healthcare",
        "human factors",
        "fixation",
        "speaking up",
    ),
    _l(
        "kodak-digital",
        "media",
        "Kodak invented the digital camera",
        "In 1975 Kodak engineer Steve Sasson built the first digital camera: it recorded a "
        "0.01-megapixel black-and-white image to a cassette tape in about 23 seconds.",
        "Management saw a threat to the film business and kept the technology at arm's length. "
        "Kodak later held key digital patents but filed for bankruptcy in 2012 after film "
        "demand collapsed.",
        "Inventing the future is not enough if your business model is paid by the present.",
        "failure",
        "media",
        "disruption",
        "business model",
    ),
    _l(
        "knight-capital",
        "finance",
        "A forgotten server and $440 million in 45 minutes",
        "On 1 August 2012 Knight Capital deployed new trading code for the NYSE's Retail "
        "Liquidity Program.",
        "The code was copied to seven of eight servers. On the eighth, a reused flag woke up "
        "old, dead 'Power Peg' code, which sent millions of orders into the market. Knight lost "
        "about $440 million in 45 minutes and had to be rescued.",
        "Automate deployments and delete dead code: a manual step and a reused flag can sink "
        "a company.",
        "failure",
        "finance",
        "deployment",
        "dead code",
        "automation",
    ),
    _l(
        "mars-climate-orbiter",
        "aviation",
        "Lost in unit conversion",
        "NASA's Mars Climate Orbiter reached Mars in September 1999 after a nine-month flight.",
        "Ground software supplied by one team reported thruster impulse in pound-force "
        "seconds; the navigation team's software expected newton-seconds. The trajectory "
        "errors accumulated unnoticed and the spacecraft was lost in the Martian atmosphere.",
        "Every interface between teams needs an explicit contract, units included.",
        "failure",
        "aerospace",
        "interfaces",
        "units",
        "integration",
    ),
    _l(
        "container-standard",
        "logistics",
        "The box that made trade cheap",
        "In April 1956 trucking entrepreneur Malcom McLean sent the Ideal X from Newark to "
        "Houston carrying 58 truck-sized containers.",
        "Loading cost fell from about $5.86 a ton for loose cargo to roughly 16 cents. The "
        "benefits only came fully after the industry agreed on standard container sizes and "
        "corner fittings, so any crane, ship and truck could handle any box.",
        "A shared interface standard can be worth more than any single better machine.",
        "success",
        "logistics",
        "standards",
        "interfaces",
        "scale",
    ),
    _l(
        "snow-broad-street",
        "public sector",
        "A map and a pump handle",
        "In 1854 cholera killed hundreds of people around Broad Street in London's Soho; the "
        "prevailing theory blamed bad air.",
        "John Snow plotted deaths on a map, found they clustered around one water pump and "
        "noted exceptions, such as brewery workers who drank beer. He persuaded the parish to "
        "remove the pump handle.",
        "Put the data where the decision-makers can see the pattern, exceptions included.",
        "success",
        "public health",
        "data visualisation",
        "epidemiology",
        "evidence",
    ),
    _l(
        "semmelweis",
        "healthcare",
        "Right, and ignored",
        "In 1847 Ignaz Semmelweis noticed that mothers in the Vienna maternity clinic staffed "
        "by doctors died of childbed fever far more often than in the midwives' clinic.",
        "He required hand washing with chlorinated lime and mortality fell dramatically. But "
        "he published late, offered no mechanism and attacked his critics, and his practice "
        "was widely rejected until germ theory explained it decades later.",
        "Evidence does not spread itself: an idea needs an explanation and allies, not only "
        "numbers.",
        "failure",
        "healthcare",
        "adoption",
        "persuasion",
        "evidence",
    ),
    _l(
        "texas-2021",
        "energy",
        "The winterisation that was only recommended",
        "After a cold snap in 2011 caused blackouts in Texas, regulators recommended that "
        "power plants be winterised, but the measures were voluntary.",
        "In February 2021 Winter Storm Uri froze gas wells, pipelines and power plants; "
        "millions of homes lost power for days and hundreds of people died.",
        "A lesson that stays a recommendation is not yet learned.",
        "failure",
        "energy",
        "resilience",
        "regulation",
        "after-action review",
    ),
    _l(
        "dyson-prototypes",
        "manufacturing",
        "5,127 prototypes",
        "James Dyson wanted a vacuum cleaner that did not lose suction as its bag clogged, "
        "after seeing a cyclone separator at a sawmill.",
        "He built 5,127 prototypes over about five years, changing one thing at a time. "
        "Manufacturers turned the design down, so he licensed it in Japan first before "
        "launching his own product.",
        "Cheap, fast iterations of one variable at a time get you somewhere; the first "
        "version never does.",
        "success",
        "design",
        "prototyping",
        "iteration",
        "persistence",
    ),
    _l(
        "post-it",
        "manufacturing",
        "A weak glue waiting for a problem",
        "In 1968 3M chemist Spencer Silver made an adhesive that stuck lightly and peeled off "
        "cleanly; for years nobody found a use for it.",
        "In 1974 his colleague Art Fry, frustrated that bookmarks fell out of his choir "
        "hymnal, remembered Silver's talks and put the glue on paper. Post-it Notes launched "
        "in 1980.",
        "A solution can wait years for its problem; tell people outside your team what you have.",
        "success",
        "materials",
        "serendipity",
        "cross-pollination",
    ),
    _l(
        "ritz-carlton",
        "hospitality",
        "Two thousand dollars of trust",
        "Ritz-Carlton hotels let every employee spend up to $2,000 per guest to resolve a "
        "problem without asking a manager.",
        "Staff fix complaints on the spot, the story of the fix becomes part of the guest's "
        "memory, and problems are logged so that repeat causes are removed.",
        "Give the front line a budget to fix problems on the spot, and learn from what they fix.",
        "success",
        "hospitality",
        "service recovery",
        "empowerment",
    ),
    _l(
        "bloom-two-sigma",
        "education",
        "The two sigma problem",
        "In 1984 Benjamin Bloom reported studies in which students tutored one-to-one with "
        "mastery learning performed about two standard deviations better than students "
        "taught in a conventional class.",
        "The average tutored student outperformed about 98% of the conventionally taught "
        "class. Bloom framed the challenge as finding group methods that get close to that "
        "effect, since tutors for everyone are unaffordable.",
        "Measure your method against the best known alternative, not against doing nothing.",
        "success",
        "education",
        "tutoring",
        "mastery learning",
        "benchmarks",
    ),
    _l(
        "aravind-mcdonalds",
        "healthcare",
        "Cataract surgery, the McDonald's way",
        "Dr Govindappa Venkataswamy founded Aravind Eye Hospital in Madurai in 1976 to end "
        "needless blindness, and admired how McDonald's delivered a consistent product at "
        "scale.",
        "Aravind standardised every step of cataract surgery; surgeons move between two "
        "operating tables while nurses prepare the next patient, so one surgeon performs many "
        "times the usual number of operations. Paying patients subsidise free surgery for "
        "the poor, with outcomes comparable to rich-country hospitals.",
        "Standardising the routine frees the expert for the part only they can do.",
        "success",
        "healthcare",
        "standardisation",
        "assembly line",
        "cross-industry learning",
    ),
    _l(
        "nummi",
        "automotive",
        "Same workers, different system",
        "GM's Fremont plant was one of its worst, with high absenteeism and poor quality, "
        "until it closed in 1982. In 1984 it reopened as NUMMI, a joint venture with Toyota, "
        "rehiring much of the same workforce.",
        "Under the Toyota system, with andon cords and team problem-solving, quality soon "
        "rivalled Toyota's plants in Japan. GM struggled for years to spread the lessons to "
        "its other plants.",
        "Bad results usually come from the system, not the people; and a working example does "
        "not spread on its own.",
        "success",
        "automotive",
        "culture",
        "lean manufacturing",
        "change management",
    ),
    _l(
        "positive-deviance",
        "nonprofit",
        "The mothers who fed shrimp",
        "In 1990 Jerry and Monique Sternin of Save the Children went to Vietnamese villages "
        "with widespread child malnutrition and six months to show results.",
        "They looked for poor families whose children were nonetheless well nourished. Those "
        "mothers added tiny shrimp, crabs and sweet-potato greens to rice and fed children "
        "several small meals a day. Villagers taught each other these practices, and "
        "malnutrition fell in the villages that took part.",
        "Look for those already succeeding under the same constraints before importing a solution.",
        "success",
        "public health",
        "positive deviance",
        "community",
        "nutrition",
    ),
    _l(
        "eastgate-termites",
        "architecture",
        "A building that breathes like a termite mound",
        "Architect Mick Pearce designed the Eastgate Centre in Harare, opened in 1996, with "
        "engineers at Arup, without conventional air conditioning.",
        "Inspired by how termite mounds were thought to ventilate, the building stores heat "
        "in its thick mass by day and flushes it with cool night air drawn up through "
        "chimneys. It uses a fraction of the energy of a conventionally cooled building of "
        "its size.",
        "Nature has often solved your constraint already; ask how an organism would do it.",
        "success",
        "architecture",
        "biomimicry",
        "passive cooling",
        "energy",
    ),
    _l(
        "shinkansen-kingfisher",
        "public sector",
        "A train nose shaped like a kingfisher's beak",
        "Japan's 500 Series Shinkansen produced a loud boom when it left tunnels at speed, "
        "because it pushed a wave of compressed air ahead of it.",
        "Engineer Eiji Nakatsu, a birdwatcher, noticed that a kingfisher dives into water "
        "with barely a splash and reshaped the nose after its beak. The new train was "
        "quieter, used less electricity and ran faster.",
        "A hobby outside your field can be the source of the solution.",
        "success",
        "transport",
        "biomimicry",
        "cross-pollination",
        "engineering",
    ),
    _l(
        "drip-irrigation",
        "agrifood",
        "The tree by the leaking pipe",
        "Water engineer Simcha Blass noticed a tree growing far bigger than its neighbours "
        "next to a slowly leaking water pipe.",
        "He developed the idea of dripping water directly to the roots; with kibbutz Hatzerim "
        "he founded Netafim in 1965 and drip irrigation spread through arid farming worldwide.",
        "An anomaly in the field is worth investigating before it is fixed.",
        "success",
        "agriculture",
        "anomalies",
        "water",
        "observation",
    ),
    _l(
        "dabbawalas",
        "logistics",
        "Two hundred thousand lunches, almost no mistakes",
        "Mumbai's dabbawalas deliver home-cooked lunches from homes to offices and back every "
        "working day, mostly by train, bicycle and on foot.",
        "A simple colour and number code painted on each box tells every handler where it "
        "goes; boxes are sorted at stations in fixed time windows. Many dabbawalas have "
        "little formal schooling, and the system is famous for its very low error rate.",
        "A code everyone can read at a glance scales better than a sophisticated system few "
        "can operate.",
        "success",
        "logistics",
        "coding system",
        "reliability",
        "simplicity",
    ),
    _l(
        "blockbuster-netflix",
        "retail",
        "The $50 million offer",
        "In 2000 Netflix's founders offered to sell the company to Blockbuster for about $50 "
        "million and run its online business.",
        "Blockbuster declined; late fees were a large share of its revenue and online rental "
        "looked like a niche. Blockbuster filed for bankruptcy in 2010.",
        "When a newcomer's model removes what customers hate most, take it seriously even if "
        "that is where you make your money.",
        "failure",
        "retail",
        "disruption",
        "business model",
    ),
    _l(
        "qwikster",
        "media",
        "Qwikster",
        "In September 2011 Netflix announced it would split its DVD-by-mail service into a "
        "separate brand, Qwikster, weeks after a steep price increase.",
        "Customers would have needed two accounts and two queues. The backlash was immediate; "
        "Netflix cancelled Qwikster within a month and lost about 800,000 subscribers that "
        "quarter.",
        "Test a change on customers' daily experience, not only on the strategy slide.",
        "failure",
        "media",
        "customer experience",
        "strategy",
    ),
    _l(
        "juicero",
        "software",
        "A $400 press nobody needed",
        "Juicero raised over $100 million for a Wi-Fi-connected juicer that pressed "
        "proprietary packs of chopped produce.",
        "In 2017 reporters showed the packs could be squeezed by hand about as well as by the "
        "machine. The company shut down months later.",
        "Check whether the simplest alternative already solves the customer's problem before "
        "engineering a better one.",
        "failure",
        "consumer hardware",
        "problem validation",
        "overengineering",
    ),
)
