"""Django's PostgreSQL backend, with parameters bound by the server and repeated statements
prepared (``server_side_binding`` and ``prepare_threshold`` in the database's options).

Every page sends the same few statements with other values (the person, their roles, a
city's rows): prepared, PostgreSQL parses them once per connection rather than on every
request, which took three quarters of its time on a signed-in page. Bound on the server,
a statement carries at most 65,535 parameters, where Django's own backend splits nothing:
bulk writes are split here to stay under it.
"""

from django.db.backends.postgresql import base, operations

# PostgreSQL's limit on the parameters of one statement (a 16-bit count in its protocol).
MAX_PARAMETERS = 65_535


class DatabaseOperations(operations.DatabaseOperations):
    def bulk_batch_size(self, fields, objs):
        if self.connection.features.uses_server_side_binding and fields:
            return max(1, MAX_PARAMETERS // len(fields))
        return super().bulk_batch_size(fields, objs)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
