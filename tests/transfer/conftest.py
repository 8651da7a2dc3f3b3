from tests.transfer.world import rich  # noqa: F401
