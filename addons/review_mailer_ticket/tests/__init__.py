from . import test_review_tickets
