from tests.jifen.procedure.conftest import users

__all__ = ["users"]
