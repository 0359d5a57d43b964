from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "casework.evaluation"
    label = "evaluation"
    verbose_name = "Évaluation"

    def ready(self):
        # Imported here, not at the top: this module is loaded before the models (Django's app loading).
        from casework.evaluation import panels
        from portal.privacy import registry

        registry.exempt("evaluation.ProgrammeFunding", "Financement d'un programme : aucune donnée de ménage.")
        panels.register()

    def load_demo(self):
        """manage.py load_demo: this app's demo data (idempotent); nothing at run time imports the loader."""
        from casework.evaluation import demo

        demo.load()
