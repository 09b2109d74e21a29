"""Query expressions the ORM lacks."""

from django.db.models import Lookup


class AnyOf(Lookup):
    """``lhs = ANY(%s::bigint[])`` on PostgreSQL: a list of ids as one parameter.

    ``id IN (%s, %s, …)`` with thousands of ids costs far more to build, send and plan than
    to run. Elsewhere it is that IN list.
    """

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = compiler.compile(self.lhs)
        ids = list(self.rhs)
        if not ids:
            return "1 = 0", lhs_params
        return f"{lhs} IN ({', '.join(['%s'] * len(ids))})", (*lhs_params, *ids)

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = compiler.compile(self.lhs)
        return f"{lhs} = ANY(%s::bigint[])", (*lhs_params, list(self.rhs))
