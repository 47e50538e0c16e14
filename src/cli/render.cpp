#include "cli/render.hpp"

#include <nlohmann/json.hpp>
#include <ostream>

#include "app/views_json.hpp"
#include "domain/area.hpp"

namespace hoptac::cli {
namespace {

using app::UnitName;
using nlohmann::json;

size_t DisplayWidth(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;  // count code points (Vietnamese text is NFC)
  }
  return n;
}

template <typename T>
json OptNum(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}
json OptMoney(const std::optional<domain::Money>& m) { return m ? json(m->vnd()) : json(nullptr); }

std::string Money(const std::optional<domain::Money>& m) {
  if (!m) return "";
  // 1.234.567 — Vietnamese grouping.
  std::string digits = std::to_string(m->vnd() < 0 ? -m->vnd() : m->vnd());
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back('.');
    out.push_back(digits[i]);
  }
  return m->vnd() < 0 ? "-" + out : out;
}

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::string ChangesText(const domain::Changes& c) {
  std::vector<std::string> parts;
  if (c.name) parts.push_back("name=" + *c.name);
  if (c.short_name) parts.push_back("short_name=" + *c.short_name);
  if (c.foreign_name) parts.push_back("foreign_name=" + *c.foreign_name);
  if (c.field) parts.push_back(std::string("field=") + domain::Id(*c.field));
  if (c.sectors) parts.push_back("sectors=" + Join(*c.sectors, ","));
  if (c.unit_code) parts.push_back("unit=" + *c.unit_code);
  if (c.address_detail) parts.push_back("address=" + *c.address_detail);
  if (c.representative) parts.push_back("representative=" + *c.representative);
  if (c.charter_capital) parts.push_back("capital=" + Money(c.charter_capital));
  if (c.models) parts.push_back("models=" + Join(*c.models, ";"));
  if (c.certificate_no) parts.push_back("certificate=" + *c.certificate_no);
  return Join(parts, "; ");
}

}  // namespace

void PrintTable(std::ostream& out, const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> width(header.size(), 0);
  for (size_t i = 0; i < header.size(); ++i) width[i] = DisplayWidth(header[i]);
  for (const auto& r : rows) {
    for (size_t i = 0; i < r.size() && i < width.size(); ++i) {
      width[i] = std::max(width[i], DisplayWidth(r[i]));
    }
  }
  auto line = [&](const std::vector<std::string>& r) {
    std::string text;
    for (size_t i = 0; i < width.size(); ++i) {
      const std::string& cell = i < r.size() ? r[i] : std::string();
      text += cell;
      if (i + 1 < width.size()) text.append(width[i] - DisplayWidth(cell) + 2, ' ');
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out << text << '\n';
  };
  line(header);
  std::vector<std::string> rule;
  for (size_t w : width) rule.emplace_back(w, '-');
  line(rule);
  for (const auto& r : rows) line(r);
}

void PrintOrgView(std::ostream& out, Format f, const app::OrgView& v,
                  const domain::UnitCatalog& units) {
  const domain::OrgState& s = v.state;
  if (f == Format::kJson) {
    out << app::OrgViewJson(v).dump(2) << '\n';
    return;
  }
  std::vector<std::vector<std::string>> rows;
  auto row = [&](std::string k, std::string val) {
    if (!val.empty()) rows.push_back({std::move(k), std::move(val)});
  };
  row("Mã số HTX", s.registry_code + (s.legacy_code ? " (số GCN cũ)" : ""));
  row("Loại hình", std::string(domain::Id(s.kind)) + " — " + domain::Label(s.kind));
  row("Ngày xem", v.as_of.ToVietnamese() + " (theo dữ liệu đến " + v.known_at.ToString() + ")");
  if (!s.exists) {
    row("Tình trạng", "chưa thành lập vào ngày này");
    PrintTable(out, {"Trường", "Giá trị"}, rows);
    return;
  }
  row("Tên", s.name);
  row("Tên viết tắt", s.short_name);
  row("Tên nước ngoài", s.foreign_name);
  row("Tình trạng", std::string(domain::Id(s.status)) + " — " + domain::Label(s.status));
  row("Lĩnh vực", std::string(domain::Id(s.field)) + " — " + domain::Label(s.field));
  row("Ngành nghề", Join(s.sectors, ", "));
  row("Trụ sở", (s.address_detail.empty() ? "" : s.address_detail + ", ") + v.unit_path);
  if (!v.unit_now_path.empty() && (v.unit == nullptr || !v.unit->ValidOn(Date::Max()))) {
    row("Địa bàn hiện nay", v.unit_now_path);
  }
  row("Người đại diện", s.representative);
  row("Vốn điều lệ (VND)", Money(s.charter_capital));
  row("Mô hình", Join(s.models, "; "));
  row("Số GCN", s.certificate_no);
  row("Ngày thành lập", s.founded_on.ToVietnamese());
  if (s.reregistered_2012_on)
    row("Đăng ký lại (Luật 2012)", s.reregistered_2012_on->ToVietnamese());
  row("Chuyển đổi Luật 2012", domain::Label(v.conversion));
  if (s.charter_amended_2023_on) {
    row("Sửa điều lệ (Luật 2023)", s.charter_amended_2023_on->ToVietnamese());
  }
  if (s.ended_on) row("Ngày chấm dứt", s.ended_on->ToVietnamese());
  if (s.ground) row("Căn cứ giải thể", domain::Label(*s.ground));
  row("Kế thừa bởi", Join(v.successor_codes, ", "));
  row("Liên kết từ", Join(v.predecessor_codes, ", "));
  PrintTable(out, {"Trường", "Giá trị"}, rows);
  (void)units;
}

void PrintOrgList(std::ostream& out, Format f, const std::vector<domain::OrgState>& items,
                  const std::string& next, const domain::UnitCatalog& units) {
  if (f == Format::kJson) {
    out << app::OrgListJson(items, next, units).dump(2) << '\n';
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& s : items) {
    rows.push_back({s.registry_code, s.name, domain::Id(s.kind), domain::Label(s.status),
                    UnitName(units, s), s.founded_on.ToVietnamese()});
  }
  PrintTable(out, {"Mã số", "Tên", "Loại", "Tình trạng", "Xã/phường", "Thành lập"}, rows);
  out << items.size() << " tổ chức";
  if (!next.empty()) out << " — trang sau: --after " << next;
  out << '\n';
}

void PrintHistory(std::ostream& out, Format f, const app::HistoryView& h) {
  if (f == Format::kJson) {
    out << app::HistoryJson(h).dump(2) << '\n';
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < h.events.size(); ++i) {
    const domain::Event& e = h.events[i];
    std::string what = ChangesText(e.changes);
    auto append = [&what](std::string_view a, std::string_view b = {}) {
      if (!what.empty()) what.append("; ");
      what.append(a).append(b);
    };
    if (!h.related_codes[i].empty()) append("→ ", h.related_codes[i]);
    if (e.ground) append(domain::Id(*e.ground));
    std::string basis = e.basis.decision_no;
    if (e.basis.decision_date) basis.append(" ").append(e.basis.decision_date->ToVietnamese());
    std::string voided;
    if (e.voided) {
      voided.append("HỦY ").append(e.voided->voided_at.date().ToVietnamese());
      voided.append(": ").append(e.voided->reason);
    }
    rows.push_back({std::to_string(e.id), e.effective_date.ToVietnamese(), domain::Id(e.type),
                    e.recorded_at.date().ToVietnamese(), basis, what, voided});
  }
  out << h.organisation.registry_code << '\n';
  PrintTable(out, {"#", "Hiệu lực", "Sự kiện", "Ghi nhận", "Quyết định", "Nội dung", "Hủy"}, rows);
}

void PrintFigures(std::ostream& out, Format f, const std::string& code,
                  const std::vector<domain::YearlyFigures>& figures) {
  if (f == Format::kJson) {
    json arr = json::array();
    for (const auto& y : figures) {
      arr.push_back({
          {"year", y.year},
          {"members", OptNum(y.members)},
          {"members_individual", OptNum(y.members_individual)},
          {"members_household", OptNum(y.members_household)},
          {"members_legal_entity", OptNum(y.members_legal_entity)},
          {"workers", OptNum(y.workers)},
          {"workers_members", OptNum(y.workers_members)},
          {"charter_capital", OptMoney(y.charter_capital)},
          {"total_assets", OptMoney(y.total_assets)},
          {"revenue", OptMoney(y.revenue)},
          {"revenue_from_members", OptMoney(y.revenue_from_members)},
          {"profit_before_tax", OptMoney(y.profit_before_tax)},
          {"avg_income", OptMoney(y.avg_income)},
          {"rating", y.rating ? json(domain::Id(*y.rating)) : json(nullptr)},
          {"rating_score", OptNum(y.rating_score)},
          {"rating_scheme", y.rating_scheme},
          {"recorded_at", y.recorded_at.ToString()},
          {"recorded_by", y.recorded_by},
          {"source", y.source},
      });
    }
    out << json{{"registry_code", code}, {"figures", arr}}.dump(2) << '\n';
    return;
  }
  auto num = [](const std::optional<int64_t>& v) { return v ? std::to_string(*v) : std::string(); };
  std::vector<std::vector<std::string>> rows;
  for (const auto& y : figures) {
    rows.push_back({std::to_string(y.year), num(y.members), num(y.workers),
                    Money(y.charter_capital), Money(y.revenue), Money(y.profit_before_tax),
                    Money(y.avg_income), y.rating ? domain::Label(*y.rating) : "",
                    y.rating_scheme});
  }
  PrintTable(out,
             {"Năm", "Thành viên", "Lao động", "Vốn điều lệ", "Doanh thu", "Lợi nhuận",
              "Thu nhập BQ", "Xếp loại", "Căn cứ"},
             rows);
}

void PrintUnits(std::ostream& out, Format f, const std::vector<const domain::Unit*>& units,
                const domain::UnitCatalog& catalog) {
  if (f == Format::kJson) {
    json arr = json::array();
    for (const domain::Unit* u : units) {
      arr.push_back(
          {{"code", u->code},
           {"name", u->name},
           {"level", domain::UnitLevelName(u->level)},
           {"parent_code", u->parent_code},
           {"valid_from",
            u->valid_from == Date::Min() ? json(nullptr) : json(u->valid_from.ToString())},
           {"valid_to", u->valid_to == Date::Max() ? json(nullptr) : json(u->valid_to.ToString())},
           {"legacy", u->legacy},
           {"path", domain::UnitPath(catalog, *u,
                                     u->valid_to == Date::Max() ? u->valid_from : u->valid_to)}});
    }
    out << arr.dump(2) << '\n';
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const domain::Unit* u : units) {
    const Date at = u->valid_to == Date::Max() ? u->valid_from : u->valid_to;
    rows.push_back({u->code, domain::UnitPath(catalog, *u, at), domain::UnitLevelName(u->level),
                    u->valid_from == Date::Min() ? "" : u->valid_from.ToVietnamese(),
                    u->valid_to == Date::Max() ? "" : u->valid_to.ToVietnamese()});
  }
  PrintTable(out, {"Mã", "Đơn vị", "Cấp", "Từ ngày", "Đến ngày"}, rows);
}

}  // namespace hoptac::cli
