def forward(apps, schema_editor):
    pass
