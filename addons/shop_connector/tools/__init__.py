from . import error_messages
