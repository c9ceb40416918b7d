import django.db.migrations
from django.contrib.postgres import operations as pg
from django.contrib.postgres.operations import AddIndexConcurrently, HStoreExtension
from django.db import migrations, models
from django.db.migrations import operations
from django.db.migrations.operations import AddField as Add

from shop.operations import AddTenantSchema


def forwards(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = []
    operations = [
        migrations.CreateModel("Book", [("id", models.AutoField(primary_key=True))]),
        Add("book", "title", models.CharField(max_length=10, default="")),
        operations.AlterField(model_name="book", name="title", field=models.CharField(max_length=20)),
        django.db.migrations.RenameField("book", "title", "name"),
        migrations.AddIndex("book", models.Index(fields=["name"], name="book_name_idx")),
        migrations.RemoveIndex("book", "book_name_idx"),
        AddIndexConcurrently("book", models.Index(fields=["name"], name="book_name_idx2")),
        pg.RemoveIndexConcurrently(model_name="book", name="book_name_idx2"),
        HStoreExtension(),
        pg.TrigramExtension(),
        pg.CreateExtension("postgis"),
        migrations.AlterModelOptions("book", {"ordering": ["name"]}),
        migrations.AlterModelTable("book", "books"),
        migrations.AlterUniqueTogether("book", {("name",)}),
        migrations.AlterIndexTogether("book", set()),
        migrations.AddConstraint("book", models.CheckConstraint(check=models.Q(id__gt=0), name="book_id_positive")),
        migrations.RemoveConstraint("book", "book_id_positive"),
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL("SELECT 1", migrations.RunSQL.noop)],
            state_operations=[migrations.RenameModel("Book", "Volume")],
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop, atomic=False),
        AddTenantSchema("tenant"),
        migrations.RemoveField("volume", "name"),
        migrations.DeleteModel("Volume"),
    ]
