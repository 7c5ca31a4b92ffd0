"""Transport registry, configuration checks and webhook signatures."""

import hashlib
import hmac

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearhouse.logistics.clients.base import Transport
from clearhouse.logistics.transports import (
    TRANSPORTS,
    TransportConfig,
    TransportError,
    make_transport,
    sign,
    verify_signature,
)

SECRET = "test-hmac-secret"
BODY = '<?xml version="1.0"?><confirmations>Müller</confirmations>'.encode()


# Registry -------------------------------------------------------------------------------


def test_registry_lists_the_supported_protocols():
    assert sorted(TRANSPORTS) == ["ftp", "ftps", "https", "sftp", "soap"]
    for code, transport_class in TRANSPORTS.items():
        assert issubclass(transport_class, Transport)
        assert transport_class.protocol == code, "the class knows its own code"


def test_file_transports_fetch_push_transports_do_not():
    assert {code for code, cls in TRANSPORTS.items() if cls.supports_fetch} == {
        "ftp",
        "ftps",
        "sftp",
    }
    transport = make_transport(TransportConfig(protocol="https", url="https://partner.invalid/"))
    for call in (transport.fetch, lambda: transport.archive("a.xml")):
        with pytest.raises(TransportError) as caught:
            call()
        assert (caught.value.code, caught.value.retryable) == ("transport_unsupported", False)


@pytest.mark.parametrize("protocol", ["email", "FTP", "", "getattr"])
def test_unknown_protocol_is_a_configuration_error(protocol):
    with pytest.raises(TransportError) as caught:
        make_transport(TransportConfig(protocol=protocol))
    assert (caught.value.code, caught.value.retryable) == ("transport_config", False)


@pytest.mark.parametrize("timeout", [0, -1, None, 601])
def test_every_transport_needs_a_sane_timeout(timeout):
    with pytest.raises(TransportError) as caught:
        make_transport(TransportConfig(protocol="ftp", host="127.0.0.1", timeout=timeout))
    assert caught.value.code == "transport_config"


def test_secrets_stay_out_of_the_config_repr():
    config = TransportConfig(
        protocol="sftp",
        password="pw-value",
        private_key="key-value",
        private_key_passphrase="phrase-value",
        token="token-value",
        hmac_secret="secret-value",
    )
    text = repr(config)
    for secret in ("pw-value", "key-value", "phrase-value", "token-value", "secret-value"):
        assert secret not in text


def test_payload_must_be_bytes():
    transport = make_transport(TransportConfig(protocol="https", url="https://partner.invalid/"))
    with pytest.raises(TypeError):
        transport.send("a.xml", "<text/>")


# Signatures -----------------------------------------------------------------------------


def test_signature_is_hmac_sha256_of_the_raw_body():
    expected = hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest()
    assert sign(SECRET, BODY) == f"sha256={expected}"


@pytest.mark.parametrize(
    "header",
    [
        lambda: sign(SECRET, BODY),
        lambda: sign(SECRET, BODY).removeprefix("sha256="),
        lambda: sign(SECRET, BODY).upper().replace("SHA256=", "sha256="),
        lambda: "  " + sign(SECRET, BODY) + "\n",
        lambda: sign(SECRET, BODY).encode(),
    ],
    ids=["prefixed", "bare hex", "upper-case hex", "whitespace", "bytes"],
)
def test_verify_accepts_the_usual_header_forms(header):
    assert verify_signature(SECRET, BODY, header())


@pytest.mark.parametrize(
    ("secret", "body", "header"),
    [
        ("other-secret", BODY, sign(SECRET, BODY)),
        (SECRET, BODY + b" ", sign(SECRET, BODY)),
        (SECRET, BODY, ""),
        (SECRET, BODY, None),
        (SECRET, BODY, "sha256="),
        (SECRET, BODY, "sha1=" + hashlib.sha1(BODY).hexdigest()),
        (SECRET, BODY, "sha256=zz\u00e4"),
        ("", BODY, sign("", BODY)),
        (SECRET, None, sign(SECRET, BODY)),
        (SECRET, [1, 2], sign(SECRET, BODY)),
    ],
    ids=[
        "wrong secret",
        "changed body",
        "empty header",
        "no header",
        "empty digest",
        "other algorithm",
        "garbage",
        "empty secret",
        "no body",
        "body not bytes",
    ],
)
def test_verify_refuses_everything_else(secret, body, header):
    assert verify_signature(secret, body, header) is False


@given(body=st.binary(max_size=256), header=st.one_of(st.none(), st.text(), st.binary()))
def test_verify_never_raises(body, header):
    assert verify_signature(SECRET, body, header) in (True, False)
