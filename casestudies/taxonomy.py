"""Reference data every site needs: the six focus areas of the ASEAN Smart Cities Framework and the 17 SDGs."""

FOCUS_AREAS = [
    ("Civic & Social", "civic-social", "Participation, public services, inclusion and culture."),
    ("Health & Well-being", "health-well-being", "Health care, ageing, sport and well-being."),
    ("Safety & Security", "safety-security", "Public safety, disaster risk reduction and emergency response."),
    ("Quality Environment", "quality-environment", "Clean air and water, waste, energy and green space."),
    ("Built Infrastructure", "built-infrastructure", "Mobility, housing, utilities and digital infrastructure."),
    ("Industry & Innovation", "industry-innovation", "Jobs, enterprise, tourism, research and the digital economy."),
]

SDGS = [
    "No poverty",
    "Zero hunger",
    "Good health and well-being",
    "Quality education",
    "Gender equality",
    "Clean water and sanitation",
    "Affordable and clean energy",
    "Decent work and economic growth",
    "Industry, innovation and infrastructure",
    "Reduced inequalities",
    "Sustainable cities and communities",
    "Responsible consumption and production",
    "Climate action",
    "Life below water",
    "Life on land",
    "Peace, justice and strong institutions",
    "Partnerships for the goals",
]


def ensure_taxonomy(FocusArea, SDG):
    """Create or update the rows; takes the models so a migration can pass its historical ones."""
    for order, (name, slug, description) in enumerate(FOCUS_AREAS):
        FocusArea.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "sort_order": order}
        )
    for number, name in enumerate(SDGS, start=1):
        SDG.objects.update_or_create(number=number, defaults={"name": name})
