"""The project word list's first words: the field's terms the en-GB dictionary does not know."""

from django.db import migrations

WORDS = [
    "AfL",
    "BSF",
    "CAF",
    "CAMHS",
    "CPD",
    "CVA",
    "EAL",
    "EHCP",
    "EHC",
    "EWO",
    "HLTA",
    "HMI",
    "ICT",
    "IEP",
    "IQM",
    "KS1",
    "KS2",
    "KS3",
    "KS4",
    "KS5",
    "LA",
    "LAC",
    "LDD",
    "LSA",
    "NPQH",
    "Ofsted",
    "PSHE",
    "PSHCE",
    "SEF",
    "SEMH",
    "SEN",
    "SENCO",
    "SENCo",
    "SENDCo",
    "SEND",
    "SLT",
    "SMT",
    "TA",
    "approachability",
    "employability",
    "personalisation",
    "wellbeing",
]


def add_words(apps, schema_editor):
    ProjectWord = apps.get_model("library", "ProjectWord")
    for word in WORDS:
        if not ProjectWord.objects.filter(word__iexact=word).exists():
            ProjectWord.objects.create(word=word)


class Migration(migrations.Migration):
    dependencies = [("library", "0002_search_index")]

    operations = [migrations.RunPython(add_words, migrations.RunPython.noop)]
