// The market on the command line (issue 9): hoptac product …, demand …, zone …, programme …,
// catalogue export|import|list, and market-report. One app::Market use case per command.

#include <CLI/CLI.hpp>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "app/market.hpp"
#include "cli/context.hpp"
#include "report/render.hpp"

namespace hoptac::cli {
namespace {

using Json = nlohmann::json;

// The market store and service, opened on first use (after the registry, which migrates).
struct MarketHandle {
  std::unique_ptr<domain::MarketStore> store;
  std::unique_ptr<app::Market> market;
};

app::Market& Open(Context& ctx, MarketHandle& h) {
  if (!h.market) {
    Check(ctx.Registry());
    if (!ctx.deps.open_market_store) {
      throw CommandFailed{Error::Unavailable("this build of hoptac has no market store")};
    }
    h.store = Check(ctx.deps.open_market_store(ctx.db));
    h.market = std::make_unique<app::Market>(*h.store, *ctx.store, *ctx.deps.clock);
  }
  return *h.market;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CommandFailed{Error::Invalid("file", path, "cannot read this file", "file.read")};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(Context& ctx, const std::string& path, const std::string& bytes) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << bytes;
  file.close();
  if (!file) throw CommandFailed{Error::Unavailable("cannot write the file " + path)};
  ctx.out() << "wrote " << path << " (" << bytes.size() << " bytes)\n";
}

Json ParseJson(const std::string& text, const std::string& path) {
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded()) {
    throw CommandFailed{Error::Invalid("file", path, "not valid JSON", "json.syntax")};
  }
  return j;
}

// "vietgap:VG-01:2024-01-01:2027-12-31" (code and dates optional).
domain::Certification ParseCert(const std::string& text) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    const size_t colon = text.find(':', start);
    parts.push_back(text.substr(start, colon == std::string::npos ? colon : colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  domain::Certification c;
  c.kind = Check(domain::ParseCertKind(parts[0], "--cert"));
  if (parts.size() > 1) c.code = parts[1];
  if (parts.size() > 2 && !parts[2].empty()) c.valid_from = Check(Date::Parse(parts[2], "--cert"));
  if (parts.size() > 3 && !parts[3].empty()) c.valid_to = Check(Date::Parse(parts[3], "--cert"));
  if (parts.size() > 4) {
    throw CommandFailed{
        Error::Invalid("--cert", text, "use kind[:code[:from[:to]]]", "cert.format")};
  }
  return c;
}

void PrintProducts(Context& ctx, const std::vector<domain::Product>& products) {
  if (Check(ctx.OutputFormat()) == Format::kJson) {
    Json list = Json::array();
    for (const auto& p : products) list.push_back(app::ProductJson(p, true));
    ctx.out() << list.dump(2) << '\n';
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& p : products) {
    rows.push_back({std::to_string(p.id), p.org_code, p.name, p.category, domain::Id(p.key_level),
                    p.ocop_stars > 0 ? std::to_string(p.ocop_stars) : "",
                    domain::MonthsText(p.months),
                    p.capacity > 0 ? std::to_string(p.capacity) + " " + p.capacity_unit : "",
                    p.is_public ? "yes" : "no"});
  }
  PrintTable(
      ctx.out(),
      {"id", "organisation", "name", "category", "key", "ocop", "months", "capacity", "public"},
      rows);
  ctx.out() << products.size() << " product(s)\n";
}

void PrintDemands(Context& ctx, const std::vector<domain::Demand>& demands) {
  if (Check(ctx.OutputFormat()) == Format::kJson) {
    Json list = Json::array();
    for (const auto& d : demands) list.push_back(app::DemandJson(d, true));
    ctx.out() << list.dump(2) << '\n';
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& d : demands) {
    rows.push_back({std::to_string(d.id), d.buyer_name, d.buyer_province,
                    d.product.empty() ? d.category : d.product,
                    std::to_string(d.quantity) + " " + d.unit,
                    d.period_from.ToString() + " – " + d.period_to.ToString(), domain::Id(d.status),
                    domain::Id(d.origin), d.approved ? "yes" : "no"});
  }
  PrintTable(
      ctx.out(),
      {"id", "buyer", "province", "wants", "quantity", "period", "status", "origin", "approved"},
      rows);
  ctx.out() << demands.size() << " demand(s)\n";
}

void PrintRanked(Context& ctx, const std::vector<app::RankedOffer>& offers) {
  if (Check(ctx.OutputFormat()) == Format::kJson) {
    Json list = Json::array();
    for (const auto& o : offers) list.push_back(app::RankedOfferJson(o));
    ctx.out() << list.dump(2) << '\n';
    return;
  }
  int rank = 0;
  for (const auto& o : offers) {
    ctx.out() << ++rank << ". " << o.product.name << " — " << o.org_name << " (" << o.province
              << (o.own ? "" : ", đối tác " + o.source) << "): " << o.result.score << "/100\n";
    for (const auto& f : o.result.factors) {
      ctx.out() << "   " << domain::Id(f.factor) << " " << f.points << "/" << f.max_points << ": "
                << f.explanation << '\n';
    }
  }
  ctx.out() << offers.size() << " offer(s)\n";
}

}  // namespace

void RegisterMarketCommands(CLI::App& app, Context& ctx) {
  auto handle = std::make_shared<MarketHandle>();

  // ---- product ----
  auto* product = app.add_subcommand("product", "products of the organisations (issue 9)");
  product->require_subcommand(1);

  struct ListOptions {
    std::string org, category;
    bool only_public = false;
  };
  auto lo = std::make_shared<ListOptions>();
  auto* plist = product->add_subcommand("list", "list the products");
  plist->add_option("--org", lo->org, "registry code of the producer");
  plist->add_option("--category", lo->category, "a category id (tea, honey, …)");
  plist->add_flag("--public", lo->only_public, "only the products of the public catalogue");
  plist->callback([&ctx, handle, lo] {
    PrintProducts(ctx,
                  Check(Open(ctx, *handle).Products({lo->org, lo->category, lo->only_public})));
  });

  struct AddOptions {
    std::string code, name, category, key_level = "none", months, unit, packaging, photo,
                                      description;
    int stars = 0, year = 0;
    int64_t capacity = 0;
    std::optional<int64_t> price_min, price_max;
    std::vector<std::string> certs;
    bool is_public = false;
  };
  auto ao = std::make_shared<AddOptions>();
  auto* add = product->add_subcommand("add", "add a product of an organisation");
  add->add_option("code", ao->code, "registry code of the producer")->required();
  add->add_option("--name", ao->name, "the product's name")->required();
  add->add_option("--category", ao->category, "a category id (tea, honey, …)")->required();
  add->add_option("--key-level", ao->key_level, "none, commune or province (sản phẩm chủ lực)");
  add->add_option("--ocop-stars", ao->stars, "OCOP stars 1–5");
  add->add_option("--ocop-year", ao->year, "the year of the OCOP rating");
  add->add_option("--cert", ao->certs, "kind[:code[:from[:to]]], e.g. vietgap:VG-01:2024-01-01");
  add->add_option("--months", ao->months, "months of availability, e.g. 3-11 or 1-3,10-12");
  add->add_option("--capacity", ao->capacity, "capacity per season");
  add->add_option("--unit", ao->unit, "unit of the capacity: kg, tan, lit, con, hop, …");
  add->add_option("--price-min", ao->price_min, "lowest price (VND per unit)");
  add->add_option("--price-max", ao->price_max, "highest price (VND per unit)");
  add->add_option("--packaging", ao->packaging, "packaging");
  add->add_option("--photo", ao->photo, "photo link (https://…)");
  add->add_option("--description", ao->description, "description");
  add->add_flag("--public", ao->is_public, "show it in the public catalogue");
  add->callback([&ctx, handle, ao] {
    domain::Product p;
    p.org_code = ao->code;
    p.name = ao->name;
    p.category = ao->category;
    p.key_level = Check(domain::ParseKeyLevel(ao->key_level, "--key-level"));
    p.ocop_stars = ao->stars;
    p.ocop_year = ao->year;
    for (const auto& c : ao->certs) p.certifications.push_back(ParseCert(c));
    p.months = Check(domain::ParseMonths(ao->months, "--months"));
    p.capacity = ao->capacity;
    p.capacity_unit = ao->unit;
    p.price_min = ao->price_min;
    p.price_max = ao->price_max;
    p.packaging = ao->packaging;
    p.photo_url = ao->photo;
    p.description = ao->description;
    p.is_public = ao->is_public;
    const auto id = Check(Open(ctx, *handle).AddProduct(p, ctx.Actor()));
    ctx.out() << "added product " << id << " of " << ao->code << '\n';
  });

  auto import_file = std::make_shared<std::string>();
  auto* pimport = product->add_subcommand(
      "import", "add the products of a JSON file (a list of objects as the API takes them)");
  pimport->add_option("file", *import_file, "the JSON file")->required();
  pimport->callback([&ctx, handle, import_file] {
    const Json list = ParseJson(ReadFile(*import_file), *import_file);
    if (!list.is_array()) {
      throw CommandFailed{
          Error::Invalid("file", *import_file, "expected a JSON list of products", "json.type")};
    }
    app::Market& m = Open(ctx, *handle);
    size_t n = 0;
    for (const auto& item : list) {
      auto p = app::ProductFromJson(item);
      if (!p.ok()) {
        Error e = p.take_error();
        e.field = "[" + std::to_string(n) + "]." + e.field;
        throw CommandFailed{std::move(e)};
      }
      Check(m.AddProduct(*p, ctx.Actor()));
      ++n;
    }
    ctx.out() << "added " << n << " product(s)\n";
  });

  auto export_file = std::make_shared<std::string>();
  auto* pexport = product->add_subcommand("export", "every product as a JSON list");
  pexport->add_option("-o,--output", *export_file, "write to this file (default: standard out)");
  pexport->callback([&ctx, handle, export_file] {
    Json list = Json::array();
    for (const auto& p : Check(Open(ctx, *handle).Products({}))) {
      Json j = app::ProductJson(p, true);
      j.erase("category_label");
      for (auto& c : j["certifications"]) c.erase("label");
      list.push_back(std::move(j));
    }
    const std::string bytes = list.dump(2) + "\n";
    if (export_file->empty()) {
      ctx.out() << bytes;
    } else {
      WriteFile(ctx, *export_file, bytes);
    }
  });

  auto match_id = std::make_shared<int64_t>(0);
  auto* pmatch = product->add_subcommand("match", "the open, approved demands a product matches");
  pmatch->add_option("id", *match_id, "product id")->required();
  pmatch->callback([&ctx, handle, match_id] {
    const auto matches = Check(Open(ctx, *handle).MatchProduct(*match_id));
    if (Check(ctx.OutputFormat()) == Format::kJson) {
      Json list = Json::array();
      for (const auto& m : matches) {
        Json j = app::MatchJson(m.match.result);
        j["demand"] = app::DemandJson(m.demand, true);
        list.push_back(std::move(j));
      }
      ctx.out() << list.dump(2) << '\n';
      return;
    }
    for (const auto& m : matches) {
      ctx.out() << "demand " << m.demand.id << " (" << m.demand.buyer_name << ", "
                << m.demand.quantity << " " << m.demand.unit << "): " << m.match.result.score
                << "/100\n";
    }
    ctx.out() << matches.size() << " demand(s)\n";
  });

  // ---- demand ----
  auto* demand = app.add_subcommand("demand", "buyers' demands (issue 9)");
  demand->require_subcommand(1);
  struct DemandListOptions {
    std::string status;
    bool pending = false;
  };
  auto dlo = std::make_shared<DemandListOptions>();
  auto* dlist = demand->add_subcommand("list", "list the demands");
  dlist->add_option("--status", dlo->status, "open, matched or closed");
  dlist->add_flag("--pending", dlo->pending, "only the public demands waiting for approval");
  dlist->callback([&ctx, handle, dlo] {
    domain::DemandQuery q;
    if (!dlo->status.empty()) q.status = Check(domain::ParseDemandStatus(dlo->status, "--status"));
    auto demands = Check(Open(ctx, *handle).Demands(q));
    if (dlo->pending) {
      std::erase_if(demands, [](const domain::Demand& d) { return d.approved; });
    }
    PrintDemands(ctx, demands);
  });

  auto demand_file = std::make_shared<std::string>();
  auto* dadd = demand->add_subcommand("add", "enter a demand from a JSON file (as the API takes)");
  dadd->add_option("file", *demand_file, "the JSON file of one demand")->required();
  dadd->callback([&ctx, handle, demand_file] {
    const auto d = Check(app::DemandFromJson(ParseJson(ReadFile(*demand_file), *demand_file)));
    const auto id = Check(Open(ctx, *handle).AddDemand(d, ctx.Actor()));
    ctx.out() << "added demand " << id << '\n';
  });

  auto approve_id = std::make_shared<int64_t>(0);
  auto* approve = demand->add_subcommand("approve", "approve a demand posted on the public page");
  approve->add_option("id", *approve_id, "demand id")->required();
  approve->callback([&ctx, handle, approve_id] {
    app::Market& m = Open(ctx, *handle);
    const auto d = Check(m.GetDemand(*approve_id));
    Check(m.ApproveDemand(d.id, d.revision, ctx.Actor()));
    ctx.out() << "approved demand " << d.id << '\n';
  });

  struct StatusOptions {
    int64_t id = 0;
    std::string status;
  };
  auto so = std::make_shared<StatusOptions>();
  auto* status = demand->add_subcommand("status", "set a demand's status");
  status->add_option("id", so->id, "demand id")->required();
  status->add_option("status", so->status, "open, matched or closed")->required();
  status->callback([&ctx, handle, so] {
    app::Market& m = Open(ctx, *handle);
    const auto s = Check(domain::ParseDemandStatus(so->status, "status"));
    const auto d = Check(m.GetDemand(so->id));
    Check(m.SetDemandStatus(d.id, s, d.revision, ctx.Actor()));
    ctx.out() << "demand " << d.id << " is " << domain::Id(s) << '\n';
  });

  auto dmatch_id = std::make_shared<int64_t>(0);
  auto* dmatch = demand->add_subcommand("match", "offers ranked for a demand, explained");
  dmatch->add_option("id", *dmatch_id, "demand id")->required();
  dmatch->callback([&ctx, handle, dmatch_id] {
    PrintRanked(ctx, Check(Open(ctx, *handle).MatchDemand(*dmatch_id)));
  });

  // ---- zone, programme ----
  auto* zone = app.add_subcommand("zone", "raw-material zones (vùng nguyên liệu)");
  zone->require_subcommand(1);
  zone->add_subcommand("list", "list the zones")->callback([&ctx, handle] {
    const auto zones = Check(Open(ctx, *handle).Zones());
    if (Check(ctx.OutputFormat()) == Format::kJson) {
      Json list = Json::array();
      for (const auto& z : zones) list.push_back(app::ZoneJson(z));
      ctx.out() << list.dump(2) << '\n';
      return;
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& z : zones) {
      rows.push_back({std::to_string(z.id), z.name, z.crop, domain::HectaresText(z.area_centiha),
                      domain::JoinCodes(z.communes), domain::JoinCodes(z.org_codes)});
    }
    PrintTable(ctx.out(), {"id", "name", "crop", "area_ha", "communes", "organisations"}, rows);
  });
  auto zone_file = std::make_shared<std::string>();
  auto* zadd = zone->add_subcommand("add", "add a zone from a JSON file (as the API takes)");
  zadd->add_option("file", *zone_file, "the JSON file of one zone")->required();
  zadd->callback([&ctx, handle, zone_file] {
    const auto z = Check(app::ZoneFromJson(ParseJson(ReadFile(*zone_file), *zone_file)));
    ctx.out() << "added zone " << Check(Open(ctx, *handle).AddZone(z, ctx.Actor())) << '\n';
  });

  auto* programme = app.add_subcommand("programme", "linkage programmes between provinces");
  programme->require_subcommand(1);
  programme->add_subcommand("list", "list the programmes")->callback([&ctx, handle] {
    const auto programmes = Check(Open(ctx, *handle).Programmes());
    if (Check(ctx.OutputFormat()) == Format::kJson) {
      Json list = Json::array();
      for (const auto& p : programmes) list.push_back(app::ProgrammeJson(p));
      ctx.out() << list.dump(2) << '\n';
      return;
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& p : programmes) {
      rows.push_back({std::to_string(p.id), p.name, domain::JoinCodes(p.provinces)});
    }
    PrintTable(ctx.out(), {"id", "name", "provinces"}, rows);
  });
  struct ProgrammeOptions {
    std::string name, note;
    std::vector<std::string> provinces;
  };
  auto po = std::make_shared<ProgrammeOptions>();
  auto* padd = programme->add_subcommand("add", "add a linkage programme");
  padd->add_option("--name", po->name, "its name")->required();
  padd->add_option("--province", po->provinces, "a member province code (2025), repeated")
      ->required();
  padd->add_option("--note", po->note, "note");
  padd->callback([&ctx, handle, po] {
    domain::LinkageProgramme p{0, po->name, po->provinces, po->note, 0};
    ctx.out() << "added programme " << Check(Open(ctx, *handle).AddProgramme(p, ctx.Actor()))
              << '\n';
  });

  // ---- catalogue ----
  auto* catalogue = app.add_subcommand("catalogue", "catalogues exchanged between provinces");
  catalogue->require_subcommand(1);
  struct ExportOptions {
    std::string source, name, output, as = "json";
  };
  auto eo = std::make_shared<ExportOptions>();
  auto* cexport = catalogue->add_subcommand("export", "publish our public products");
  cexport->add_option("--source", eo->source, "our province's code (2025), e.g. 08")->required();
  cexport->add_option("--name", eo->name, "who publishes, e.g. Liên minh HTX tỉnh Tuyên Quang")
      ->required();
  cexport->add_option("-o,--output", eo->output, "the file to write")->required();
  cexport->add_option("--as", eo->as, "json or xlsx (default json)");
  cexport->callback([&ctx, handle, eo] {
    const auto format = Check(app::ParseCatalogueFormat(eo->as));
    app::Market& m = Open(ctx, *handle);
    const auto c = Check(m.BuildCatalogue(eo->source, eo->name));
    WriteFile(ctx, eo->output, Check(m.WriteCatalogue(c, format)));
  });
  struct ImportOptions {
    std::string file, as, own;
  };
  auto io = std::make_shared<ImportOptions>();
  auto* cimport = catalogue->add_subcommand(
      "import", "import a partner's catalogue as read-only offers (replaces that source's)");
  cimport->add_option("file", io->file, "the catalogue (.json or .xlsx)")->required();
  cimport->add_option("--as", io->as, "json or xlsx (default: by the file's extension)");
  cimport->add_option("--own-province", io->own, "refuse a catalogue of this province (ours)");
  cimport->callback([&ctx, handle, io] {
    std::string as = io->as;
    if (as.empty()) {
      as = io->file.size() > 5 && io->file.substr(io->file.size() - 5) == ".xlsx" ? "xlsx" : "json";
    }
    const auto format = Check(app::ParseCatalogueFormat(as));
    const auto r =
        Check(Open(ctx, *handle).ImportCatalogue(ReadFile(io->file), format, io->own, ctx.Actor()));
    ctx.out() << "imported " << r.offers << " offer(s) from province " << r.source << '\n';
  });
  auto source = std::make_shared<std::string>();
  auto* clist = catalogue->add_subcommand("list", "the partner offers imported");
  clist->add_option("--source", *source, "only this province's");
  clist->callback([&ctx, handle, source] {
    const auto offers = Check(Open(ctx, *handle).PartnerOffers(*source));
    if (Check(ctx.OutputFormat()) == Format::kJson) {
      Json list = Json::array();
      for (const auto& o : offers) list.push_back(app::PartnerOfferJson(o));
      ctx.out() << list.dump(2) << '\n';
      return;
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& o : offers) {
      rows.push_back({o.source, o.ref, o.product.name, o.org_name, o.published_on.ToString()});
    }
    PrintTable(ctx.out(), {"source", "ref", "name", "organisation", "published"}, rows);
    ctx.out() << offers.size() << " offer(s)\n";
  });

  // ---- reports ----
  struct ReportOptions {
    std::string name, output;
  };
  auto ro = std::make_shared<ReportOptions>();
  auto* rep = app.add_subcommand(
      "market-report", "market reports: key-products, ocop, zones, linkage (--format as report)");
  rep->add_option("name", ro->name, "key-products, ocop, zones or linkage")->required();
  rep->add_option("-o,--output", ro->output, "write to this file (needed for xlsx)");
  rep->callback([&ctx, handle, ro] {
    const report::OutputFormat format = Check(report::ParseOutputFormat(ctx.format, "--format"));
    app::Market& m = Open(ctx, *handle);
    Result<report::Table> t = Error::Invalid(
        "name", ro->name, "expected key-products, ocop, zones or linkage", "report.known");
    if (ro->name == "key-products") t = m.KeyProductsReport();
    if (ro->name == "ocop") t = m.OcopReport();
    if (ro->name == "zones") t = m.ZoneAreaReport();
    if (ro->name == "linkage") t = m.LinkageReport();
    const std::string bytes = Check(report::Render(Check(std::move(t)), format));
    if (format == report::OutputFormat::kXlsx && ro->output.empty()) {
      throw CommandFailed{
          Error::Invalid("--output", "", "an xlsx report needs -o FILE", "report.output")};
    }
    if (ro->output.empty()) {
      ctx.out() << bytes;
    } else {
      WriteFile(ctx, ro->output, bytes);
    }
  });
}

}  // namespace hoptac::cli
