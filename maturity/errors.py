class ModelError(Exception):
    """A change of a maturity model the rules forbid; the message is for the user.

    Every refusal of the maturity app is one (interchange.ModelImportError names its paths).
    """
