// Reference data of the market (domain/market.hpp), kept as tables: the product taxonomy, the
// units of quantity, and the 34 provinces after the 2025 reform with their land borders
// (docs/decisions/0061). Changing a table changes no code.

#include <algorithm>
#include <array>
#include <deque>
#include <utility>

#include "domain/market.hpp"

namespace hoptac::domain {
namespace {

constexpr std::array<ProductCategory, 17> kCategories{{
    {"tea", "Chè", "Tea"},
    {"honey", "Mật ong", "Honey"},
    {"medicinal_herbs", "Dược liệu", "Medicinal herbs"},
    {"buckwheat", "Tam giác mạch", "Buckwheat"},
    {"oranges", "Cam, quýt", "Oranges and tangerines"},
    {"fruit", "Trái cây khác", "Other fruit"},
    {"rice", "Gạo", "Rice"},
    {"rice_wine", "Rượu ngô, rượu gạo", "Corn and rice wine"},
    {"cattle", "Gia súc (bò, trâu, dê)", "Cattle, buffalo, goats"},
    {"pork", "Lợn và thịt chế biến", "Pigs and processed meat"},
    {"poultry", "Gia cầm", "Poultry"},
    {"vegetables", "Rau, củ", "Vegetables"},
    {"mushrooms", "Nấm", "Mushrooms"},
    {"spices", "Gia vị (quế, hồi, thảo quả)", "Spices (cinnamon, anise, cardamom)"},
    {"fish", "Thủy sản", "Fish and aquaculture"},
    {"handicraft", "Thủ công mỹ nghệ, dệt thổ cẩm", "Handicraft and brocade"},
    {"other", "Khác", "Other"},
}};

constexpr std::array<QuantityUnit, 9> kUnits{{
    {"kg", "kg", "kg", 1},
    {"tan", "tấn", "kg", 1000},
    {"lit", "lít", "lit", 1},
    {"con", "con", "con", 1},
    {"hop", "hộp", "hop", 1},
    {"chai", "chai", "chai", 1},
    {"goi", "gói", "goi", 1},
    {"cay", "cây", "cay", 1},
    {"san_pham", "sản phẩm", "san_pham", 1},
}};

// Regions: dong_bac (Northeast), tay_bac (Northwest), dbsh (Red River delta), btb (North
// Central), ntb_tn (South Central coast and Central Highlands), dnb (Southeast), dbscl (Mekong).
constexpr std::array<ProvinceInfo, 34> kProvinces{{
    {"01", "Thành phố Hà Nội", "dbsh"},     {"04", "Tỉnh Cao Bằng", "dong_bac"},
    {"08", "Tỉnh Tuyên Quang", "dong_bac"}, {"11", "Tỉnh Điện Biên", "tay_bac"},
    {"12", "Tỉnh Lai Châu", "tay_bac"},     {"14", "Tỉnh Sơn La", "tay_bac"},
    {"15", "Tỉnh Lào Cai", "dong_bac"},     {"19", "Tỉnh Thái Nguyên", "dong_bac"},
    {"20", "Tỉnh Lạng Sơn", "dong_bac"},    {"22", "Tỉnh Quảng Ninh", "dong_bac"},
    {"24", "Tỉnh Bắc Ninh", "dbsh"},        {"25", "Tỉnh Phú Thọ", "dong_bac"},
    {"31", "Thành phố Hải Phòng", "dbsh"},  {"33", "Tỉnh Hưng Yên", "dbsh"},
    {"37", "Tỉnh Ninh Bình", "dbsh"},       {"38", "Tỉnh Thanh Hóa", "btb"},
    {"40", "Tỉnh Nghệ An", "btb"},          {"42", "Tỉnh Hà Tĩnh", "btb"},
    {"44", "Tỉnh Quảng Trị", "btb"},        {"46", "Thành phố Huế", "btb"},
    {"48", "Thành phố Đà Nẵng", "ntb_tn"},  {"51", "Tỉnh Quảng Ngãi", "ntb_tn"},
    {"52", "Tỉnh Gia Lai", "ntb_tn"},       {"56", "Tỉnh Khánh Hòa", "ntb_tn"},
    {"66", "Tỉnh Đắk Lắk", "ntb_tn"},       {"68", "Tỉnh Lâm Đồng", "ntb_tn"},
    {"75", "Tỉnh Đồng Nai", "dnb"},         {"79", "Thành phố Hồ Chí Minh", "dnb"},
    {"80", "Tỉnh Tây Ninh", "dnb"},         {"82", "Tỉnh Đồng Tháp", "dbscl"},
    {"86", "Tỉnh Vĩnh Long", "dbscl"},      {"91", "Tỉnh An Giang", "dbscl"},
    {"92", "Thành phố Cần Thơ", "dbscl"},   {"96", "Tỉnh Cà Mau", "dbscl"},
}};

// Land borders between the provinces of 2025 (each pair once).
constexpr std::array<std::pair<std::string_view, std::string_view>, 58> kBorders{{
    {"01", "19"}, {"01", "24"}, {"01", "33"}, {"01", "37"}, {"01", "25"}, {"04", "20"},
    {"04", "19"}, {"04", "08"}, {"08", "19"}, {"08", "25"}, {"08", "15"}, {"11", "12"},
    {"11", "14"}, {"12", "14"}, {"12", "15"}, {"14", "15"}, {"14", "25"}, {"14", "38"},
    {"15", "25"}, {"19", "20"}, {"19", "25"}, {"19", "24"}, {"20", "24"}, {"20", "22"},
    {"22", "24"}, {"22", "31"}, {"24", "33"}, {"24", "31"}, {"25", "37"}, {"25", "38"},
    {"31", "33"}, {"33", "37"}, {"37", "38"}, {"38", "40"}, {"40", "42"}, {"42", "44"},
    {"44", "46"}, {"46", "48"}, {"48", "51"}, {"51", "52"}, {"52", "66"}, {"66", "56"},
    {"66", "68"}, {"56", "68"}, {"68", "75"}, {"68", "79"}, {"75", "79"}, {"75", "80"},
    {"79", "80"}, {"80", "82"}, {"79", "82"}, {"82", "86"}, {"82", "91"}, {"82", "92"},
    {"86", "92"}, {"91", "92"}, {"91", "96"}, {"92", "96"},
}};

}  // namespace

std::span<const ProductCategory> ProductCategories() { return kCategories; }
const ProductCategory* FindCategory(std::string_view id) {
  for (const auto& c : kCategories) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

std::span<const QuantityUnit> QuantityUnits() { return kUnits; }
const QuantityUnit* FindUnit(std::string_view id) {
  for (const auto& u : kUnits) {
    if (u.id == id) return &u;
  }
  return nullptr;
}

std::span<const ProvinceInfo> Provinces() { return kProvinces; }
const ProvinceInfo* FindProvince(std::string_view code) {
  for (const auto& p : kProvinces) {
    if (p.code == code) return &p;
  }
  return nullptr;
}

const RegionTable& RegionTable::Builtin() {
  static const RegionTable table = [] {
    std::vector<std::string> codes;
    for (const auto& p : kProvinces) codes.emplace_back(p.code);
    std::vector<std::pair<std::string, std::string>> borders;
    for (const auto& [a, b] : kBorders) borders.emplace_back(std::string(a), std::string(b));
    return RegionTable(std::move(codes), std::move(borders));
  }();
  return table;
}

RegionTable::RegionTable(std::vector<std::string> codes,
                         std::vector<std::pair<std::string, std::string>> borders)
    : codes_(std::move(codes)) {
  std::sort(codes_.begin(), codes_.end());
  codes_.erase(std::unique(codes_.begin(), codes_.end()), codes_.end());
  const size_t n = codes_.size();
  adj_.assign(n, {});
  for (const auto& [a, b] : borders) {
    const int ia = Index(a), ib = Index(b);
    if (ia < 0 || ib < 0 || ia == ib) continue;
    adj_[ia].push_back(ib);
    adj_[ib].push_back(ia);
  }
  for (auto& l : adj_) {
    std::sort(l.begin(), l.end());
    l.erase(std::unique(l.begin(), l.end()), l.end());
  }
  dist_.assign(n, std::vector<int>(n, -1));
  for (size_t s = 0; s < n; ++s) {  // breadth-first from every province
    std::deque<int> queue{static_cast<int>(s)};
    dist_[s][s] = 0;
    while (!queue.empty()) {
      const int at = queue.front();
      queue.pop_front();
      for (int next : adj_[at]) {
        if (dist_[s][next] >= 0) continue;
        dist_[s][next] = dist_[s][at] + 1;
        queue.push_back(next);
      }
    }
  }
}

int RegionTable::Index(std::string_view code) const {
  auto it = std::lower_bound(codes_.begin(), codes_.end(), code);
  if (it == codes_.end() || *it != code) return -1;
  return static_cast<int>(it - codes_.begin());
}

bool RegionTable::Known(std::string_view code) const { return Index(code) >= 0; }

std::optional<int> RegionTable::Distance(std::string_view a, std::string_view b) const {
  const int ia = Index(a), ib = Index(b);
  if (ia < 0 || ib < 0 || dist_[ia][ib] < 0) return std::nullopt;
  return dist_[ia][ib];
}

std::vector<std::string> RegionTable::Neighbours(std::string_view code) const {
  std::vector<std::string> out;
  const int i = Index(code);
  if (i < 0) return out;
  for (int j : adj_[i]) out.push_back(codes_[j]);
  return out;
}

}  // namespace hoptac::domain
