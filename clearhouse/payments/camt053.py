"""ISO 20022 CAMT.053 bank-to-customer statements (.001.02, .04 and .08), plain or zipped.

The version is taken from the namespace; other messages (camt.052, camt.054, pain) and
other versions are refused as a whole. Every booked entry becomes one ``StatementLine``
per transaction detail (a batch entry with three ``TxDtls`` gives three lines); pending
and information-only entries are skipped. Incoming bookings have a positive amount.

Transaction ids, in order of preference: the transaction's ``AcctSvcrRef``; the entry's
``AcctSvcrRef`` (with ``/n`` for the n-th detail of a batch); the interbank ``TxId``;
else a stable hash of account, date, amount, currency, remittance, counterparty,
``EndToEndId`` and the number of identical bookings before it. ``EndToEndId`` alone is
no id: the payer chooses it. The same file always yields the same ids.

German banks deliver a day's statements as a zip of camt files. A zip is read in
memory, never extracted: member names are labels only (no paths are built from them),
directories, ``__MACOSX`` and non-XML members are ignored, and the member count and the
bytes actually inflated are limited, so a zip bomb stops at the limit.
"""

import io
import zipfile

from clearhouse.errors import InputError, PayloadError
from clearhouse.intake.limits import checked_bytes
from clearhouse.payments._common import (
    MAX_BYTES,
    IdRegistry,
    clean_iban,
    clean_ref,
    parse_decimal,
)
from clearhouse.payments.types import ParseResult, StatementLine
from clearhouse.xmlsafe import parse_untrusted

NAMESPACE_PREFIX = "urn:iso:std:iso:20022:tech:xsd:camt.053.001."
VERSIONS = ("02", "04", "08")
NAMESPACES = tuple(NAMESPACE_PREFIX + version for version in VERSIONS)

MAX_ZIP_MEMBERS = 500
MAX_ZIP_TOTAL_BYTES = 200 * 1024 * 1024
_CHUNK = 64 * 1024
_BOOKED = ("BOOK", "")


def parse_camt053(
    data,
    *,
    max_bytes=MAX_BYTES,
    max_members=MAX_ZIP_MEMBERS,
    max_total_bytes=MAX_ZIP_TOTAL_BYTES,
):
    """Read a CAMT.053 file or a zip of them; ``InputError`` if any of it is unusable.

    For a zip the error names the member (``params["member"]``) and the line in it.
    """
    data = checked_bytes(data, max(max_bytes, max_total_bytes), "parse_camt053")
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _parse_zip(data, max_bytes, max_members, max_total_bytes)
    data = checked_bytes(data, max_bytes, "parse_camt053")
    result = ParseResult()
    _parse_document(data, result, IdRegistry(), source="")
    return result


def _parse_zip(data, max_bytes, max_members, max_total_bytes):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise InputError(
            f"The zip file cannot be read: {exc}.", code="input_zip", detail=str(exc)
        ) from None
    if len(members) > max_members:
        raise InputError(
            f"The zip file has {len(members)} members, more than the {max_members} accepted.",
            code="input_zip_members",
            members=len(members),
            max_members=max_members,
        )
    chosen = [info for info in members if _is_statement_member(info)]
    declared = sum(info.file_size for info in chosen)
    if declared > max_total_bytes:
        raise InputError(
            f"The zip file unpacks to {declared} bytes, more than the {max_total_bytes} accepted.",
            code="input_zip_too_large",
            size=declared,
            max_bytes=max_total_bytes,
        )
    if not chosen:
        raise InputError("The zip file contains no XML statement.", code="input_zip_empty")
    result = ParseResult()
    registry = IdRegistry()
    budget = [max_total_bytes]
    for info in sorted(chosen, key=lambda item: item.filename):
        content = _read_member(archive, info, max_bytes, budget)
        try:
            _parse_document(content, result, registry, source=info.filename)
        except InputError as exc:
            exc.message = f"{info.filename}: {exc.message}"
            exc.args = (exc.message,)
            exc.params["member"] = info.filename
            raise
    return result


def _is_statement_member(info):
    name = info.filename.replace("\\", "/")
    if info.is_dir() or name.startswith("__MACOSX/") or name.rsplit("/", 1)[-1][:1] == ".":
        return False
    return name.lower().endswith(".xml")


def _read_member(archive, info, max_bytes, budget):
    """Inflate one member, counting real bytes: the sizes in a zip header can lie."""
    if info.flag_bits & 0x1:
        raise InputError(
            f"{info.filename}: encrypted zip members are not supported.",
            code="input_zip_encrypted",
            member=info.filename,
        )
    limit = min(max_bytes, budget[0])
    chunks = []
    size = 0
    try:
        with archive.open(info) as member:
            while True:
                chunk = member.read(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:
                    raise InputError(
                        f"{info.filename}: the zip member unpacks to more than {limit} bytes "
                        "(limit per file or for the whole zip); refused as a possible zip bomb.",
                        code="input_zip_too_large",
                        member=info.filename,
                        max_bytes=limit,
                    )
                chunks.append(chunk)
    except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, ValueError) as exc:
        raise InputError(
            f"{info.filename}: the zip member cannot be read: {exc}.",
            code="input_zip",
            member=info.filename,
            detail=str(exc),
        ) from None
    budget[0] -= size
    return b"".join(chunks)


def _parse_document(data, result, registry, source):
    root = parse_untrusted(data)
    namespace = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    local = root.tag.rsplit("}", 1)[-1]
    if namespace not in NAMESPACES or local != "Document":
        found = namespace or "no namespace"
        raise InputError(
            f"The file is not a CAMT.053 statement in a supported version: its root is "
            f"<{local}> in {found}; supported are camt.053.001.{', .'.join(VERSIONS)}.",
            code="input_wrong_namespace",
            line=root.sourceline,
            namespace=namespace,
            root=local,
            supported=", ".join(f"camt.053.001.{version}" for version in VERSIONS),
        )
    version = namespace.rsplit(".", 1)[-1]
    reader = _Reader(namespace)
    statement_root = reader.find(root, "BkToCstmrStmt")
    if statement_root is None:
        raise InputError(
            "The file has no <BkToCstmrStmt> element.",
            code="input_schema",
            line=root.sourceline,
            element="BkToCstmrStmt",
        )
    fmt = f"camt.053.001.{version}"
    if result.format and result.format != fmt:
        fmt = "camt.053"
    result.format = fmt
    if source:
        result.sources.append(source)
    for statement in reader.findall(statement_root, "Stmt"):
        account = clean_iban(reader.text(statement, "Acct/Id/IBAN")) or reader.text(
            statement, "Acct/Id/Othr/Id"
        )
        account_currency = reader.text(statement, "Acct/Ccy")
        context = {"account": account, "currency": account_currency, "source": source}
        for number, entry in enumerate(reader.findall(statement, "Ntry"), start=1):
            _parse_entry(reader, entry, number, context, result, registry)
    return result


class _Reader:
    """Namespaced look-ups with paths written without prefixes: ``Acct/Id/IBAN``."""

    def __init__(self, namespace):
        self.ns = {"c": namespace}
        self._paths = {}

    def _path(self, path):
        compiled = self._paths.get(path)
        if compiled is None:
            compiled = self._paths[path] = "/".join(f"c:{step}" for step in path.split("/"))
        return compiled

    def find(self, element, path):
        return element.find(self._path(path), self.ns)

    def findall(self, element, path):
        return element.findall(self._path(path), self.ns)

    def text(self, element, path):
        found = element.find(self._path(path), self.ns)
        return " ".join((found.text or "").split()) if found is not None else ""

    def texts(self, element, path):
        return [
            " ".join((e.text or "").split()) for e in element.findall(self._path(path), self.ns)
        ]


def _status(reader, entry):
    status = reader.text(entry, "Sts/Cd") or reader.text(entry, "Sts")
    return status.upper()


def _date(reader, element, name):
    return (reader.text(element, f"{name}/Dt") or reader.text(element, f"{name}/DtTm"))[:10]


def _parse_entry(reader, entry, number, context, result, registry):
    if _status(reader, entry) not in _BOOKED:
        result.skipped += 1
        return
    entry_ref = clean_ref(reader.text(entry, "AcctSvcrRef"))
    record = clean_ref(reader.text(entry, "NtryRef")) or entry_ref or f"#{number}"
    details = reader.findall(entry, "NtryDtls/TxDtls")
    try:
        booking_date = _date(reader, entry, "BookgDt")
        value_date = _date(reader, entry, "ValDt")
        date = booking_date or value_date
        if not _is_iso_date(date):
            raise _error(
                record,
                "BookgDt",
                entry,
                "entry_date_missing",
                "has no booking or value date (YYYY-MM-DD)",
            )
        entry_sign = _sign(reader.text(entry, "CdtDbtInd"), record, entry)
        entry_amount, entry_currency = _amount(reader, entry, "Amt", record)
    except PayloadError as exc:
        result.errors.append(exc)
        return
    booking_text = reader.text(entry, "AddtlNtryInf")
    account_currency = context["currency"]
    common = {
        "account": context["account"],
        "source": context["source"],
        "date": date,
        "value_date": value_date,
        "booking_text": booking_text,
    }
    if not details:
        line = _line(
            registry,
            common,
            tx_ref="",
            entry_ref=entry_ref,
            tx_id="",
            amount=entry_sign * entry_amount,
            currency=entry_currency or account_currency,
            remittance=booking_text,
            party=("", "", ""),
            end_to_end="",
            line=entry.sourceline,
        )
        if line is None:
            result.duplicates += 1
        else:
            result.lines.append(line)
        return
    for index, detail in enumerate(details, start=1):
        try:
            line = _detail_line(
                reader,
                detail,
                index,
                len(details),
                common,
                entry_ref,
                record,
                (entry_sign, entry_amount, entry_currency or account_currency),
                registry,
            )
        except PayloadError as exc:
            result.errors.append(exc)
            continue
        if line is None:
            result.duplicates += 1
        else:
            result.lines.append(line)


def _detail_line(reader, detail, index, count, common, entry_ref, record, entry_values, registry):
    entry_sign, entry_amount, entry_currency = entry_values
    label = f"{record}/{index}" if count > 1 else record
    indicator = reader.text(detail, "CdtDbtInd")
    sign = _sign(indicator, label, detail) if indicator else entry_sign
    amount, currency = None, ""
    for path in ("Amt", "AmtDtls/TxAmt/Amt", "AmtDtls/InstdAmt/Amt"):
        if reader.find(detail, path) is not None:
            amount, currency = _amount(reader, detail, path, label)
            break
    if amount is None:
        if count > 1:
            raise _error(
                label,
                "AmtDtls",
                detail,
                "entry_batch_amount_missing",
                "of a batch entry has no amount of its own",
            )
        amount, currency = entry_amount, entry_currency
    incoming = sign > 0
    party = "Dbtr" if incoming else "Cdtr"
    name = reader.text(detail, f"RltdPties/{party}/Pty/Nm") or reader.text(
        detail, f"RltdPties/{party}/Nm"
    )
    iban = clean_iban(reader.text(detail, f"RltdPties/{party}Acct/Id/IBAN"))
    bic = reader.text(detail, f"RltdAgts/{party}Agt/FinInstnId/BICFI") or reader.text(
        detail, f"RltdAgts/{party}Agt/FinInstnId/BIC"
    )
    if not name:
        name = reader.text(detail, f"RltdPties/Ultmt{party}/Pty/Nm") or reader.text(
            detail, f"RltdPties/Ultmt{party}/Nm"
        )
    remittance = " ".join(
        part
        for part in (
            *reader.texts(detail, "RmtInf/Ustrd"),
            *reader.texts(detail, "RmtInf/Strd/CdtrRefInf/Ref"),
            *reader.texts(detail, "RmtInf/Strd/RfrdDocInf/Nb"),
            *reader.texts(detail, "RmtInf/Strd/AddtlRmtInf"),
        )
        if part
    )
    if not remittance:
        remittance = reader.text(detail, "AddtlTxInf")
    tx_ref = clean_ref(reader.text(detail, "Refs/AcctSvcrRef"))
    if entry_ref and count > 1:
        entry_ref = f"{entry_ref}/{index}"
    return _line(
        registry,
        common,
        tx_ref=tx_ref,
        entry_ref=entry_ref,
        tx_id=clean_ref(reader.text(detail, "Refs/TxId")),
        amount=sign * amount,
        currency=currency or entry_currency,
        remittance=remittance,
        party=(name, iban, bic),
        end_to_end=clean_ref(reader.text(detail, "Refs/EndToEndId")),
        line=detail.sourceline,
    )


def _line(
    registry,
    common,
    *,
    tx_ref,
    entry_ref,
    tx_id,
    amount,
    currency,
    remittance,
    party,
    end_to_end,
    line,
):
    name, iban, bic = party
    content = (common["date"], str(amount), currency, remittance, iban)
    bank_ref = tx_ref or entry_ref or tx_id
    if bank_ref:
        transaction_id = registry.bank(bank_ref, content)
        if transaction_id is None:
            return None
    else:
        transaction_id = registry.hashed(
            common["account"],
            common["date"],
            str(amount),
            currency,
            remittance,
            name,
            iban,
            end_to_end,
        )
    return StatementLine(
        transaction_id=transaction_id,
        date=common["date"],
        amount=amount,
        currency=currency,
        remittance=remittance,
        payer_name=name,
        payer_iban=iban,
        payer_bic=bic,
        end_to_end_id=end_to_end,
        line=line,
        source=common["source"],
        value_date=common["value_date"],
        account=common["account"],
        booking_text=common["booking_text"],
    )


def _sign(indicator, record, element):
    if indicator == "CRDT":
        return 1
    if indicator == "DBIT":
        return -1
    raise _error(
        record,
        "CdtDbtInd",
        element,
        "entry_indicator_invalid",
        f"is {indicator!r}, expected CRDT or DBIT",
        value=indicator,
    )


def _amount(reader, element, path, record):
    found = reader.find(element, path)
    text = (found.text or "").strip() if found is not None else ""
    amount = parse_decimal(text) if text else None
    if amount is None or amount < 0:
        where = found if found is not None else element
        raise _error(record, path, where, "entry_amount_invalid", "is not an amount", value=text)
    currency = (found.get("Ccy") or "").strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise _error(
            record,
            path,
            found,
            "entry_currency_invalid",
            "has no three-letter currency (Ccy)",
            value=currency,
        )
    return amount, currency


def _is_iso_date(value):
    return (
        len(value) == 10
        and value[4] == "-"
        and value[7] == "-"
        and value.replace("-", "").isdigit()
    )


def _error(record, field_name, element, code, text, **params):
    """A booking's error: ``field`` is the element path, ``record`` the entry's reference."""
    return PayloadError(
        f"Entry {record}: {field_name} {text}.",
        code=code,
        record=record,
        field=field_name,
        line=element.sourceline if element is not None else None,
        **params,
    )
