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

# Test-hook answers (Sandbox.fail_next) are sent exactly as given; only the correlation header is added.

# Not modelled (UNVERIFIED in the reference): lifecyclestage moving only forward, account validation
# rules, merged-away IDs, associations, restoring archived records.

# --- endpoints added for issue 3 (routes.py, store.py, search.py) ----------------------------------

OWNERS_PATH: Final = "/crm/v3/owners"
# The same contacts, properties and account-info endpoints also answer under date-based versions
# (VERIFIED [S1]: /crm/objects/2026-03/contacts, /crm/properties/2026-03/contacts,
# /account-info/2026-03/details, same shapes). UNVERIFIED: the sandbox accepts any YYYY-MM version,
# not only the ones HubSpot has published (2026-03, 2026-09).
DATE_VERSION_PATTERN: Final = r"\d{4}-\d{2}"

# The account-info answer. The shape is VERIFIED ([F-amp], §1.5); the values describe a made-up
# developer test account in UTC.
ACCOUNT_DETAILS: Final = {
    "portalId": PORTAL_ID,
    "accountType": "DEVELOPER_TEST",
    "timeZone": "UTC",
    "companyCurrency": "USD",
    "additionalCurrencies": [],
    "utcOffset": "+00:00",
    "utcOffsetMilliseconds": 0,
    "uiDomain": UI_DOMAIN,
    "dataHostingLocation": "na1",
}

# History entries (propertiesWithHistory). VERIFIED: the fields value, timestamp, sourceType, sourceId,
# updatedByUserId. UNVERIFIED: which values a private-app write gets. The sandbox records a PATCH as
# sourceType INTEGRATION with sourceId = the app's ID and no user; `Sandbox.set_value` (another writer)
# as CRM_UI with sourceId "userId:<id>" and updatedByUserId; seed values as IMPORT, stamped with the
# seed contact's updatedAt; the computed hs_object_id/createdate/lastmodifieddate as one CALCULATED
# entry. Every write counts, also one that stores the value already there; a refused PATCH and a JSON
# null record nothing. A property asked for that never had a value has an empty history list.
PATCH_SOURCE_TYPE: Final = "INTEGRATION"
CRM_UI_SOURCE_TYPE: Final = "CRM_UI"
CRM_UI_USER_ID: Final = 9586504  # the first demo owner's userId
SEED_SOURCE_TYPE: Final = "IMPORT"
CALCULATED_SOURCE_TYPE: Final = "CALCULATED"

# idProperty (GET, PATCH, batch/read): VERIFIED for email and hasUniqueValue properties. The lookup is
# case-insensitive (UNVERIFIED; HubSpot stores emails in lower case). Any other property: 400 with this
# UNVERIFIED text.
ID_PROPERTY_MESSAGE: Final = "Property {name} is not a unique identifier and cannot be used as idProperty."

# Archived contacts (DELETE /crm/v3/objects/contacts/{id} archives; VERIFIED §1.5). UNVERIFIED: DELETE
# answers 204 with no body, also for an already archived contact, and 404 for an unknown one; archived
# contacts are left out of search, of the email-conflict check, of lists and batch reads unless
# archived=true (which returns only archived ones, VERIFIED [S1]); a PATCH to one answers 404.

# List (GET /crm/v3/objects/contacts). VERIFIED: limit defaults to 10. UNVERIFIED: the maximum 100
# (more answers 400, it is not clamped); `after` is the ID of the first contact of the next page (the
# cursor is opaque for clients); contacts come in ID order.
LIST_DEFAULT_LIMIT: Final = 10
LIST_MAX_LIMIT: Final = 100
# UNVERIFIED text for an unusable query parameter (limit, after, archived).
BAD_PARAMETER_MESSAGE: Final = "Invalid value for query parameter {name}: {value!r}. {hint}"

# Batch read. VERIFIED: the 200 body {status: COMPLETE, results, startedAt, completedAt} and, when some
# IDs were not found, errors[] with category OBJECT_NOT_FOUND and context.ids, answered as HTTP 207
# (the official client maps 200 and 207 to different models); the duplicate-ID 400 text ([F-amp]).
# UNVERIFIED: the not-found text, at most 100 inputs (more: 400), results in input order, and that each
# error carries empty `errors` and `links` (the official client's StandardError requires them).
BATCH_MAX_INPUTS: Final = 100
BATCH_NOT_FOUND_MESSAGE: Final = (
    "Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid."
)
BATCH_DUPLICATE_MESSAGE: Final = "Duplicate IDs found in batch input: [{ids}]. IDs must be unique"
BATCH_TOO_MANY_MESSAGE: Final = "Batch input is limited to {limit} inputs; got {count}."
BATCH_NO_INPUTS_MESSAGE: Final = "Batch input must contain at least one input with an id."

# Search (POST .../contacts/search). VERIFIED: limit <= 200, query <= 3000 characters, at most 10,000
# results per query (paging past them answers 400), the default properties, the response shape with a
# numeric-string `after`. Filter limits as hubspot-api.md advises (UNVERIFIED: 5 groups, 6 filters per
# group, 18 in all); one sort (UNVERIFIED, [ADR]).
SEARCH_DEFAULT_LIMIT: Final = 10  # UNVERIFIED
SEARCH_MAX_LIMIT: Final = 200
SEARCH_RESULT_CAP: Final = 10_000
SEARCH_MAX_QUERY_LENGTH: Final = 3000
SEARCH_MAX_GROUPS: Final = 5
SEARCH_MAX_FILTERS_PER_GROUP: Final = 6
SEARCH_MAX_FILTERS: Final = 18
SEARCH_MAX_SORTS: Final = 1
# UNVERIFIED: the properties the free-text `query` looks in (HubSpot's default searchable contact
# properties), and how: every word of the query must start a word of one of them (case-insensitive).
QUERY_PROPERTIES: Final = ("firstname", "lastname", "email", "phone", "company")
# UNVERIFIED search semantics, chosen to be plausible and predictable:
# - a search answers from the current data at once (HubSpot's index lags by seconds);
# - number, date and datetime properties compare as numbers (dates as epoch ms; filter values may be ms
#   or ISO-8601), other types as text, case-insensitively (ASCII letters only, like SQLite's NOCASE);
# - NEQ, NOT_IN and NOT_CONTAINS_TOKEN also match contacts without a value;
# - for multi-select (checkbox) properties EQ/NEQ/IN/NOT_IN look at each selected option;
# - CONTAINS_TOKEN matches a whole word of the value (or the whole value); "*" is a wildcard;
# - without a sort, results come in ID order; a sort puts contacts without a value last either way and
#   breaks ties by ID; `sorts` items may be {propertyName, direction} or "name" / "-name" strings;
# - paging.next is given while results remain, even when following it would pass the 10,000 cap;
# - an unknown property in a filter or sort, a filter value of the wrong type, a missing value: 400.
SEARCH_ERROR_MESSAGES: Final = {
    "limit": "limit must be an integer from 1 to {max}; got {value}.",
    "after": "after must be a non-negative integer offset; got {value}.",
    "cap": "Search results are limited to {cap} per query (after {after} + limit {limit} > {cap}). "
    "Narrow the filters to page through the rest.",
    "query": "query may not be longer than {max} characters.",
    "groups": "Too many filter groups ({count}); the maximum is {max}.",
    "per_group": "Too many filters in a filter group ({count}); the maximum is {max}.",
    "filters": "Too many filters ({count}); the maximum across all filter groups is {max}.",
    "sorts": "Only one sort is supported; got {count}.",
    "sort": "Invalid sort {value}: expected {{propertyName, direction: ASCENDING|DESCENDING}}.",
    "operator": "Invalid filter operator {value}.",
    "property": "Unable to find property {name} for object type 0-1.",
    "filter": "Invalid filter: {problem}.",
    "value": "{value} is not a valid {kind} value for property {name}.",
    "body": "Invalid search request: {problem}.",
}

# Owners (GET /crm/v3/owners, GET /crm/v3/owners/{id}). VERIFIED: the PublicOwner fields. UNVERIFIED:
# limit defaults to 100 and may be at most 500; `after` is a position in the owner list.
OWNERS_DEFAULT_LIMIT: Final = 100
OWNERS_MAX_LIMIT: Final = 500
OWNER_NOT_FOUND_MESSAGE: Final = "Owner {owner_id} not found"  # UNVERIFIED
# hubspot_owner_id values. INVALID_INTEGER's text is from third-party test data (§3, UNVERIFIED); the
# INVALID_OWNER_ID code and text for a well-formed ID that names no owner are UNVERIFIED.
INVALID_OWNER_INTEGER: Final = ("INVALID_INTEGER", "{value} was not a valid integer (for owner ID).")
INVALID_OWNER_ID: Final = ("INVALID_OWNER_ID", "{value} is not a valid owner id")

# Property definitions. VERIFIED: archived=true returns only archived definitions. UNVERIFIED: one
# archived definition by name answers 404 unless archived=true; GROUP_NOT_FOUND_MESSAGE's text.
GROUP_NOT_FOUND_MESSAGE: Final = 'Unable to find property group "{name}" for object type 0-1'
# UNVERIFIED: the category of those two 404s. The spec's Error requires one (HubSpot's Python client's
# Error model refuses a body without it), so they carry OBJECT_NOT_FOUND like a missing contact.
DEFINITION_NOT_FOUND: Final = "OBJECT_NOT_FOUND"

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
