"""The seed page's PATCH example (HubSpot's "update a contact" reference, ../shared/seed/): the
values every layer's tests expect for contact 512. One copy, imported as `seed_page` (tests/ is on
sys.path through tests/conftest.py)."""

SEED_PAGE_PROPERTIES = {
    "property_checkbox": "false",
    "property_date": "1572480000000",
    "property_dropdown": "choice_b",
    "property_multiple_checkboxes": "chocolate;strawberry",
    "property_number": "17",
    "property_radio": "option_1",
    "property_string": "value",
}
