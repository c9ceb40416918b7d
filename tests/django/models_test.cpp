// The project model on small hand-written projects: the shapes the generated oracle
// (models_oracle_test.cpp) covers at scale are pinned here one at a time, with what Django 3.2
// computes for each (checked with /usr/bin/python3 when written).
#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "django/models.h"
#include "django/symbols.h"
#include "python/parser.h"

namespace preflight::django {
namespace {

class ModelsTest : public ::testing::Test {
 protected:
  // Parses `files` (path -> source) and builds the model.
  const ProjectModels& build(const std::map<std::string, std::string>& files) {
    std::vector<ModuleSource> modules;
    for (const auto& [path, text] : files) {
      const FileId id = sources_.add(path, FileKind::Python, text);
      parsed_.push_back(python::parse_module(text));
      EXPECT_FALSE(parsed_.back()->error) << path << ": " << parsed_.back()->error->message;
      modules.push_back(ModuleSource{id, path, parsed_.back()->module, &sources_.file(id), ""});
    }
    models_ = build_models(modules, ModelOptions{});
    return models_;
  }

  const Model& model(std::string_view label) {
    for (const Model& m : models_.models) {
      if (m.label() == label && !m.abstract) return m;
    }
    ADD_FAILURE() << "no model " << label;
    static const Model kNone;
    return kNone;
  }

  static std::vector<std::string> field_names(const Model& m) {
    std::vector<std::string> names;
    for (const Field& f : m.fields) names.push_back(f.name + ":" + f.column);
    return names;
  }

  SourceMap sources_;
  std::vector<std::unique_ptr<python::ParsedModule>> parsed_;
  ProjectModels models_;
};

TEST(DottedModuleName, FollowsPackagesUpToTheFirstFolderWithoutInit) {
  const std::set<std::string> packages = {"backend/apps", "backend/apps/billing", "pkg"};
  EXPECT_EQ(dotted_module_name("backend/apps/billing/models.py", packages), "apps.billing.models");
  EXPECT_EQ(dotted_module_name("backend/apps/billing/__init__.py", packages), "apps.billing");
  EXPECT_EQ(dotted_module_name("pkg/__init__.py", packages), "pkg");
  EXPECT_EQ(dotted_module_name("manage.py", packages), "manage");
}

TEST_F(ModelsTest, IncidentNamesAndColumns) {
  build({{"manage.py", ""},
         {"tenants/__init__.py", ""},
         {"tenants/apps.py",
          "from django.apps import AppConfig\n"
          "class TenantsConfig(AppConfig):\n"
          "    default_auto_field = 'django.db.models.BigAutoField'\n"
          "    name = 'tenants'\n"},
         {"tenants/models.py",
          "from django.db import models\n"
          "class Tenant(models.Model):\n"
          "    slug = models.SlugField(unique=True)\n"
          "class TenantDomain(models.Model):\n"
          "    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE)\n"
          "    domain = models.CharField(max_length=253)\n"
          "    is_primary = models.BooleanField(default=False)\n"
          "    class Meta:\n"
          "        indexes = [models.Index(fields=['domain']),\n"
          "                   models.Index(fields=['tenant', 'is_primary'])]\n"}});
  const Model& domain = model("tenants.TenantDomain");
  EXPECT_EQ(domain.db_table, "tenants_tenantdomain");
  EXPECT_EQ(field_names(domain),
            (std::vector<std::string>{"id:id", "tenant:tenant_id", "domain:domain",
                                      "is_primary:is_primary"}));
  EXPECT_EQ(domain.fields[0].class_name, "BigAutoField");
  ASSERT_EQ(domain.indexes.size(), 2u);
  EXPECT_EQ(domain.indexes[0].generated_name, "tenants_ten_domain_f3abe6_idx");
  EXPECT_EQ(domain.indexes[1].generated_name, "tenants_ten_tenant__f55360_idx");
  EXPECT_EQ(domain.fields[1].related_model, "tenants.Tenant");

  std::vector<std::string> names;
  for (const SchemaObject& o : schema_objects(domain, models_, ModelOptions{})) {
    names.push_back(o.name);
  }
  EXPECT_EQ(names, (std::vector<std::string>{
                       "tenants_tenantdomain",
                       "tenants_tenantdomain_tenant_id_8a7e583a_fk_tenants_tenant_id",
                       "tenants_tenantdomain_tenant_id_8a7e583a",
                       "tenants_ten_domain_f3abe6_idx",
                       "tenants_ten_tenant__f55360_idx",
                       "tenants_tenantdomain_pkey",
                       "tenants_tenantdomain_id_seq",
                   }));
}

TEST_F(ModelsTest, AbstractInheritanceAcrossAppsAndAliases) {
  build({{"core/__init__.py", ""},
         {"core/models.py",
          "from django.db import models as m\n"
          "class Stamped(m.Model):\n"
          "    created = m.DateTimeField()\n"
          "    class Meta:\n"
          "        abstract = True\n"
          "        ordering = ['-created']\n"
          "        indexes = [m.Index(fields=['-created'], name='%(app_label)s_%(class)s_c')]\n"},
         {"shop/__init__.py", ""},
         {"shop/models/__init__.py", "from .orders import *\n"},
         {"shop/models/orders.py",
          "from django.db.models import CharField\n"
          "from core.models import Stamped\n"
          "class Order(Stamped):\n"
          "    code = CharField(max_length=10, db_column='order_code')\n"
          "class Line(Stamped):\n"
          "    class Meta:\n"
          "        ordering = ['id']\n"}});
  const Model& order = model("shop.Order");
  EXPECT_EQ(field_names(order),
            (std::vector<std::string>{"id:id", "created:created", "code:order_code"}));
  EXPECT_EQ(order.ordering, std::vector<std::string>{"-created"});
  ASSERT_EQ(order.indexes.size(), 1u);
  EXPECT_EQ(order.indexes[0].given_name, "shop_order_c");
  // A plain `class Meta:` does not inherit the abstract parent's options.
  const Model& line = model("shop.Line");
  EXPECT_TRUE(line.indexes.empty());
  EXPECT_EQ(line.ordering, std::vector<std::string>{"id"});
}

TEST_F(ModelsTest, MultiTableProxyAndUnknownBases) {
  build({{"zoo/__init__.py", ""},
         {"zoo/models.py",
          "from django.db import models\n"
          "from django.contrib.auth.models import AbstractUser\n"
          "from polymorphic.models import PolymorphicModel\n"
          "class Animal(models.Model):\n"
          "    name = models.CharField(max_length=5, primary_key=True)\n"
          "class Dog(Animal):\n"
          "    good = models.BooleanField()\n"
          "class Loud(Dog):\n"
          "    class Meta:\n"
          "        proxy = True\n"
          "class Keeper(AbstractUser):\n"
          "    pass\n"
          "class Shape(PolymorphicModel):\n"
          "    pass\n"}});
  const Model& dog = model("zoo.Dog");
  EXPECT_EQ(field_names(dog), (std::vector<std::string>{"animal_ptr:animal_ptr_id", "good:good"}));
  EXPECT_TRUE(dog.fields[0].primary_key);
  const Model& loud = model("zoo.Loud");
  EXPECT_TRUE(loud.proxy);
  EXPECT_EQ(loud.db_table, "zoo_dog");
  EXPECT_TRUE(loud.fields.empty());
  EXPECT_TRUE(model("zoo.Keeper").has_unknown_bases);
  EXPECT_TRUE(model("zoo.Shape").has_unknown_bases);
  // A CharField primary key gets PostgreSQL's _like index (it is unique).
  bool like = false;
  for (const SchemaObject& o : schema_objects(model("zoo.Animal"), models_, ModelOptions{})) {
    like = like || o.origin == "_like";
  }
  EXPECT_TRUE(like);
}

TEST_F(ModelsTest, AppLabelFromAppConfigAndMonorepoProjects) {
  build({{"one/manage.py", ""},
         {"one/billing/__init__.py", ""},
         {"one/billing/apps.py",
          "from django.apps import AppConfig\n"
          "class C(AppConfig):\n    name = 'billing'\n    label = 'money'\n"},
         {"one/billing/models.py",
          "from django.db import models\nclass Invoice(models.Model):\n    pass\n"},
         {"two/manage.py", ""},
         {"two/billing/__init__.py", ""},
         {"two/billing/models.py",
          "from django.db import models\nclass Invoice(models.Model):\n    pass\n"}});
  ASSERT_EQ(models_.projects.size(), 2u);
  EXPECT_EQ(model("money.Invoice").db_table, "money_invoice");
  EXPECT_EQ(model("billing.Invoice").db_table, "billing_invoice");
  EXPECT_NE(model("money.Invoice").project, model("billing.Invoice").project);
}

TEST_F(ModelsTest, NoCrashOnCyclesAndOddShapes) {
  build({{"a/__init__.py", ""},
         {"a/models.py",
          "from a.models import B as C\n"
          "from . import models\n"
          "class A(C):\n    pass\n"
          "class B(A):\n    pass\n"
          "class D(models.D):\n    x = models.CharField()\n"}});
  SUCCEED();
}

}  // namespace
}  // namespace preflight::django
