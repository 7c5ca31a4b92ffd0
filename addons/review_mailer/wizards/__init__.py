from . import review_preview
