"""Insights a contact from each industry could plausibly have taught the user.

Each is a specific, checkable sentence rather than a platitude, so that the
semantic search and the far-analogy index have real material to work on.
"""

from __future__ import annotations

INSIGHTS: dict[str, tuple[str, ...]] = {
    "software": (
        "Feature flags that are never removed become a second, untested code path; they "
        "schedule flag clean-up as part of the definition of done.",
        "Blameless postmortems only work if the timeline is written before anyone discusses "
        "causes; otherwise people argue about blame while reconstructing the facts.",
        "Error budgets turn the reliability-versus-speed argument into arithmetic: when the "
        "budget is spent, releases pause until it recovers.",
        "Usability tests with five users find most of the severe problems in a design; it is "
        "cheaper to run three rounds of five than one round of fifteen.",
        "Their onboarding drop-off was caused by one confusing permission prompt, found only "
        "by watching session recordings, not by the funnel dashboard.",
        "A design system pays off when the team owns a changelog for it; without one, product "
        "teams fork components and the system quietly dies.",
        "Canary releases to 1% of traffic catch configuration errors that no staging "
        "environment reproduces.",
        "They write a one-page press release before building a feature, and kill about a third "
        "of ideas at that stage because the release sounds unconvincing.",
    ),
    "finance": (
        "Most seed investors decide in the first ten minutes whether the team understands its "
        "customer; the rest of the meeting is confirmation.",
        "Invoice payment delays for small merchants cluster at quarter end, when large buyers "
        "hold cash to flatter their balance sheets.",
        "A term sheet's liquidation preference matters more to founders than the headline "
        "valuation in any exit below the post-money value.",
        "Credit models trained on good years underestimate defaults in downturns; stress tests "
        "replay 2008-like scenarios to see the gap.",
        "Open banking APIs give account data, but merchants trust a cash-flow forecast only "
        "when they can see which transactions drove it.",
        "Insurers price flood risk per postcode, so one new dyke can change premiums for "
        "thousands of homes overnight.",
        "Angel investors in Amsterdam increasingly co-invest through syndicates, so one "
        "convinced lead can bring ten smaller cheques.",
    ),
    "media": (
        "Podcast listeners drop off in the first 90 seconds; starting with the most surprising "
        "moment of the interview keeps them.",
        "A brand's tone of voice guide is only used if it contains before-and-after rewrites, "
        "not adjectives.",
        "Investigative stories start with a spreadsheet: the reporter builds the dataset before "
        "looking for the anecdote that illustrates it.",
        "Paid acquisition costs rose so much that their best growth came from referral loops "
        "built into the product itself.",
        "Documentary crews shoot a ratio of about 100 minutes of footage for every minute that "
        "ends up on screen.",
        "The campaigns that tested best in focus groups were often the blandest; they now test "
        "with real ads at small budgets instead.",
    ),
    "healthcare": (
        "Most information lost in a shift handover is lost in the first minutes, while people "
        "are still connecting equipment; handing over in silence after setup fixes much of it.",
        "Alarm fatigue is real: most ICU monitor alarms are not clinically actionable, so nurses "
        "learn to tune them out.",
        "In a crisis, the person holding the airway device is the worst-placed to notice time "
        "passing; someone else should call out the time.",
        "Home-care nurses lose about a fifth of their shift to travel and paperwork, so "
        "scheduling by geography matters as much as by skills.",
        "Wrong-site surgery is prevented less by the checklist itself than by the pause it "
        "forces, when anyone in the room can speak up.",
        "Hospital discharge delays often come from one missing signature or prescription, not "
        "from a lack of beds.",
        "A medication reconciliation at admission catches discrepancies in the medicine list of "
        "a large share of older patients.",
    ),
    "aviation": (
        "Checklists are split into 'read-do' and 'do-confirm' styles; experts prefer "
        "do-confirm because it respects their routine and still catches slips.",
        "The sterile cockpit rule bans non-essential conversation below 10,000 feet, when most "
        "accidents happen.",
        "Crew resource management teaches first officers a graded way to challenge a captain: "
        "get attention, state the concern, propose an action, ask for agreement.",
        "Aircraft maintenance uses independent double inspections for critical tasks because "
        "the person who did the work sees what they meant to do, not what they did.",
        "Near-miss reports are confidential and non-punitive, which is why pilots file tens of "
        "thousands of them a year.",
        "Air traffic controllers hand over a sector with a structured briefing and the "
        "incoming controller watches for several minutes before taking over.",
    ),
    "automotive": (
        "A modern F1 pit stop changes four tyres in about two seconds, with around twenty "
        "people each doing one rehearsed job.",
        "Race engineers decide tyre strategy from live telemetry, but they pre-compute the "
        "decision table before the race so nobody thinks from scratch under pressure.",
        "Battery packs fail at the weakest cell, so the battery management system balances "
        "cells continuously rather than charging the pack as a whole.",
        "In-car touchscreens move a glance from under a second for a physical knob to several "
        "seconds, which is why some makers are bringing buttons back.",
        "Pit crews rehearse stops hundreds of times a season and review video of every stop, "
        "including the good ones.",
    ),
    "manufacturing": (
        "At a kanban line, an empty bin is the order: nobody forecasts how many parts the line "
        "will need tomorrow.",
        "Pulling the andon cord stops the line, and that is the point: a visible stop gets a "
        "supervisor there in seconds.",
        "Statistical process control distinguishes common-cause variation, which needs a "
        "system change, from special causes, which need a local fix.",
        "Five whys fails when the team stops at 'operator error'; they keep asking why the "
        "system let the error happen.",
        "Designing a part so it can only be assembled one way (poka-yoke) removes a class of "
        "errors that training never fully removes.",
        "Their changeover time fell from hours to minutes by moving setup work outside the "
        "time the machine is stopped (SMED).",
    ),
    "energy": (
        "Grid operators pay large users to switch off for a few minutes at peak; a frozen-food "
        "warehouse can coast for an hour without harm.",
        "Offshore wind turbines are now large enough that one rotation of the blades can power "
        "a household for about a day.",
        "Negative electricity prices happen on sunny, windy Sundays; batteries earn money by "
        "being paid to charge.",
        "Grid congestion, not generation, is now what delays new solar parks in the Netherlands: "
        "the cables are full.",
        "Community solar works socially when the first members are neighbours, not investors.",
    ),
    "retail": (
        "Supermarkets restock the front of the shelf from the back room continuously, so shelf "
        "space works as a visible buffer of demand.",
        "Out-of-stocks cost more than the lost sale: a share of shoppers switch stores, not "
        "just brands.",
        "Fresh produce ordering is done per store and per day because weather moves demand "
        "more than promotions do.",
        "Price labels with a unit price change which product people pick more than a bigger "
        "discount does.",
        "Return rates in online fashion are so high that sizing advice is worth more than free "
        "delivery.",
    ),
    "logistics": (
        "Standard containers made loading cheap because nobody handles the cargo between the "
        "factory and the destination warehouse.",
        "Most last-mile cost is in the final hundred metres: parking, stairs and failed "
        "deliveries.",
        "Vehicle routing with time windows is solved with heuristics in practice; the optimum "
        "is irrelevant once the first driver is late.",
        "Cold-chain failures are usually found at receipt, when the data logger is read and "
        "the goods are already lost.",
        "Warehouse pickers walk most of their shift, so putting fast-moving items near "
        "dispatch saves more than faster scanners.",
    ),
    "agrifood": (
        "Drip irrigation delivers water to the root zone and can cut water use sharply compared "
        "with flood irrigation.",
        "Vertical farms are profitable for leafy greens and herbs but not yet for staple crops: "
        "the light costs more than the crop is worth.",
        "Soil organic matter holds water like a sponge; each percent more means fields survive "
        "dry spells longer.",
        "Fermentation is a preservation technology first: acidity keeps pathogens out for "
        "months without refrigeration.",
        "Cooperatives give small farmers bargaining power, but only if members can't sell "
        "around the co-op in good years.",
    ),
    "education": (
        "Students remember more when they are tested on material than when they re-read it; "
        "retrieval practice is one of the best-replicated findings in learning science.",
        "One-to-one tutoring beats classroom teaching by a large margin, and the challenge is "
        "to get part of that effect at scale.",
        "Spacing practice over days beats cramming, even though cramming feels more effective "
        "to students.",
        "Worked examples help novices more than problem solving; the effect reverses as they "
        "become experts.",
        "Students ask far more questions in small groups than in plenary sessions.",
    ),
    "public sector": (
        "John Snow's 1854 map of cholera deaths around Broad Street worked because it made a "
        "cluster visible to people who did not read statistics.",
        "Open data is used when it comes with an API and a changelog, not when it is a PDF on "
        "a portal.",
        "Citizen panels chosen by lot produce more cautious and better-argued recommendations "
        "than public consultations.",
        "Dutch flood defence plans for events with a probability of one in tens of thousands "
        "per year in the most protected areas.",
        "A digital public service is only as good as its offline fallback for people who cannot "
        "use it.",
    ),
    "architecture": (
        "Thermal mass plus night ventilation can keep a building cool without air conditioning "
        "in climates with cool nights.",
        "Timber buildings store carbon, but only if the wood comes from forests that are "
        "replanted.",
        "Designing a building for disassembly means bolts instead of glue, so materials can be "
        "reused decades later.",
        "A green roof lowers peak rainwater runoff, which matters more to cities than the total "
        "volume.",
        "Post-occupancy evaluations show that people open windows more than energy models assume.",
    ),
    "hospitality": (
        "Guests remember how a problem was fixed more than the problem itself; a good recovery "
        "can raise loyalty above that of guests who had no problem.",
        "Seating strangers at communal tables works when the host introduces each newcomer "
        "with one detail worth asking about.",
        "Restaurant menus put the dishes they most want to sell at the top right, where eyes "
        "land first.",
        "Dynamic pricing for hotel rooms works on weekdays; leisure guests punish visible price "
        "jumps at weekends.",
        "Events feel full when the room is slightly too small; an empty third of a room kills "
        "the energy.",
    ),
    "biotech": (
        "Most drug candidates that enter clinical trials never reach approval, so portfolios "
        "matter more than single bets.",
        "Assay design decides what you can discover: a screen built for one mechanism is blind "
        "to others.",
        "Cell therapies are manufactured per patient, so logistics and chain of identity are "
        "as critical as the biology.",
        "Regulators accept adaptive trial designs when the adaptation rules are fixed before "
        "the first patient is enrolled.",
        "Industrial enzymes are optimised by directed evolution: random mutation plus a good "
        "screen beats rational design for many targets.",
    ),
    "nonprofit": (
        "Positive deviance starts from people who already succeed against the odds in the same "
        "community, so the solution is local and proven.",
        "Cash transfers often outperform in-kind aid because recipients know their own needs best.",
        "Impact evaluations without a comparison group mostly measure what would have happened "
        "anyway.",
        "Refugee job programmes work better when employers co-design the training than when "
        "they only host placements.",
        "Grant makers fund projects, but organisations fail for lack of unrestricted money for "
        "overheads.",
    ),
}

GENERAL_INSIGHTS: tuple[str, ...] = (
    "Asking 'what would have to be true for this to work?' turns a debate into a list of tests.",
    "Weak ties bring more new information than close friends because they move in "
    "different circles.",
    "The people who disagree with a plan early are the cheapest reviewers it will ever have.",
    "A problem stated as a question about a user's day gets better answers than one stated "
    "as a feature request.",
)
