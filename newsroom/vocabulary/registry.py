"""The models that carry tags, as their apps register them in ``AppConfig.ready()``.

The vocabulary counts a tag's uses, lists what a merge moves and suggests the most used tags
for each registered model, without importing the apps (``newsroom`` is their floor).
"""

from dataclasses import dataclass

from django.db.models import Model


@dataclass(frozen=True)
class TaggedModel:
    model: type[Model]
    # Where its column comes among the tagged models (the tag admin, the merge page).
    position: int = 0
    # How the merge page lists the objects carrying a tag.
    ordering: tuple[str, ...] = ("pk",)
    # The query parameter of the model's admin list that filters it by a tag's id, if any:
    # the tag admin's count then links there.
    changelist_filter: str | None = None

    @property
    def count_name(self) -> str:
        """The usage annotation and the tag admin's column: ``article_count``, ``person_count``."""
        return f"{self.model._meta.model_name}_count"

    @property
    def title(self) -> str:
        """The column's heading: the model's plural name (« articles », « personnes »)."""
        return self.model._meta.verbose_name_plural


_registered: dict[str, TaggedModel] = {}


def register(
    model: type[Model],
    *,
    position: int = 0,
    ordering: tuple[str, ...] = ("pk",),
    changelist_filter: str | None = None,
) -> None:
    """Count, list and suggest tags for ``model`` (which has a taggit ``tags`` manager)."""
    _registered[model._meta.label_lower] = TaggedModel(
        model=model, position=position, ordering=tuple(ordering), changelist_filter=changelist_filter
    )


def tagged_models() -> list[TaggedModel]:
    """The registered models, in the order of their columns."""
    return sorted(_registered.values(), key=lambda tagged: (tagged.position, tagged.model._meta.label_lower))
