// RenderJson: the report as data, cells keyed by column id, keys in a fixed order.
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>

#include "report/cell_format.hpp"
#include "report/render.hpp"

namespace hoptac::report {
namespace {

using Json = nlohmann::ordered_json;

Json CellJson(const Cell& cell) {
  if (const auto* s = std::get_if<std::string>(&cell)) return *s;
  if (const auto* i = std::get_if<int64_t>(&cell)) return *i;
  if (const auto* d = std::get_if<double>(&cell)) {
    if (std::isfinite(*d)) return *d;
  }
  return nullptr;
}

Json CellsJson(const Table& t, const Row& row) {
  Json cells = Json::object();
  for (size_t i = 0; i < t.columns.size(); ++i) cells[t.columns[i].id] = CellJson(CellAt(row, i));
  return cells;
}

Json DetailJson(const DetailItem& item) {
  return Json{{"registry_code", item.registry_code},
              {"name", item.name},
              {"unit_name", item.unit_name},
              {"status", item.status},
              {"note", item.note},
              {"columns", item.columns}};
}

}  // namespace

std::string RenderJson(const Table& t) {
  Json doc = Json::object();
  doc["report"] = t.report_id;
  doc["title"] = t.title;
  doc["parameters"] = Json::array();
  for (const Parameter& p : t.parameters) {
    doc["parameters"].push_back(Json{{"label", p.label}, {"value", p.value}});
  }
  doc["columns"] = Json::array();
  for (const Column& c : t.columns) {
    doc["columns"].push_back(
        Json{{"id", c.id}, {"label", c.label}, {"type", ColumnTypeName(c.type)}});
  }
  doc["rows"] = Json::array();
  for (const Row& row : t.rows) {
    Json detail = Json::array();
    for (const DetailItem& item : row.detail) detail.push_back(DetailJson(item));
    doc["rows"].push_back(Json{{"cells", CellsJson(t, row)}, {"detail", std::move(detail)}});
  }
  doc["totals"] = t.totals ? CellsJson(t, *t.totals) : Json(nullptr);
  doc["notes"] = t.notes;
  // Text reaching a Table is valid UTF-8 (see base/text.hpp); replacing keeps a stray byte from
  // turning a report into an exception.
  std::string out = doc.dump(2, ' ', false, Json::error_handler_t::replace);
  out.push_back('\n');
  return out;
}

}  // namespace hoptac::report
