#include "report/scope.hpp"

#include <algorithm>

#include "domain/area.hpp"

namespace hoptac::report {

Result<GroupBy> ParseGroupBy(std::string_view s, std::string_view field) {
  if (s == "province") return GroupBy::kProvince;
  if (s == "district") return GroupBy::kDistrict;
  if (s == "commune") return GroupBy::kCommune;
  return Error::Invalid(std::string(field), std::string(s),
                        "expected province, district or commune", "report.by");
}

Result<UnitsMode> ParseUnitsMode(std::string_view s, std::string_view field) {
  if (s == "as-then" || s == "as_then") return UnitsMode::kAsThen;
  if (s == "current") return UnitsMode::kCurrent;
  return Error::Invalid(std::string(field), std::string(s), "expected as-then or current",
                        "report.units");
}

Result<Scope> Scope::Make(const Projection& p, const domain::UnitCatalog& units,
                          AreaMaps& area_maps, const ReportParams& params) {
  Scope s(p, units, params);
  s.grouping_date_ = params.units == UnitsMode::kAsThen ? params.as_of : params.today;
  domain::UnitLevel level = domain::UnitLevel::kProvince;
  switch (params.by) {
    case GroupBy::kProvince:
      level = domain::UnitLevel::kProvince;
      break;
    case GroupBy::kDistrict:
      level = domain::UnitLevel::kDistrict;
      break;
    case GroupBy::kCommune:
      level = domain::UnitLevel::kCommune;
      break;
  }
  s.map_ = &area_maps.For(level, s.grouping_date_);
  if (!s.map_->level_exists) {
    return Error::Invalid("by", "district",
                          "there are no districts on " + s.grouping_date_.ToVietnamese() +
                              " (abolished on 01/07/2025); group by province or commune",
                          "report.by_district");
  }
  s.used_.assign(s.map_->areas.size(), 0);
  if (!params.unit.empty()) {
    // A code valid on the report date, or a later unit (its older parts), or an older one.
    // The code means the unit of the grouping date (a code may name different units before
    // and after a reform: 08 was old Tuyên Quang until 2025-06-30 and is the merged province
    // since); a code that did not exist then is read on the other date.
    const Date other = s.grouping_date_ == params.as_of ? params.today : params.as_of;
    std::vector<std::string> codes = domain::CodesWithin(units, params.unit, s.grouping_date_);
    if (codes.empty()) codes = domain::CodesWithin(units, params.unit, other);
    if (codes.empty()) {
      return Error::Invalid("unit", params.unit, "no administrative unit has this code",
                            "unit.exists");
    }
    std::vector<char> allowed_unit(p.unit_count(), 0);
    for (size_t i = 0; i < p.unit_count(); ++i) {
      allowed_unit[i] =
          std::binary_search(codes.begin(), codes.end(), p.unit_code(static_cast<int32_t>(i))) ? 1
                                                                                               : 0;
    }
    s.restricted_ = true;
    s.allowed_.resize(p.places().size());
    for (size_t i = 0; i < s.allowed_.size(); ++i) {
      s.allowed_[i] = allowed_unit[static_cast<size_t>(p.places()[i].unit)];
    }
  }
  return s;
}

bool Scope::Includes(const OrgEntry& o, const Snapshot& s) const {
  if (params_.kind && o.kind != *params_.kind) return false;
  if (params_.field && s.field != *params_.field) return false;
  if (restricted_ && (s.place < 0 || allowed_[static_cast<size_t>(s.place)] == 0)) {
    return false;
  }
  return true;
}

std::vector<size_t> Scope::SortedAreas() const {
  std::vector<size_t> out;
  for (uint32_t a : map_->order) {
    if (used_[a] != 0) out.push_back(a);
  }
  return out;
}

std::vector<Parameter> Scope::Describe() const {
  std::vector<Parameter> out;
  out.push_back({"Tính đến ngày", params_.as_of.ToVietnamese()});
  out.push_back({"Dữ liệu ghi nhận đến", p_.known_at() == Timestamp::Max()
                                             ? std::string("hiện tại")
                                             : p_.known_at().ToString()});
  const char* by = params_.by == GroupBy::kProvince   ? "tỉnh"
                   : params_.by == GroupBy::kDistrict ? "huyện"
                                                      : "xã";
  out.push_back({"Theo cấp", by});
  out.push_back({"Đơn vị hành chính", params_.units == UnitsMode::kAsThen
                                          ? "tại thời điểm báo cáo"
                                          : "hiện nay (" + params_.today.ToVietnamese() + ")"});
  if (!params_.unit.empty()) {
    const domain::Unit* u = units_.At(params_.unit, params_.as_of);
    if (u == nullptr) u = units_.Latest(params_.unit);
    out.push_back({"Địa bàn", params_.unit + (u != nullptr ? " — " + u->name : std::string())});
  }
  if (params_.kind) out.push_back({"Loại hình", domain::Label(*params_.kind)});
  if (params_.field) out.push_back({"Lĩnh vực", domain::Label(*params_.field)});
  return out;
}

DetailItem Scope::Detail(const OrgEntry& o, const Snapshot& s, size_t area,
                         std::string note) const {
  DetailItem d;
  d.registry_code = p_.registry_code(o);
  d.name = s.name >= 0 ? std::string(p_.name(s.name)) : std::string();
  d.unit_name = map_->areas[area].name;
  d.status = domain::Label(s.status);
  d.note = std::move(note);
  return d;
}

std::vector<Column> AreaColumns() {
  return {{"area_code", "Mã địa bàn", ColumnType::kText}, {"area", "Địa bàn", ColumnType::kText}};
}

std::vector<Cell> AreaCells(const Area& a) { return {a.code, a.name}; }

}  // namespace hoptac::report
