from . import issue_messages
