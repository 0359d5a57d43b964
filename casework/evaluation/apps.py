from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "casework.evaluation"
    label = "evaluation"
    verbose_name = "Évaluation et protection des données"

    def ready(self):
        from casework.evaluation import household_data, panels

        household_data.register_defaults()
        panels.register()

    def load_demo(self):
        """manage.py load_demo: this app's demo data (idempotent); nothing at run time imports the loader."""
        from casework.evaluation import demo

        demo.load()
