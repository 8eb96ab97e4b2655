"""The user's ideas: how each changed from version to version, and who said what.

Dates are days before ``today``.  Each feedback names the industry of the contact
who gave it; the generator picks such a contact.  The first idea is the user's
resource-hunting project of the first year; the others come from the second,
idea-oriented year and borrow from lessons in other domains.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Stance = Literal["supportive", "challenging", "neutral"]


@dataclass(frozen=True)
class IdeaText:
    key: str
    title: str
    problem: str
    domain: str
    status: str
    needs: tuple[str, ...]
    versions: tuple[tuple[int, str], ...]  # (days before today, text)
    feedback: tuple[
        tuple[int, str, Stance, int, str], ...
    ]  # (version, industry, stance, days after, text)


IDEAS: tuple[IdeaText, ...] = (
    IdeaText(
        "merchant-cashflow",
        "Cash-flow forecast for small merchants",
        "Small shops learn they are short of cash when a supplier's direct debit bounces.",
        "fintech",
        "shelved",
        ("open banking", "credit risk", "fundraising"),
        (
            (
                690,
                "A 13-week cash-flow forecast inside the Lumen Pay merchant dashboard, built "
                "from card takings and open-banking data, sold as a premium tier.",
            ),
            (
                600,
                "Same forecast, plus a one-click short-term loan from a partner bank when "
                "the forecast dips below zero; revenue from a referral fee.",
            ),
        ),
        (
            (
                1,
                "finance",
                "challenging",
                12,
                "Banks already offer this inside their business "
                "apps; why would a merchant trust a payment provider's forecast more?",
            ),
            (
                1,
                "software",
                "supportive",
                20,
                "The takings data is ours already, so the first "
                "version is cheap to build. Ship it to ten merchants.",
            ),
            (
                2,
                "finance",
                "challenging",
                9,
                "The referral fee makes you a credit broker; that "
                "needs a licence and changes your regulatory position.",
            ),
            (
                2,
                "finance",
                "neutral",
                25,
                "Interesting, but at this traction I would not lead "
                "a round. Come back with retention numbers.",
            ),
            (
                2,
                "retail",
                "supportive",
                40,
                "As a shop owner I'd pay for the warning, not the "
                "loan. Tell me which supplier to delay.",
            ),
        ),
    ),
    IdeaText(
        "pit-stop-handover",
        "Pit-stop handover for home-care shifts",
        "Home-care nurses hand over patients by phone or a chat message at shift change, and "
        "details about medication and mood get lost.",
        "healthcare",
        "testing",
        ("clinical handover", "service design", "human factors", "scheduling"),
        (
            (
                320,
                "A shared handover card per patient: a fixed order of topics, borrowed from "
                "the Great Ormond Street pit-stop handover, filled in on the phone.",
            ),
            (
                230,
                "The card is read aloud in a five-minute call at shift change; the outgoing "
                "nurse leads, the incoming nurse asks questions only at the end.",
            ),
            (
                110,
                "Call plus card, with a 'do-confirm' checklist of three items that the "
                "incoming nurse ticks during the first visit.",
            ),
        ),
        (
            (
                1,
                "healthcare",
                "challenging",
                10,
                "Nurses will not fill in yet another form. "
                "Whatever you add must replace something they already write.",
            ),
            (
                1,
                "automotive",
                "supportive",
                18,
                "In the pit we rehearse the sequence, not the "
                "form. The order of topics is the valuable part.",
            ),
            (
                2,
                "aviation",
                "supportive",
                7,
                "That is close to how controllers hand over a "
                "sector: brief, then the newcomer watches before taking over.",
            ),
            (
                2,
                "healthcare",
                "challenging",
                21,
                "Five minutes per patient is impossible with "
                "twelve patients. Hand over by exception: only what changed.",
            ),
            (
                3,
                "healthcare",
                "supportive",
                12,
                "The three-item confirm list is short enough that I actually used it last week.",
            ),
            (
                3,
                "manufacturing",
                "neutral",
                30,
                "Measure the misses before and after; otherwise you will not know if it works.",
            ),
        ),
    ),
    IdeaText(
        "long-table-mixer",
        "Long Table mixer",
        "At Tomás's weekly meetup people sit with those they already know and most of them "
        "pitch; few leave having learned something new.",
        "hospitality",
        "building",
        ("optimisation", "event design", "community building"),
        (
            (
                200,
                "A seating plan printed before each evening that mixes industries at every "
                "table, made by hand in a spreadsheet.",
            ),
            (
                120,
                "An app that seats members from their profiles, keeps pitchers apart and "
                "avoids repeat tablemates across weeks, with two rounds per evening.",
            ),
            (
                45,
                "Same app, plus a one-line prompt on each table card: what each person wants "
                "to learn, so conversations start with questions instead of pitches.",
            ),
        ),
        (
            (
                1,
                "hospitality",
                "supportive",
                5,
                "Try it next Thursday. If it goes wrong we just let people move.",
            ),
            (
                1,
                "education",
                "neutral",
                14,
                "Mixing helps only if there is a reason to talk; give each table a question.",
            ),
            (
                2,
                "software",
                "challenging",
                9,
                "This is a hard optimisation problem; a greedy "
                "plan will repeat pairs by week four. Look at the social golfer problem.",
            ),
            (
                2,
                "hospitality",
                "challenging",
                20,
                "Regulars will hate being split from their friends. Let them keep one person.",
            ),
            (
                3,
                "nonprofit",
                "supportive",
                10,
                "The learning prompt changed the tone at my "
                "table completely; nobody pitched for the first twenty minutes.",
            ),
        ),
    ),
    IdeaText(
        "pharmacy-kanban",
        "Kanban bins for small pharmacies",
        "Independent pharmacies run out of common medicines while overstocking others, "
        "because orders are placed from memory at the end of the day.",
        "healthcare",
        "exploring",
        ("pharmacy supply", "kanban", "demand planning"),
        (
            (
                150,
                "Two-bin shelves for the fifty fastest-moving medicines: when the front bin "
                "empties, its card goes into the order box, as in Toyota's kanban.",
            ),
            (
                60,
                "Bins plus a phone scan of each card at closing time that sends the order to "
                "the wholesaler; bin sizes recalculated monthly from sales.",
            ),
        ),
        (
            (
                1,
                "manufacturing",
                "supportive",
                8,
                "Start with the cards and no software at "
                "all; you will learn the right bin sizes in a month.",
            ),
            (
                1,
                "healthcare",
                "challenging",
                15,
                "Controlled medicines and expiry dates break "
                "simple two-bin logic; you need first-expiry-first-out.",
            ),
            (
                2,
                "retail",
                "neutral",
                11,
                "Supermarkets do this with till data, not cards. Do "
                "pharmacies have usable sales data?",
            ),
            (
                2,
                "logistics",
                "challenging",
                20,
                "Wholesalers deliver twice a day here; with "
                "that cadence you may not need bins at all.",
            ),
        ),
    ),
    IdeaText(
        "repair-first-appliances",
        "Repair-first kitchen appliances",
        "Small kitchen appliances are thrown away at the first fault because repair costs "
        "more than a new one.",
        "retail",
        "exploring",
        ("design for manufacture", "pricing", "service operations"),
        (
            (
                130,
                "A subscription for a coffee grinder and kettle designed to be opened with "
                "one screwdriver, with free repairs by post.",
            ),
            (
                50,
                "Rent the appliances through a supermarket's loyalty app; repairs happen in "
                "the store's existing returns desk.",
            ),
        ),
        (
            (
                1,
                "manufacturing",
                "challenging",
                12,
                "Design for disassembly costs more per "
                "unit; your margin only works if units last eight years.",
            ),
            (
                1,
                "architecture",
                "supportive",
                20,
                "Buildings designed for disassembly use "
                "bolts, not glue. Same principle, and it works.",
            ),
            (
                2,
                "retail",
                "challenging",
                14,
                "Returns desks are already the most hated job in the store. Who repairs?",
            ),
        ),
    ),
    IdeaText(
        "termite-shelters",
        "Passively cooled bus shelters",
        "Bus shelters become ovens in heat waves, and older people stop travelling.",
        "architecture",
        "dropped",
        ("passive design", "structural analysis", "mobility planning"),
        (
            (
                260,
                "A shelter with a thermal-mass bench and a chimney that draws cool air at "
                "night, after the Eastgate Centre in Harare.",
            ),
            (190, "A shaded shelter with a green roof and misting only on heat-alert days."),
        ),
        (
            (
                1,
                "architecture",
                "challenging",
                14,
                "Thermal mass needs cool nights; Dutch heat "
                "waves have warm nights. It will stay warm.",
            ),
            (
                1,
                "public sector",
                "neutral",
                25,
                "Shelters are owned by advertising contractors; the city cannot just replace them.",
            ),
            (
                2,
                "energy",
                "supportive",
                10,
                "Misting only on alert days keeps water use low; I like the restraint.",
            ),
            (
                2,
                "public sector",
                "challenging",
                30,
                "The contract renewal is in 2031. This is a six-year wait.",
            ),
        ),
    ),
)
