"""Names, organisations, roles and tags the sample people are drawn from.

The organisations are invented (with invented domains) so that no real company is
said to employ a made-up person; names come from many cultures, and a person's
country is usually, not always, the one their name suggests.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Culture:
    country: str
    given: tuple[str, ...]
    family: tuple[str, ...]


@dataclass(frozen=True)
class Role:
    title: str
    discipline: str
    expertise: tuple[str, ...]


@dataclass(frozen=True)
class Industry:
    organizations: tuple[tuple[str, str], ...]  # (name, email domain)
    roles: tuple[Role, ...]


HOME_COUNTRY = "Netherlands"

CULTURES: tuple[Culture, ...] = (
    Culture(
        "Netherlands",
        ("Sanne", "Daan", "Femke", "Joris", "Lotte", "Bram", "Maaike", "Thijs", "Noor", "Ruben"),
        ("de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "de Groot", "Bos"),
    ),
    Culture(
        "Portugal",
        ("Inês", "Tomás", "Mariana", "João", "Beatriz", "Rui", "Catarina", "Duarte"),
        ("Ferreira", "Carvalho", "Sousa", "Almeida", "Pinto", "Ribeiro", "Costa", "Lopes"),
    ),
    Culture(
        "Brazil",
        ("Ana", "Rafael", "Larissa", "Thiago", "Camila", "Gustavo", "Bianca", "Lucas"),
        ("Souza", "Oliveira", "Santos", "Lima", "Barbosa", "Rocha", "Nascimento", "Moreira"),
    ),
    Culture(
        "Germany",
        ("Jonas", "Lea", "Felix", "Hannah", "Moritz", "Clara", "Lukas", "Katharina"),
        ("Müller", "Schmidt", "Becker", "Hoffmann", "Wagner", "Schulz", "Krüger", "Vogel"),
    ),
    Culture(
        "France",
        ("Camille", "Julien", "Élodie", "Mathieu", "Chloé", "Antoine", "Manon", "Nicolas"),
        ("Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Girard", "Fournier", "Rousseau"),
    ),
    Culture(
        "Spain",
        ("Lucía", "Javier", "Carmen", "Pablo", "Elena", "Sergio", "Marta", "Álvaro"),
        ("García", "Fernández", "López", "Martínez", "Sánchez", "Romero", "Navarro", "Ortega"),
    ),
    Culture(
        "Italy",
        ("Giulia", "Marco", "Chiara", "Luca", "Francesca", "Matteo", "Sara", "Alessandro"),
        ("Rossi", "Bianchi", "Esposito", "Conti", "Ricci", "Marino", "Greco", "Ferrari"),
    ),
    Culture(
        "Poland",
        ("Agnieszka", "Piotr", "Zofia", "Krzysztof", "Magdalena", "Tomasz", "Ola", "Michał"),
        ("Nowak", "Wójcik", "Kowalczyk", "Mazur", "Krawczyk", "Zając", "Dudek"),
    ),
    Culture(
        "Sweden",
        ("Astrid", "Erik", "Ingrid", "Oskar", "Elsa", "Henrik", "Maja", "Nils"),
        ("Lindqvist", "Johansson", "Andersson", "Berg", "Nyström", "Holm", "Sandberg"),
    ),
    Culture(
        "Nigeria",
        ("Chiamaka", "Tunde", "Ngozi", "Emeka", "Folake", "Obinna", "Adaeze", "Segun"),
        ("Okafor", "Adeyemi", "Eze", "Balogun", "Nwosu", "Ogunleye", "Chukwu", "Afolabi"),
    ),
    Culture(
        "Ghana",
        ("Kwame", "Akosua", "Kofi", "Abena", "Yaw", "Efua", "Kojo", "Ama"),
        ("Mensah", "Asante", "Owusu", "Boateng", "Darko", "Appiah", "Ansah"),
    ),
    Culture(
        "Kenya",
        ("Wanjiru", "Otieno", "Akinyi", "Kipchoge", "Njeri", "Kamau", "Atieno", "Mwangi"),
        ("Odhiambo", "Wanjala", "Kariuki", "Chebet", "Mutua", "Njoroge", "Ochieng"),
    ),
    Culture(
        "Egypt",
        ("Yasmin", "Omar", "Nour", "Karim", "Salma", "Tarek", "Laila", "Hany"),
        ("Hassan", "Mahmoud", "El-Sayed", "Farouk", "Abdelrahman", "Mansour", "Khalil"),
    ),
    Culture(
        "Lebanon",
        ("Rania", "Ziad", "Maya", "Fadi", "Joelle", "Nadim"),
        ("Haddad", "Khoury", "Saab", "Nassar", "Frem"),
    ),
    Culture(
        "Turkey",
        ("Elif", "Emre", "Zeynep", "Burak", "Defne", "Can", "Ayşe", "Mert"),
        ("Yılmaz", "Demir", "Şahin", "Çelik", "Aydın", "Öztürk", "Kaya", "Arslan"),
    ),
    Culture(
        "Iran",
        ("Shirin", "Arash", "Parisa", "Kaveh", "Leila", "Dariush", "Nasrin"),
        ("Tehrani", "Ahmadi", "Karimi", "Rostami", "Jafari", "Moradi"),
    ),
    Culture(
        "India",
        ("Priya", "Arjun", "Ananya", "Rohan", "Kavya", "Vikram", "Divya", "Siddharth", "Meera"),
        ("Sharma", "Iyer", "Reddy", "Nair", "Patel", "Gupta", "Krishnan", "Menon", "Banerjee"),
    ),
    Culture(
        "China",
        ("Wei", "Li Na", "Jun", "Xiaoming", "Mei", "Hao", "Yu", "Lin"),
        ("Zhang", "Wang", "Chen", "Liu", "Zhao", "Huang", "Xu", "Zhou"),
    ),
    Culture(
        "Japan",
        ("Haruka", "Kenji", "Yui", "Takeshi", "Aiko", "Sora", "Naoko", "Ren"),
        ("Tanaka", "Suzuki", "Takahashi", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi"),
    ),
    Culture(
        "South Korea",
        ("Ji-woo", "Min-jun", "Seo-yeon", "Do-hyun", "Ha-eun", "Jae-won"),
        ("Kim", "Lee", "Park", "Choi", "Jung", "Kang"),
    ),
    Culture(
        "Vietnam",
        ("Linh", "Minh", "Thao", "Quang", "Huong", "Duc"),
        ("Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu"),
    ),
    Culture(
        "Mexico",
        ("Valeria", "Diego", "Ximena", "Santiago", "Fernanda", "Emiliano"),
        ("Hernández", "González", "Ramírez", "Cruz", "Flores", "Morales", "Reyes"),
    ),
    Culture(
        "United Kingdom",
        ("Oliver", "Amelia", "Harry", "Isla", "George", "Poppy", "James", "Eleanor"),
        ("Smith", "Taylor", "Evans", "Hughes", "Clarke", "Walker", "Wright", "Edwards"),
    ),
    Culture(
        "United States",
        ("Emily", "Michael", "Jessica", "Tyler", "Madison", "Brandon", "Rachel", "Kevin"),
        ("Johnson", "Miller", "Davis", "Anderson", "Thompson", "Carter", "Brooks", "Hayes"),
    ),
)

# Relative weights: the user lives and meets people in Amsterdam.
CULTURE_WEIGHTS: dict[str, float] = {"Netherlands": 5.0, "United Kingdom": 1.6, "Germany": 1.5}

GENERATIONS: tuple[tuple[str, int, int], ...] = (
    ("Baby Boomer", 1946, 1964),
    ("Gen X", 1965, 1980),
    ("Millennial", 1981, 1996),
    ("Gen Z", 1997, 2004),
)
GENERATION_WEIGHTS = (0.08, 0.27, 0.47, 0.18)

EDUCATION = ("vocational", "bachelor's", "master's", "PhD", "MBA", "self-taught")
EDUCATION_WEIGHTS = (0.08, 0.3, 0.36, 0.12, 0.08, 0.06)


def _r(title: str, discipline: str, *expertise: str) -> Role:
    return Role(title, discipline, expertise)


INDUSTRIES: dict[str, Industry] = {
    "software": Industry(
        (
            ("Lumen Pay", "lumenpay.com"),
            ("Tidewater Labs", "tidewaterlabs.io"),
            ("Kettle Cloud", "kettlecloud.com"),
            ("Brightgrid Analytics", "brightgrid.io"),
            ("Mosaic Apps", "mosaicapps.nl"),
        ),
        (
            _r("Senior software engineer", "engineering", "distributed systems", "Go", "APIs"),
            _r("Staff engineer", "engineering", "system architecture", "incident response"),
            _r("Product manager", "product management", "roadmapping", "user research"),
            _r("UX researcher", "design", "user research", "usability testing", "interviews"),
            _r("Product designer", "design", "interaction design", "prototyping", "design systems"),
            _r("Data scientist", "data science", "machine learning", "experimentation", "Python"),
            _r("Engineering manager", "engineering", "team building", "hiring", "delivery"),
            _r("Site reliability engineer", "engineering", "observability", "postmortems"),
            _r("CTO and co-founder", "engineering", "fundraising", "system architecture"),
        ),
    ),
    "finance": Industry(
        (
            ("Amstel Capital Partners", "amstelcapital.com"),
            ("Noordzee Bank", "noordzeebank.nl"),
            ("Harbourlight Ventures", "harbourlight.vc"),
            ("Keystone Insurance Group", "keystone-ig.com"),
        ),
        (
            _r("Venture capital associate", "finance", "due diligence", "fintech", "term sheets"),
            _r("Partner", "finance", "early-stage investing", "board governance"),
            _r("Risk analyst", "finance", "credit risk", "stress testing"),
            _r("Quantitative developer", "engineering", "trading systems", "C++", "market data"),
            _r("Compliance officer", "law", "anti-money laundering", "regulation"),
            _r("Angel investor", "finance", "seed investing", "founder coaching"),
            _r("Actuary", "finance", "pricing models", "catastrophe risk"),
            _r("Head of fintech partnerships", "business", "partnerships", "open banking"),
        ),
    ),
    "media": Industry(
        (
            ("Grachten Media", "grachtenmedia.nl"),
            ("Paper Crane Studio", "papercrane.studio"),
            ("Northlight Podcasts", "northlight.fm"),
            ("Vondel & Co Advertising", "vondelco.com"),
        ),
        (
            _r("Creative director", "arts", "brand strategy", "campaigns"),
            _r("Journalist", "arts", "investigative reporting", "interviewing"),
            _r("Podcast producer", "arts", "audio storytelling", "editing"),
            _r("Growth marketer", "marketing", "growth loops", "SEO", "paid acquisition"),
            _r("Brand strategist", "marketing", "positioning", "brand research"),
            _r("Copywriter", "marketing", "copywriting", "tone of voice"),
            _r("Documentary filmmaker", "arts", "documentary", "field production"),
        ),
    ),
    "healthcare": Industry(
        (
            ("Sint Brigid Hospital", "sintbrigid.nl"),
            ("Amsterdam Children's Clinic", "achildrensclinic.nl"),
            ("CarePath Home Nursing", "carepath.nl"),
            ("Meridian Health Services", "meridianhealth.org"),
        ),
        (
            _r("ICU nurse", "medicine", "critical care", "clinical handover", "patient safety"),
            _r("Anaesthesiologist", "medicine", "airway management", "human factors"),
            _r(
                "Paediatric cardiac surgeon",
                "medicine",
                "congenital heart surgery",
                "team training",
            ),
            _r("Hospital operations manager", "operations", "patient flow", "lean healthcare"),
            _r("Clinical data scientist", "data science", "clinical prediction", "EHR data"),
            _r("General practitioner", "medicine", "primary care", "chronic disease"),
            _r("Health service designer", "design", "service design", "patient journeys"),
            _r("Pharmacist", "medicine", "medication safety", "pharmacy supply"),
        ),
    ),
    "aviation": Industry(
        (
            ("Kestrel Air", "kestrelair.com"),
            ("Polder Aero Maintenance", "polderaero.nl"),
            ("SkyBridge Flight Training", "skybridge-ft.com"),
        ),
        (
            _r("Airline captain", "operations", "crew resource management", "flight safety"),
            _r("First officer", "operations", "checklists", "flight operations"),
            _r("Aircraft maintenance engineer", "engineering", "aircraft maintenance", "MRO"),
            _r("Flight safety investigator", "research", "accident investigation", "human factors"),
            _r(
                "Air traffic controller", "operations", "air traffic control", "workload management"
            ),
        ),
    ),
    "automotive": Industry(
        (
            ("Veloce Racing", "veloceracing.com"),
            ("Eindhoven Mobility Works", "emobilityworks.nl"),
            ("Torque EV", "torque-ev.com"),
        ),
        (
            _r("Race engineer", "engineering", "vehicle dynamics", "race strategy", "telemetry"),
            _r("Pit crew chief", "operations", "pit stops", "team choreography"),
            _r("Battery systems engineer", "engineering", "battery management", "thermal design"),
            _r("Manufacturing engineer", "engineering", "assembly lines", "lean manufacturing"),
            _r("Automotive UX designer", "design", "HMI design", "in-car interfaces"),
        ),
    ),
    "manufacturing": Industry(
        (
            ("Rijnstaal Components", "rijnstaal.com"),
            ("Oakfield Precision", "oakfieldprecision.com"),
            ("Delta Packaging Works", "deltapackaging.nl"),
        ),
        (
            _r("Plant manager", "operations", "lean manufacturing", "kaizen", "andon"),
            _r(
                "Quality engineer",
                "engineering",
                "statistical process control",
                "root cause analysis",
            ),
            _r("Supply chain planner", "operations", "kanban", "demand planning"),
            _r("Industrial designer", "design", "design for manufacture", "prototyping"),
            _r("Materials scientist", "research", "adhesives", "polymers"),
        ),
    ),
    "energy": Industry(
        (
            ("Windpark Noord", "windparknoord.nl"),
            ("GridFlex Energy", "gridflex.energy"),
            ("SolarCoop Amsterdam", "solarcoop.nl"),
        ),
        (
            _r("Grid operations engineer", "engineering", "grid balancing", "demand response"),
            _r("Energy policy analyst", "research", "energy markets", "regulation"),
            _r("Offshore wind project manager", "operations", "project delivery", "offshore wind"),
            _r("Battery storage founder", "business", "energy storage", "fundraising"),
        ),
    ),
    "retail": Industry(
        (
            ("Dagvers Supermarkets", "dagvers.nl"),
            ("Hollow Oak Home", "hollowoak.com"),
            ("Markthal Goods", "markthalgoods.nl"),
        ),
        (
            _r("Category manager", "business", "assortment planning", "pricing"),
            _r("Store operations lead", "operations", "replenishment", "store layout"),
            _r("E-commerce lead", "marketing", "conversion optimisation", "marketplaces"),
            _r("Visual merchandiser", "design", "visual merchandising", "retail design"),
        ),
    ),
    "logistics": Industry(
        (
            ("Havenlink Logistics", "havenlink.com"),
            ("Last Mile Collective", "lastmilecollective.nl"),
            ("Coldchain Connect", "coldchainconnect.com"),
        ),
        (
            _r("Port operations manager", "operations", "container terminals", "yard planning"),
            _r("Routing algorithms lead", "data science", "vehicle routing", "optimisation"),
            _r("Warehouse manager", "operations", "warehouse layout", "pick-and-pack"),
            _r("Cold chain specialist", "operations", "temperature control", "pharma logistics"),
        ),
    ),
    "agrifood": Industry(
        (
            ("Groenveld Farms", "groenveldfarms.nl"),
            ("VerticalRoots", "verticalroots.com"),
            ("Fermenta Foods", "fermentafoods.com"),
        ),
        (
            _r("Agronomist", "research", "soil health", "precision irrigation"),
            _r(
                "Vertical farming founder",
                "business",
                "controlled-environment agriculture",
                "LED lighting",
            ),
            _r("Food scientist", "research", "fermentation", "food safety"),
            _r("Cooperative supply lead", "operations", "farm cooperatives", "food logistics"),
        ),
    ),
    "education": Industry(
        (
            ("Amstelland University of Applied Sciences", "amstelland-uas.nl"),
            ("OpenLeaf Learning", "openleaf.org"),
            ("Vondelpark Montessori", "vondelmontessori.nl"),
        ),
        (
            _r("Secondary school teacher", "education", "maths teaching", "classroom practice"),
            _r("Learning designer", "design", "instructional design", "assessment"),
            _r("Lecturer in design", "education", "design education", "studio teaching"),
            _r("EdTech founder", "business", "tutoring", "product-led growth"),
            _r("Education researcher", "research", "learning science", "mastery learning"),
        ),
    ),
    "public sector": Industry(
        (
            ("Metropolitan Innovation Office", "metro-innovation.nl"),
            ("Delta Water Authority Lab", "deltawaterlab.nl"),
            ("Amstel Regional Health Service", "amstelhealth.nl"),
        ),
        (
            _r("Policy advisor", "law", "public policy", "stakeholder engagement"),
            _r("Epidemiologist", "research", "outbreak investigation", "disease mapping"),
            _r("Civic tech lead", "engineering", "open data", "digital services"),
            _r("Urban planner", "design", "mobility planning", "participatory design"),
        ),
    ),
    "architecture": Industry(
        (
            ("Studio Kade Architects", "studiokade.nl"),
            ("Biomimetic Buildings Lab", "biomimeticlab.org"),
            ("Timber Frame Collective", "timberframe.coop"),
        ),
        (
            _r("Architect", "design", "passive design", "timber construction"),
            _r("Structural engineer", "engineering", "structural analysis", "mass timber"),
            _r("Sustainability consultant", "research", "building performance", "biomimicry"),
            _r("Landscape architect", "design", "urban greening", "water-sensitive design"),
        ),
    ),
    "hospitality": Industry(
        (
            ("Canal House Hotels", "canalhouse.com"),
            ("Noord Events", "noordevents.nl"),
            ("Stayful", "stayful.com"),
            ("Casa Lume", "casalume.nl"),
        ),
        (
            _r("Restaurant owner", "business", "menu engineering", "community building"),
            _r("Chef", "arts", "fermentation", "kitchen operations"),
            _r("Hotel general manager", "operations", "guest experience", "service recovery"),
            _r("Event producer", "operations", "event design", "community building"),
            _r("Revenue manager", "business", "revenue management", "dynamic pricing"),
            _r("Guest experience designer", "design", "service design", "hospitality"),
        ),
    ),
    "biotech": Industry(
        (
            ("Helix Bioworks", "helixbioworks.com"),
            ("Leiden Cell Therapeutics", "leidencell.com"),
            ("Enzymatica", "enzymatica.bio"),
        ),
        (
            _r("Research scientist", "research", "protein engineering", "assay design"),
            _r("Clinical trial manager", "operations", "clinical trials", "GCP"),
            _r("Bioinformatician", "data science", "genomics", "pipelines"),
            _r("Regulatory affairs lead", "law", "EMA submissions", "regulatory strategy"),
        ),
    ),
    "nonprofit": Industry(
        (
            ("Open Table Foundation", "opentablefoundation.org"),
            ("Refugee Talent Hub", "refugeetalenthub.org"),
            ("Positive Deviance Collaborative", "pdcollab.org"),
        ),
        (
            _r("Programme director", "business", "programme design", "impact evaluation"),
            _r("Community organiser", "operations", "community organising", "facilitation"),
            _r("Impact evaluator", "research", "impact evaluation", "field research"),
            _r("Fundraising lead", "marketing", "grant writing", "donor relations"),
        ),
    ),
}

INTERESTS: tuple[str, ...] = (
    "biomimicry",
    "behavioural economics",
    "jazz",
    "bouldering",
    "urban gardening",
    "open source",
    "circular economy",
    "AI ethics",
    "public speaking",
    "chess",
    "fermentation",
    "long-distance cycling",
    "sailing",
    "photography",
    "science fiction",
    "history of science",
    "improv theatre",
    "systems thinking",
    "climate adaptation",
    "typography",
    "birdwatching",
    "philosophy of mind",
    "mentoring",
    "board games",
    "cooking",
    "poetry",
    "marathon running",
    "complexity science",
    "language learning",
    "woodworking",
)
