#include "app/demo.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "app/demo_alliance.hpp"
#include "domain/area.hpp"
#include "domain/unit.hpp"

namespace hoptac::app {

using domain::DissolutionGround;
using domain::EventType;
using domain::Field;
using domain::Money;
using domain::OrgKind;
using domain::Rating;

void CountArticle(const domain::OrgState& s, ArticleFigures& f) {
  if (!s.exists) return;
  switch (domain::ConversionAsOf(s)) {
    case domain::Conversion::kNotRequired:
      break;
    case domain::Conversion::kConverted:
      ++f.required;
      ++f.converted;
      break;
    case domain::Conversion::kDissolvedVoluntary:
      ++f.required;
      ++f.dissolved_voluntary;
      break;
    case domain::Conversion::kDissolvedForced:
      ++f.required;
      ++f.dissolved_forced;
      break;
    case domain::Conversion::kEndedOtherwise:
      ++f.required;
      ++f.ended_otherwise;
      break;
    case domain::Conversion::kPending:
      ++f.required;
      ++f.pending;
      break;
  }
  if (s.kind == OrgKind::kHTX && s.founded_on <= f.as_of &&
      std::find(s.models.begin(), s.models.end(), kThonChangModel) != s.models.end()) {
    ++f.thon_chang_replications;
  }
}

namespace {

// ---------------------------------------------------------------------------------------------
// Randomness: splitmix64 seeding xoshiro256**, nothing from <random> (its distributions differ
// between standard libraries).

uint64_t SplitMix(uint64_t& x) {
  uint64_t z = (x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (uint64_t& s : s_) s = SplitMix(seed);
  }
  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  uint64_t Below(uint64_t n) { return n == 0 ? 0 : Next() % n; }
  // Uniform in [lo, hi].
  int64_t Range(int64_t lo, int64_t hi) {
    if (hi <= lo) return lo;
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo) + 1));
  }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }
  // Waiting time (in years) of an event with the given yearly rate.
  double Wait(double rate) { return -std::log(1.0 - Unit()) / rate; }
  // Log-uniform in [lo, hi].
  double LogUniform(double lo, double hi) {
    return std::exp(std::log(lo) + Unit() * (std::log(hi) - std::log(lo)));
  }
  template <typename T>
  const T& Pick(std::span<const T> v) {
    return v[Below(v.size())];
  }
  template <typename T, size_t N>
  const T& Pick(const std::array<T, N>& v) {
    return v[Below(N)];
  }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }
  template <typename T>
  void Shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[Below(i)]);
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

uint64_t HashText(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// ---------------------------------------------------------------------------------------------
// Calendar.

Date Ymd(int y, int m, int d) { return Date::FromYmd(y, m, d).value(); }

const Date kLaw2012 = domain::Law2012InForce();
const Date kLaw2023 = domain::Law2023InForce();
const Date kReform = Ymd(2025, 7, 1);
const Date kLastOld = Ymd(2025, 6, 30);
const Date kImport = Ymd(2010, 3, 1);     // the office's register starts
const Date kHorizon = Ymd(2026, 11, 27);  // the last day an event of the demo takes effect
const Timestamp kHorizonTs =
    Timestamp::FromMicros(Timestamp::StartOf(Ymd(2026, 11, 28)).micros() + 10 * 3600'000'000LL);
constexpr int kFirstFiguresYear = 2013;
constexpr int kLastFiguresYear = 2025;

Date Between(Rng& rng, Date lo, Date hi) {
  return Date::FromDays(static_cast<int32_t>(rng.Range(lo.days(), hi.days())));
}
Date YearStart(int y) { return Ymd(y, 1, 1); }
Date YearEnd(int y) { return Ymd(y, 12, 31); }
Date AddYearsF(Date d, double years) {
  return d.AddDays(static_cast<int32_t>(std::min(years, 100.0) * 365.25));
}
// An instant during office hours (08:00–17:00 in Vietnam, UTC+7) of day `d`.
Timestamp OfficeTime(Rng& rng, Date d) {
  return Timestamp::FromMicros(Timestamp::StartOf(d).micros() +
                               rng.Range(3600LL, 10 * 3600LL - 1) * 1'000'000LL);
}

// ---------------------------------------------------------------------------------------------
// Words.

constexpr std::array<const char*, 14> kKinhSurnames = {"Nguyễn", "Trần", "Lê",   "Phạm", "Hoàng",
                                                       "Vũ",     "Đỗ",   "Bùi",  "Đặng", "Ngô",
                                                       "Lương",  "Hà",   "Nông", "Ma"};
constexpr std::array<const char*, 10> kKinhMiddleMale = {"Văn",   "Đức",  "Minh", "Quang", "Hữu",
                                                         "Thanh", "Ngọc", "Xuân", "Công",  "Mạnh"};
constexpr std::array<const char*, 6> kKinhMiddleFemale = {"Thị",  "Thị",   "Thu",
                                                          "Ngọc", "Thanh", "Hồng"};
constexpr std::array<const char*, 24> kKinhGivenMale = {
    "Hùng", "Dũng", "Thắng", "Hải",  "Thành", "Bình",   "Cường", "Tuấn",
    "Nam",  "Sơn",  "Long",  "Kiên", "Huy",   "Trường", "Phúc",  "Khánh",
    "Toàn", "Quý",  "Lâm",   "Đông", "Vinh",  "Hiếu",   "Tài",   "Chiến"};
constexpr std::array<const char*, 16> kKinhGivenFemale = {
    "Lan",  "Hoa", "Hương", "Hiền", "Thủy", "Nhung", "Mai", "Hạnh",
    "Thảo", "Yến", "Loan",  "Liên", "Huệ",  "Tâm",   "Vân", "Dung"};
constexpr std::array<const char*, 9> kMongSurnames = {"Vàng", "Giàng", "Sùng", "Thào", "Lù",
                                                      "Mua",  "Hầu",   "Ly",   "Thèn"};
constexpr std::array<const char*, 3> kMongMiddle = {"Mí", "Seo", "Chứ"};
constexpr std::array<const char*, 14> kMongGiven = {
    "Páo", "Chứ", "Dế", "Sính", "Chúa", "Lử", "Pó", "Vư", "Súa", "Mỷ", "Dính", "Chá", "Dợ", "Sùng"};
constexpr std::array<const char*, 6> kDaoSurnames = {"Triệu", "Bàn", "Đặng", "Phàn", "Chảo", "Lý"};
constexpr std::array<const char*, 3> kDaoMiddle = {"Văn", "Tà", "Láo"};
constexpr std::array<const char*, 8> kDaoGiven = {"Phin", "Chàn", "Sành", "Kiềm",
                                                  "Tả",   "Mẩy",  "Chòi", "Quẩy"};

constexpr std::array<const char*, 40> kHighlandVillages = {
    "Nà Sài",    "Khuổi Vài", "Lùng Tám",  "Nặm Đăm",    "Phìn Hồ",    "Sủng Là", "Tả Phìn",
    "Nà Khương", "Nà Đén",    "Làng Khẳm", "Nà Lầu",     "Nậm Ngặt",   "Cốc Pài", "Khuổi My",
    "Nà Chảo",   "Pó Mỷ",     "Lao Chải",  "Sà Phìn",    "Pải Lủng",   "Nà Thác", "Pắc Bó",
    "Nặm Ty",    "Nà Tòng",   "Tổng Mòng", "Nà Hán",     "Nà Pồng",    "Lũng Pù", "Séo Lủng",
    "Khâu Vai",  "Tát Ngà",   "Nậm Dầu",   "Cán Tỷ",     "Thèn Phàng", "Hồ Thầu", "Nà Luốc",
    "Nậm Khòa",  "Cao Bồ",    "Lũng Hồ",   "Thượng Sơn", "Tân Tiến"};
constexpr std::array<const char*, 24> kLowlandVillages = {
    "Đông",      "Tây",        "Nam",       "Bắc",        "Trung",    "Thượng",
    "Hạ",        "Tân Lập",    "An Phú",    "Phú Mỹ",     "Hòa Bình", "Đồng Tâm",
    "Tân Thành", "Quyết Tiến", "Thắng Lợi", "Đoàn Kết",   "Văn Phú",  "Phú Xuân",
    "Mỹ Lộc",    "Yên Thịnh",  "Hợp Nhất",  "Thanh Bình", "Xuân Hòa", "Minh Khai"};

struct Template {
  const char* prefix;  // "Hợp tác xã Chè " + place
  Field field;
  std::array<const char*, 3> sectors;
  bool highland;  // typical of mountain provinces
};

constexpr std::array<Template, 20> kTemplates = {{
    {"Hợp tác xã Nông nghiệp ",
     Field::kAgriculture,
     {"Trồng lúa", "Chăn nuôi trâu, bò", "Dịch vụ thủy lợi"},
     false},
    {"Hợp tác xã Dịch vụ tổng hợp ",
     Field::kAgriculture,
     {"Dịch vụ nông nghiệp", "Cung ứng vật tư nông nghiệp", "Thu mua nông sản"},
     false},
    {"Hợp tác xã Nông lâm nghiệp ",
     Field::kAgriculture,
     {"Trồng rừng", "Trồng cây ăn quả", "Chăn nuôi gia súc"},
     true},
    {"Hợp tác xã Chè ",
     Field::kAgriculture,
     {"Trồng chè", "Chế biến chè", "Thu mua chè búp"},
     true},
    {"Hợp tác xã Chăn nuôi ",
     Field::kAgriculture,
     {"Chăn nuôi bò", "Chăn nuôi lợn đen", "Chăn nuôi dê"},
     true},
    {"Hợp tác xã Dược liệu ",
     Field::kAgriculture,
     {"Trồng cây dược liệu", "Sơ chế dược liệu", "Trồng thảo quả"},
     true},
    {"Hợp tác xã Cam sành ",
     Field::kAgriculture,
     {"Trồng cam", "Thu mua cam", "Trồng cây ăn quả"},
     true},
    {"Hợp tác xã Mật ong bạc hà ",
     Field::kAgriculture,
     {"Nuôi ong", "Sản xuất mật ong", "Trồng bạc hà"},
     true},
    {"Hợp tác xã Rau an toàn ",
     Field::kAgriculture,
     {"Trồng rau an toàn", "Tiêu thụ nông sản", "Dịch vụ nông nghiệp"},
     false},
    {"Hợp tác xã Thủy sản ",
     Field::kAgriculture,
     {"Nuôi trồng thủy sản", "Khai thác thủy sản", "Dịch vụ hậu cần nghề cá"},
     false},
    {"Hợp tác xã Điện năng ",
     Field::kNonAgriculture,
     {"Kinh doanh điện", "Quản lý lưới điện hạ áp", "Dịch vụ điện nông thôn"},
     false},
    {"Hợp tác xã Vận tải ",
     Field::kNonAgriculture,
     {"Vận tải hành khách", "Vận tải hàng hóa", "Dịch vụ bến xe"},
     false},
    {"Hợp tác xã Xây dựng ",
     Field::kNonAgriculture,
     {"Xây dựng công trình dân dụng", "Xây dựng giao thông nông thôn", "Khai thác cát, sỏi"},
     false},
    {"Hợp tác xã Thương mại dịch vụ ",
     Field::kNonAgriculture,
     {"Bán lẻ hàng tiêu dùng", "Quản lý chợ", "Dịch vụ ăn uống"},
     false},
    {"Hợp tác xã Dệt thổ cẩm ",
     Field::kNonAgriculture,
     {"Dệt thổ cẩm", "May trang phục dân tộc", "Bán hàng lưu niệm"},
     true},
    {"Hợp tác xã Môi trường ",
     Field::kNonAgriculture,
     {"Thu gom rác thải", "Vệ sinh môi trường", "Cung cấp nước sạch"},
     false},
    {"Hợp tác xã Chế biến rượu ngô men lá ",
     Field::kNonAgriculture,
     {"Sản xuất rượu", "Thu mua ngô", "Bán lẻ đồ uống"},
     true},
    {"Hợp tác xã Du lịch cộng đồng ",
     Field::kNonAgriculture,
     {"Dịch vụ lưu trú homestay", "Hướng dẫn du lịch", "Biểu diễn văn nghệ dân tộc"},
     true},
    {"Hợp tác xã Thủ công mỹ nghệ ",
     Field::kNonAgriculture,
     {"Sản xuất hàng mây tre đan", "Chạm khắc gỗ", "Bán hàng thủ công"},
     false},
    {"Hợp tác xã Cơ khí ",
     Field::kNonAgriculture,
     {"Gia công cơ khí", "Sửa chữa máy nông nghiệp", "Sản xuất đồ gia dụng"},
     false},
}};
constexpr size_t kWholeVillageTemplate = 2;  // Nông lâm nghiệp

constexpr std::array<const char*, 10> kGroupProducts = {
    "chăn nuôi", "trồng chè",     "trồng rau an toàn", "dệt thổ cẩm",     "nuôi ong",
    "trồng cam", "làm miến dong", "chăn nuôi dê",      "trồng dược liệu", "sản xuất chổi chít"};
constexpr std::array<const char*, 4> kExtraModels = {
    "HTX kiểu mới", "OCOP", "Liên kết chuỗi giá trị", "Ứng dụng công nghệ cao"};
constexpr std::array<const char*, 4> kCreditSectors = {"Huy động vốn", "Cho vay thành viên",
                                                       "Dịch vụ chuyển tiền", "Tư vấn tài chính"};

std::string StripUnitType(std::string_view name) {
  static constexpr std::array<std::string_view, 9> kTypes = {"Xã ",      "Phường ", "Thị trấn ",
                                                             "Đặc khu ", "Tỉnh ",   "Thành phố ",
                                                             "Huyện ",   "Thị xã ", "Quận "};
  for (std::string_view t : kTypes) {
    if (name.substr(0, t.size()) == t) return std::string(name.substr(t.size()));
  }
  return std::string(name);
}

// "Huyện Vị Xuyên" as written inside a sentence: "huyện Vị Xuyên".
std::string InText(std::string_view unit_name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kTypes = {{
      {"Xã ", "xã "},
      {"Phường ", "phường "},
      {"Thị trấn ", "thị trấn "},
      {"Đặc khu ", "đặc khu "},
      {"Tỉnh ", "tỉnh "},
      {"Thành phố ", "thành phố "},
      {"Huyện ", "huyện "},
      {"Thị xã ", "thị xã "},
      {"Quận ", "quận "},
  }};
  for (const auto& [upper, lower] : kTypes) {
    if (unit_name.substr(0, upper.size()) == upper) {
      return std::string(lower) + std::string(unit_name.substr(upper.size()));
    }
  }
  return std::string(unit_name);
}

// ---------------------------------------------------------------------------------------------
// Geography: the communes of one province before the reform, with where they went on 2025-07-01.

struct Place {
  std::string code;  // valid until 2025-06-30
  std::string name;  // without its type word: "Việt Lâm"
  std::string full;  // "Xã Việt Lâm"
  bool urban = false;
  size_t district = 0;
  std::string new_code;  // the commune it belongs to from 2025-07-01
  std::string new_name;
  std::string new_full;
};

struct Geo {
  std::string province_code;
  std::string province_full;  // "Tỉnh Hà Giang"
  std::string province_name;  // "Hà Giang"
  std::string new_province_full;
  std::string tax_prefix;
  bool highland = false;
  bool south = false;
  std::vector<Place> places;
  std::vector<std::string> district_full;
  std::vector<std::vector<size_t>> district_places;
};

Geo BuildGeo(const domain::UnitCatalog& units, const domain::Unit& province,
             std::string tax_prefix) {
  Geo g;
  g.province_code = province.code;
  g.province_full = province.name;
  g.province_name = StripUnitType(province.name);
  g.tax_prefix = std::move(tax_prefix);
  static constexpr std::array<std::string_view, 10> kHighland = {"02", "04", "06", "08", "10",
                                                                 "11", "12", "14", "15", "17"};
  g.highland = std::find(kHighland.begin(), kHighland.end(), province.code) != kHighland.end();
  g.south = province.code >= "70";
  std::vector<const domain::Unit*> districts = units.ChildrenAt(province.code, kLastOld);
  std::sort(districts.begin(), districts.end(),
            [](const domain::Unit* a, const domain::Unit* b) { return a->code < b->code; });
  for (const domain::Unit* d : districts) {
    std::vector<const domain::Unit*> communes = units.ChildrenAt(d->code, kLastOld);
    std::sort(communes.begin(), communes.end(),
              [](const domain::Unit* a, const domain::Unit* b) { return a->code < b->code; });
    std::vector<size_t> idx;
    for (const domain::Unit* c : communes) {
      if (!units.ChildrenAt(c->code, kLastOld).empty()) continue;
      const domain::Unit* now = domain::PrimarySuccessor(units, c->code, kLastOld, kReform);
      if (now == nullptr) continue;
      Place p;
      p.code = c->code;
      p.full = c->name;
      p.name = StripUnitType(c->name);
      p.urban = c->name.rfind("Phường ", 0) == 0 || c->name.rfind("Thị trấn ", 0) == 0;
      p.district = g.district_full.size();
      p.new_code = now->code;
      p.new_full = now->name;
      p.new_name = StripUnitType(now->name);
      if (g.new_province_full.empty()) {
        if (const domain::Unit* np = units.Parent(*now, kReform)) g.new_province_full = np->name;
      }
      idx.push_back(g.places.size());
      g.places.push_back(std::move(p));
    }
    if (idx.empty()) continue;
    g.district_full.push_back(d->name);
    g.district_places.push_back(std::move(idx));
  }
  return g;
}

// ---------------------------------------------------------------------------------------------
// What an organisation's life is made of, decided before its events are written out.

struct Spec {
  OrgKind kind = OrgKind::kHTX;
  std::string code;
  size_t place = 0;
  int tmpl = -1;        // kTemplates index for HTX
  std::string name;     // fixed name (else from the template and the place)
  std::string address;  // fixed address detail
  bool fixed_name = false;
  std::vector<std::string> models;
  std::string founding_note;
  Date founded;
  std::optional<Date> rereg;
  std::optional<Date> dissolution_start;
  bool revoked = false;  // the start is a revocation of the certificate
  std::optional<Date> end;
  EventType end_type = EventType::kDissolvedVoluntary;
  std::optional<DissolutionGround> ground;
  std::vector<std::string> related;  // successors of the end event
  std::string separated_from;        // parent (a separated_from event on the founding day)
  bool charter_2023 = true;
  bool quiet = false;                    // no suspensions or flags (a link target)
  std::optional<Date> open_flag;         // flagged not at its address, never cleared
  std::optional<Date> wrong_suspension;  // a suspension recorded by mistake (voided later)
  std::optional<Date> true_founding;     // the founding date was recorded wrongly
  bool fix_commune = false;              // one relocation went to the wrong commune
  bool stays = false;                    // never moves its head office
  bool first = false;                    // written before the others (linked to)
  bool figures = true;
  bool role = false;  // has a special role: keep its planned end
  double activity = 1.0;
};

// A correction made after the bulk, through Registry::VoidEvent.
struct Correction {
  std::string code;
  EventType type;
  Date effective;
  std::string reason;
  std::optional<NewEvent> replacement;
};

enum class Step {
  kFounded,
  kSeparated,
  kRegistered,
  kRereg,
  kCharter,
  kAmend,
  kRelocate,
  kAddressUpdate,
  kSuspend,
  kResume,
  kFlag,
  kClear,
  kStartDissolution,
  kEnd,
  kWrongSuspension,
  kFixRelocation,
};

struct Planned {
  Date d;
  Step step;
  int order;
};

struct Plan {
  NewHistory history;
  std::vector<Correction> corrections;
};

// ---------------------------------------------------------------------------------------------
// One province: the specs of its organisations and how each becomes a history.

class ProvinceBuilder {
 public:
  ProvinceBuilder(const Geo& geo, uint64_t seed) : geo_(geo), rng_(seed) {
    serial_ = rng_.Range(1000, 9000);
  }

  Rng& rng() { return rng_; }
  const Geo& geo() const { return geo_; }
  std::vector<Spec>& specs() { return specs_; }

  std::string NewCode() {
    for (;;) {
      serial_ += rng_.Range(1, 37);
      char nine[16];
      std::snprintf(nine, sizeof nine, "%s%07lld", geo_.tax_prefix.c_str(),
                    static_cast<long long>(serial_ % 10'000'000));
      const int check = domain::RegistryCode::CheckDigit(std::string_view(nine, 9));
      if (check < 0) continue;
      return std::string(nine, 9) + static_cast<char>('0' + check);
    }
  }

  size_t RandomPlace() { return rng_.Below(geo_.places.size()); }

  Spec& Add(OrgKind kind, Date founded) {
    Spec s;
    s.kind = kind;
    s.code = NewCode();
    s.founded = founded;
    s.place = RandomPlace();
    if (kind == OrgKind::kHTX) s.tmpl = static_cast<int>(RandomTemplate());
    specs_.push_back(std::move(s));
    return specs_.back();
  }

  size_t RandomTemplate() {
    for (;;) {
      const size_t t = rng_.Below(kTemplates.size());
      const Template& tp = kTemplates[t];
      if (tp.highland && !geo_.highland && rng_.Chance(0.8)) continue;
      if (geo_.highland && t == 9 && rng_.Chance(0.9)) continue;  // few fisheries in the hills
      if (tp.field == Field::kNonAgriculture && rng_.Chance(0.35)) continue;  // mostly farming
      return t;
    }
  }

  // Ends an organisation at a random time after `from`, with the yearly hazard `rate` (higher in
  // 2017–2019, when provinces dissolved inactive cooperatives).
  void MaybeEnd(Spec& s, Date from, double rate) {
    Date t = from;
    while (t <= kHorizon) {
      const int y = t.year();
      const double r = (y >= 2017 && y <= 2019) ? rate * 1.7 : rate;
      if (rng_.Chance(r)) {
        const Date lo = std::max(t, YearStart(y));
        const Date hi = std::min(YearEnd(y), kHorizon.AddDays(-5));
        if (lo >= hi) return;
        SetEnd(s, Between(rng_, lo, hi));
        return;
      }
      t = YearStart(y + 1);
    }
  }

  // A dissolution on `end`: voluntary, or forced (often after a started procedure or a revoked
  // certificate).
  void SetEnd(Spec& s, Date end, double forced_share = 0.4) {
    s.end = end;
    if (s.kind == OrgKind::kTHT || !rng_.Chance(forced_share)) {
      s.end_type = EventType::kDissolvedVoluntary;
      if (s.kind != OrgKind::kTHT && rng_.Chance(0.15)) {
        const Date start = end.AddDays(-static_cast<int32_t>(rng_.Range(40, 120)));
        if (start > s.founded.AddDays(60) && (!s.rereg || start > s.rereg->AddDays(5))) {
          s.dissolution_start = start;
        }
      }
      return;
    }
    s.end_type = EventType::kDissolvedForced;
    const double r = rng_.Unit();
    if (r < 0.2) {
      s.revoked = true;
      s.ground = DissolutionGround::kCertificateRevoked;
    } else if (r < 0.6) {
      s.ground = DissolutionGround::kNotOperating12Months;
    } else if (r < 0.8) {
      s.ground = DissolutionGround::kNoGeneralMeeting18Months;
    } else if (r < 0.96) {
      s.ground = DissolutionGround::kBelowMinimumMembers12Months;
    } else {
      s.ground = DissolutionGround::kCourtDecision;
    }
    if (s.revoked || rng_.Chance(0.7)) {
      const Date start = end.AddDays(-static_cast<int32_t>(rng_.Range(45, 300)));
      if (start > s.founded.AddDays(60) && (!s.rereg || start > s.rereg->AddDays(5))) {
        s.dissolution_start = start;
      } else if (s.revoked) {
        s.revoked = false;
        s.ground = DissolutionGround::kNotOperating12Months;
      }
    }
  }

  Plan Materialize(const Spec& s);

 private:
  struct State {
    size_t place = 0;
    std::string unit;  // current unit code
    bool new_unit = false;
    std::string name, short_name;
    std::vector<std::string> sectors, models;
    int64_t capital = 0;
    std::string representative;
    size_t tmpl = 0;
  };

  std::string Person() {
    const bool female = rng_.Chance(0.3);
    if (geo_.highland) {
      const double r = rng_.Unit();
      if (r < 0.35) {
        return std::string(rng_.Pick(kMongSurnames)) + " " +
               (female ? "Thị" : rng_.Pick(kMongMiddle)) + " " + rng_.Pick(kMongGiven);
      }
      if (r < 0.5) {
        return std::string(rng_.Pick(kDaoSurnames)) + " " +
               (female ? "Thị" : rng_.Pick(kDaoMiddle)) + " " + rng_.Pick(kDaoGiven);
      }
    }
    return std::string(rng_.Pick(kKinhSurnames)) + " " +
           (female ? rng_.Pick(kKinhMiddleFemale) : rng_.Pick(kKinhMiddleMale)) + " " +
           (female ? rng_.Pick(kKinhGivenFemale) : rng_.Pick(kKinhGivenMale));
  }

  std::string Village() {
    return geo_.highland ? rng_.Pick(kHighlandVillages) : rng_.Pick(kLowlandVillages);
  }

  std::string Address(const Place& p) {
    if (p.urban) return "Tổ dân phố " + std::to_string(rng_.Range(1, 15));
    if (geo_.south) return "Ấp " + Village();
    if (geo_.highland && rng_.Chance(0.3)) return "Bản " + Village();
    return "Thôn " + Village();
  }

  // A name not used yet in this province.
  std::string UniqueName(const std::string& prefix, const Place& p) {
    std::string name = prefix + p.name;
    if (names_.insert(name).second) return name;
    for (int i = 0; i < 4; ++i) {
      name = prefix + Village() + " " + p.name;
      if (names_.insert(name).second) return name;
    }
    for (int i = 2;; ++i) {
      name = prefix + p.name + " " + std::to_string(i);
      if (names_.insert(name).second) return name;
    }
  }

  std::string RegistrationOffice(const State& st, Date d) const {
    if (d >= kReform) return "Sở Tài chính " + InText(geo_.new_province_full);
    return "Phòng Tài chính - Kế hoạch " +
           InText(geo_.district_full[geo_.places[st.place].district]);
  }
  std::string PeoplesCommittee(const State& st, Date d) const {
    if (d >= kReform) return "UBND " + InText(geo_.new_province_full);
    return "UBND " + InText(geo_.district_full[geo_.places[st.place].district]);
  }
  std::string Number(const char* suffix) { return std::to_string(rng_.Range(1, 420)) + suffix; }

  // Registration recording lag: usually days to weeks, sometimes months or years.
  Timestamp Recorded(Date eff, bool may_be_late) {
    if (eff < kImport) {
      return OfficeTime(rng_, Between(rng_, kImport, kImport.AddDays(120)));
    }
    int64_t lag = rng_.Range(2, 40);
    if (may_be_late && rng_.Chance(0.04)) lag = rng_.Range(90, 900);
    const Timestamp t = OfficeTime(rng_, eff.AddDays(static_cast<int32_t>(lag)));
    return std::min(t, kHorizonTs);
  }

  void Figures(const Spec& s, const std::vector<std::pair<Date, int64_t>>& capital, NewHistory& h);

  const Geo& geo_;
  Rng rng_;
  int64_t serial_ = 0;
  std::vector<Spec> specs_;
  std::set<std::string> names_;
};

Plan ProvinceBuilder::Materialize(const Spec& s) {
  Plan plan{
      NewHistory{NewOrganisation{s.kind, domain::RegistryCode::Parse(s.code).value(), {}}, {}, {}},
      {}};
  NewHistory& h = plan.history;

  // --- When things happen. ---
  std::vector<Planned> steps;
  std::set<int32_t> used;
  int order = 0;
  auto put = [&](Date d, Step st) {
    used.insert(d.days());
    steps.push_back({d, st, order++});
  };
  // A free day at or after `d` and before `limit`, or nullopt.
  auto free_day = [&](Date d, Date limit) -> std::optional<Date> {
    for (int i = 0; i < 6; ++i) {
      const Date x = d.AddDays(i);
      if (x >= limit) return std::nullopt;
      if (!used.count(x.days())) return x;
    }
    return std::nullopt;
  };

  const Date founded = s.founded;
  put(founded, Step::kFounded);
  if (!s.separated_from.empty()) steps.push_back({founded, Step::kSeparated, order++});
  Date hi = kHorizon.AddDays(1);  // routine events happen before hi
  if (s.end) hi = std::min(hi, *s.end);
  if (s.dissolution_start) hi = std::min(hi, *s.dissolution_start);
  if (s.end) put(*s.end, Step::kEnd);
  if (s.dissolution_start) put(*s.dissolution_start, Step::kStartDissolution);
  if (s.rereg) put(*s.rereg, Step::kRereg);
  if (s.kind != OrgKind::kTHT && rng_.Chance(0.9)) {
    if (auto d = free_day(founded.AddDays(static_cast<int32_t>(rng_.Range(5, 25))), hi)) {
      put(*d, Step::kRegistered);
    }
  } else if (s.kind == OrgKind::kTHT && hi > kLaw2023.AddDays(30) && rng_.Chance(0.6)) {
    // Under the 2023 law cooperative groups register with the commune within 18 months.
    const Date lo = std::max(kLaw2023, founded).AddDays(static_cast<int32_t>(rng_.Range(5, 40)));
    const Date want = founded >= kLaw2023 ? lo : Between(rng_, lo, Ymd(2025, 12, 31));
    if (auto d = free_day(want, hi)) put(*d, Step::kRegistered);
  }
  Date episodes_hi = hi;
  if (s.open_flag) {
    put(*s.open_flag, Step::kFlag);
    episodes_hi = std::min(episodes_hi, *s.open_flag);
  }
  if (s.wrong_suspension) {
    put(*s.wrong_suspension, Step::kWrongSuspension);
    episodes_hi = std::min(episodes_hi, *s.wrong_suspension);
  }
  if (s.charter_2023 && s.kind != OrgKind::kTHT && founded < kLaw2023 &&
      hi > kLaw2023.AddDays(30) && rng_.Chance(0.9)) {
    const Date lo = std::max(kLaw2023, founded.AddDays(30));
    const Date last = std::min(hi.AddDays(-1), kHorizon);
    Date d =
        rng_.Chance(0.7)
            ? Between(rng_, std::max(lo, Ymd(2025, 1, 2)),
                      std::max(std::max(lo, Ymd(2025, 1, 2)), std::min(last, Ymd(2025, 12, 30))))
            : Between(rng_, lo, last);
    if (d > last) d = last;
    if (auto f = free_day(d, hi)) put(*f, Step::kCharter);
  }
  if (s.fix_commune) {
    const Date lo = founded.AddDays(200);
    const Date last = std::min(hi, Ymd(2025, 5, 31));
    if (lo < last) {
      if (auto f = free_day(Between(rng_, lo, last), last)) put(*f, Step::kFixRelocation);
    }
  }
  const bool tht = s.kind == OrgKind::kTHT;
  const Date routine_lo = founded.AddDays(30);
  // Suspensions and not-at-address flags, one episode after another.
  if (!s.quiet) {
    const double rate = (tht ? 0.01 : 0.03) * s.activity;
    Date t = AddYearsF(routine_lo, rng_.Wait(rate));
    while (t < episodes_hi) {
      const bool suspend = rng_.Chance(0.7);
      auto a = free_day(t, episodes_hi);
      if (!a) break;
      const Date b_want = a->AddDays(static_cast<int32_t>(rng_.Range(60, 600)));
      std::optional<Date> b;
      if (b_want < episodes_hi && rng_.Chance(0.85)) b = free_day(b_want, episodes_hi);
      put(*a, suspend ? Step::kSuspend : Step::kFlag);
      if (!b) {
        // Left open: it must be the last episode, and nothing special may follow it.
        if (s.open_flag || s.wrong_suspension) {
          steps.pop_back();
          used.erase(a->days());
        }
        break;
      }
      put(*b, suspend ? Step::kResume : Step::kClear);
      t = AddYearsF(b->AddDays(30), rng_.Wait(rate));
    }
  }
  // Amendments and relocations.
  {
    const double rate = (tht ? 0.5 : 1.0) * s.activity;
    // Before the register started (2010) only a few changes were carried over.
    auto wait = [&](Date t) { return rng_.Wait(t < kImport ? rate * 0.25 : rate); };
    for (Date t = AddYearsF(routine_lo, wait(routine_lo)); t < hi; t = AddYearsF(t, wait(t))) {
      if (auto d = free_day(t, hi)) put(*d, Step::kAmend);
    }
    if (!s.fix_commune && !s.stays) {
      const double move_rate = (tht ? 0.01 : 0.025) * s.activity;
      for (Date t = AddYearsF(routine_lo, rng_.Wait(move_rate)); t < hi;
           t = AddYearsF(t, rng_.Wait(move_rate))) {
        if (auto d = free_day(t, hi)) put(*d, Step::kRelocate);
      }
      if (!tht && hi > Ymd(2025, 7, 20) && founded < kReform && rng_.Chance(0.2)) {
        const Date d = Between(rng_, Ymd(2025, 7, 15), std::min(hi.AddDays(-1), kHorizon));
        if (auto f = free_day(d, hi)) put(*f, Step::kAddressUpdate);
      }
    }
  }
  std::sort(steps.begin(), steps.end(), [](const Planned& a, const Planned& b) {
    return a.d != b.d ? a.d < b.d : a.order < b.order;
  });

  // --- What each event says. ---
  State st;
  st.place = s.place;
  const Place& home = geo_.places[s.place];
  st.new_unit = founded >= kReform;
  st.unit = st.new_unit ? home.new_code : home.code;
  st.tmpl = s.tmpl >= 0 ? static_cast<size_t>(s.tmpl) : 0;
  const std::string& place_name = st.new_unit ? home.new_name : home.name;
  Place naming = home;
  naming.name = place_name;
  std::string tht_address;
  switch (s.kind) {
    case OrgKind::kHTX:
      st.name = s.fixed_name ? s.name : UniqueName(kTemplates[st.tmpl].prefix, naming);
      if (s.fixed_name) names_.insert(s.name);
      for (const char* sector : kTemplates[st.tmpl].sectors) {
        if (st.sectors.size() < 2 || rng_.Chance(0.4)) st.sectors.emplace_back(sector);
      }
      break;
    case OrgKind::kQTDND:
      st.name = s.fixed_name ? s.name : UniqueName("Quỹ tín dụng nhân dân ", naming);
      st.sectors = {kCreditSectors[0], kCreditSectors[1]};
      break;
    case OrgKind::kLHHTX:
      st.name = s.name;
      st.sectors = {"Liên kết tiêu thụ sản phẩm", "Cung ứng vật tư, dịch vụ cho HTX thành viên"};
      break;
    case OrgKind::kTHT: {
      const char* product = rng_.Pick(kGroupProducts);
      std::string village = Village();
      st.name = "Tổ hợp tác " + std::string(product) + (geo_.south ? " ấp " : " thôn ") + village;
      tht_address = (geo_.south ? "Ấp " : "Thôn ") + village;
      if (!names_.insert(st.name).second) {
        st.name += " " + place_name;
        names_.insert(st.name);
      }
      st.sectors = {product};
      break;
    }
  }
  if (s.kind == OrgKind::kHTX && !s.fixed_name && rng_.Chance(0.4)) {
    st.short_name = "HTX " + st.name.substr(std::string_view("Hợp tác xã ").size());
  }
  st.models = s.models;
  st.representative = Person();
  switch (s.kind) {
    case OrgKind::kTHT:
      st.capital = 0;
      break;
    case OrgKind::kQTDND:
      st.capital = static_cast<int64_t>(rng_.LogUniform(800, 6000)) * 1'000'000;
      break;
    case OrgKind::kLHHTX:
      st.capital = static_cast<int64_t>(rng_.LogUniform(2000, 12000)) * 1'000'000;
      break;
    case OrgKind::kHTX: {
      const double scale = founded.year() < 2013 ? 1.0 : founded.year() < 2020 ? 1.6 : 2.4;
      st.capital = static_cast<int64_t>(rng_.LogUniform(60, 1500) * scale) * 1'000'000;
      break;
    }
  }
  std::vector<std::pair<Date, int64_t>> capital_history;

  auto basis = [&](std::string no, Date d, std::string by) {
    domain::LegalBasis b;
    b.decision_no = std::move(no);
    b.decision_date = d;
    b.decided_by = std::move(by);
    return b;
  };
  auto move_to = [&](Date d, size_t place, NewEvent& e) {
    st.place = place;
    const Place& p = geo_.places[place];
    st.new_unit = d >= kReform;
    st.unit = st.new_unit ? p.new_code : p.code;
    e.changes.unit_code = st.unit;
    e.changes.address_detail = Address(p);
  };
  auto other_place = [&](size_t from) {
    const auto& same = geo_.district_places[geo_.places[from].district];
    if (same.size() > 1 && rng_.Chance(0.75)) {
      for (int i = 0; i < 8; ++i) {
        const size_t p = same[rng_.Below(same.size())];
        if (p != from) return p;
      }
    }
    return RandomPlace();
  };

  std::optional<NewEvent> founding;
  Date last = founded;
  Timestamp last_recorded;
  for (const Planned& p : steps) {
    NewEvent e;
    e.effective_date = p.d;
    bool may_be_late = false;
    const std::string gm = s.kind == OrgKind::kTHT ? "Hội nghị tổ viên" : "Đại hội thành viên";
    switch (p.step) {
      case Step::kFounded: {
        e.type = EventType::kFounded;
        domain::Changes& c = e.changes;
        c.name = st.name;
        if (!st.short_name.empty()) c.short_name = st.short_name;
        c.field = s.kind == OrgKind::kQTDND ? Field::kCredit
                  : s.kind == OrgKind::kHTX ? kTemplates[st.tmpl].field
                                            : Field::kAgriculture;
        c.sectors = st.sectors;
        c.unit_code = st.unit;
        c.address_detail = !s.address.empty()     ? s.address
                           : !tht_address.empty() ? tht_address
                                                  : Address(home);
        c.representative = st.representative;
        if (st.capital > 0) c.charter_capital = Money::Vnd(st.capital);
        if (!st.models.empty()) c.models = st.models;
        e.basis = basis(s.kind == OrgKind::kTHT ? "01/HĐHT" : "01/NQ-HNTL", p.d,
                        s.kind == OrgKind::kTHT ? "Hội nghị tổ viên" : "Hội nghị thành lập");
        e.note = s.founding_note;
        capital_history.emplace_back(p.d, st.capital);
        break;
      }
      case Step::kSeparated:
        e.type = EventType::kSeparatedFrom;
        e.related_codes = {s.separated_from};
        e.basis = basis(Number("/NQ-ĐHTV"), p.d, gm);
        e.note = "Tách một phần thành viên và tài sản để thành lập hợp tác xã mới";
        break;
      case Step::kRegistered: {
        e.type = EventType::kRegistered;
        std::string cert;
        if (p.d.year() < 2015) {
          char buf[32];
          std::snprintf(buf, sizeof buf, "%s.07.%06lld", std::string(st.unit.substr(0, 3)).c_str(),
                        static_cast<long long>(rng_.Range(1, 999)));
          cert = buf;
        } else {
          cert = s.code;
        }
        e.changes.certificate_no = cert;
        e.basis = basis(cert, p.d, RegistrationOffice(st, p.d));
        if (tht) {
          const Place& here = geo_.places[st.place];
          e.basis.decided_by =
              "UBND " + InText(p.d >= kReform || st.new_unit ? here.new_full : here.full);
          e.note = "Đăng ký tổ hợp tác theo Luật Hợp tác xã năm 2023";
        }
        break;
      }
      case Step::kRereg:
        e.type = EventType::kReregistered2012;
        e.changes.certificate_no = s.code;
        if (rng_.Chance(0.5)) {
          st.capital = st.capital * rng_.Range(105, 160) / 100 / 1'000'000 * 1'000'000;
          e.changes.charter_capital = Money::Vnd(st.capital);
          capital_history.emplace_back(p.d, st.capital);
        }
        if (s.kind == OrgKind::kHTX && !s.fixed_name && rng_.Chance(0.2)) {
          st.tmpl = 1;  // many old cooperatives became general-service cooperatives
          st.name = UniqueName(kTemplates[1].prefix, geo_.places[st.place]);
          e.changes.name = st.name;
        }
        e.basis = basis(s.code, p.d, RegistrationOffice(st, p.d));
        e.note = "Chuyển đổi, đăng ký lại theo Luật Hợp tác xã năm 2012";
        break;
      case Step::kCharter:
        e.type = EventType::kCharterAmended2023;
        e.basis = basis(Number("/NQ-ĐHTV"), p.d, gm);
        e.note = "Sửa đổi, bổ sung điều lệ phù hợp Luật Hợp tác xã năm 2023";
        may_be_late = true;
        break;
      case Step::kAmend: {
        e.type = EventType::kAmended;
        domain::Changes& c = e.changes;
        const double r = rng_.Unit();
        if (tht) {
          if (r < 0.7) {
            st.representative = Person();
            c.representative = st.representative;
          } else {
            const char* product = rng_.Pick(kGroupProducts);
            if (std::find(st.sectors.begin(), st.sectors.end(), product) == st.sectors.end()) {
              st.sectors.emplace_back(product);
            }
            c.sectors = st.sectors;
          }
        } else if (r < 0.40) {
          st.representative = Person();
          c.representative = st.representative;
        } else if (r < 0.62) {
          // Members join or leave: the charter capital moves, mostly up.
          const int64_t pct = rng_.Chance(0.8) ? rng_.Range(105, 135) : rng_.Range(80, 95);
          st.capital =
              std::max<int64_t>(st.capital, 30'000'000) * pct / 100 / 1'000'000 * 1'000'000;
          c.charter_capital = Money::Vnd(st.capital);
          capital_history.emplace_back(p.d, st.capital);
          if (rng_.Chance(0.25)) {
            st.representative = Person();
            c.representative = st.representative;
          }
        } else if (r < 0.67 && !s.fixed_name && !s.stays) {
          c.address_detail = Address(geo_.places[st.place]);
        } else if (r < 0.82 || s.kind != OrgKind::kHTX) {
          const char* extra = s.kind == OrgKind::kQTDND
                                  ? rng_.Pick(kCreditSectors)
                                  : rng_.Pick(kTemplates[RandomTemplate()].sectors);
          if (std::find(st.sectors.begin(), st.sectors.end(), extra) == st.sectors.end()) {
            st.sectors.emplace_back(extra);
          } else if (st.sectors.size() > 1) {
            st.sectors.pop_back();
          }
          c.sectors = st.sectors;
        } else if (r < 0.95 || s.fixed_name) {
          const char* tag = rng_.Pick(kExtraModels);
          if (std::find(st.models.begin(), st.models.end(), tag) == st.models.end()) {
            st.models.emplace_back(tag);
            c.models = st.models;
          } else {
            st.representative = Person();
            c.representative = st.representative;
          }
        } else {
          st.tmpl = RandomTemplate();
          Place here = geo_.places[st.place];
          if (st.new_unit) here.name = here.new_name;
          st.name = UniqueName(kTemplates[st.tmpl].prefix, here);
          c.name = st.name;
          c.field = kTemplates[st.tmpl].field;
          st.sectors.assign(kTemplates[st.tmpl].sectors.begin(),
                            kTemplates[st.tmpl].sectors.begin() + 2);
          c.sectors = st.sectors;
          e.note = "Đổi tên hợp tác xã";
        }
        e.basis = basis(Number(tht ? "/BB-THT" : "/NQ-ĐHTV"), p.d, gm);
        may_be_late = true;
        break;
      }
      case Step::kRelocate:
      case Step::kFixRelocation:
        e.type = EventType::kRelocated;
        move_to(p.d, other_place(st.place), e);
        e.basis = basis(Number("/NQ-ĐHTV"), p.d, gm);
        e.note = "Chuyển địa điểm trụ sở chính";
        may_be_late = p.step == Step::kRelocate;
        if (p.step == Step::kFixRelocation) {
          // The office typed the wrong commune; the right one is another of the district.
          Correction fix;
          fix.code = s.code;
          fix.type = EventType::kRelocated;
          fix.effective = p.d;
          fix.reason = "Nhập nhầm xã nơi đặt trụ sở chính; sửa theo giấy chứng nhận đăng ký";
          NewEvent right = e;
          right.recorded_at.reset();
          const size_t wrong = st.place;
          size_t good = other_place(wrong);
          for (int i = 0; i < 8 && good == wrong; ++i) good = other_place(wrong);
          const Place& gp = geo_.places[good];
          right.changes.unit_code = gp.code;
          right.note = "Đính chính xã nơi đặt trụ sở chính";
          fix.replacement = std::move(right);
          plan.corrections.push_back(std::move(fix));
        }
        break;
      case Step::kAddressUpdate: {
        e.type = EventType::kRelocated;
        if (st.new_unit) continue;
        const Place& here = geo_.places[st.place];
        st.new_unit = true;
        st.unit = here.new_code;
        e.changes.unit_code = st.unit;
        e.basis = basis(Number("/TB-HTX"), p.d, RegistrationOffice(st, p.d));
        e.note = "Cập nhật địa chỉ trụ sở theo đơn vị hành chính mới (" + InText(here.full) + ", " +
                 InText(geo_.district_full[here.district]) + " nay là " + InText(here.new_full) +
                 ", " + InText(geo_.new_province_full) + ")";
        may_be_late = true;
        break;
      }
      case Step::kSuspend:
      case Step::kWrongSuspension:
        e.type = EventType::kSuspended;
        e.basis = basis(Number("/TB-TNKD"), p.d, gm);
        e.note = p.step == Step::kWrongSuspension ? "Thông báo tạm ngừng kinh doanh"
                                                  : "Tạm ngừng kinh doanh do thiếu vốn, thị "
                                                    "trường tiêu thụ khó khăn";
        if (p.step == Step::kWrongSuspension) {
          Correction fix;
          fix.code = s.code;
          fix.type = EventType::kSuspended;
          fix.effective = p.d;
          fix.reason = "Ghi nhận nhầm: thông báo tạm ngừng là của hợp tác xã khác";
          plan.corrections.push_back(std::move(fix));
        }
        break;
      case Step::kResume:
        e.type = EventType::kResumed;
        e.basis = basis(Number("/TB-HĐTL"), p.d, gm);
        break;
      case Step::kFlag:
        e.type = EventType::kFlaggedNotAtAddress;
        e.basis = basis(Number("/TB-ĐKKD"), p.d, RegistrationOffice(st, p.d));
        e.note = "Kiểm tra thực tế không tìm thấy hợp tác xã tại địa chỉ đăng ký";
        break;
      case Step::kClear:
        e.type = EventType::kClearedNotAtAddress;
        e.basis = basis(Number("/TB-ĐKKD"), p.d, RegistrationOffice(st, p.d));
        break;
      case Step::kStartDissolution:
        if (s.revoked) {
          e.type = EventType::kCertificateRevoked;
          e.basis = basis(Number("/QĐ-TH"), p.d, RegistrationOffice(st, p.d));
          e.note = "Không hoạt động sản xuất kinh doanh, không nộp báo cáo theo quy định";
        } else if (s.end_type == EventType::kDissolvedForced) {
          e.type = EventType::kDissolutionStarted;
          e.basis = basis(Number("/QĐ-UBND"), p.d, PeoplesCommittee(st, p.d));
          e.note = "Thành lập hội đồng giải thể";
        } else {
          e.type = EventType::kDissolutionStarted;
          e.basis = basis(Number("/NQ-ĐHTV"), p.d, gm);
          e.note = "Đại hội thành viên quyết định giải thể, thành lập hội đồng giải thể";
        }
        break;
      case Step::kEnd:
        e.type = s.end_type;
        switch (s.end_type) {
          case EventType::kDissolvedForced:
            e.ground = s.ground;
            e.basis = basis(Number("/QĐ-UBND"), p.d, PeoplesCommittee(st, p.d));
            break;
          case EventType::kBankrupt:
            e.basis = basis(Number("/QĐ-TA"), p.d,
                            "Tòa án nhân dân " + InText(p.d >= kReform ? geo_.new_province_full
                                                                       : geo_.province_full));
            e.note = "Tuyên bố phá sản";
            break;
          case EventType::kMergedInto:
          case EventType::kConsolidatedInto:
          case EventType::kDividedInto:
            e.related_codes = s.related;
            e.basis = basis(Number("/NQ-ĐHTV"), p.d, gm);
            break;
          case EventType::kConvertedToEnterprise:
            e.basis = basis(Number("/NQ-ĐHTV"), p.d, gm);
            e.note = "Chuyển đổi thành công ty TNHH";
            break;
          default:
            e.basis = basis(Number(tht ? "/BB-THT" : "/NQ-ĐHTV"), p.d, gm);
            e.note = s.kind == OrgKind::kTHT ? "Chấm dứt hợp đồng hợp tác"
                                             : "Giải thể tự nguyện theo nghị quyết đại hội "
                                               "thành viên";
            break;
        }
        break;
    }
    e.recorded_at = Recorded(p.d, may_be_late);
    if (p.d == last && h.events.size() + (founding ? 1 : 0) > 0) {
      // Same effective day as the previous event: record it after, to keep their order.
      if (*e.recorded_at <= last_recorded) {
        e.recorded_at = Timestamp::FromMicros(last_recorded.micros() + 60'000'000);
      }
    }
    last = p.d;
    last_recorded = *e.recorded_at;
    if (p.step == Step::kFounded) {
      founding = std::move(e);
    } else {
      h.events.push_back(std::move(e));
    }
  }
  h.organisation.founding = std::move(*founding);
  if (s.true_founding) {
    Correction fix;
    fix.code = s.code;
    fix.type = EventType::kFounded;
    fix.effective = s.founded;
    fix.reason = "Nhập sai ngày thành lập; sửa theo biên bản hội nghị thành lập";
    NewEvent right = h.organisation.founding;
    right.recorded_at.reset();
    right.effective_date = *s.true_founding;
    right.basis.decision_date = *s.true_founding;
    right.note = "Đính chính ngày thành lập";
    fix.replacement = std::move(right);
    plan.corrections.push_back(std::move(fix));
  }
  if (s.figures) Figures(s, capital_history, h);
  return plan;
}

void ProvinceBuilder::Figures(const Spec& s, const std::vector<std::pair<Date, int64_t>>& capital,
                              NewHistory& h) {
  const int first = std::max(kFirstFiguresYear, s.founded.year());
  if (first > kLastFiguresYear) return;
  const bool tht = s.kind == OrgKind::kTHT;
  // The organisation's size, drawn once, then drifting year by year.
  double members = 0;
  switch (s.kind) {
    case OrgKind::kTHT:
      members = static_cast<double>(rng_.Range(5, 25));
      break;
    case OrgKind::kQTDND:
      members = static_cast<double>(rng_.Range(400, 2500));
      break;
    case OrgKind::kLHHTX:
      members = static_cast<double>(rng_.Range(3, 9));
      break;
    case OrgKind::kHTX:
      members = s.founded.year() < 2013 ? rng_.LogUniform(12, 250) : rng_.LogUniform(7, 45);
      break;
  }
  const double growth = rng_.Unit() * 0.09 - 0.02;
  const double national = geo_.highland ? 1.0 : 1.7;
  double revenue = 0;
  switch (s.kind) {
    case OrgKind::kTHT:
      revenue = rng_.LogUniform(40, 500) * 1e6;
      break;
    case OrgKind::kQTDND:
      revenue = rng_.LogUniform(2500, 12000) * 1e6;
      break;
    case OrgKind::kLHHTX:
      revenue = rng_.LogUniform(3000, 20000) * 1e6;
      break;
    case OrgKind::kHTX:
      revenue = rng_.LogUniform(150, 4000) * 1e6 * national;
      break;
  }
  const double margin = rng_.Unit() * 0.25 - 0.03;
  const double income0 = (geo_.highland ? 22e6 : 34e6) * (0.8 + 0.4 * rng_.Unit());
  const double quality = rng_.Unit();
  for (int y = first; y <= kLastFiguresYear; ++y) {
    const Date year_end = YearEnd(y);
    if (s.founded > year_end) continue;
    if (s.end && *s.end <= year_end) break;
    domain::YearlyFigures f;
    f.year = y;
    members = std::max(3.0, members * (1 + growth + (rng_.Unit() - 0.5) * 0.06));
    const int64_t m = static_cast<int64_t>(members);
    f.members = m;
    const double year_factor = std::pow(1.055, y - 2013) * (0.8 + 0.4 * rng_.Unit());
    const int64_t rev = static_cast<int64_t>(revenue * year_factor / 1e5) * 100'000;
    f.revenue = Money::Vnd(rev);
    f.source = tht                ? "UBND xã"
               : rng_.Chance(0.7) ? "Báo cáo của hợp tác xã"
               : rng_.Chance(0.6) ? "Liên minh HTX tỉnh"
                                  : "Phòng Tài chính - Kế hoạch";
    if (tht) {
      f.members_household = m;
    } else {
      int64_t cap = 0;
      for (const auto& [d, v] : capital) {
        if (d <= year_end) cap = v;
      }
      if (s.kind == OrgKind::kLHHTX) {
        f.members_legal_entity = m;
      } else if (s.kind == OrgKind::kQTDND) {
        f.members_individual = m * 3 / 10;
        f.members_household = m - *f.members_individual - 1;
        f.members_legal_entity = 1;
      } else {
        const int64_t legal = m > 12 ? rng_.Range(0, 2) : 0;
        const int64_t household = m * rng_.Range(55, 95) / 100;
        f.members_legal_entity = legal;
        f.members_household = std::min(household, m - legal);
        f.members_individual = m - legal - *f.members_household;
      }
      const int64_t workers = s.kind == OrgKind::kQTDND
                                  ? rng_.Range(5, 14)
                                  : std::max<int64_t>(2, m * rng_.Range(15, 60) / 100);
      f.workers = workers;
      f.workers_members = workers * rng_.Range(50, 100) / 100;
      if (cap > 0) f.charter_capital = Money::Vnd(cap);
      const double assets_factor =
          s.kind == OrgKind::kQTDND ? rng_.Range(8, 20) : 1.1 + rng_.Unit() * 1.6;
      f.total_assets =
          Money::Vnd(static_cast<int64_t>(std::max<double>(static_cast<double>(cap), rev * 0.4) *
                                          assets_factor / 1e5) *
                     100'000);
      f.revenue_from_members = Money::Vnd(
          rev * rng_.Range(20, s.kind == OrgKind::kQTDND ? 95 : 80) / 100 / 100'000 * 100'000);
      const double pm = margin + (rng_.Unit() - 0.5) * 0.12;
      f.profit_before_tax = Money::Vnd(static_cast<int64_t>(rev * pm / 1e5) * 100'000);
      if (rng_.Chance(0.93)) {
        f.avg_income = Money::Vnd(static_cast<int64_t>(income0 * std::pow(1.06, y - 2013) *
                                                       (0.9 + 0.2 * rng_.Unit()) / 1e5) *
                                  100'000);
      }
      // The year's rating: the scheme of its time.
      const double q = std::clamp(quality + (rng_.Unit() - 0.5) * 0.4, 0.0, 1.0);
      const Rating rating = q > 0.78   ? Rating::kGood
                            : q > 0.4  ? Rating::kFair
                            : q > 0.15 ? Rating::kAverage
                                       : Rating::kWeak;
      if (y >= 2020) {
        f.rating = rating;
        f.rating_scheme = "TT01/2020";
      } else if (y >= 2017 && rng_.Chance(0.8)) {
        f.rating = rating;
        f.rating_scheme = "TT09/2017";
      } else if (rng_.Chance(0.6)) {
        f.rating = rating;
        f.rating_scheme = "Địa phương";
      } else {
        f.rating = Rating::kNotRated;
      }
    }
    f.recorded_at =
        OfficeTime(rng_, Ymd(y + 1, 2, 20).AddDays(static_cast<int32_t>(rng_.Range(0, 100))));
    if (f.recorded_at > kHorizonTs) f.recorded_at = kHorizonTs;
    const bool revise = rng_.Chance(0.015);
    h.figures.push_back(f);
    if (revise) {
      // A corrected report, recorded months later.
      domain::YearlyFigures r = f;
      r.recorded_at =
          OfficeTime(rng_, f.recorded_at.date().AddDays(static_cast<int32_t>(rng_.Range(90, 400))));
      if (r.recorded_at > kHorizonTs) r.recorded_at = kHorizonTs;
      if (r.recorded_at > f.recorded_at) {
        const int64_t new_rev = rev * rng_.Range(85, 115) / 100 / 100'000 * 100'000;
        r.revenue = Money::Vnd(new_rev);
        if (r.revenue_from_members && *r.revenue_from_members > *r.revenue) {
          r.revenue_from_members = r.revenue;
        }
        if (r.profit_before_tax) {
          r.profit_before_tax = Money::Vnd(r.profit_before_tax->vnd() * rng_.Range(70, 130) / 100);
        }
        r.source = "Liên minh HTX tỉnh (rà soát)";
        h.figures.push_back(std::move(r));
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The demo province (Hà Giang): the cohorts that reproduce the 2017 article.

// How the 448 HTX required to convert stand: by 2015, in 2016, and afterwards.
struct Cohort {
  char id;
  int count;
};
constexpr std::array<Cohort, 14> kRequiredHtx = {{
    {'A', 109},  // re-registered 2013-07 .. 2015
    {'B', 63},   // re-registered in 2016
    {'V', 55},   // dissolved voluntarily 2013-07 .. 2015
    {'W', 35},   // dissolved voluntarily in 2016
    {'D', 25},   // dissolved by force by 2016
    {'M', 2},    // merged into a converted HTX in 2016
    {'F', 69},   // re-registered in 2017
    {'G', 25},   // re-registered in 2018
    {'H', 10},   // re-registered in 2019
    {'X', 25},   // dissolved voluntarily in 2017
    {'Y', 8},    // dissolved voluntarily in 2018
    {'Z', 14},   // dissolved by force 2017 .. 2019
    {'K', 1},    // bankrupt in 2019
    {'P', 7},    // never converted: flagged as not at its address
}};
// HTX founded after the 2012 law, by year (2013 is its second half).
constexpr std::array<int, 14> kNewHtx = {15, 46, 62, 88, 125, 72, 66, 60, 55, 58, 64, 60, 55, 40};
constexpr int kReplications2015 = 12, kReplications2016 = 17, kWholeVillage2017 = 38;
constexpr int kDemoGroups = 350;

size_t PlaceOf(const Geo& g, std::string_view code) {
  for (size_t i = 0; i < g.places.size(); ++i) {
    if (g.places[i].code == code) return i;
  }
  return 0;
}

void ConversionDate(Rng& rng, Spec& s, Date lo, Date hi) { s.rereg = Between(rng, lo, hi); }

void PlanDemoProvince(ProvinceBuilder& b, std::string& prototype_code) {
  Rng& rng = b.rng();
  const Geo& g = b.geo();
  auto& specs = b.specs();
  // Head offices of the larger bodies: the province town and district towns.
  std::vector<size_t> towns;
  for (size_t i = 0; i < g.places.size(); ++i) {
    if (g.places[i].urban) towns.push_back(i);
  }
  if (towns.empty()) towns.push_back(0);

  // The prototype of the whole-village model.
  {
    Spec& s = b.Add(OrgKind::kHTX, Ymd(2014, 8, 15));
    s.place = PlaceOf(g, "00967");
    s.tmpl = static_cast<int>(kWholeVillageTemplate);
    s.fixed_name = true;
    s.name = "Hợp tác xã Nông lâm nghiệp thôn Chang Việt Lâm";
    s.address = "Thôn Chang";
    s.models = {std::string(kWholeVillageModel)};
    s.founding_note = "Hợp tác xã toàn thôn: mọi hộ trong thôn là thành viên";
    s.quiet = true;
    s.role = true;
    s.stays = true;
    prototype_code = s.code;
  }

  // The cooperatives that had to convert: credit funds, unions, then the HTX by cohort.
  std::vector<size_t> converted_early;  // cohort A HTX, candidates for link targets
  for (int i = 0; i < 10; ++i) {
    Spec& s = b.Add(OrgKind::kQTDND, Between(rng, Ymd(1995, 3, 1), Ymd(2006, 12, 31)));
    s.place = towns[static_cast<size_t>(i) % towns.size()];
    ConversionDate(rng, s, Ymd(2014, 1, 6), Ymd(2015, 11, 30));
    s.role = true;
  }
  {
    Spec& s = b.Add(OrgKind::kLHHTX, Ymd(2008, 5, 20));
    s.place = towns[0];
    s.fixed_name = true;
    s.name = "Liên hiệp Hợp tác xã Nông lâm nghiệp " + g.province_name;
    ConversionDate(rng, s, Ymd(2015, 6, 1), Ymd(2015, 6, 30));
    s.role = true;
  }
  {
    Spec& s = b.Add(OrgKind::kLHHTX, Ymd(2011, 9, 12));
    s.place = towns[towns.size() / 2];
    s.fixed_name = true;
    s.name = "Liên hiệp Hợp tác xã Chè " + g.province_name;
    ConversionDate(rng, s, Ymd(2017, 3, 1), Ymd(2017, 4, 28));
    s.role = true;
  }
  std::vector<char> cohorts;
  for (const Cohort& c : kRequiredHtx) cohorts.insert(cohorts.end(), c.count, c.id);
  rng.Shuffle(cohorts);
  std::vector<size_t> anchors;
  size_t division_source = 0;
  std::vector<size_t> merged_2016;
  for (char c : cohorts) {
    const size_t idx = specs.size();
    Spec& s = b.Add(OrgKind::kHTX, Between(rng, Ymd(1997, 1, 6), Ymd(2013, 5, 31)));
    switch (c) {
      case 'A':
        ConversionDate(rng, s, Ymd(2013, 8, 1), Ymd(2015, 12, 20));
        if (anchors.size() < 5) {
          anchors.push_back(idx);
          s.quiet = s.role = s.first = true;
        } else if (division_source == 0) {
          division_source = idx;
          s.role = true;
        }
        break;
      case 'B':
        ConversionDate(rng, s, Ymd(2016, 1, 11), Ymd(2016, 12, 20));
        break;
      case 'F':
        ConversionDate(rng, s, Ymd(2017, 1, 10), Ymd(2017, 12, 20));
        break;
      case 'G':
        ConversionDate(rng, s, Ymd(2018, 1, 10), Ymd(2018, 12, 20));
        break;
      case 'H':
        ConversionDate(rng, s, Ymd(2019, 1, 10), Ymd(2019, 6, 28));
        break;
      case 'V':
        b.SetEnd(s, Between(rng, Ymd(2013, 8, 1), Ymd(2015, 12, 20)), 0.0);
        break;
      case 'W':
        b.SetEnd(s, Between(rng, Ymd(2016, 1, 11), Ymd(2016, 12, 20)), 0.0);
        break;
      case 'X':
        b.SetEnd(s, Between(rng, Ymd(2017, 1, 10), Ymd(2017, 12, 20)), 0.0);
        break;
      case 'Y':
        b.SetEnd(s, Between(rng, Ymd(2018, 1, 10), Ymd(2018, 12, 20)), 0.0);
        break;
      case 'D':
        b.SetEnd(s, Between(rng, Ymd(2014, 3, 1), Ymd(2016, 12, 15)), 1.0);
        break;
      case 'Z':
        b.SetEnd(s, Between(rng, Ymd(2017, 3, 1), Ymd(2019, 6, 28)), 1.0);
        break;
      case 'M':
        merged_2016.push_back(idx);
        s.role = true;
        break;
      case 'K':
        s.end = Ymd(2019, 5, 20);
        s.end_type = EventType::kBankrupt;
        s.role = true;
        break;
      case 'P':
        s.open_flag = Between(rng, Ymd(2017, 3, 1), Ymd(2019, 12, 20));
        s.charter_2023 = false;
        s.role = true;
        break;
    }
    if (c == 'V' || c == 'W' || c == 'X' || c == 'Y' || c == 'D' || c == 'Z') s.role = true;
    if (s.rereg && !s.role) {
      b.MaybeEnd(s, std::max(s.rereg->AddDays(365), Ymd(2017, 1, 1)), 0.02);
    }
  }
  for (size_t i = 0; i < merged_2016.size(); ++i) {
    Spec& s = specs[merged_2016[i]];
    s.end = Between(rng, Ymd(2016, 3, 1), Ymd(2016, 11, 30));
    s.end_type = EventType::kMergedInto;
    s.related = {specs[anchors[i]].code};
  }

  // Cooperatives that ended before the 2012 law took effect: not required to convert.
  for (int i = 0; i < 60; ++i) {
    Spec& s = b.Add(OrgKind::kHTX, Between(rng, Ymd(1997, 1, 6), Ymd(2009, 6, 30)));
    const Date lo = std::max(s.founded.AddDays(730), Ymd(2006, 1, 2));
    b.SetEnd(s, Between(rng, lo, Ymd(2013, 6, 14)), 0.3);
    s.role = true;
  }

  // HTX founded under the 2012 and 2023 laws.
  std::vector<size_t> normal_new;
  for (size_t yi = 0; yi < kNewHtx.size(); ++yi) {
    const int y = 2013 + static_cast<int>(yi);
    const Date lo = y == 2013 ? Ymd(2013, 7, 1) : Ymd(y, 1, 5);
    const Date hi = y == 2026 ? Ymd(2026, 10, 30) : Ymd(y, 12, 28);
    const int special = y == 2015   ? kReplications2015
                        : y == 2016 ? kReplications2016
                        : y == 2017 ? kWholeVillage2017
                                    : 0;
    for (int i = 0; i < kNewHtx[yi]; ++i) {
      const size_t idx = specs.size();
      Spec& s = b.Add(OrgKind::kHTX, Between(rng, lo, hi));
      if (i < special) {
        // A whole-village cooperative: every household of one thôn.
        s.tmpl = static_cast<int>(kWholeVillageTemplate);
        s.fixed_name = true;
        std::string village;
        for (int k = 0; k < 20; ++k) {
          village = rng.Pick(kHighlandVillages);
          s.name = "Hợp tác xã Nông lâm nghiệp thôn " + village + " " + g.places[s.place].name;
          if (std::none_of(specs.begin(), specs.end() - 1,
                           [&](const Spec& o) { return o.name == s.name; })) {
            break;
          }
          s.place = b.RandomPlace();
        }
        s.address = "Thôn " + village;
        if (y <= 2016) {
          s.models = {std::string(kThonChangModel), std::string(kWholeVillageModel)};
          s.founding_note = "Nhân rộng mô hình HTX thôn Chang, xã Việt Lâm";
        } else {
          s.models = {std::string(kWholeVillageModel)};
          s.founding_note = "Thành lập theo mô hình HTX toàn thôn của tỉnh";
        }
        b.MaybeEnd(s, std::max(s.founded.AddDays(365), Ymd(2018, 1, 1)), 0.02);
        continue;
      }
      b.MaybeEnd(s, s.founded.AddDays(365), 0.03);
      normal_new.push_back(idx);
    }
  }
  // Roles among the new HTX, taken in order from those that fit.
  size_t cursor = 0;
  auto take = [&](int from_year, int to_year, int min_month = 1) -> Spec& {
    for (; cursor < normal_new.size(); ++cursor) {
      Spec& s = specs[normal_new[cursor]];
      if (s.founded.year() >= from_year && s.founded.year() <= to_year &&
          s.founded.month() >= min_month && !s.role) {
        ++cursor;
        s.role = true;
        s.end.reset();
        s.dissolution_start.reset();
        s.revoked = false;
        s.ground.reset();
        return s;
      }
    }
    cursor = 0;
    Spec& s = specs[normal_new.back()];  // unreachable with the counts above
    return s;
  };
  {
    Spec& s = take(2014, 2014);
    s.end = Ymd(2022, 8, 10);
    s.end_type = EventType::kConvertedToEnterprise;
  }
  {
    Spec& s = take(2014, 2016);
    s.end = Ymd(2019, 9, 16);
    s.end_type = EventType::kMergedInto;
    s.related = {specs[anchors[2]].code};
  }
  {
    Spec& s = take(2014, 2016);
    s.end = Ymd(2022, 4, 11);
    s.end_type = EventType::kMergedInto;
    s.related = {specs[anchors[3]].code};
  }
  // Two HTX consolidated into a new one, founded the same day.
  {
    const Date day = Ymd(2021, 6, 15);
    Spec& n = b.Add(OrgKind::kHTX, day);
    n.tmpl = 1;
    n.role = n.first = true;
    n.founding_note = "Hợp nhất từ hai hợp tác xã";
    const std::string code = n.code;
    for (int i = 0; i < 2; ++i) {
      Spec& s = take(2015, 2016);
      s.end = day;
      s.end_type = EventType::kConsolidatedInto;
      s.related = {code};
    }
  }
  // One converted HTX divided into two new ones.
  {
    const Date day = Ymd(2020, 3, 16);
    std::vector<std::string> parts;
    for (int i = 0; i < 2; ++i) {
      Spec& n = b.Add(OrgKind::kHTX, day);
      n.role = n.first = true;
      n.place = specs[division_source].place;
      n.founding_note = "Thành lập do chia hợp tác xã";
      parts.push_back(n.code);
    }
    Spec& s = specs[division_source];
    s.end = day;
    s.end_type = EventType::kDividedInto;
    s.related = parts;
  }
  // One HTX separated from an active one.
  {
    Spec& n = b.Add(OrgKind::kHTX, Ymd(2021, 10, 5));
    n.place = specs[anchors[4]].place;
    n.separated_from = specs[anchors[4]].code;
    n.role = true;
  }
  // Mistakes corrected after the bulk: two founding dates, two communes, two suspensions.
  for (int i = 0; i < 2; ++i) {
    Spec& s = take(2018, 2022, 4);
    s.true_founding = s.founded.AddDays(-static_cast<int32_t>(rng.Range(20, 60)));
  }
  for (int i = 0; i < 2; ++i) take(2014, 2018).fix_commune = true;
  for (int i = 0; i < 2; ++i) {
    take(2015, 2020).wrong_suspension = Between(rng, Ymd(2024, 3, 1), Ymd(2026, 6, 30));
  }
  // A third union.
  {
    Spec& s = b.Add(OrgKind::kLHHTX, Ymd(2020, 9, 10));
    s.place = towns[0];
    s.fixed_name = true;
    s.name = "Liên hiệp Hợp tác xã Dược liệu " + g.province_name;
    s.role = true;
  }
  // Cooperative groups.
  for (int i = 0; i < kDemoGroups; ++i) {
    const Date founded = rng.Chance(0.4) ? Between(rng, Ymd(2008, 1, 7), Ymd(2016, 12, 28))
                                         : Between(rng, Ymd(2017, 1, 5), Ymd(2026, 10, 30));
    Spec& s = b.Add(OrgKind::kTHT, founded);
    b.MaybeEnd(s, founded.AddDays(365), 0.06);
  }
}

// ---------------------------------------------------------------------------------------------
// Any other province, shaped on the national figures (domain.md §6.1).

struct ProvinceCounts {
  int required = 0;
  int pre_ended = 0;
  std::array<int, 14> new_htx{};
  int groups = 0;
  int total() const {
    int n = required + pre_ended + groups;
    for (int v : new_htx) n += v;
    return n;
  }
};

constexpr int kNationalRequired = 18000;
constexpr int kNationalPreEnded = 2000;
constexpr std::array<int, 14> kNationalNewHtx = {900,  1800, 1900, 2000, 2300, 2400, 2400,
                                                 2700, 2700, 2800, 2900, 3000, 3100, 2200};
constexpr int kNationalGroups = 100000;

void PlanGenericProvince(ProvinceBuilder& b, const ProvinceCounts& n) {
  Rng& rng = b.rng();
  auto& specs = b.specs();
  std::optional<size_t> anchor;
  for (int i = 0; i < n.required; ++i) {
    const double k = rng.Unit();
    const OrgKind kind = k < 0.06 ? OrgKind::kQTDND : k < 0.064 ? OrgKind::kLHHTX : OrgKind::kHTX;
    const size_t idx = specs.size();
    Spec& s = b.Add(kind, Between(rng, Ymd(1996, 1, 8), Ymd(2013, 5, 31)));
    if (kind == OrgKind::kLHHTX) {
      s.fixed_name = true;
      s.name = "Liên hiệp Hợp tác xã " + std::string(rng.Pick(kGroupProducts)) + " " +
               b.geo().places[s.place].name;
    }
    const double r = rng.Unit();
    if (kind != OrgKind::kHTX || r < 0.62) {
      s.rereg = rng.Chance(0.75) ? Between(rng, Ymd(2013, 8, 1), Ymd(2016, 12, 20))
                                 : Between(rng, Ymd(2017, 1, 5), Ymd(2019, 12, 20));
      if (!anchor && kind == OrgKind::kHTX) {
        anchor = idx;
        s.quiet = s.role = s.first = true;
        continue;
      }
      if (kind == OrgKind::kHTX)
        b.MaybeEnd(s, std::max(s.rereg->AddDays(365), Ymd(2017, 1, 1)), 0.02);
    } else if (r < 0.84) {
      b.SetEnd(s, Between(rng, Ymd(2013, 8, 1), Ymd(2019, 12, 20)), 0.0);
    } else if (r < 0.95) {
      b.SetEnd(s, Between(rng, Ymd(2014, 1, 6), Ymd(2020, 6, 30)), 1.0);
    } else {
      s.charter_2023 = false;
      if (rng.Chance(0.5)) s.open_flag = Between(rng, Ymd(2016, 1, 5), Ymd(2021, 12, 20));
    }
  }
  for (int i = 0; i < n.pre_ended; ++i) {
    Spec& s = b.Add(OrgKind::kHTX, Between(rng, Ymd(1996, 1, 8), Ymd(2009, 6, 30)));
    b.SetEnd(s, Between(rng, std::max(s.founded.AddDays(730), Ymd(2006, 1, 2)), Ymd(2013, 6, 14)),
             0.3);
  }
  std::optional<size_t> merger_source;
  for (size_t yi = 0; yi < n.new_htx.size(); ++yi) {
    const int y = 2013 + static_cast<int>(yi);
    const Date lo = y == 2013 ? Ymd(2013, 7, 1) : Ymd(y, 1, 5);
    const Date hi = y == 2026 ? Ymd(2026, 10, 30) : Ymd(y, 12, 28);
    for (int i = 0; i < n.new_htx[yi]; ++i) {
      const OrgKind kind = rng.Chance(0.005) ? OrgKind::kLHHTX : OrgKind::kHTX;
      const size_t idx = specs.size();
      Spec& s = b.Add(kind, Between(rng, lo, hi));
      if (kind == OrgKind::kLHHTX) {
        s.fixed_name = true;
        s.name = "Liên hiệp Hợp tác xã " + std::string(rng.Pick(kGroupProducts)) + " " +
                 b.geo().places[s.place].name + " " + std::to_string(idx);
      }
      if (anchor && !merger_source && kind == OrgKind::kHTX && y <= 2018) {
        merger_source = idx;
        s.role = true;
        s.end = Between(rng, Ymd(2020, 1, 6), Ymd(2024, 12, 20));
        s.end_type = EventType::kMergedInto;
        s.related = {specs[*anchor].code};
        continue;
      }
      b.MaybeEnd(s, s.founded.AddDays(365), 0.03);
    }
  }
  for (int i = 0; i < n.groups; ++i) {
    const Date founded = rng.Chance(0.35) ? Between(rng, Ymd(2008, 1, 7), Ymd(2016, 12, 28))
                                          : Between(rng, Ymd(2017, 1, 5), Ymd(2026, 10, 30));
    Spec& s = b.Add(OrgKind::kTHT, founded);
    s.figures = false;
    s.activity = 1.0;
    b.MaybeEnd(s, founded.AddDays(365), 0.07);
  }
}

// ---------------------------------------------------------------------------------------------
// Writing and counting.

struct Tally {
  DemoSummary summary;
  std::vector<Correction> corrections;
  int64_t planned = 0;  // organisations to write in the whole build
  int64_t written = 0;
};

bool Alive(const domain::OrgState& s) { return s.exists && !domain::IsTerminal(s.status); }

// Folds the history as written (the events' own recording times; the corrections come later)
// for the summary.
void Count(const NewHistory& h, bool demo_province, DemoSummary& sum) {
  domain::Organisation org;
  org.kind = h.organisation.kind;
  org.registry_code = h.organisation.code.value();
  std::vector<domain::Event> events;
  events.reserve(h.events.size() + 1);
  auto add = [&](const NewEvent& ne, EventType type) {
    domain::Event e;
    e.id = static_cast<domain::EventId>(events.size() + 1);
    e.type = type;
    e.effective_date = ne.effective_date;
    e.recorded_at = *ne.recorded_at;
    e.ground = ne.ground;
    e.changes.models = ne.changes.models;
    events.push_back(std::move(e));
  };
  add(h.organisation.founding, EventType::kFounded);
  for (const NewEvent& e : h.events) add(e, e.type);
  const bool coop = org.kind != OrgKind::kTHT;
  if (coop) {
    ++sum.cooperatives;
    if (Alive(domain::Fold(org, events, YearEnd(2025), Timestamp::Max()))) ++sum.cooperatives_2025;
  } else {
    ++sum.cooperative_groups;
  }
  if (!demo_province) return;
  for (ArticleFigures* a : {&sum.article_2015, &sum.article_2016, &sum.article_2017}) {
    CountArticle(domain::Fold(org, events, a->as_of, Timestamp::Max()), *a);
  }
  if (org.kind == OrgKind::kHTX) {
    if (Alive(domain::Fold(org, events, YearEnd(2017), Timestamp::Max()))) ++sum.province_htx_2017;
    if (Alive(domain::Fold(org, events, YearEnd(2023), Timestamp::Max()))) ++sum.province_htx_2023;
  }
}

constexpr size_t kBatch = 1000;

Status WriteProvince(Registry& registry, ProvinceBuilder& b, bool demo_province,
                     const DemoOptions& options, Tally& t, const Actor& actor) {
  // Organisations that others link to go first, so that the links find them.
  std::vector<const Spec*> order;
  order.reserve(b.specs().size());
  for (const Spec& s : b.specs()) {
    if (s.first) order.push_back(&s);
  }
  for (const Spec& s : b.specs()) {
    if (!s.first) order.push_back(&s);
  }
  std::vector<NewHistory> batch;
  batch.reserve(kBatch);
  for (size_t i = 0; i < order.size(); i += kBatch) {
    batch.clear();
    for (size_t j = i; j < std::min(order.size(), i + kBatch); ++j) {
      Plan plan = b.Materialize(*order[j]);
      Count(plan.history, demo_province, t.summary);
      for (Correction& c : plan.corrections) t.corrections.push_back(std::move(c));
      batch.push_back(std::move(plan.history));
    }
    HOPTAC_RETURN_IF_ERROR(registry.RecordHistories(batch, actor));
    t.written += static_cast<int64_t>(batch.size());
    if (options.progress) {
      options.progress("organisations", 0.98 * static_cast<double>(t.written) /
                                            static_cast<double>(std::max<int64_t>(1, t.planned)));
    }
  }
  return OkStatus();
}

Status ApplyCorrections(Registry& registry, const std::vector<Correction>& corrections,
                        const Actor& actor, int& applied) {
  for (const Correction& c : corrections) {
    HOPTAC_ASSIGN_OR_RETURN(HistoryView h, registry.History(c.code));
    const domain::Event* target = nullptr;
    for (const domain::Event& e : h.events) {
      if (e.type == c.type && e.effective_date == c.effective && !e.voided) target = &e;
    }
    if (target == nullptr) {
      return Error::Internal("demo: the event to correct of " + c.code + " was not written");
    }
    HOPTAC_ASSIGN_OR_RETURN(domain::EventId id,
                            registry.VoidEvent(target->id, c.reason, c.replacement, actor));
    (void)id;
    ++applied;
  }
  return OkStatus();
}

// Shares of the national totals, rounded so that the parts add up to the whole.
std::vector<int> Apportion(int total, const std::vector<double>& weights) {
  double sum = 0;
  for (double w : weights) sum += w;
  std::vector<int> out;
  double cum = 0;
  int64_t given = 0;
  for (double w : weights) {
    cum += w;
    const int64_t upto = std::llround(total * cum / sum);
    out.push_back(static_cast<int>(upto - given));
    given = upto;
  }
  return out;
}

uint64_t ProvinceSeed(uint64_t seed, std::string_view province) {
  uint64_t x = seed ^ (HashText(province) * 0x9E3779B97F4A7C15ull);
  return SplitMix(x);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Member registers: the thôn Chang cooperative and about one in six other HTX of the demo
// province operating at the horizon keep their register in hoptac. Drawn from a PRNG of their
// own after everything else, so the organisations, events and figures are those of a build
// without registers.

constexpr std::array<const char*, 6> kLeftReasons = {
    "Chuyển nơi ở", "Tự nguyện ra khỏi hợp tác xã",      "Chuyển nơi ở",
    "Qua đời",      "Không còn nhu cầu sử dụng dịch vụ", "Tự nguyện ra khỏi hợp tác xã"};

std::string MemberName(Rng& rng) {
  const bool female = rng.Chance(0.4);
  if (rng.Chance(0.45)) {
    return std::string(rng.Pick(kMongSurnames)) + " " + (female ? "Thị" : rng.Pick(kMongMiddle)) +
           " " + rng.Pick(kMongGiven);
  }
  return std::string(rng.Pick(kKinhSurnames)) + " " +
         (female ? rng.Pick(kKinhMiddleFemale) : rng.Pick(kKinhMiddleMale)) + " " +
         (female ? rng.Pick(kKinhGivenFemale) : rng.Pick(kKinhGivenMale));
}

Status AddMemberRegisters(Registry& registry, uint64_t seed, const std::string& prototype,
                          const Actor& actor, int64_t& members) {
  std::vector<domain::OrgState> chosen;
  HOPTAC_RETURN_IF_ERROR(
      registry.ForEachState(kHorizon, std::nullopt, [&](const domain::OrgState& s) {
        if (!s.exists || s.kind != OrgKind::kHTX || s.ended_on) return;
        if (!s.registry_code.starts_with("51")) return;
        if (s.registry_code != prototype && HashText(s.registry_code) % 6 != 0) return;
        chosen.push_back(s);
      }));
  Rng rng(HashText("member registers") ^ seed);
  std::vector<CodedMember> items;
  for (const domain::OrgState& s : chosen) {
    const int64_t n = s.registry_code == prototype ? 25 : rng.Range(7, 18);
    const int64_t founders = std::min<int64_t>(n, rng.Range(5, 9));
    std::map<int32_t, std::optional<Money>> charter;  // by day: the charter capital then
    for (int64_t i = 0; i < n; ++i) {
      domain::Member m;
      char no[8];
      std::snprintf(no, sizeof no, "%03d", static_cast<int>(i + 1));
      m.member_no = no;
      m.joined_on = i < founders ? s.founded_on
                                 : Between(rng, s.founded_on.AddDays(30), kHorizon.AddDays(-30));
      if (m.joined_on < s.founded_on) m.joined_on = s.founded_on;
      m.kind = m.joined_on < kLaw2023 ? domain::MembershipKind::kMember2012
                                      : domain::MembershipKind::kOfficialA;
      const std::string person = MemberName(rng);
      if (rng.Chance(0.35)) {
        m.type = domain::MemberType::kHousehold;
        m.name = "Hộ " + person;
        m.representative = person;
      } else {
        m.type = domain::MemberType::kIndividual;
        m.name = person;
      }
      m.address = "Thôn " + std::string(rng.Pick(kHighlandVillages));
      auto it = charter.find(m.joined_on.days());
      if (it == charter.end()) {
        HOPTAC_ASSIGN_OR_RETURN(const OrgView v,
                                registry.Show(s.registry_code, m.joined_on, std::nullopt));
        it = charter.emplace(m.joined_on.days(), v.state.charter_capital).first;
      }
      int64_t capital = rng.Range(4, 60) * 500'000;
      if (it->second && it->second->vnd() > 0) {
        capital = std::min(capital, it->second->vnd() / 10 / 1000 * 1000);
      }
      m.capital = Money::Vnd(capital);
      m.capital_date = m.joined_on;
      m.capital_certificate_no = std::to_string(i + 1) + "/GCN-HTX";
      m.capital_certificate_date = m.joined_on;
      if (m.joined_on.AddDays(400) < kHorizon && rng.Chance(0.15)) {
        m.left_on = Between(rng, m.joined_on.AddDays(365), kHorizon);
        m.left_reason = rng.Pick(kLeftReasons);
      }
      items.push_back({s.registry_code, std::move(m)});
    }
  }
  HOPTAC_ASSIGN_OR_RETURN(const BulkResult r, registry.ImportMembers(items, actor, false));
  if (!r.failures.empty()) {
    Error e = r.failures.front().second;
    e.message = items[r.failures.front().first].registry_code + ": " + e.message;
    return e;
  }
  members = static_cast<int64_t>(items.size());
  return OkStatus();
}

Result<DemoSummary> BuildDemo(Registry& registry, const DemoOptions& options) {
  HOPTAC_ASSIGN_OR_RETURN(const domain::UnitCatalog* units, registry.Units());
  HOPTAC_ASSIGN_OR_RETURN(domain::StoreCounts before, registry.Counts());
  if (before.organisations > 0) {
    return Error::Conflict("the registry already holds organisations; the demo fills an empty one");
  }
  const Actor actor{"demo"};
  const domain::Unit* demo = units->At("02", kLastOld);
  if (demo == nullptr) {
    return Error::NotFound("province 02 (Hà Giang) is not among the administrative units", "unit",
                           "02");
  }
  std::vector<const domain::Unit*> provinces = units->ChildrenAt("", kLastOld);
  std::sort(provinces.begin(), provinces.end(),
            [](const domain::Unit* a, const domain::Unit* b) { return a->code < b->code; });

  Tally t;
  t.summary.article_2015.as_of = YearEnd(2015);
  t.summary.article_2016.as_of = YearEnd(2016);
  t.summary.article_2017.as_of = YearEnd(2017);
  if (options.progress) options.progress("units", 0.0);

  // Tax-code prefixes: 51 for the demo province, others in code order.
  std::vector<std::string> prefixes;
  int next_prefix = 10;
  for (const domain::Unit* p : provinces) {
    if (p->code == "02") {
      prefixes.emplace_back("51");
      continue;
    }
    if (next_prefix == 51) ++next_prefix;
    prefixes.push_back(std::to_string(next_prefix++));
  }

  // The demo province first.
  Geo demo_geo = BuildGeo(*units, *demo, "51");
  ProvinceBuilder demo_builder(demo_geo, ProvinceSeed(options.seed, "02"));
  PlanDemoProvince(demo_builder, t.summary.prototype_code);

  // How many organisations each other province gets.
  std::vector<const domain::Unit*> others;
  std::vector<std::string> other_prefixes;
  std::vector<ProvinceCounts> counts;
  if (options.scale == DemoOptions::Scale::kNational) {
    std::vector<double> weights;
    for (size_t i = 0; i < provinces.size(); ++i) {
      if (provinces[i]->code == "02") continue;
      size_t communes = 0;
      for (const domain::Unit* d : units->ChildrenAt(provinces[i]->code, kLastOld)) {
        communes += units->ChildrenAt(d->code, kLastOld).size();
      }
      if (communes == 0) continue;
      others.push_back(provinces[i]);
      other_prefixes.push_back(prefixes[i]);
      weights.push_back(static_cast<double>(communes));
    }
    const double f = std::clamp(options.national_fraction, 0.0, 1.0);
    auto scaled = [&](int total) { return Apportion(static_cast<int>(total * f), weights); };
    const std::vector<int> required = scaled(kNationalRequired);
    const std::vector<int> pre_ended = scaled(kNationalPreEnded);
    const std::vector<int> groups = scaled(kNationalGroups);
    std::vector<std::vector<int>> by_year;
    for (int v : kNationalNewHtx) by_year.push_back(scaled(v));
    counts.resize(others.size());
    for (size_t i = 0; i < others.size(); ++i) {
      counts[i].required = required[i];
      counts[i].pre_ended = pre_ended[i];
      counts[i].groups = groups[i];
      for (size_t y = 0; y < by_year.size(); ++y) counts[i].new_htx[y] = by_year[y][i];
    }
  }
  t.planned = static_cast<int64_t>(demo_builder.specs().size());
  for (const ProvinceCounts& c : counts) t.planned += c.total();

  HOPTAC_RETURN_IF_ERROR(WriteProvince(registry, demo_builder, true, options, t, actor));
  int with_orgs = 1;
  for (size_t i = 0; i < others.size(); ++i) {
    if (counts[i].total() == 0) continue;
    Geo geo = BuildGeo(*units, *others[i], other_prefixes[i]);
    if (geo.places.empty()) continue;
    ProvinceBuilder builder(geo, ProvinceSeed(options.seed, others[i]->code));
    PlanGenericProvince(builder, counts[i]);
    HOPTAC_RETURN_IF_ERROR(WriteProvince(registry, builder, false, options, t, actor));
    ++with_orgs;
  }

  if (options.progress) options.progress("corrections", 0.99);
  HOPTAC_RETURN_IF_ERROR(ApplyCorrections(registry, t.corrections, actor, t.summary.corrections));
  HOPTAC_RETURN_IF_ERROR(AddMemberRegisters(registry, options.seed, t.summary.prototype_code, actor,
                                            t.summary.members));
  if (options.market.market != nullptr) {
    HOPTAC_RETURN_IF_ERROR(BuildDemoMarket(registry, options.market, t.summary.prototype_code));
  }

  HOPTAC_ASSIGN_OR_RETURN(domain::StoreCounts after, registry.Counts());
  t.summary.organisations = after.organisations;
  t.summary.events = after.events;
  t.summary.voids = after.voids;
  t.summary.figures = after.figures;
  t.summary.provinces = with_orgs;
  if (options.alliance != nullptr)
    HOPTAC_RETURN_IF_ERROR(BuildDemoAlliance(*options.alliance, actor));
  if (options.progress) options.progress("done", 1.0);
  return t.summary;
}

}  // namespace hoptac::app
