"""Model instances, with the relations select_related would join, built from the value rows of
a prepared query (prepared.Prepared reads value tuples only). For a page's fixed read of one row
that the rest of the code takes as a model instance: the access check's assessment, with its
school, framework, kind and lead assessor.

    ROW = Joined(Assessment, "school", "kind__award_level")
    READ = Prepared(lambda pk: Assessment.objects.filter(pk=pk).order_by().values_list(*ROW.names)[:1])
    assessment = ROW.instance(READ(pk=pk)[0])

A row holds the columns select_related would read — every concrete field of the model and of
each related model, converted as the queryset converts them — so `instance` builds what Django
builds: each model by `from_db`, each related instance in its foreign key's cache (None for a
null relation, which the query's LEFT OUTER JOIN gives as a row of nulls). Fields named in
`defer` ("lead_assessor__password") are left out of the row and deferred in the instance, as
QuerySet.defer leaves them: read from the database if ever asked for.
"""

from django.db import DEFAULT_DB_ALIAS, models


class Joined:
    """How to read a model with some of its relations (paths select_related takes) as one
    values_list() row (`names`), but the fields named in `defer` (paths as QuerySet.defer takes
    them), and build the instances back from such a row (`instance`)."""

    def __init__(self, model: type[models.Model], *related: str, defer: tuple[str, ...] = ()):
        self.model = model
        self.names: list[str] = []
        self._defer = set(defer)
        self._own = self._add(model, "")
        # (index of the owner in the built list, its foreign key, the related model, its columns)
        self._relations: list[tuple] = []
        found = {(): (0, model)}
        for path in related:
            steps = tuple(path.split("__"))
            for depth in range(1, len(steps) + 1):
                key = steps[:depth]
                if key in found:
                    continue
                owner, owner_model = found[key[:-1]]
                field = owner_model._meta.get_field(key[-1])
                if not (field.concrete and (field.many_to_one or field.one_to_one)):
                    raise ValueError(
                        f"{owner_model.__name__}.{key[-1]} is not a foreign key select_related follows"
                    )
                related_model = field.related_model
                start, stop, columns = self._add(related_model, "__".join(key) + "__")
                pk_at = start + columns.index(related_model._meta.pk.attname)
                self._relations.append((owner, field, related_model, columns, start, stop, pk_at))
                found[key] = (len(self._relations), related_model)

    def _add(self, model, prefix: str) -> tuple[int, int, tuple[str, ...]]:
        columns = tuple(
            field.attname
            for field in model._meta.concrete_fields
            if field.primary_key or not {prefix + field.name, prefix + field.attname} & self._defer
        )
        start = len(self.names)
        self.names.extend(prefix + column for column in columns)
        return start, len(self.names), columns

    def instance(self, row: tuple, using: str = DEFAULT_DB_ALIAS) -> models.Model:
        """The model instance of one row read with `names`, its relations in their caches."""
        start, stop, columns = self._own
        built = [self.model.from_db(using, columns, row[start:stop])]
        for owner, field, model, columns, start, stop, pk_at in self._relations:
            related = None if row[pk_at] is None else model.from_db(using, columns, row[start:stop])
            if built[owner] is not None:
                field.set_cached_value(built[owner], related)
                if related is not None and field.unique:  # a one-to-one: its reverse side too
                    field.remote_field.set_cached_value(related, built[owner])
            built.append(related)
        return built[0]
