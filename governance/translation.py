from modeltranslation.translator import TranslationOptions, register

from .models import (
    AgendaItem,
    Meeting,
    MinutesItem,
    TermsOfReference,
    WorkingGroup,
    WorkingGroupMeeting,
)


@register(TermsOfReference)
class TermsOfReferenceTranslation(TranslationOptions):
    fields = ("text",)


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("title",)


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title",)


@register(MinutesItem)
class MinutesItemTranslation(TranslationOptions):
    fields = ("text",)


@register(WorkingGroup)
class WorkingGroupTranslation(TranslationOptions):
    fields = ("topic", "description")


@register(WorkingGroupMeeting)
class WorkingGroupMeetingTranslation(TranslationOptions):
    fields = ("title", "summary")
