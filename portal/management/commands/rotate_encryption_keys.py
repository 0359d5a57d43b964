"""Re-encrypt every encrypted field and file with the newest key (the first of FIELD_ENCRYPTION_KEYS).

Safe while the portal runs: rows are rewritten one small batch at a time, each value through MultiFernet.rotate,
which reads any configured key; files are replaced atomically. A concurrent edit is never overwritten: each batch
locks the rows it reads (SELECT ... FOR UPDATE where the database has it, PostgreSQL) until its transaction ends,
and each UPDATE only applies if the value is still the one read (a compare-and-set, for SQLite and any other case).
"""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from portal.crypto import TOKEN_PREFIX, encrypted_fields, encrypted_file_fields, rotate_text

BATCH = 500


class Command(BaseCommand):
    help = "Rechiffre toutes les données chiffrées avec la clé la plus récente."

    def handle(self, *args, **options):
        quote = connection.ops.quote_name
        for model, field in encrypted_fields():
            table, column, pk = model._meta.db_table, field.column, model._meta.pk.column
            last_pk, count = None, 0
            while True:
                with transaction.atomic(), connection.cursor() as cursor:
                    where = f"WHERE {quote(pk)} > %s " if last_pk is not None else ""
                    lock = f" {connection.ops.for_update_sql()}" if connection.features.has_select_for_update else ""
                    cursor.execute(
                        f"SELECT {quote(pk)}, {quote(column)} FROM {quote(table)} {where}"
                        f"ORDER BY {quote(pk)} LIMIT {BATCH}{lock}",
                        [last_pk] if last_pk is not None else [],
                    )
                    rows = cursor.fetchall()
                    for row_pk, value in rows:
                        if value and value.startswith(TOKEN_PREFIX):
                            cursor.execute(
                                f"UPDATE {quote(table)} SET {quote(column)} = %s "
                                f"WHERE {quote(pk)} = %s AND {quote(column)} = %s",
                                [rotate_text(value), row_pk, value],
                            )
                            count += cursor.rowcount
                if len(rows) < BATCH:
                    break
                last_pk = rows[-1][0]
            self.stdout.write(f"{model._meta.label}.{field.name} : {count} valeur(s) rechiffrée(s)")
        for model, field in encrypted_file_fields():
            count = 0
            for name in model.objects.exclude(**{field.name: ""}).values_list(field.name, flat=True).iterator():
                if name and field.storage.exists(name):
                    field.storage.rotate(name)
                    count += 1
            self.stdout.write(f"{model._meta.label}.{field.name} : {count} fichier(s) rechiffré(s)")
