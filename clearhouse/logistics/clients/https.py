"""Documents posted to a partner's HTTPS endpoint with ``requests``.

The body is the document as written; ``token`` goes in ``token_header`` and, when
the partner shares an HMAC secret, ``signature_header`` carries the body's signature
(``clearhouse.logistics.signing``). The session ignores the environment (proxies,
``.netrc`` credentials, CA bundles): what reaches a partner and which certificates are
trusted is decided by the partner's configuration alone. No retries, no redirects: a
POST is sent once, and a redirect of a POST is a misconfigured URL, not a hint.
"""

import json
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter

from clearhouse.remote import classify_status, retry_after_seconds

from ..signing import sign
from .base import Transport, TransportError, check_name, check_payload, exception_error

MAX_ANSWER_BYTES = 64 * 1024
_STATUS_TEXTS = {
    "auth": "the credentials were refused",
    "throttled": "too many requests",
    "timeout": "the partner is unavailable",
    "unavailable": "the partner is unavailable",
}


class HttpsTransport(Transport):
    protocol = "https"

    def __init__(self, config):
        super().__init__(config)
        check_https_url(config.url, "url")

    def send(self, document_name, payload):
        name = check_name(document_name)
        payload = check_payload(payload)
        config = self.config
        headers = {
            "Content-Type": config.content_type,
            "X-Clearhouse-Document": name,
            # Lets a partner that keeps them drop a document we had to send again.
            "Idempotency-Key": name,
        }
        if config.token:
            headers[config.token_header] = f"{config.token_prefix}{config.token}"
        if config.hmac_secret:
            headers[config.signature_header] = sign(config.hmac_secret, payload)
        _status, answer = self._request("POST", config.url, data=payload, headers=headers)
        return self._receipt(name, payload, config.url, _reference(answer), answer)

    def _request(self, method, url, **kwargs):
        """One HTTP exchange with the configured timeout; ``(status, text)`` or an error."""
        config = self.config
        session = build_session(config)
        try:
            response = session.request(
                method,
                url,
                timeout=config.timeout,  # connect and each read
                allow_redirects=False,
                stream=True,
                verify=config.ca_bundle or config.verify_tls,
                **kwargs,
            )
            with response:
                answer = _read_answer(response)
        except requests.RequestException as exc:
            raise map_request_error(exc, f"HTTPS {method} to {_host(url)}") from exc
        finally:
            session.close()
        if not 200 <= response.status_code < 300:
            raise status_error(response.status_code, answer, response.headers, _host(url))
        return response.status_code, answer


def build_session(config):
    """A session that sends each request once and trusts only the configuration."""
    session = requests.Session()
    session.trust_env = False
    session.max_redirects = 0  # zeep cannot turn redirects off per call: refuse them here
    session.verify = config.ca_bundle or config.verify_tls
    adapter = HTTPAdapter(max_retries=0)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def check_https_url(url, field_name):
    parts = urlsplit(url or "")
    if parts.scheme != "https" or not parts.hostname:
        raise TransportError(
            f"The {field_name} {url!r} must be an https:// address: documents carry "
            "names and addresses, and the token would travel in clear text.",
            retryable=False,
            code="transport_config",
        )
    return url


def map_request_error(exc, where):
    """A ``requests`` exception as a TransportError, classified by ``clearhouse.remote``."""
    response = getattr(exc, "response", None)
    if isinstance(exc, (requests.HTTPError, requests.TooManyRedirects)) and response is not None:
        return status_error(response.status_code, response.text[:2000], response.headers, where)
    return exception_error(exc, where)


def status_error(status, answer, headers, where):
    """An HTTP status that is not success; retryable only when waiting can help."""
    failure = classify_status(status)
    headers = headers or {}
    text = _STATUS_TEXTS.get(failure.kind, "the document was refused")
    if failure.kind == "redirect":
        text = f"(redirect to {headers.get('Location', '?')}): fix the configured address"
    return TransportError(
        f"{where} answered {status}: {text}.",
        retryable=failure.retryable,
        code=f"transport_{failure.kind}",
        status=status,
        retry_after=retry_after_seconds(headers.get("Retry-After")) if failure.retryable else None,
        answer=(answer or "")[:500],
    )


def _read_answer(response):
    chunks = []
    size = 0
    for chunk in response.iter_content(8192):
        chunks.append(chunk)
        size += len(chunk)
        if size >= MAX_ANSWER_BYTES:
            break
    return b"".join(chunks)[:MAX_ANSWER_BYTES].decode(response.encoding or "utf-8", "replace")


def _reference(answer):
    """The partner's id of the document, when it answers JSON with one."""
    try:
        data = json.loads(answer)
    except ValueError:
        return ""
    if isinstance(data, dict):
        for key in ("reference", "id", "document_id"):
            if isinstance(data.get(key), (str, int)) and not isinstance(data.get(key), bool):
                return str(data[key])
    return ""


def _host(url):
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)


def _short(exc):
    return str(exc)[:300]
