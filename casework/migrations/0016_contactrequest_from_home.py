# ContactRequest moved from home (issue 17): the model enters casework's state only, on the table home created
# (db_table kept as home_contactrequest), so no row is copied or lost. It depends on home's migration that removes
# the model from home's state, itself after the one that created the table: on an empty database the table exists
# before casework owns it. Choices are copied here, never imported.

import django.db.models.deletion
import portal.crypto
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0015_merge_20261130_1156"),
        ("home", "0007_contactrequest_to_casework"),
        ("portal", "0008_invitation_opened_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ContactRequest",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("name", portal.crypto.EncryptedTextField(verbose_name="nom ou prénom")),
                        (
                            "channel",
                            models.CharField(
                                choices=[("phone", "Téléphone"), ("email", "E-mail")],
                                max_length=10,
                                verbose_name="être joint par",
                            ),
                        ),
                        ("contact", portal.crypto.EncryptedTextField(verbose_name="téléphone ou e-mail")),
                        ("preferred_times", portal.crypto.EncryptedTextField(blank=True, verbose_name="moments préférés")),
                        ("message", portal.crypto.EncryptedTextField(blank=True, verbose_name="message")),
                        ("consent_at", models.DateTimeField(verbose_name="accord pour être contacté le")),
                        (
                            "status",
                            models.CharField(
                                choices=[("new", "Nouvelle"), ("handled", "Traitée")],
                                default="new",
                                max_length=10,
                                verbose_name="statut",
                            ),
                        ),
                        ("handled_at", models.DateTimeField(blank=True, null=True, verbose_name="traitée le")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="reçue le")),
                        (
                            "association",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="contact_requests",
                                to="portal.organisation",
                                verbose_name="association",
                            ),
                        ),
                        (
                            "case",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="contact_requests",
                                to="casework.case",
                            ),
                        ),
                        (
                            "handled_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "demande de contact",
                        "verbose_name_plural": "demandes de contact",
                        "db_table": "home_contactrequest",
                        "ordering": ["-created_at"],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
