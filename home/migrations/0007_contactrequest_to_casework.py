# ContactRequest moved to casework (issue 17): the model leaves home's state only. Its table, home_contactrequest,
# and every row stay: casework/migrations/0016_contactrequest_from_home.py takes the same table over.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0006_merge_parties_and_search"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ContactRequest")],
            database_operations=[],
        ),
    ]
