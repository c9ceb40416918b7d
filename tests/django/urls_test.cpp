// The URL resolver on small URLconfs: one construct at a time, with what Django 3.2 gives for it
// (checked with /usr/bin/python3 when written), and the health-endpoint words.
#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "django/urls/path_match.h"
#include "django/urls/reachability.h"
#include "django/urls/route_regex.h"
#include "django/urls/urls.h"
#include "python/parser.h"

namespace preflight::django::urls {
namespace {

class UrlsTest : public ::testing::Test {
 protected:
  const UrlConf& resolve(const std::map<std::string, std::string>& files,
                         std::string_view root = "config.urls", DjangoVersion version = {3, 2}) {
    std::vector<ModuleSource> modules;
    for (const auto& [path, text] : files) {
      const FileId id = sources_.add(path, FileKind::Python, text);
      parsed_.push_back(python::parse_module(text));
      EXPECT_FALSE(parsed_.back()->error) << path << ": " << parsed_.back()->error->message;
      modules.push_back(ModuleSource{id, path, parsed_.back()->module, &sources_.file(id), ""});
    }
    conf_ = resolve_urls(modules, root, version);
    return conf_;
  }

  std::vector<std::string> routes() const {
    std::vector<std::string> out;
    for (const Route& route : conf_.routes) out.push_back(route.route);
    return out;
  }

  const Route& route(std::string_view text) const {
    for (const Route& r : conf_.routes) {
      if (r.route == text) return r;
    }
    ADD_FAILURE() << "no route " << text;
    static const Route kNone;
    return kNone;
  }

  SourceMap sources_;
  std::vector<std::unique_ptr<python::ParsedModule>> parsed_;
  UrlConf conf_;
};

TEST(RouteRegex, ConvertsAsDjango) {
  const ConverterRegexes none;
  EXPECT_EQ(route_to_regex("api/<int:pk>/my-view.json", true, {3, 2}, none),
            "^api/(?P<pk>[0-9]+)/my\\-view\\.json\\Z");
  EXPECT_EQ(route_to_regex("blog/", false, {3, 2}, none), "^blog/");
  EXPECT_EQ(route_to_regex("<slug>/", true, {2, 0}, none), "^(?P<slug>[^/]+)/$");
  EXPECT_EQ(route_to_regex("<yyyy:year>/", true, {4, 2}, none), std::nullopt);
  EXPECT_EQ(route_to_regex("<yyyy:year>/", true, {4, 2}, {{"yyyy", "[0-9]{4}"}}),
            "^(?P<year>[0-9]{4})/\\Z");
  EXPECT_EQ(route_to_regex("<int:not valid>/", true, {4, 2}, none), std::nullopt);
  EXPECT_EQ(route_example("t/<uuid:token>/<path:rest>", none),
            "t/12345678-1234-5678-1234-567812345678/sample/path");
}

TEST(RouteRegex, BuildsSamplesForRegexes) {
  EXPECT_EQ(regex_example(R"(^(?P<year>[0-9]{4})/(?P<slug>[-\w]+)/$)"), "1111/a/");
  EXPECT_EQ(regex_example(R"(^search(?:/(?P<q>[\w-]+))?/$)"), "search/");
  EXPECT_EQ(regex_example(R"(^files/(?P<name>[^/]+)\.(?P<ext>pdf|txt)$)"), "files/a.pdf");
  EXPECT_EQ(regex_example(R"(^users/(?P<pk>[^/.]+)\.(?P<format>[a-z0-9]+)/?$)"), "users/a.a");
  EXPECT_EQ(regex_example(R"((?i)^export/$)"), "export/");
  EXPECT_EQ(regex_example(R"(^(?!admin)[a-z]+/$)"), std::nullopt);
  EXPECT_EQ(regex_example(R"(^(?P<a>x)/(?P=a)$)"), std::nullopt);
}

TEST(Reachability, TranslatesPythonRegexes) {
  const auto matches = [](std::string_view regex, const std::string& path) {
    const std::optional<std::regex> compiled = compile_python_regex(regex);
    return compiled && std::regex_search(path, *compiled);
  };
  EXPECT_TRUE(matches(R"(^a/(?P<pk>[0-9]+)/\Z)", "a/12/"));
  EXPECT_FALSE(matches(R"(^a/(?P<pk>[0-9]+)/\Z)", "a/12/x"));
  EXPECT_TRUE(matches(R"((?i)^export/$)", "EXPORT/"));
  EXPECT_TRUE(matches(R"(^x{,2}$)", "xx"));
  EXPECT_FALSE(compile_python_regex(R"(^(?<=a)b$)"));
  EXPECT_FALSE(compile_python_regex(R"(^(?P<a>x)(?P=a)$)"));
  EXPECT_FALSE(compile_python_regex(R"(^(?x) a $)"));
}

// Paths matched as Django's resolver matches them: in order, one leading slash consumed, and what
// cannot be evaluated before a match makes the match uncertain.
TEST(PathMatcher, MatchesInOrderAndKnowsWhatItCannotDecide) {
  UrlConf conf;
  auto add = [&](std::string regex, bool conditional = false) {
    Route route;
    route.regex = std::move(regex);
    route.conditional = conditional;
    conf.routes.push_back(std::move(route));
  };
  add("^health/\\Z");
  add("^debug/", /*conditional=*/true);
  add("^api/(?P<pk>[0-9]+)/\\Z");
  add("");  // a converter that is not known
  add("^late/\\Z");
  const PathMatcher matcher(conf);
  EXPECT_EQ(matcher.match("/health/").certain(), &conf.routes[0]);
  EXPECT_EQ(matcher.match("//health/").route, nullptr);  // the second slash stays in the path
  EXPECT_EQ(matcher.match("/api/7/").certain(), &conf.routes[2]);
  EXPECT_EQ(matcher.match("/debug/x").route, &conf.routes[1]);
  EXPECT_EQ(matcher.match("/debug/x").certain(), nullptr);  // may not exist
  const PathMatch late = matcher.match("/late/");
  EXPECT_EQ(late.route, &conf.routes[4]);
  EXPECT_TRUE(late.undecided_before);
  EXPECT_EQ(late.certain(), nullptr);
  EXPECT_FALSE(matcher.match("/nowhere/").certainly_unrouted());  // the unknown route might
  conf.routes.erase(conf.routes.begin() + 3);
  EXPECT_TRUE(PathMatcher(conf).match("/nowhere/").certainly_unrouted());
}

TEST_F(UrlsTest, ExamplesAvoidEarlierRoutesAndShadowingIsReported) {
  resolve({{"config/__init__.py", ""},
           {"config/urls.py",
            "from django.urls import path\n"
            "def v(request, **kwargs): ...\n"
            "urlpatterns = [\n"
            "    path('sample/', v),\n"
            "    path('<str:name>/', v),\n"
            "    path('about/', v),\n"
            "    path('files/<path:rest>', v),\n"
            "    path('files/<int:pk>/', v),\n"
            "]\n"}});
  EXPECT_EQ(route("<str:name>/").example_path, "/other-value/");
  EXPECT_EQ(route("<str:name>/").shadowed_by, "");
  EXPECT_EQ(route("about/").example_path, "");
  EXPECT_EQ(route("about/").shadowed_by, "<str:name>/");
  EXPECT_EQ(route("files/<int:pk>/").shadowed_by, "files/<path:rest>");
}

TEST_F(UrlsTest, PathsIncludesAndNamespaces) {
  resolve({{"config/__init__.py", ""},
           {"config/urls.py",
            "from django.urls import include, path\n"
            "from config import views\n"
            "inner = [path('x/<int:pk>/', views.detail, name='detail')]\n"
            "urlpatterns = [\n"
            "    path('a/', include((inner, 'app'), namespace='ns')),\n"
            "    path('b/', include('shop.urls')),\n"
            "    path('c/', include(inner)),\n"
            "]\n"
            "urlpatterns += [path('d/', views.detail)]\n"
            "urlpatterns.append(path('e/', views.detail, name='e'))\n"},
           {"config/views.py", "def detail(request, pk=None): ...\n"},
           {"shop/__init__.py", ""},
           {"shop/urls.py",
            "from django.urls import path\n"
            "from . import views\n"
            "app_name = 'shop'\n"
            "urlpatterns = [path('', views.ShopView.as_view(), name='index')]\n"},
           {"shop/views.py", "from django.views import View\nclass ShopView(View): pass\n"}});
  EXPECT_TRUE(conf_.complete);
  EXPECT_EQ(routes(),
            (std::vector<std::string>{"a/x/<int:pk>/", "b/", "c/x/<int:pk>/", "d/", "e/"}));
  EXPECT_EQ(route("a/x/<int:pk>/").name, "ns:detail");
  EXPECT_EQ(route("a/x/<int:pk>/").regex, "^a/x/(?P<pk>[0-9]+)/\\Z");
  EXPECT_EQ(route("a/x/<int:pk>/").example_path, "/a/x/1/");
  EXPECT_EQ(route("a/x/<int:pk>/").view, "config.views.detail");
  EXPECT_EQ(route("a/x/<int:pk>/").include_chain.size(), 1u);
  EXPECT_EQ(route("b/").name, "shop:index");
  EXPECT_EQ(route("b/").view, "shop.views.ShopView");
  EXPECT_TRUE(route("b/").facts.is_class);
  EXPECT_EQ(route("b/").facts.bases, std::vector<std::string>{"django.views.generic.base.View"});
  EXPECT_EQ(route("c/x/<int:pk>/").name, "detail");
  EXPECT_EQ(route("e/").name, "e");
}

TEST_F(UrlsTest, ConditionalStaticAdminAndNotes) {
  resolve({{"config/__init__.py", ""},
           {"config/urls.py",
            "from django.conf import settings\n"
            "from django.conf.urls.static import static\n"
            "from django.contrib import admin\n"
            "from django.urls import include, path\n"
            "from django.conf.urls.i18n import i18n_patterns\n"
            "from config import views\n"
            "urlpatterns = [path('admin/', admin.site.urls)]\n"
            "urlpatterns += static(settings.MEDIA_URL)\n"
            "if settings.DEBUG:\n"
            "    urlpatterns += [path('debug/', views.debug)]\n"
            "urlpatterns += [path('x/', include('thirdparty.urls'))]\n"
            "urlpatterns += i18n_patterns(path('about/', views.debug))\n"},
           {"config/views.py", "def debug(request): ...\n"}});
  EXPECT_EQ(routes(), (std::vector<std::string>{"admin/", "debug/"}));
  EXPECT_TRUE(route("admin/").opaque);
  EXPECT_EQ(route("admin/").view, "django.contrib.admin");
  EXPECT_EQ(route("admin/").regex, "^admin/");
  EXPECT_TRUE(route("debug/").conditional);
  EXPECT_FALSE(conf_.complete);
  ASSERT_EQ(conf_.notes.size(), 3u);
  EXPECT_NE(conf_.notes[0].find("config/urls.py:8: static()"), std::string::npos) << conf_.notes[0];
  EXPECT_NE(conf_.notes[1].find("thirdparty.urls"), std::string::npos);
  EXPECT_NE(conf_.notes[2].find("i18n_patterns"), std::string::npos);
}

TEST_F(UrlsTest, ConditionalBranchesAndListEdits) {
  resolve({{"config/__init__.py", ""},
           {"config/urls.py",
            "from django.conf import settings\n"
            "from django.urls import path\n"
            "from config import views\n"
            "urlpatterns = [path('a/', views.v)]\n"
            "if settings.DEBUG:\n"
            "    urlpatterns = [path('dbg/', views.v)] + urlpatterns\n"
            "else:\n"
            "    urlpatterns.insert(0, path('first/', views.v))\n"
            "urlpatterns.append(path('lam/', lambda request: None))\n"
            "for extra in ['x', 'y']:\n"
            "    urlpatterns.append(path(extra + '/', views.v))\n"},
           {"config/views.py", "def v(request): ...\n"}});
  EXPECT_EQ(routes(), (std::vector<std::string>{"first/", "dbg/", "a/", "lam/"}));
  EXPECT_FALSE(route("a/").conditional);
  EXPECT_TRUE(route("dbg/").conditional);
  EXPECT_TRUE(route("first/").conditional);
  EXPECT_EQ(route("lam/").view, "config.urls.<lambda>");
  EXPECT_FALSE(conf_.complete);
  ASSERT_EQ(conf_.notes.size(), 1u);
  EXPECT_NE(conf_.notes[0].find("config/urls.py:10: urlpatterns changed in a loop"),
            std::string::npos)
      << conf_.notes[0];
}

TEST_F(UrlsTest, ModuleObjectsTuplesAndPackageAttributes) {
  resolve({{"config/__init__.py", ""},
           {"config/urls.py",
            "from django.urls import include, path, register_converter\n"
            "from shop import urls as shop_urls\n"
            "from config.conv import Year\n"
            "register_converter(Year, 'yyyy')\n"
            "urlpatterns = [\n"
            "    path('s/', include(shop_urls, namespace='store')),\n"
            "    path('t/', include(('shop.urls', 'ignored'), namespace='t')),\n"
            "    path('y/<yyyy:year>/', include('shop.archive')),\n"
            "]\n"},
           {"config/conv.py", "class Year:\n    regex = '[0-9]{4}'\n"},
           {"shop/__init__.py", ""},
           {"shop/urls.py",
            "from django.urls import path\n"
            "from shop import views\n"
            "app_name = 'shop'\n"
            "urlpatterns = [path('', views.index, name='index')]\n"},
           {"shop/archive.py",
            "from django.urls import path\n"
            "from shop import views\n"
            "urlpatterns = [path('', views.archive, name='archive')]\n"},
           {"shop/views/__init__.py", "from .index import index\nfrom .archive import archive\n"},
           {"shop/views/index.py", "def index(request): ...\n"},
           {"shop/views/archive.py", "def archive(request, year): ...\n"}});
  EXPECT_TRUE(conf_.complete);
  EXPECT_EQ(routes(), (std::vector<std::string>{"s/", "t/", "y/<yyyy:year>/"}));
  EXPECT_EQ(route("s/").name, "store:index");
  EXPECT_EQ(route("s/").view, "shop.views.index.index");
  EXPECT_EQ(route("t/").name, "t:index");
  EXPECT_EQ(route("y/<yyyy:year>/").view, "shop.views.archive.archive");
  EXPECT_EQ(route("y/<yyyy:year>/").regex, "^y/(?P<year>[0-9]{4})/\\Z");
  EXPECT_EQ(route("y/<yyyy:year>/").example_path, "/y/1111/");
}

TEST_F(UrlsTest, DebugToolbarLeavesProductionRoutesComplete) {
  resolve({{"config/__init__.py", ""},
           {"config/urls.py",
            "from django.conf import settings\n"
            "from django.urls import include, path\n"
            "def home(request): ...\n"
            "urlpatterns = [path('', home)]\n"
            "if settings.DEBUG:\n"
            "    import debug_toolbar\n"
            "    urlpatterns += [path('__debug__/', include(debug_toolbar.urls))]\n"
            "    urlpatterns += [path('__reload__/', include('django_browser_reload.urls'))]\n"}});
  EXPECT_EQ(routes(), std::vector<std::string>{""});
  EXPECT_TRUE(conf_.complete);
  EXPECT_EQ(conf_.notes.size(), 2u);
}

TEST_F(UrlsTest, ViewFactsThroughImports) {
  resolve({{"config/__init__.py", ""},
           {"config/urls.py",
            "from django.contrib.auth.decorators import login_required\n"
            "from django.urls import path\n"
            "from django.views.decorators.cache import cache_page\n"
            "from app import views\n"
            "urlpatterns = [\n"
            "    path('f/', login_required(views.f)),\n"
            "    path('g/', cache_page(60)(views.f)),\n"
            "    path('c/', views.C.as_view()),\n"
            "    path('api/', views.Api.as_view()),\n"
            "]\n"},
           {"app/__init__.py", ""},
           {"app/views.py",
            "from django.views.decorators.http import require_GET, require_http_methods\n"
            "from django.views.decorators.csrf import csrf_exempt\n"
            "from django.utils.decorators import method_decorator\n"
            "from django.contrib.auth.mixins import LoginRequiredMixin\n"
            "from django.views.generic import TemplateView\n"
            "from rest_framework.views import APIView\n"
            "from rest_framework import permissions\n"
            "@csrf_exempt\n"
            "@require_http_methods(['GET'])\n"
            "def f(request): ...\n"
            "@method_decorator(csrf_exempt, name='dispatch')\n"
            "class Base(LoginRequiredMixin, TemplateView):\n"
            "    permission_classes = [permissions.IsAuthenticated]\n"
            "class C(Base):\n"
            "    pass\n"
            "class Api(APIView):\n"
            "    permission_classes = ()\n"
            "    authentication_classes = get_auth()\n"}});
  const ViewFacts& f = route("f/").facts;
  EXPECT_TRUE(f.in_project);
  EXPECT_EQ(f.url_wrappers,
            std::vector<std::string>{"django.contrib.auth.decorators.login_required"});
  EXPECT_EQ(f.decorators,
            (std::vector<std::string>{"django.views.decorators.csrf.csrf_exempt",
                                      "django.views.decorators.http.require_http_methods"}));
  EXPECT_EQ(route("g/").facts.url_wrappers,
            std::vector<std::string>{"django.views.decorators.cache.cache_page"});
  EXPECT_EQ(route("g/").view, "app.views.f");
  const ViewFacts& c = route("c/").facts;
  EXPECT_EQ(c.bases, (std::vector<std::string>{"app.views.Base",
                                               "django.contrib.auth.mixins.LoginRequiredMixin",
                                               "django.views.generic.base.TemplateView"}));
  EXPECT_EQ(c.method_decorators,
            std::vector<std::string>{"django.views.decorators.csrf.csrf_exempt"});
  ASSERT_TRUE(c.permission_classes);
  EXPECT_EQ(*c.permission_classes,
            std::vector<std::string>{"rest_framework.permissions.IsAuthenticated"});
  const ViewFacts& api = route("api/").facts;
  ASSERT_TRUE(api.permission_classes);
  EXPECT_TRUE(api.permission_classes->empty());
  EXPECT_FALSE(api.authentication_classes);
}

TEST_F(UrlsTest, DrfRouter) {
  resolve({{"config/__init__.py", ""},
           {"config/urls.py",
            "from django.urls import include, path\n"
            "from rest_framework.routers import SimpleRouter\n"
            "from app.api import ThingViewSet\n"
            "router = SimpleRouter()\n"
            "router.register('things', ThingViewSet, basename='thing')\n"
            "urlpatterns = [path('api/', include(router.urls))]\n"},
           {"app/__init__.py", ""},
           {"app/api.py",
            "from rest_framework import viewsets\n"
            "class ThingViewSet(viewsets.ReadOnlyModelViewSet):\n"
            "    pass\n"}});
  EXPECT_EQ(routes(), (std::vector<std::string>{"api/^things/$", "api/^things/(?P<pk>[^/.]+)/$"}));
  EXPECT_EQ(route("api/^things/$").name, "thing-list");
  EXPECT_EQ(route("api/^things/(?P<pk>[^/.]+)/$").example_path, "/api/things/a/");
  EXPECT_EQ(route("api/^things/(?P<pk>[^/.]+)/$").regex, "^api/things/(?P<pk>[^/.]+)/$");
}

TEST_F(UrlsTest, DrfRouterNotes) {
  resolve({{"config/__init__.py", ""},
           {"config/urls.py",
            "from django.urls import include, path\n"
            "from config.api import router\n"
            "urlpatterns = [path('api/', include(router.urls))]\n"},
           {"config/api.py",
            "from rest_framework import routers\n"
            "from thirdparty.viewsets import FancyViewSet\n"
            "from config.viewsets import Mine\n"
            "router = routers.DefaultRouter()\n"
            "router.register(PREFIX, Mine)\n"
            "router.register('fancy', FancyViewSet, 'fancy')\n"
            "router.register('mine', Mine)\n"},
           {"config/viewsets.py",
            "from rest_framework import viewsets\n"
            "from config.models import Mine as MineModel\n"
            "class Mine(viewsets.ModelViewSet):\n"
            "    queryset = MineModel.objects.filter(active=True)\n"}});
  EXPECT_FALSE(conf_.complete);
  ASSERT_EQ(conf_.notes.size(), 2u);
  EXPECT_NE(conf_.notes[0].find("config/api.py:5: register() with a computed prefix"),
            std::string::npos)
      << conf_.notes[0];
  EXPECT_NE(conf_.notes[1].find("thirdparty.viewsets.FancyViewSet"), std::string::npos);
  EXPECT_EQ(route("api/^fancy/$").name, "fancy-list");
  EXPECT_EQ(route("api/^fancy/(?P<pk>[^/.]+)/$").view, "thirdparty.viewsets.FancyViewSet");
  EXPECT_EQ(route("api/^mine/$").name, "minemodel-list");
  EXPECT_EQ(route("api/^mine/(?P<pk>[^/.]+)/$").name, "minemodel-detail");
  EXPECT_EQ(route("api/^$").view, "rest_framework.routers.APIRootView");
  EXPECT_EQ(route("api/^mine\\.(?P<format>[a-z0-9]+)/?$").example_path, "/api/mine.a");
}

TEST_F(UrlsTest, UrlRemovedInDjango4IsNoted) {
  resolve({{"config/__init__.py", ""},
           {"config/urls.py",
            "from django.conf.urls import url\n"
            "def ping(request): ...\n"
            "urlpatterns = [url(r'^ping/$', ping)]\n"}},
          "config.urls", {4, 2});
  ASSERT_EQ(conf_.routes.size(), 1u);
  EXPECT_EQ(conf_.routes[0].view, "config.urls.ping");
  EXPECT_TRUE(conf_.complete);
  ASSERT_EQ(conf_.notes.size(), 1u);
  EXPECT_NE(conf_.notes[0].find("removed in Django 4.0"), std::string::npos);
}

TEST_F(UrlsTest, UnknownRootIsNotFound) {
  resolve({{"config/__init__.py", ""}}, "config.urls");
  EXPECT_FALSE(conf_.found);
  EXPECT_FALSE(conf_.complete);
}

Route health_route(std::string route, std::string view = "", std::string name = "") {
  Route r;
  r.route = std::move(route);
  r.view = std::move(view);
  r.name = std::move(name);
  return r;
}

TEST(HealthEndpoints, WholeWordsOfPathNameAndView) {
  const std::vector<std::string> none;
  EXPECT_TRUE(health_reason(health_route("healthz/"), none));
  EXPECT_TRUE(health_reason(health_route("api/v1/health-check/"), none));
  EXPECT_TRUE(health_reason(health_route("server-status/"), none));
  EXPECT_TRUE(health_reason(health_route("^ping/$"), none));
  EXPECT_TRUE(health_reason(health_route("probe/", "ops.views.HealthCheckView"), none));
  EXPECT_TRUE(health_reason(health_route("probe/", "", "ops:readiness"), none));
  EXPECT_TRUE(health_reason(health_route("", "health_check.views.MainView"), none));
  EXPECT_FALSE(health_reason(health_route("statusboard/"), none));
  EXPECT_FALSE(health_reason(health_route("pingdom/"), none));
  EXPECT_FALSE(health_reason(health_route("orders/<str:status>/"), none));
  EXPECT_FALSE(health_reason(health_route("^orders/(?P<status>\\w+)/$"), none));
  EXPECT_FALSE(health_reason(health_route("delivery/", "", "status:delivery"), none));
  EXPECT_FALSE(health_reason(health_route("deliver/", "app.views.delivery"), none));
  EXPECT_TRUE(health_reason(health_route("status.json"), none));
  EXPECT_TRUE(health_reason(health_route("^_ah/health$"), none));
  EXPECT_TRUE(health_reason(health_route("-/liveness/"), none));
  EXPECT_TRUE(health_reason(health_route("api/v2/status/"), none));
  EXPECT_TRUE(health_reason(health_route("^status\\.(?P<format>[a-z0-9]+)/?$"), none));
  EXPECT_TRUE(health_reason(health_route("x/", "ops.views.StatusView"), none));
  EXPECT_FALSE(health_reason(health_route("live-events/"), none));
  EXPECT_FALSE(health_reason(health_route("orders/status/<int:code>/"), none));
  EXPECT_TRUE(health_reason(health_route("health/<str:subset>/"), none));
  EXPECT_FALSE(health_reason(health_route("order-status/"), none));
  EXPECT_FALSE(health_reason(health_route("x/", "shop.views.OrderStatusView"), none));
  EXPECT_FALSE(health_reason(health_route("^(?P<status>\\d{3})/$"), none));
  const std::vector<std::string> extra = {"/up/"};
  Route up = health_route("up/");
  up.example_path = "/up/";
  EXPECT_EQ(health_reason(up, extra), "configured health path '/up/'");
}

}  // namespace
}  // namespace preflight::django::urls
