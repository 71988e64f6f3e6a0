"""Word segmentation and accent folding for search (placeholder, being written)."""


def words_for_index(page):
    return ""
