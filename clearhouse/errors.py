"""Exceptions of the core. Addons turn them into translated ``UserError``s."""


class ClearhouseError(Exception):
    """Base class; ``code`` and ``params`` let callers render a translated message."""

    code = "error"

    def __init__(self, message, *, code=None, record=None, field=None, line=None, **params):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.record = record
        self.field = field
        self.line = line
        self.params = params

    def __str__(self):
        where = []
        if self.record:
            where.append(f"record {self.record}")
        if self.field:
            where.append(f"field {self.field}")
        if self.line:
            where.append(f"line {self.line}")
        return f"{self.message} ({', '.join(where)})" if where else self.message


class InputError(ClearhouseError):
    """A file or payload that cannot be read at all (malformed, hostile, too large)."""

    code = "input_error"


class PayloadError(ClearhouseError):
    """One order of an otherwise readable input is unusable; the others go on."""

    code = "payload_error"


class RemoteError(ClearhouseError):
    """A call to an outside system failed; the base of every client's error.

    ``retryable``: the same call may succeed later (see ``clearhouse.remote``);
    ``status``: the HTTP status, 0 without one; ``retry_after``: seconds the other side
    asked us to wait, None when it said nothing. Both are in ``params`` as well, for the
    translated message.
    """

    code = "remote_error"

    def __init__(self, message, *, retryable=False, status=0, retry_after=None, **kwargs):
        super().__init__(message, **kwargs)
        self.retryable = retryable
        self.status = status or 0
        self.retry_after = retry_after
        if status:
            self.params.setdefault("status", status)
        if retry_after is not None:
            self.params.setdefault("retry_after", retry_after)
