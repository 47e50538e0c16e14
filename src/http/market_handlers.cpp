// The market over HTTP (issue 9). Public routes (no login): the catalogue of public products by
// category, province and certification, a product's page with its producer's public details,
// the approved open demands without the buyers' details, and posting a demand (a one-time form
// token, a honeypot, a minimum fill time and a per-address limit; an officer approves it before
// it is shown). Signed-in routes: products (writes inside the caller's scope), demands with
// approval and ranked offers, zones, programmes, the catalogue exchange and the reports.
//
// What the public sees is built here field by field (PublicProductJson, PublicDemandJson): no
// revision, public flag, buyer name, organisation, contact or note, and no unapproved demand or
// non-public product.

#include <algorithm>
#include <set>

#include "app/access.hpp"
#include "base/text.hpp"
#include "http/handlers.hpp"
#include "http/market_pool.hpp"
#include "http/problem.hpp"
#include "http/respond.hpp"
#include "report/render.hpp"

namespace hoptac::http {
namespace {

app::Actor ActorOf(const Call& c) {
  return app::Actor(c.who->user.username, c.req.remote_address, c.req.request_id);
}

// Runs `fn(market)` on a borrowed market service.
template <typename Fn>
Response WithMarket(Services& s, Call& call, Fn&& fn) {
  if (s.markets == nullptr) {
    return Problem(Error::Unavailable("this server has no market store"), call.req.request_id);
  }
  const auto start = std::chrono::steady_clock::now();
  auto lease = s.markets->Borrow();
  Response r = fn(lease.market());
  call.db_seconds +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

Response Fail(const Call& c, const Error& e) { return Problem(e, c.req.request_id); }

Result<int64_t> IdParam(const Request& req, const char* name = "id") {
  const std::string& text = req.Param(name);
  const bool digits =
      !text.empty() && text.size() <= 15 &&
      std::all_of(text.begin(), text.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
  if (!digits) return Error::Invalid(name, text, "expected a whole number", "id.format");
  return std::stoll(text);
}

// The revision named by If-Match for a versioned market record; "*" takes `current`.
Result<int64_t> ExpectedRevision(const Request& req, int64_t current) {
  HOPTAC_ASSIGN_OR_RETURN(std::string rev, IfMatch(req));
  if (rev.empty()) return current;
  const bool digits = rev.size() <= 15 && std::all_of(rev.begin(), rev.end(), [](char ch) {
                        return ch >= '0' && ch <= '9';
                      });
  if (!digits) {
    return Error{ErrorCode::kConflict, "If-Match names another revision", "If-Match", rev,
                 "precondition.stale"};
  }
  return std::stoll(rev);
}

std::string Tag(int64_t revision) { return RevisionTag(std::to_string(revision)); }

// A write where the stored revision moved on is a stale precondition (412), as for the registry.
Error Stale(Error e) {
  if (e.code == ErrorCode::kConflict && e.field == "revision") e.rule = "precondition.stale";
  return e;
}

bool IsManager(const Call& c) { return c.who->user.role == domain::Role::kManager; }

Error ManagersCannot(const char* what) {
  return Error{
      ErrorCode::kForbidden, std::string("a manager cannot ") + what, {}, {}, "access.scope"};
}

// kForbidden unless the producer `code` is in the caller's scope (kNotFound when unknown).
Status ProducerInScope(app::Market& m, const Call& c, const std::string& code, Date today) {
  HOPTAC_ASSIGN_OR_RETURN(app::ProducerInfo p, m.Producer(code));
  HOPTAC_ASSIGN_OR_RETURN(const domain::UnitCatalog* units, m.Units());
  if (app::InScope(c.who->user, *units, p.state, today)) return OkStatus();
  return Error{ErrorCode::kForbidden, "this organisation is outside your scope", "code", code,
               "access.scope"};
}

// ---- public shapes ---------------------------------------------------------------------------

json PublicProductJson(const domain::Product& p, const app::ProducerInfo& who) {
  const domain::ProductCategory* cat = domain::FindCategory(p.category);
  json certs = json::array();
  for (const auto& c : p.certifications) {
    certs.push_back({{"kind", domain::Id(c.kind)},
                     {"label", domain::Label(c.kind)},
                     {"code", c.code},
                     {"valid_to", c.valid_to ? json(c.valid_to->ToString()) : json(nullptr)}});
  }
  json j = {{"id", p.id},
            {"name", p.name},
            {"category", p.category},
            {"category_label", cat != nullptr ? std::string(cat->label_vi) : p.category},
            {"key_level", domain::Id(p.key_level)},
            {"ocop_stars", p.ocop_stars},
            {"ocop_year", p.ocop_year},
            {"certifications", certs},
            {"months", domain::MonthsText(p.months)},
            {"capacity", p.capacity},
            {"capacity_unit", p.capacity_unit},
            {"packaging", p.packaging},
            {"photo_url", p.photo_url},
            {"description", p.description}};
  j["price_min"] = p.price_min ? json(*p.price_min) : json(nullptr);
  j["price_max"] = p.price_max ? json(*p.price_max) : json(nullptr);
  j["producer"] = {{"code", who.code},
                   {"name", who.name},
                   {"province", who.province},
                   {"province_name", who.province_name},
                   {"commune_name", who.commune_name}};
  return j;
}

json PublicDemandJson(const domain::Demand& d) {
  std::vector<std::string> certs;
  for (auto k : d.required_certs) certs.emplace_back(domain::Id(k));
  const domain::ProvinceInfo* p = domain::FindProvince(d.buyer_province);
  return {{"id", d.id},
          {"buyer_province", d.buyer_province},
          {"buyer_province_name", p != nullptr ? std::string(p->name) : std::string()},
          {"product", d.product},
          {"category", d.category},
          {"quantity", d.quantity},
          {"unit", d.unit},
          {"period_from", d.period_from.ToString()},
          {"period_to", d.period_to.ToString()},
          {"required_certs", certs}};
}

// Producers looked up once per request.
class Producers {
 public:
  explicit Producers(app::Market& m) : m_(m) {}
  const app::ProducerInfo* Get(const std::string& code) {
    auto it = cache_.find(code);
    if (it == cache_.end()) {
      auto p = m_.Producer(code);
      it = cache_
               .emplace(code,
                        p.ok() ? std::optional<app::ProducerInfo>(std::move(*p)) : std::nullopt)
               .first;
    }
    return it->second ? &*it->second : nullptr;
  }

 private:
  app::Market& m_;
  std::map<std::string, std::optional<app::ProducerInfo>> cache_;
};

}  // namespace

// ---- public ----------------------------------------------------------------------------------

Response GetPublicMarket(Services& s, Call& c) {
  (void)s;
  if (Status ok = CheckParams(c.req, {}); !ok.ok()) return Fail(c, ok.error());
  json categories = json::array(), units = json::array(), certs = json::array(),
       provinces = json::array();
  for (const auto& x : domain::ProductCategories()) {
    categories.push_back({{"id", x.id}, {"label", x.label_vi}, {"label_en", x.label_en}});
  }
  for (const auto& u : domain::QuantityUnits()) units.push_back({{"id", u.id}, {"label", u.label}});
  for (auto k : domain::AllCertKinds()) {
    certs.push_back({{"id", domain::Id(k)}, {"label", domain::Label(k)}});
  }
  for (const auto& p : domain::Provinces()) {
    provinces.push_back({{"code", p.code}, {"name", p.name}});
  }
  return JsonOk(c, {{"categories", categories},
                    {"units", units},
                    {"certifications", certs},
                    {"provinces", provinces}});
}

Response GetPublicCatalogue(Services& s, Call& c) {
  if (Status ok = CheckParams(c.req, {"category", "province", "certification", "q"}); !ok.ok()) {
    return Fail(c, ok.error());
  }
  const std::string& category = QueryParam(c.req, "category");
  const std::string& province = QueryParam(c.req, "province");
  const std::string& cert = QueryParam(c.req, "certification");
  std::optional<domain::CertKind> cert_kind;
  if (!cert.empty()) {
    auto k = domain::ParseCertKind(cert, "certification");
    if (!k.ok()) return Fail(c, k.error());
    cert_kind = *k;
  }
  const std::vector<std::string> words = text::Tokens(text::Fold(QueryParam(c.req, "q")));
  return WithMarket(s, c, [&](app::Market& m) -> Response {
    auto products = m.Products({"", category, true});
    if (!products.ok()) return Fail(c, products.error());
    Producers producers(m);
    json items = json::array();
    for (const auto& p : *products) {
      const app::ProducerInfo* who = producers.Get(p.org_code);
      if (who == nullptr) continue;
      if (!province.empty() && who->province != province) continue;
      if (cert_kind && std::none_of(p.certifications.begin(), p.certifications.end(),
                                    [&](const domain::Certification& x) {
                                      return x.kind == *cert_kind &&
                                             domain::ValidOn(x, s.clock.Today());
                                    })) {
        continue;
      }
      if (!words.empty()) {
        const std::string hay = text::Fold(p.name + " " + who->name);
        if (std::any_of(words.begin(), words.end(),
                        [&](const std::string& w) { return hay.find(w) == std::string::npos; })) {
          continue;
        }
      }
      items.push_back(PublicProductJson(p, *who));
    }
    return JsonOk(c, {{"items", items}});
  });
}

Response GetPublicProduct(Services& s, Call& c) {
  if (Status ok = CheckParams(c.req, {}); !ok.ok()) return Fail(c, ok.error());
  auto id = IdParam(c.req);
  if (!id.ok()) return Fail(c, id.error());
  return WithMarket(s, c, [&](app::Market& m) -> Response {
    auto p = m.GetProduct(*id);
    // A product that is not public does not exist for the public.
    if (!p.ok() || !p->is_public) {
      return Fail(c, Error::NotFound("no such product", "id", std::to_string(*id)));
    }
    auto who = m.Producer(p->org_code);
    if (!who.ok()) return Fail(c, Error::NotFound("no such product", "id", std::to_string(*id)));
    json j = PublicProductJson(*p, *who);
    json others = json::array();
    auto same = m.Products({p->org_code, "", true});
    if (same.ok()) {
      for (const auto& o : *same) {
        if (o.id != p->id) others.push_back({{"id", o.id}, {"name", o.name}});
      }
    }
    j["producer"]["address"] = who->commune_name.empty()
                                   ? who->province_name
                                   : who->commune_name + ", " + who->province_name;
    j["producer"]["status"] = domain::Label(who->state.status);
    j["producer"]["founded_on"] = who->state.founded_on.ToString();
    j["producer"]["other_products"] = others;
    return JsonOk(c, j);
  });
}

Response GetPublicDemands(Services& s, Call& c) {
  if (Status ok = CheckParams(c.req, {"category"}); !ok.ok()) return Fail(c, ok.error());
  const std::string& category = QueryParam(c.req, "category");
  return WithMarket(s, c, [&](app::Market& m) -> Response {
    auto demands = m.Demands({domain::DemandStatus::kOpen, true});
    if (!demands.ok()) return Fail(c, demands.error());
    json items = json::array();
    for (const auto& d : *demands) {
      if (!category.empty() && d.category != category) continue;
      items.push_back(PublicDemandJson(d));
    }
    return JsonOk(c, {{"items", items}});
  });
}

Response GetPublicDemandForm(Services& s, Call& c) {
  if (Status ok = CheckParams(c.req, {}); !ok.ok()) return Fail(c, ok.error());
  if (s.markets == nullptr) {
    return Fail(c, Error::Unavailable("this server has no market store"));
  }
  Response r = JsonOk(
      c, {{"form_token", s.markets->guard().IssueToken(s.clock.Now())}, {"min_fill_seconds", 3}});
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Response PostPublicDemand(Services& s, Call& c) {
  static constexpr std::string_view kMembers[] = {
      "buyer_name",   "buyer_org", "buyer_province", "contact",   "product",        "category",
      "quantity",     "unit",      "period_from",    "period_to", "required_certs", "provinces",
      "max_distance", "note",      "form_token",     "website"};
  if (s.markets == nullptr) return Fail(c, Error::Unavailable("this server has no market store"));
  Result<json> body = JsonBody(c.req, kMembers);
  // Every attempt counts against the address, the malformed ones too.
  const std::string token =
      body.ok() && body->contains("form_token") && (*body)["form_token"].is_string()
          ? (*body)["form_token"].get<std::string>()
          : std::string();
  const std::string honeypot =
      body.ok() && body->contains("website") && (*body)["website"].is_string()
          ? (*body)["website"].get<std::string>()
          : std::string();
  if (Status ok = s.markets->guard().Check(token, honeypot, c.req.remote_address, s.clock.Now());
      !ok.ok()) {
    if (!body.ok()) return Fail(c, body.error());
    return Fail(c, ok.error());
  }
  if (!body.ok()) return Fail(c, body.error());
  json fields = *body;
  fields.erase("form_token");
  fields.erase("website");
  auto d = app::DemandFromJson(fields);
  if (!d.ok()) return Fail(c, d.error());
  return WithMarket(s, c, [&](app::Market& m) -> Response {
    auto id = m.PostPublicDemand(*d, app::Actor("public", c.req.remote_address, c.req.request_id));
    if (!id.ok()) return Fail(c, id.error());
    Response r = JsonOk(c, {{"id", *id}, {"status", "waiting_for_approval"}});
    r.status = 201;
    return r;
  });
}

// ---- products --------------------------------------------------------------------------------

Response GetProducts(Services& s, Call& c) {
  if (Status ok = CheckParams(c.req, {"org", "category"}); !ok.ok()) return Fail(c, ok.error());
  const std::string& org = QueryParam(c.req, "org");
  const std::string& category = QueryParam(c.req, "category");
  return WithMarket(s, c, [&](app::Market& m) -> Response {
    auto products = m.Products({org, category, false});
    if (!products.ok()) return Fail(c, products.error());
    auto units = m.Units();
    if (!units.ok()) return Fail(c, units.error());
    Producers producers(m);
    json items = json::array();
    for (const auto& p : *products) {
      const app::ProducerInfo* who = producers.Get(p.org_code);
      if (who == nullptr || !app::InScope(c.who->user, **units, who->state, s.clock.Today())) {
        continue;
      }
      json j = app::ProductJson(p, true);
      j["org_name"] = who->name;
      j["province"] = who->province;
      items.push_back(std::move(j));
    }
    return JsonOk(c, {{"items", items}});
  });
}

Response PostProduct(Services& s, Call& c) {
  const std::string code = c.req.Param("code");
  Result<json> body =
      JsonBody(c.req, {"name", "category", "key_level", "ocop_stars", "ocop_year", "certifications",
                       "months", "capacity", "capacity_unit", "price_min", "price_max", "packaging",
                       "photo_url", "description", "is_public"});
  if (!body.ok()) return Fail(c, body.error());
  auto p = app::ProductFromJson(*body);
  if (!p.ok()) return Fail(c, p.error());
  p->org_code = code;
  return WithMarket(s, c, [&](app::Market& m) -> Response {
    if (Status ok = ProducerInScope(m, c, code, s.clock.Today()); !ok.ok()) {
      return Fail(c, ok.error());
    }
    auto id = m.AddProduct(*p, ActorOf(c));
    if (!id.ok()) return Fail(c, id.error());
    auto stored = m.GetProduct(*id);
    if (!stored.ok()) return Fail(c, stored.error());
    Response r = JsonWithTag(c, app::ProductJson(*stored, true), Tag(stored->revision), 201);
    r.headers.emplace_back("Location", "/api/products/" + std::to_string(*id));
    return r;
  });
}

Response GetProduct(Services& s, Call& c) {
  if (Status ok = CheckParams(c.req, {}); !ok.ok()) return Fail(c, ok.error());
  auto id = IdParam(c.req);
  if (!id.ok()) return Fail(c, id.error());
  return WithMarket(s, c, [&](app::Market& m) -> Response {
    auto p = m.GetProduct(*id);
    if (!p.ok()) return Fail(c, p.error());
    if (Status ok = ProducerInScope(m, c, p->org_code, s.clock.Today()); !ok.ok()) {
      return Fail(c, ok.error());
    }
    return JsonWithTag(c, app::ProductJson(*p, true), Tag(p->revision), 200);
  });
}

Response PutProduct(Services& s, Call& c) {
  auto id = IdParam(c.req);
  if (!id.ok()) return Fail(c, id.error());
  Result<json> body =
      JsonBody(c.req, {"name", "category", "key_level", "ocop_stars", "ocop_year", "certifications",
                       "months", "capacity", "capacity_unit", "price_min", "price_max", "packaging",
                       "photo_url", "description", "is_public", "org_code", "id", "revision",
                       "category_label"});
  if (!body.ok()) return Fail(c, body.error());
  auto p = app::ProductFromJson(*body);
  if (!p.ok()) return Fail(c, p.error());
  return WithMarket(s, c, [&](app::Market& m) -> Response {
    auto current = m.GetProduct(*id);
    if (!current.ok()) return Fail(c, current.error());
    if (Status ok = ProducerInScope(m, c, current->org_code, s.clock.Today()); !ok.ok()) {
      return Fail(c, ok.error());
    }
    auto expected = ExpectedRevision(c.req, current->revision);
    if (!expected.ok()) return Fail(c, expected.error());
    p->id = *id;
    p->org_code = current->org_code;  // a product stays with its producer
    p->revision = *expected;
    if (Status ok = m.UpdateProduct(*p, ActorOf(c)); !ok.ok()) return Fail(c, Stale(ok.error()));
    auto stored = m.GetProduct(*id);
    if (!stored.ok()) return Fail(c, stored.error());
    return JsonWithTag(c, app::ProductJson(*stored, true), Tag(stored->revision), 200);
  });
}

Response DeleteProduct(Services& s, Call& c) {
  auto id = IdParam(c.req);
  if (!id.ok()) return Fail(c, id.error());
  return WithMarket(s, c, [&](app::Market& m) -> Response {
    auto current = m.GetProduct(*id);
    if (!current.ok()) return Fail(c, current.error());
    if (Status ok = ProducerInScope(m, c, current->org_code, s.clock.Today()); !ok.ok()) {
      return Fail(c, ok.error());
    }
    auto expected = ExpectedRevision(c.req, current->revision);
    if (!expected.ok()) return Fail(c, expected.error());
    if (Status ok = m.DeleteProduct(*id, *expected, ActorOf(c)); !ok.ok()) {
      return Fail(c, Stale(ok.error()));
    }
    return Response{204, "", "", {}};
  });
}

Response GetProductDemands(Services& s, Call& c) {
  if (Status ok = CheckParams(c.req, {}); !ok.ok()) return Fail(c, ok.error());
  auto id = IdParam(c.req);
  if (!id.ok()) return Fail(c, id.error());
  return WithMarket(s, c, [&](app::Market& m) -> Response {
    auto p = m.GetProduct(*id);
    if (!p.ok()) return Fail(c, p.error());
    if (Status ok = ProducerInScope(m, c, p->org_code, s.clock.Today()); !ok.ok()) {
      return Fail(c, ok.error());
    }
    auto matches = m.MatchProduct(*id);
    if (!matches.ok()) return Fail(c, matches.error());
    json items = json::array();
    for (const auto& x : *matches) {
      json j = app::MatchJson(x.match.result);
      j["demand"] = app::DemandJson(x.demand, true);
      items.push_back(std::move(j));
    }
    return JsonOk(c, {{"items", items}});
  });
}

// ---- demands ---------------------------------------------------------------------------------

Response GetDemands(Services& s, Call& c) {
  if (Status ok = CheckParams(c.req, {"status", "pending"}); !ok.ok()) return Fail(c, ok.error());
  domain::DemandQuery q;
  if (const std::string& st = QueryParam(c.req, "status"); !st.empty()) {
    auto status = domain::ParseDemandStatus(st, "status");
    if (!status.ok()) return Fail(c, status.error());
    q.status = *status;
  }
  const bool pending = QueryParam(c.req, "pending") == "true";
  return WithMarket(s, c, [&](app::Market& m) -> Response {
    auto demands = m.Demands(q);
    if (!demands.ok()) return Fail(c, demands.error());
    json items = json::array();
    for (const auto& d : *demands) {
      if (pending && d.approved) continue;
      items.push_back(app::DemandJson(d, true));
    }
    return JsonOk(c, {{"items", items}});
  });
}

Response PostDemand(Services& s, Call& c) {
  if (IsManager(c)) return Fail(c, ManagersCannot("enter demands"));
  Result<json> body =
      JsonBody(c.req, {"buyer_name", "buyer_org", "buyer_province", "contact", "product",
                       "category", "quantity", "unit", "period_from", "period_to", "required_certs",
                       "provinces", "max_distance", "note", "status"});
  if (!body.ok()) return Fail(c, body.error());
  auto d = app::DemandFromJson(*body);
  if (!d.ok()) return Fail(c, d.error());
  return WithMarket(s, c, [&](app::Market& m) -> Response {
    auto id = m.AddDemand(*d, ActorOf(c));
    if (!id.ok()) return Fail(c, id.error());
    auto stored = m.GetDemand(*id);
    if (!stored.ok()) return Fail(c, stored.error());
    return JsonWithTag(c, app::DemandJson(*stored, true), Tag(stored->revision), 201);
  });
}

Response PostDemandApprove(Services& s, Call& c) {
  if (IsManager(c)) return Fail(c, ManagersCannot("approve demands"));
  auto id = IdParam(c.req);
  if (!id.ok()) return Fail(c, id.error());
  return WithMarket(s, c, [&](app::Market& m) -> Response {
    auto current = m.GetDemand(*id);
    if (!current.ok()) return Fail(c, current.error());
    auto expected = ExpectedRevision(c.req, current->revision);
    if (!expected.ok()) return Fail(c, expected.error());
    if (Status ok = m.ApproveDemand(*id, *expected, ActorOf(c)); !ok.ok()) {
      return Fail(c, Stale(ok.error()));
    }
    auto stored = m.GetDemand(*id);
    if (!stored.ok()) return Fail(c, stored.error());
    return JsonWithTag(c, app::DemandJson(*stored, true), Tag(stored->revision), 200);
  });
}

Response PostDemandStatus(Services& s, Call& c) {
  if (IsManager(c)) return Fail(c, ManagersCannot("change demands"));
  auto id = IdParam(c.req);
  if (!id.ok()) return Fail(c, id.error());
  Result<json> body = JsonBody(c.req, {"status"});
  if (!body.ok()) return Fail(c, body.error());
  auto text = StringMember(*body, "status", true);
  if (!text.ok()) return Fail(c, text.error());
  auto status = domain::ParseDemandStatus(*text, "status");
  if (!status.ok()) return Fail(c, status.error());
  return WithMarket(s, c, [&](app::Market& m) -> Response {
    auto current = m.GetDemand(*id);
    if (!current.ok()) return Fail(c, current.error());
    auto expected = ExpectedRevision(c.req, current->revision);
    if (!expected.ok()) return Fail(c, expected.error());
    if (Status ok = m.SetDemandStatus(*id, *status, *expected, ActorOf(c)); !ok.ok()) {
      return Fail(c, Stale(ok.error()));
    }
    auto stored = m.GetDemand(*id);
    if (!stored.ok()) return Fail(c, stored.error());
    return JsonWithTag(c, app::DemandJson(*stored, true), Tag(stored->revision), 200);
  });
}

Response GetDemandOffers(Services& s, Call& c) {
  if (Status ok = CheckParams(c.req, {}); !ok.ok()) return Fail(c, ok.error());
  auto id = IdParam(c.req);
  if (!id.ok()) return Fail(c, id.error());
  return WithMarket(s, c, [&](app::Market& m) -> Response {
    auto demand = m.GetDemand(*id);
    if (!demand.ok()) return Fail(c, demand.error());
    auto ranked = m.MatchDemand(*id);
    if (!ranked.ok()) return Fail(c, ranked.error());
    json items = json::array();
    for (const auto& o : *ranked) items.push_back(app::RankedOfferJson(o));
    return JsonOk(c, {{"demand", app::DemandJson(*demand, true)}, {"items", items}});
  });
}

// ---- zones, programmes, partner offers -------------------------------------------------------

Response GetZones(Services& s, Call& c) {
  if (Status ok = CheckParams(c.req, {}); !ok.ok()) return Fail(c, ok.error());
  return WithMarket(s, c, [&](app::Market& m) -> Response {
    auto zones = m.Zones();
    if (!zones.ok()) return Fail(c, zones.error());
    json items = json::array();
    for (const auto& z : *zones) items.push_back(app::ZoneJson(z));
    return JsonOk(c, {{"items", items}});
  });
}

Response PostZone(Services& s, Call& c) {
  if (IsManager(c)) return Fail(c, ManagersCannot("enter raw-material zones"));
  Result<json> body = JsonBody(
      c.req, {"name", "kind", "crop", "area_ha", "communes", "org_codes", "products", "note"});
  if (!body.ok()) return Fail(c, body.error());
  auto z = app::ZoneFromJson(*body);
  if (!z.ok()) return Fail(c, z.error());
  return WithMarket(s, c, [&](app::Market& m) -> Response {
    auto id = m.AddZone(*z, ActorOf(c));
    if (!id.ok()) return Fail(c, id.error());
    z->id = *id;
    z->revision = 1;
    Response r = JsonOk(c, app::ZoneJson(*z));
    r.status = 201;
    return r;
  });
}

Response GetProgrammes(Services& s, Call& c) {
  if (Status ok = CheckParams(c.req, {}); !ok.ok()) return Fail(c, ok.error());
  return WithMarket(s, c, [&](app::Market& m) -> Response {
    auto programmes = m.Programmes();
    if (!programmes.ok()) return Fail(c, programmes.error());
    json items = json::array();
    for (const auto& p : *programmes) items.push_back(app::ProgrammeJson(p));
    return JsonOk(c, {{"items", items}});
  });
}

Response PostProgramme(Services& s, Call& c) {
  Result<json> body = JsonBody(c.req, {"name", "provinces", "note"});
  if (!body.ok()) return Fail(c, body.error());
  auto p = app::ProgrammeFromJson(*body);
  if (!p.ok()) return Fail(c, p.error());
  return WithMarket(s, c, [&](app::Market& m) -> Response {
    auto id = m.AddProgramme(*p, ActorOf(c));
    if (!id.ok()) return Fail(c, id.error());
    p->id = *id;
    p->revision = 1;
    Response r = JsonOk(c, app::ProgrammeJson(*p));
    r.status = 201;
    return r;
  });
}

Response GetPartnerOffers(Services& s, Call& c) {
  if (Status ok = CheckParams(c.req, {"source"}); !ok.ok()) return Fail(c, ok.error());
  const std::string& source = QueryParam(c.req, "source");
  return WithMarket(s, c, [&](app::Market& m) -> Response {
    auto offers = m.PartnerOffers(source);
    if (!offers.ok()) return Fail(c, offers.error());
    json items = json::array();
    for (const auto& o : *offers) items.push_back(app::PartnerOfferJson(o));
    return JsonOk(c, {{"items", items}});
  });
}

// ---- catalogue exchange ----------------------------------------------------------------------

Response GetCatalogueExport(Services& s, Call& c) {
  if (Status ok = CheckParams(c.req, {"format", "source", "name"}); !ok.ok()) {
    return Fail(c, ok.error());
  }
  const std::string& f = QueryParam(c.req, "format");
  auto format = app::ParseCatalogueFormat(f.empty() ? "json" : f);
  if (!format.ok()) return Fail(c, format.error());
  const std::string& source = QueryParam(c.req, "source");
  const std::string& name = QueryParam(c.req, "name");
  return WithMarket(s, c, [&](app::Market& m) -> Response {
    auto cat = m.BuildCatalogue(source, name);
    if (!cat.ok()) return Fail(c, cat.error());
    auto bytes = m.WriteCatalogue(*cat, *format);
    if (!bytes.ok()) return Fail(c, bytes.error());
    Response r;
    r.status = 200;
    r.body = std::move(*bytes);
    const bool xlsx = *format == app::CatalogueFormat::kXlsx;
    r.content_type = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                          : "application/json";
    r.headers.emplace_back("Content-Disposition", std::string("attachment; filename=\"catalogue-") +
                                                      cat->source + (xlsx ? ".xlsx\"" : ".json\""));
    return r;
  });
}

Response PostCatalogueImport(Services& s, Call& c) {
  if (IsManager(c)) return Fail(c, ManagersCannot("import catalogues"));
  if (Status ok = CheckParams(c.req, {"format", "own_province"}); !ok.ok()) {
    return Fail(c, ok.error());
  }
  const std::string& f = QueryParam(c.req, "format");
  auto format = app::ParseCatalogueFormat(f.empty() ? "json" : f);
  if (!format.ok()) return Fail(c, format.error());
  const std::string& own = QueryParam(c.req, "own_province");
  return WithMarket(s, c, [&](app::Market& m) -> Response {
    auto r = m.ImportCatalogue(c.req.body, *format, own, ActorOf(c));
    if (!r.ok()) return Fail(c, r.error());
    return JsonOk(c, {{"source", r->source}, {"offers", r->offers}});
  });
}

// ---- reports ---------------------------------------------------------------------------------

Response GetMarketReport(Services& s, Call& c) {
  if (Status ok = CheckParams(c.req, {"format"}); !ok.ok()) return Fail(c, ok.error());
  const std::string name = c.req.Param("name");
  const std::string& f = QueryParam(c.req, "format");
  auto format = report::ParseOutputFormat(f.empty() ? "json" : f, "format");
  if (!format.ok()) return Fail(c, format.error());
  if (*format == report::OutputFormat::kTable) {
    return Fail(c, Error::Invalid("format", f, "use json, csv, xlsx or html", "report.format"));
  }
  return WithMarket(s, c, [&](app::Market& m) -> Response {
    Result<report::Table> t = Error::NotFound("no such report", "name", name);
    if (name == "key-products") t = m.KeyProductsReport();
    if (name == "ocop") t = m.OcopReport();
    if (name == "zones") t = m.ZoneAreaReport();
    if (name == "linkage") t = m.LinkageReport();
    if (!t.ok()) return Fail(c, t.error());
    auto bytes = report::Render(*t, *format);
    if (!bytes.ok()) return Fail(c, bytes.error());
    Response r;
    r.status = 200;
    r.body = std::move(*bytes);
    switch (*format) {
      case report::OutputFormat::kCsv:
        r.content_type = "text/csv; charset=utf-8";
        break;
      case report::OutputFormat::kXlsx:
        r.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        break;
      case report::OutputFormat::kHtml:
        r.content_type = "text/html; charset=utf-8";
        break;
      default:
        r.content_type = "application/json";
    }
    return r;
  });
}

}  // namespace hoptac::http
