import json

from django.core.management.base import BaseCommand, CommandError

from assessments.framework_interchange import export_framework_document
from assessments.models import Framework


class Command(BaseCommand):
    help = (
        "Write one framework, its elements and the crosswalk into it to standard output as JSON "
        "(see docs/framework-format.md). Name it by name and version, or by --id."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help='The framework\'s name, e.g. "IQM Evaluative Framework".')
        parser.add_argument("version", nargs="?", help='Its version, e.g. "Eight elements".')
        parser.add_argument("--id", type=int, help="The framework's id, instead of its name and version.")

    def handle(self, *args, **options):
        name, version, pk = options["name"], options["version"], options["id"]
        if pk is not None and (name or version):
            raise CommandError("Name the framework by its name and version or by --id, not both.")
        if pk is not None:
            framework = Framework.objects.filter(pk=pk).first()
            if framework is None:
                raise CommandError(f"There is no framework with id {pk}.")
        elif name and version:
            framework = Framework.objects.filter(name=name, version=version).first()
            if framework is None:
                known = "; ".join(
                    f'"{f.name}" "{f.version}"' for f in Framework.objects.order_by("name", "version")
                )
                raise CommandError(
                    f'There is no framework "{name}" version "{version}". The frameworks: {known}.'
                )
        else:
            raise CommandError(
                "Name the framework: export_framework NAME VERSION, or export_framework --id ID."
            )
        self.stdout.write(json.dumps(export_framework_document(framework), indent=2, ensure_ascii=False))
