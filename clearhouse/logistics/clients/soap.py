"""Documents handed to a partner's SOAP service with ``zeep``.

The WSDL comes from a URL (https only) or a file the partner sent; ``url``, when set,
replaces the address in the WSDL (test and production endpoints often share one
WSDL). The operation named ``soap_operation`` is called with the document in
``soap_content_param`` (bytes: zeep encodes them as the WSDL's type says, base64 for
``base64Binary``) and, if ``soap_name_param`` is set, its name. The answer's value,
when it is a single value, becomes the receipt's reference.

The WSDL is the partner's, so it is parsed without DTDs or entities, and the HTTP
session is the same once-only, environment-blind session as for HTTPS.
"""

import os
from urllib.parse import urlsplit

import requests
import zeep
import zeep.exceptions
import zeep.helpers
from lxml import etree

from .base import Transport, TransportError, check_name, check_payload
from .https import build_session, check_https_url, map_request_error, status_error


class _Transport(zeep.Transport):
    """zeep's transport, remembering the last HTTP status.

    zeep turns any non-200 answer that parses as XML into a ``Fault``, an HTML
    maintenance page included; the status tells a real fault from an outage.
    """

    last_status = None

    def post(self, address, message, headers):
        response = super().post(address, message, headers)
        self.last_status = response.status_code
        return response


class SoapTransport(Transport):
    protocol = "soap"

    def __init__(self, config):
        super().__init__(config)
        if not config.wsdl:
            raise TransportError(
                "A SOAP partner needs a WSDL (https:// address or file).",
                retryable=False,
                code="transport_config",
            )
        if urlsplit(config.wsdl).scheme:
            check_https_url(config.wsdl, "WSDL address")
        if config.url:
            check_https_url(config.url, "url")
        if not config.soap_operation or not config.soap_content_param:
            raise TransportError(
                "A SOAP partner needs the operation and the parameter for the document.",
                retryable=False,
                code="transport_config",
            )
        self._service = None
        self._session = None
        self._transport = None

    def send(self, document_name, payload):
        name = check_name(document_name)
        payload = check_payload(payload)
        config = self.config
        arguments = {config.soap_content_param: payload}
        if config.soap_name_param:
            arguments[config.soap_name_param] = name
        result = self._request(lambda service: service[config.soap_operation](**arguments))
        value = zeep.helpers.serialize_object(result)
        if isinstance(value, dict) and len(value) == 1:
            value = next(iter(value.values()))
        reference = value if isinstance(value, (str, int)) else ""
        return self._receipt(name, payload, self._address(), reference, repr(value))

    def close(self):
        if self._session is not None:
            self._session.close()
        self._service = self._session = self._transport = None

    def _address(self):
        return self.config.url or self.config.wsdl

    def _load(self):
        """The service proxy, built once per transport; loading the WSDL is a request too."""
        if self._service is None:
            config = self.config
            self._session = build_session(config)
            transport = self._transport = _Transport(
                session=self._session,
                timeout=config.timeout,
                operation_timeout=config.timeout,
            )
            settings = zeep.Settings(
                strict=True,
                xml_huge_tree=False,
                forbid_dtd=True,
                forbid_entities=True,
                forbid_external=True,
            )
            wsdl = config.wsdl if urlsplit(config.wsdl).scheme else os.fspath(config.wsdl)
            client = zeep.Client(wsdl, transport=transport, settings=settings)
            port = _first_port(client)
            # The WSDL's own address must be https as well: it is where the document goes.
            address = config.url or check_https_url(
                port.binding_options.get("address"), "address in the WSDL"
            )
            self._service = client.create_service(port.binding.name, address)
        return self._service

    def _loaded(self):
        try:
            return self._load()
        except BaseException:
            self.close()  # a WSDL that failed to load is loaded afresh next time
            raise

    def _request(self, operation):
        """Load the WSDL if needed and run one operation; every error a TransportError."""
        where = f"SOAP {self.config.soap_operation} at {self._address()}"
        try:
            return operation(self._loaded())
        except TransportError:
            raise
        except zeep.exceptions.Fault as exc:
            status = self._transport.last_status if self._transport else None
            if exc.code is None and status and status != 200:
                # No faultcode: not a SOAP fault but an error page that happens to be XML.
                raise status_error(status, str(exc.detail or "")[:500], {}, where) from exc
            raise TransportError(
                f"{where}: the service answered with a fault ({exc.message}).",
                retryable=False,
                code="transport_fault",
                fault_code=str(exc.code or ""),
                fault=str(exc.message or "")[:500],
            ) from exc
        except zeep.exceptions.TransportError as exc:
            content = exc.content or b""
            if isinstance(content, bytes):
                content = content.decode("utf-8", "replace")
            raise status_error(exc.status_code, content, {}, where) from exc
        except requests.RequestException as exc:
            raise map_request_error(exc, where) from exc
        except (
            zeep.exceptions.Error,
            etree.LxmlError,
            AttributeError,
            TypeError,
            ValueError,
            LookupError,
            OSError,
        ) as exc:
            # A WSDL that cannot be read, an operation or parameter it does not have,
            # an answer that does not match it: a person has to look.
            raise TransportError(
                f"{where}: the WSDL or the call does not fit ({str(exc)[:300]}).",
                retryable=False,
                code="transport_wsdl",
            ) from exc


def _first_port(client):
    for service in client.wsdl.services.values():
        for port in service.ports.values():
            return port
    raise TransportError(
        "The WSDL defines no service port.", retryable=False, code="transport_wsdl"
    )
