"""The words the large-portal generator (`generator`) draws from: people's names (some with
accents and apostrophes), companies, job titles, free text, lifecycle stages with their weights,
lead statuses and the topics and words of generated groups and labels.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    "Olivia Liam Emma Noah Ava Oliver Sophia Elijah Isabella James Mia William Amelia Benjamin Harper "
    "Lucas Evelyn Henry Abigail Theodore Emily Jack Ella Levi Elizabeth Alexander Camila Jackson Luna "
    "Mateo Sofia Daniel Avery Michael Mila Mason Aria Sebastian Scarlett Ethan Penelope Logan Layla "
    "Owen Chloe Samuel Victoria Jacob Madison Asher Eleanor Aiden Grace John Nora Joseph Riley Wyatt "
    "Zoey David Hannah Leo Hazel Luke Lily Julian Ellie Hudson Violet Grayson Lillian Matthew Zoe "
    "Ezra Stella Gabriel Aurora Carter Natalie Isaac Emilia Jayden Everly Luca Leah Anthony Aubrey "
    "Dylan Willow Lincoln Addison Thomas Lucy Maverick Audrey Elias Bella Josiah Nova Charles "
    "Brooklyn Caleb Paisley Christopher Savannah Priya Kwame Tomás Zoë Søren Aisha Yuki Chen Fatima "
    "Mohammed Ingrid Björn Amara Kofi Mei Rafael"
)
LAST_NAMES = _words(
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez "
    "Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris "
    "Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill "
    "Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips "
    "Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers "
    "Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson "
    "Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders "
    "Patel Myers Long Ross Foster Jimenez Jensen Mensah Raman Álvarez-Ruiz Okafor Lindqvist Nakamura "
    "Müller Dubois Rossi Kowalski Novák O'Brien"
)
COMPANY_A = _words(
    "Harbor Summit Blue Northwind Cedar Lumen Apex Silver Granite Maple Orbit Pioneer Bright Atlas"
)
COMPANY_B = _words("Analytics Logistics Labs Foods Partners Health Media Systems Energy Studio Capital Works")
COMPANY_C = ("Inc.", "Ltd", "LLC", "GmbH", "S.L.", "& Co", "")
DOMAINS = ("example.com", "example.org", "example.net", "mail.example.com", "corp.example.com")
TITLES = (
    "Operations Manager", "Head of Partnerships", "Founder", "CEO", "Account Executive", "Buyer",
    "Marketing Lead", "Software Engineer", "Office Manager", "Finance Director", "Consultant", "Nurse",
)  # fmt: skip
WORDS = _words(
    "annual plan renewal quote meeting spring order call back invoice pilot onboarding webinar demo "
    "upgrade support ticket referral event trial feedback survey contract budget shipment region"
)
STAGES = (
    ("subscriber", 20), ("lead", 35), ("marketingqualifiedlead", 12), ("salesqualifiedlead", 10),
    ("opportunity", 9), ("customer", 10), ("evangelist", 2), ("other", 2),
)  # fmt: skip
LEAD_STATUSES = (
    "NEW",
    "OPEN",
    "IN_PROGRESS",
    "OPEN_DEAL",
    "UNQUALIFIED",
    "ATTEMPTED_TO_CONTACT",
    "CONNECTED",
)
GROUP_TOPICS = (
    "Billing", "Marketing preferences", "Support history", "Events", "Partner programme", "Compliance",
    "Product usage", "Surveys", "Shipping", "Education", "Finance", "Field sales",
)  # fmt: skip
ADJECTIVES = _words("Preferred Last Primary Secondary Annual Current Original Expected Internal External")
NOUNS = _words("contact time region segment budget channel score tier status source language plan rating")
