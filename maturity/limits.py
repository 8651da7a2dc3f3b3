"""How large a maturity model may be; docs/model-format.md lists the same numbers.

Every page of a model (the table, answering, autosave, exports) reads all of it; one with
thousands of levels or areas kept workers busy until requests timed out for everyone. The
counts are checked on the parsed document before anything else, so a refusal is quick and
stores nothing. The shipped MLOps model has 5 levels, 3 dimensions, 5 areas, 82
characteristics and texts of up to 1,518 characters.
"""

MAX_UPLOAD_BYTES = 1024 * 1024  # of an uploaded file, refused before it is parsed

MAX_LEVELS = 10
MAX_DIMENSIONS = 12
MAX_AREAS = 60
MAX_CHARACTERISTICS = 2_000
MAX_HIGHLIGHTS = 20  # of one level

MAX_NAME_LENGTH = 300  # names and titles, as the database's columns
MAX_TEXT_LENGTH = 5_000  # descriptions, the source, highlights, characteristics' texts
MAX_KEY_LENGTH = 60  # the slug and the keys, as the database's columns
MAX_CHARACTERISTIC_KEY_LENGTH = 120
