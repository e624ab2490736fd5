"""redact(), the secret registry and RedactingFilter: the secret never survives, in any form."""

from __future__ import annotations

import base64
import io
import logging
import threading
from urllib.parse import quote, quote_plus

from hypothesis import example, given, settings
from hypothesis import strategies as st

from contact_editor.redaction import (
    MIN_SECRET_LENGTH,
    REDACTED,
    RedactingFilter,
    redact,
    register_secret,
    registered_secrets,
)

TOKEN = "pat-na1-deadbeef-0000-4000-8000-feedfacecafe"

secrets_st = st.text(min_size=MIN_SECRET_LENGTH, max_size=40)
token_like = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~+/=:!%",
    min_size=MIN_SECRET_LENGTH,
    max_size=60,
)
pieces = st.text(max_size=30)


def encoded_forms(secret: str) -> list[str]:
    return [
        secret,
        quote(secret, safe="", errors="surrogatepass"),
        quote_plus(secret, errors="surrogatepass"),
        f"Bearer {secret}",
        base64.b64encode(secret.encode("utf-8", errors="surrogatepass")).decode("ascii"),
    ]


@settings(max_examples=300)
@given(
    secret=st.one_of(secrets_st, token_like),
    parts=st.lists(pieces, min_size=1, max_size=6),
    forms=st.lists(st.integers(min_value=0, max_value=4), min_size=1, max_size=6),
)
@example(secret="ted]abcd", parts=["", "abcd"], forms=[0])  # a replacement that rebuilds the secret
@example(secret="redacted", parts=["a", "b"], forms=[0])  # a secret inside the marker itself
@example(secret="[redacted]", parts=["", ""], forms=[0])
@example(secret="aaaaaaaa", parts=["a", "aaa", "a"], forms=[0, 0])  # overlapping copies
def test_the_secret_never_survives(secret: str, parts: list[str], forms: list[int]) -> None:
    variants = encoded_forms(secret)
    text = parts[0]
    for i, part in enumerate(parts[1:] or [""]):
        text += variants[forms[i % len(forms)]] + part
    result = redact(text, [secret])
    assert secret not in result
    assert quote(secret, safe="", errors="surrogatepass") not in result
    assert quote_plus(secret, errors="surrogatepass") not in result


@settings(max_examples=200)
@given(secrets=st.lists(st.one_of(secrets_st, token_like), min_size=1, max_size=4), filler=pieces)
def test_several_secrets_none_survives(secrets: list[str], filler: str) -> None:
    text = filler.join(s for s in secrets for _ in range(2)) + filler
    result = redact(text, secrets)
    for secret in secrets:
        assert secret not in result


@settings(max_examples=200)
@given(text=st.text(max_size=200), secret=token_like)
def test_text_without_the_secret_is_unchanged(text: str, secret: str) -> None:
    forms = encoded_forms(secret)
    if any(form in text for form in forms) or "earer" in text.lower():
        return
    assert redact(text, [secret]) == text


@given(text=st.text(max_size=100), secret=st.one_of(secrets_st, token_like))
def test_redact_is_idempotent(text: str, secret: str) -> None:
    once = redact(text + secret + text, [secret])
    assert redact(once, [secret]) == once


def test_replacement_text_and_forms() -> None:
    secret = "pat-na1-abc/def+ghi"
    text = (
        f"token {secret}; header Authorization: Bearer {secret}; "
        f"url ?t={quote(secret, safe='')} or {quote(secret, safe='').lower()}; "
        f"form t={quote_plus(secret)}; json \"{secret}\"; "
        f"b64 {base64.b64encode(secret.encode()).decode()}"
    )
    result = redact(text, [secret])
    assert "abc" not in result
    assert result.count(REDACTED) == 7
    assert "Authorization: Bearer [redacted]" in result


def test_empty_and_short_secrets_are_ignored() -> None:
    text = "a perfectly normal sentence with a few words"
    assert redact(text, ["", " ", "a", "e", "few", "short"]) == text
    assert redact("", [TOKEN]) == ""


def test_any_bearer_credential_is_hidden_even_unregistered() -> None:
    assert redact("Authorization: Bearer pat-na1-0000-1111", []) == "Authorization: Bearer [redacted]"
    assert redact("bearer%20abcdef12345", []) == f"bearer%20{REDACTED}"
    # English is left alone.
    assert redact("The Bearer instrument was lost.", []) == "The Bearer instrument was lost."


def test_registry_ignores_short_and_blank_and_strips() -> None:
    register_secret("")
    register_secret("short")
    register_secret(f"  {TOKEN}\n")
    assert registered_secrets() == (TOKEN,)
    register_secret(TOKEN)
    assert registered_secrets() == (TOKEN,)


def test_registry_is_thread_safe() -> None:
    def work(n: int) -> None:
        for i in range(200):
            register_secret(f"secret-{n:02d}-{i:04d}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(registered_secrets()) == 8 * 200


# -- RedactingFilter -----------------------------------------------------------------------------


def make_logger(name: str) -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    parent = logging.getLogger(f"safety-test.{name}")
    parent.handlers[:] = [handler]
    parent.propagate = False
    parent.setLevel(logging.DEBUG)
    return parent.getChild("child"), stream  # records from a child logger reach the handler


def test_filter_redacts_message_args_and_dict_args() -> None:
    register_secret(TOKEN)
    log, stream = make_logger("args")
    log.warning("sending %s with %r", f"Bearer {TOKEN}", {"auth": TOKEN})
    log.warning("mapping %(token)s", {"token": TOKEN})
    log.info(f"f-string {TOKEN} and 100%% literal")
    log.error("object %s", ValueError(f"bad token {quote(TOKEN, safe='')}"))
    out = stream.getvalue()
    assert TOKEN not in out
    assert quote(TOKEN, safe="") not in out
    assert out.count(REDACTED) >= 5
    assert "sending Bearer [redacted] with {'auth': '[redacted]'}" in out


def test_filter_redacts_exception_text_and_stack() -> None:
    register_secret(TOKEN)
    log, stream = make_logger("exc")

    def leaky() -> None:
        token = TOKEN  # noqa: F841 - a local that a traceback-with-locals would show
        raise RuntimeError(f"server said: token {TOKEN} is invalid")

    try:
        leaky()
    except RuntimeError:
        log.exception("failed while talking to %s", "HubSpot")
    log.warning("here %s", TOKEN, stack_info=True)
    out = stream.getvalue()
    assert "Traceback (most recent call last)" in out
    assert "in leaky" in out
    assert "RuntimeError: server said: token [redacted] is invalid" in out
    assert "Stack (most recent call last)" in out
    assert TOKEN not in out


def test_filter_uses_secrets_registered_later_and_extra_secrets() -> None:
    log, stream = make_logger("later")
    log.warning("before %s", TOKEN)  # not yet registered: passes (and is the reason to register early)
    register_secret(TOKEN)
    log.warning("after %s", TOKEN)
    extra = "another-secret-42"
    handler = logging.getLogger("safety-test.later").handlers[0]
    handler.addFilter(RedactingFilter(extra_secrets=[extra]))
    log.warning("extra %s", extra)
    lines = stream.getvalue().splitlines()
    assert lines[1] == "WARNING safety-test.later.child: after [redacted]"
    assert lines[2] == "WARNING safety-test.later.child: extra [redacted]"


def test_filter_survives_a_bad_format_string() -> None:
    register_secret(TOKEN)
    log, stream = make_logger("bad")
    log.warning("two %s %s but one arg", TOKEN)
    out = stream.getvalue()
    assert "two" in out
    assert TOKEN not in out
