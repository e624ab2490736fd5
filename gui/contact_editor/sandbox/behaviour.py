"""Every wire-level choice the sandbox makes, in one place.

Items marked VERIFIED come from /work/shared/reference/hubspot-api.md (real bodies, HubSpot's spec or
docs). Items marked UNVERIFIED are the sandbox's best guess at HubSpot's behaviour; a live check against
a developer test account may prove them wrong. Change them here, not in the modules that use them.
"""

from __future__ import annotations

from typing import Final

DEMO_TOKEN: Final = "demo-sandbox-token"
"""The bearer token a default sandbox accepts. Not a secret: the demo CLI prints it."""

API_PREFIX: Final = "/crm/v3"
CONTACTS_PATH: Final = f"{API_PREFIX}/objects/contacts"
PROPERTIES_PATH: Final = f"{API_PREFIX}/properties/contacts"
GROUPS_PATH: Final = f"{PROPERTIES_PATH}/groups"
ACCOUNT_DETAILS_PATH: Final = "/account-info/v3/details"

JSON_CONTENT_TYPE: Final = "application/json;charset=utf-8"  # VERIFIED: header quoted in ruby#181.
CORRELATION_HEADER: Final = "x-hubspot-correlation-id"  # VERIFIED

# VERIFIED ([D-search], [CM-merge]): the properties a contact read returns without `properties`.
DEFAULT_PROPERTIES: Final = (
    "createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname",
)

# Properties whose values the sandbox computes from the record itself (never stored, never writable).
COMPUTED_PROPERTIES: Final = frozenset({"hs_object_id", "createdate", "lastmodifieddate"})

# UNVERIFIED (hubspot-api.md §9 item 12): which properties a successful PATCH echoes. The batch
# fixture echoes a default-ish set; the seed page echoes exactly what was sent. The sandbox echoes the
# written properties (as stored after normalisation, a cleared one as JSON null) plus these.
PATCH_ECHO_EXTRA: Final = ("hs_object_id", "lastmodifieddate")

# Fake account used to build record URLs and the account-info answer. The URL form is VERIFIED
# (hubspot-api.md §4); the portal itself is made up (the fixtures use the same fake portal ID).
PORTAL_ID: Final = 12345678
UI_DOMAIN: Final = "app.hubspot.com"

# --- messages -------------------------------------------------------------------------------------

# VERIFIED (nodejs#432, ruby#181): same text for a missing and a malformed/unknown token.
AUTH_MESSAGE: Final = (
    "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can "
    "find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"
)
AUTH_FAILURE_HEADER: Final = ("x-hubspot-auth-failure", "401 Unauthorized")  # VERIFIED (ruby#181)

NOT_FOUND_MESSAGE: Final = "Object not found.  objectId are usually numeric."  # VERIFIED ([I-404])
NO_PROPERTIES_MESSAGE: Final = "No properties found to update, please provide at least one."  # VERIFIED
VALIDATION_PREFIX: Final = "Property values were not valid: "  # VERIFIED (fixture)

# UNVERIFIED: bodies for odd requests. HubSpot's real texts for these were not captured.
RESOURCE_NOT_FOUND_MESSAGE: Final = "resource not found"  # seen without `category` on other 404s
INVALID_JSON_MESSAGE: Final = "Invalid input JSON on line 1: the request body is not valid JSON."
PROPERTY_NOT_FOUND_MESSAGE: Final = 'Unable to find property "{name}" for object type 0-1'

# UNVERIFIED ([I-409] shows this body for create; PATCHing `email` to another contact's address is
# expected to answer the same way).
EMAIL_CONFLICT_MESSAGE: Final = "Contact already exists. Existing ID: {existing_id}"

# --- validation codes and per-property messages ----------------------------------------------------
# (code, message template). The codes are VERIFIED unless marked otherwise.

PROPERTY_DOESNT_EXIST: Final = ("PROPERTY_DOESNT_EXIST", 'Property "{name}" does not exist')
INVALID_OPTION: Final = ("INVALID_OPTION", "{value} was not one of the allowed options: [{allowed}]")
# The message format follows [I-date]: "1635535865 is at 22:18:55.865 UTC, not midnight!". Whether the
# hour is zero-padded is UNVERIFIED (one third-party report shows "4:10:33.600"); the sandbox pads.
INVALID_DATE: Final = ("INVALID_DATE", "{value} is at {time} UTC, not midnight!")
# UNVERIFIED: the text for a date value that is not a number or a YYYY-MM-DD date at all.
INVALID_DATE_FORMAT: Final = ("INVALID_DATE", "{value} is not a valid date")
# UNVERIFIED code and text (hubspot-api.md §9 item 11): a datetime that is neither ms nor ISO-8601.
INVALID_DATETIME: Final = ("INVALID_DATETIME", "{value} is not a valid datetime")
# UNVERIFIED code and text (§9 item 11; INVALID_INTEGER is the only related code seen, third-party).
INVALID_NUMBER: Final = ("INVALID_NUMBER", "{value} is not a valid number")
# The code name for v3 is UNVERIFIED; the text is from a legacy-API log ([I-ro]).
READ_ONLY_VALUE: Final = ("READ_ONLY_VALUE", '"{name}" is a calculated property; its value cannot be set.')
# VERIFIED ([C-ws]): non-string properties reject values with leading/trailing whitespace.
LEADING_TRAILING_WHITESPACE: Final = (
    "LEADING_TRAILING_WHITESPACE",
    '"{value}" includes leading or trailing whitespace.',
)
# UNVERIFIED (only third-party mocks show it).
INVALID_EMAIL: Final = ("INVALID_EMAIL", "Email address {value} is invalid")
# UNVERIFIED and deliberately strict: HubSpot's spec types every value as a string; what it does with
# a JSON number or boolean is unknown. The sandbox rejects them so client encoding bugs show up.
INVALID_VALUE_TYPE: Final = ("INVALID_VALUE_TYPE", "{value} is not a string; property values must be strings")

# UNVERIFIED: the `bool` type accepts exactly these (lower case) strings.
BOOL_VALUES: Final = ("true", "false")

# UNVERIFIED: a PATCH whose values are all JSON null changes nothing and does not touch updatedAt.
# (Whether HubSpot accepts JSON null at all is §9 item 9; the sandbox leaves such a value alone.)

# UNVERIFIED: writing a value equal to the stored one still counts as a write (updatedAt moves on).

# UNVERIFIED (§2): the read format of `date` values. The sandbox stores and returns epoch ms at
# midnight UTC (as the seed page's PATCH echo shows), also when the write used "YYYY-MM-DD".
# Writable `datetime` values are stored and returned as ISO-8601 UTC with milliseconds.

# UNVERIFIED order of checks for a PATCH: token (401) -> body shape ("No properties found", 400) ->
# contact exists (404) -> every property (400, all problems listed) -> email taken (409) -> write.
# GET with archived=true answers 404 (the sandbox has no archived records).

# Test-hook answers (Sandbox.fail_next) are sent exactly as given; only the correlation header is added.

# Not modelled (UNVERIFIED in the reference): lifecyclestage moving only forward, account validation
# rules, archived records, merged-away IDs, propertiesWithHistory beyond a simple per-write history.

# --- authentication, scopes and rate limits (used by tokens.py, limits.py, server.py) -------------

# VERIFIED ([I-401]): an expired OAuth token. N is whole seconds since expiry; context "expire time".
EXPIRED_AUTH_MESSAGE: Final = "The OAuth token used to make this call expired {seconds} second(s) ago."
EXPIRE_TIME_CONTEXT_KEY: Final = "expire time"
# VERIFIED (nodejs#268): the 403 MISSING_SCOPES body with errors[].context.requiredScopes and links.
MISSING_SCOPES_MESSAGE: Final = (
    "This app hasn't been granted all required scopes to make this call. Read more about required "
    "scopes here: https://developers.hubspot.com/scopes."
)
MISSING_SCOPES_DETAIL: Final = "One or more of the following scopes are required."
SCOPES_LINK: Final = "https://developers.hubspot.com/scopes"
# UNVERIFIED order of checks before any endpoint: token (401) -> rate limits (429; every request that
# gets past the token check counts) -> scopes (403) -> the endpoint. Test-hook answers come first.

# Rate limits (hubspot-api.md §5). Defaults are the Free/Starter private-app figures (UNVERIFIED).
RATE_LIMIT_INTERVAL_MS: Final = 10_000  # VERIFIED: X-HubSpot-RateLimit-Interval-Milliseconds
DEFAULT_BURST: Final = 100
DEFAULT_DAILY: Final = 250_000
DEFAULT_SEARCH_PER_SECOND: Final = 5  # UNVERIFIED ([ADR]); search is exempt from the 10 s bucket
TEN_SECONDLY_MESSAGE: Final = "You have reached your ten_secondly_rolling limit."  # VERIFIED (python#117)
SECONDLY_MESSAGE: Final = "You have reached your secondly limit."  # VERIFIED ([S2], [I-429])
DAILY_MESSAGE: Final = "You have reached your daily limit."  # UNVERIFIED text
# UNVERIFIED: groupName for a private app (python#117 shows "publicapi:hapikey-api-calls-ten-secondly:<id>").
RATE_LIMIT_GROUP: Final = "publicapi:private-app-api-calls-{window}:{app_id}"
SANDBOX_APP_ID: Final = 1234567
# UNVERIFIED choices: 429 bodies carry no `category` (as in every real one quoted); search counts toward
# the daily budget and its responses carry no X-HubSpot-RateLimit-* headers; the daily count resets at
# midnight UTC (the sandbox account's time zone); 401 answers carry no rate-limit headers.
# UNVERIFIED (§5, §9 item 6): HubSpot does not document Retry-After on 429s, and its own SDK waits fixed
# times instead, so the sandbox sends none. Set a number of seconds here to send one.
RATE_LIMIT_RETRY_AFTER: Final[int | None] = None
