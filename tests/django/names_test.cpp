// Django's generated names on the examples of /work/shared/research/django-semantics.md §1, each
// computed by real Django (3.2.25, and for Index names also 4.2 and 5.x). The oracle test
// (names_oracle_test.cpp) compares thousands more with Django itself.
#include "django/names.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace preflight::django {
namespace {

constexpr std::optional<int> kPostgres = 63;
constexpr std::optional<int> kOracle = 30;
constexpr std::optional<int> kSQLite = std::nullopt;

std::optional<std::string> index_name(std::string_view table,
                                      const std::vector<IndexColumn>& columns,
                                      const IndexClass& index_class = kIndex) {
  return index_name_for_model(table, columns, index_class);
}

TEST(DjangoNames, DefaultTableIsAppLabelAndModelNameTruncatedToTheEngineLimit) {
  EXPECT_EQ(default_db_table("tenants", "tenantdomain", kPostgres), "tenants_tenantdomain");
  // The app label is used as given; only `_format_names` lower-cases it.
  EXPECT_EQ(default_db_table("Tenants", "tenantdomain", kPostgres), "Tenants_tenantdomain");
  EXPECT_EQ(default_db_table("verylongapplicationlabel",
                             "averyveryverylongmodelnamethatexceedslimits", kPostgres),
            "verylongapplicationlabel_averyveryverylongmodelnamethatexce09f4");
  // SQLite has no limit.
  EXPECT_EQ(default_db_table("verylongapplicationlabel",
                             "averyveryverylongmodelnamethatexceedslimits", kSQLite),
            "verylongapplicationlabel_averyveryverylongmodelnamethatexceedslimits");
}

TEST(DjangoNames, ModelNameIsTheLowerCasedClassName) {
  EXPECT_EQ(model_name_for("TenantDomain"), "tenantdomain");
  EXPECT_EQ(model_name_for("HTTPLog2"), "httplog2");
  // Python lower-cases non-ASCII letters too; that is not reproduced, so the answer is "unknown".
  EXPECT_EQ(model_name_for("Café"), std::nullopt);
}

TEST(DjangoNames, TruncateNameKeepsTheNamespaceAndShortNamesAsGiven) {
  const std::string long_name =
      "verylongapplicationlabel_averyveryverylongmodelnamethatexceedslimits";
  EXPECT_EQ(truncate_name(long_name, 63),
            "verylongapplicationlabel_averyveryverylongmodelnamethatexce09f4");
  EXPECT_EQ(truncate_name(long_name, std::nullopt), long_name);
  // A short quoted name comes back with its quotes; a truncated one loses the outer quotes.
  EXPECT_EQ(truncate_name("\"billing\".\"lines\"", 63), "\"billing\".\"lines\"");
  EXPECT_EQ(truncate_name("\"billing\".\"" + long_name + "\"", 63),
            "billing\".\"verylongapplicationlabel_averyveryverylongmodelnamethatexce09f4");
}

TEST(DjangoNames, SplitIdentifierAndStripQuotes) {
  const SplitIdentifier qualified = split_identifier("\"billing\".\"invoice_lines\"");
  EXPECT_EQ(qualified.namespace_name, "billing");
  EXPECT_EQ(qualified.name, "invoice_lines");
  EXPECT_EQ(split_identifier("\"quoted\"").name, "quoted");
  // Two separators: Python's tuple unpacking fails and the whole identifier is the name.
  EXPECT_EQ(split_identifier("\"a\".\"b\".\"c\"").name, "a\".\"b\".\"c");
  EXPECT_EQ(split_identifier("\"a\".\"b\".\"c\"").namespace_name, "");
  EXPECT_EQ(strip_quotes("\"billing\".\"invoice_lines\""), "billing\".\"invoice_lines");
  EXPECT_EQ(strip_quotes("plain"), "plain");
}

TEST(DjangoNames, NamesDigestIsMd5OfThePartsWithoutSeparators) {
  EXPECT_EQ(names_digest({"tenants_tenantdomain", "domain", "idx"}, 6), "f3abe6");
  EXPECT_EQ(names_digest({"tenants_tenantdomaindomainidx"}, 6), "f3abe6");
  EXPECT_EQ(names_digest({}, 32), "d41d8cd98f00b204e9800998ecf8427e");  // MD5 of ""
  EXPECT_EQ(names_digest({"x"}, 100).size(), 32u);
}

TEST(DjangoNames, IndexNamesOfTheResearchExamples) {
  const std::string table = "tenants_tenantdomain";
  EXPECT_EQ(index_name(table, {{"domain"}}), "tenants_ten_domain_f3abe6_idx");
  // column_names[0][:7] of "tenant_id" is "tenant_": hence the double underscore.
  EXPECT_EQ(index_name(table, {{"tenant_id"}, {"is_primary"}}), "tenants_ten_tenant__f55360_idx");
  // The ordering prefix is hashed but not shown.
  EXPECT_EQ(index_name(table, {{"created_at", true}}), "tenants_ten_created_b838b1_idx");
  EXPECT_EQ(index_name(table, {{"created_at"}}), "tenants_ten_created_c7ef30_idx");
  // db_column changes the column and so the name.
  EXPECT_EQ(index_name(table, {{"tenant_fk"}, {"is_primary"}}), "tenants_ten_tenant__15cac0_idx");
  // A leading digit is *replaced* by "D".
  EXPECT_EQ(index_name("2fa_device", {{"user_id"}}), "Dfa_device_user_id_257440_idx");
  // The schema of a qualified db_table is dropped.
  EXPECT_EQ(index_name("\"billing\".\"invoice_lines\"", {{"x"}}), "invoice_lin_x_7b1c77_idx");
  // The names drift with the table: db_table set later, or the model renamed.
  EXPECT_EQ(index_name("tenant_domains", {{"domain"}}), "tenant_doma_domain_f1f1e9_idx");
  EXPECT_EQ(index_name("tenant_domains", {{"tenant_id"}, {"is_primary"}}),
            "tenant_doma_tenant__c3fbe3_idx");
  EXPECT_EQ(index_name("tenants_domain", {{"domain"}}), "tenants_dom_domain_6df599_idx");
  EXPECT_EQ(index_name("tenants_domain", {{"tenant_id"}, {"is_primary"}}),
            "tenants_dom_tenant__3bd559_idx");
}

TEST(DjangoNames, IndexNameErrorsAreNoName) {
  EXPECT_EQ(index_name("t", {}), std::nullopt);
  // A suffix longer than the class allows: Django raises rather than naming.
  EXPECT_EQ(index_name("tenants_tenantdomain", {{"domain"}}, IndexClass{"toolong", 30}),
            std::nullopt);
  // contrib.postgres classes allow 30 - 3 + len(suffix).
  EXPECT_EQ(python_length(*index_name("tenants_tenantdomain", {{"domain_name"}}, kSpGistIndex)),
            33u);
}

TEST(DjangoNames, ParseIndexField) {
  EXPECT_EQ(parse_index_field("-created").field, "created");
  EXPECT_TRUE(parse_index_field("-created").descending);
  EXPECT_FALSE(parse_index_field("created").descending);
}

TEST(DjangoNames, SchemaEditorNamesOfTheResearchExamples) {
  const std::string table = "tenants_tenantdomain";
  EXPECT_EQ(field_index_name(table, "domain", kPostgres), "tenants_tenantdomain_domain_d412d0dc");
  EXPECT_EQ(like_index_name(table, "domain", kPostgres),
            "tenants_tenantdomain_domain_d412d0dc_like");
  EXPECT_EQ(field_index_name(table, "tenant_id", kPostgres),
            "tenants_tenantdomain_tenant_id_8a7e583a");
  const std::vector<std::string> together{"tenant_id", "is_primary"};
  EXPECT_EQ(unique_name(table, together, kPostgres),
            "tenants_tenantdomain_tenant_id_is_primary_70829fb5_uniq");
  EXPECT_EQ(index_together_name(table, together, kPostgres),
            "tenants_tenantdomain_tenant_id_is_primary_70829fb5_idx");
  EXPECT_EQ(foreign_key_name(table, "tenant_id", "tenants_tenant", "id", kPostgres),
            "tenants_tenantdomain_tenant_id_8a7e583a_fk_tenants_tenant_id");
  // The target's schema is not part of the suffix.
  EXPECT_EQ(foreign_key_name(table, "tenant_id", "\"public\".\"tenants_tenant\"", "id", kPostgres),
            "tenants_tenantdomain_tenant_id_8a7e583a_fk_tenants_tenant_id");
  EXPECT_EQ(foreign_key_name(table, "tenant_id", "tenants_tenant", "id", kOracle),
            "tenants_t_tenant_id_8a7e583a_f");
  // SQLite's "no limit" is 200 here.
  const std::vector<std::string> two{"a", "b"};
  EXPECT_EQ(schema_index_name(table, two, "", kSQLite), "tenants_tenantdomain_a_b_a8317a54");
  EXPECT_EQ(schema_index_name(std::string(150, 'x'), two, "", kSQLite),
            std::string(150, 'x') + "_a_b_3cd70473");
}

TEST(DjangoNames, LongSchemaNamesAreShortenedAndOnlyThenGetADPrepended) {
  const std::vector<std::string> column{"some_really_long_column_name_for_testing"};
  const std::string table = "tenants_averyveryverylongmodelnamethatkeepsgoing";
  EXPECT_EQ(unique_name(table, column, kPostgres),
            "tenants_averyveryverylon_some_really_long_column__dea3a083_uniq");
  // "D" is prepended and the last character dropped, keeping the length.
  EXPECT_EQ(unique_name("_" + table, column, kPostgres),
            "D_tenants_averyveryverylo_some_really_long_column__fb5c43d9_uni");
  // A name that fits is never fixed up, even with a leading digit.
  EXPECT_EQ(field_index_name("2fa_device", "user_id", kPostgres), "2fa_device_user_id_5d105d8b");
  EXPECT_EQ(field_index_name("2fa_device_with_a_much_longer_name_than_fits",
                             "user_id_column_also_long", kPostgres),
            "D2fa_device_with_a_much_lon_user_id_column_also_long_2822e36");
}

TEST(DjangoNames, FirstCharacterRuleUsesPythonIsdigit) {
  EXPECT_TRUE(starts_with_underscore_or_digit("_x"));
  EXPECT_TRUE(starts_with_underscore_or_digit("9x"));
  EXPECT_TRUE(starts_with_underscore_or_digit("\xC2\xB2x"));   // "²": isdigit() is true
  EXPECT_TRUE(starts_with_underscore_or_digit("\xD9\xA1x"));   // Arabic-Indic one
  EXPECT_FALSE(starts_with_underscore_or_digit("\xC2\xBDx"));  // "½" is numeric, not a digit
  EXPECT_FALSE(starts_with_underscore_or_digit("x9"));
  EXPECT_FALSE(starts_with_underscore_or_digit(""));
}

TEST(DjangoNames, LengthsCountCharactersLikePython) {
  EXPECT_EQ(python_length("caf\xC3\xA9"), 4u);
  EXPECT_EQ(python_length("\xF0\x9F\x98\x80"), 1u);  // one emoji
  // Index names slice characters, never bytes: table[:11] and column[:7] keep every "é" whole.
  std::string e8;
  for (int i = 0; i < 8; ++i) e8 += "\xC3\xA9";
  const std::optional<std::string> name = index_name("caf" + e8 + "_x", {{e8}});
  ASSERT_TRUE(name.has_value());
  const std::string e7 = e8.substr(2);
  EXPECT_TRUE(name->starts_with("caf" + e8 + "_" + e7 + "_")) << *name;
  EXPECT_EQ(python_length(*name), 30u);
}

TEST(DjangoNames, M2MTableName) {
  EXPECT_EQ(m2m_db_table("shop_product", "tags", kPostgres), "shop_product_tags");
  EXPECT_EQ(m2m_db_table("\"shop_product\"", "tags", kPostgres), "shop_product_tags");
}

TEST(DjangoNames, Engines) {
  EXPECT_EQ(engine_from_name("django.db.backends.postgresql"), Engine::kPostgreSQL);
  EXPECT_EQ(engine_from_name("django.contrib.gis.db.backends.postgis"), Engine::kPostgreSQL);
  EXPECT_EQ(engine_from_name("sqlite"), Engine::kSQLite);
  EXPECT_EQ(engine_from_name("django_cockroachdb"), std::nullopt);
  EXPECT_EQ(max_name_length(Engine::kPostgreSQL), 63);
  EXPECT_EQ(max_name_length(Engine::kMySQL), 64);
  EXPECT_EQ(max_name_length(Engine::kOracle), 30);
  EXPECT_EQ(max_name_length(Engine::kSQLite), std::nullopt);
}

TEST(DjangoNames, LikeIndexDependsOnTypeFlagsCollationAndVersion) {
  constexpr DjangoVersion k32{3, 2};
  constexpr DjangoVersion k42{4, 2};
  constexpr DjangoVersion k51{5, 1};
  EXPECT_TRUE(postgres_needs_like_index("varchar(100)", true, false, Collation::kDefault, k32));
  EXPECT_TRUE(postgres_needs_like_index("text", false, true, Collation::kDefault, k42));
  EXPECT_FALSE(postgres_needs_like_index("varchar(100)", false, false, Collation::kDefault, k42));
  EXPECT_FALSE(postgres_needs_like_index("varchar(10)[]", true, false, Collation::kDefault, k42));
  EXPECT_FALSE(postgres_needs_like_index("integer", true, false, Collation::kDefault, k42));
  EXPECT_FALSE(postgres_needs_like_index("citext", true, false, Collation::kDefault, k42));
  // 3.2 emits it even for a nondeterministic collation, and PostgreSQL refuses the migration.
  EXPECT_TRUE(
      postgres_needs_like_index("varchar(10)", true, false, Collation::kNondeterministic, k32));
  EXPECT_FALSE(
      postgres_needs_like_index("varchar(10)", true, false, Collation::kNondeterministic, k42));
  EXPECT_FALSE(
      postgres_needs_like_index("varchar(10)", true, false, Collation::kNondeterministic, k51));
  EXPECT_TRUE(
      postgres_needs_like_index("varchar(10)", true, false, Collation::kDeterministic, k51));
}

TEST(DjangoNames, PostgresTruncatesAtSixtyThreeBytesOnACharacterBoundary) {
  EXPECT_EQ(postgres_truncate_identifier(std::string(63, 'a')), std::string(63, 'a'));
  EXPECT_EQ(postgres_truncate_identifier(std::string(70, 'a')), std::string(63, 'a'));
  // 62 ASCII bytes and a two-byte "é": the "é" would end at byte 64, so it goes.
  EXPECT_EQ(postgres_truncate_identifier(std::string(62, 'a') + "\xC3\xA9"), std::string(62, 'a'));
  // 40 "é" are 40 characters to Django (under 63) but 80 bytes to PostgreSQL.
  std::string accents;
  for (int i = 0; i < 40; ++i) accents += "\xC3\xA9";
  EXPECT_EQ(postgres_truncate_identifier(accents).size(), 62u);
}

// Names PostgreSQL 15 chose itself for CREATE TABLE "<table>" ("<col>" serial PRIMARY KEY, ...,
// UNIQUE (...)), read back from pg_class [run against a real server].
TEST(DjangoNames, PostgresOwnNamesForKeysAndSequences) {
  const std::vector<std::string> sku{"sku"};
  EXPECT_EQ(postgres_primary_key_name("shop_product"), "shop_product_pkey");
  EXPECT_EQ(postgres_unique_name("shop_product", sku), "shop_product_sku_key");
  EXPECT_EQ(postgres_sequence_name("shop_product", "id"), "shop_product_id_seq");

  // The longer of table and column is shortened first.
  const std::string a60(60, 'a');
  const std::vector<std::string> b30{std::string(30, 'b')};
  EXPECT_EQ(postgres_unique_name(a60, b30),
            std::string(29, 'a') + "_" + std::string(29, 'b') + "_key");
  EXPECT_EQ(postgres_sequence_name(a60, "id"), std::string(56, 'a') + "_id_seq");
  EXPECT_EQ(postgres_primary_key_name(a60), std::string(58, 'a') + "_pkey");
  const std::vector<std::string> r{"r"};
  EXPECT_EQ(postgres_unique_name(std::string(63, 'q'), r), std::string(57, 'q') + "_r_key");
  // Several columns are joined first, then shortened as one.
  const std::vector<std::string> two{std::string(40, 'a'), std::string(40, 'b')};
  EXPECT_EQ(postgres_unique_name("mixed", two),
            "mixed_" + std::string(40, 'a') + "_" + std::string(12, 'b') + "_key");

  // Bytes are counted, and multi-byte characters are never split.
  std::string e31;
  for (int i = 0; i < 31; ++i) e31 += "\xC3\xA9";  // "é" * 31: 62 bytes
  std::string n20;
  for (int i = 0; i < 20; ++i) n20 += "\xC3\xB1";  // "ñ" * 20
  const std::vector<std::string> n{n20};
  EXPECT_EQ(postgres_unique_name(e31, n), e31.substr(0, 28) + "_" + n20.substr(0, 28) + "_key");
  EXPECT_EQ(postgres_sequence_name(e31, "id"), e31.substr(0, 56) + "_id_seq");
  EXPECT_EQ(postgres_primary_key_name(e31), e31.substr(0, 58) + "_pkey");
}

}  // namespace
}  // namespace preflight::django
