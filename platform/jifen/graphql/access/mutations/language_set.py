import graphene

from jifen.access.services import user_language_set
from jifen.graphql.access.types import LanguageEnum, UserType
from jifen.graphql.core import DomainMutation


class LanguageSet(DomainMutation):
    """Choose the language notifications and e-mail are written to you in."""

    class Arguments:
        language = LanguageEnum(required=True)

    me = graphene.Field(UserType)

    @classmethod
    def perform(cls, info, language):
        user = user_language_set(
            user=info.context.user, language=getattr(language, "value", language)
        )
        return cls(me=user, errors=[])
