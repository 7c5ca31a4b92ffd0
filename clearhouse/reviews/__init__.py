"""Review requests: when to ask, what the mail says, where the customer is sent.

Everything here is decided without a database: the addon ``review_mailer`` reads its
records into these value objects, calls the functions and writes the answers.
"""
