from django.contrib import admin


class OpsAdminSite(admin.AdminSite):
    site_header = "Ops"


ops_site = OpsAdminSite(name="ops_admin")
