#include "domain/rating_scheme.hpp"

namespace hoptac::domain {
namespace {

// Circular 01/2020/TT-BKHĐT (19.2.2020, in force 1.4.2020, repealed 18.9.2025 by Circular
// 78/2025/TT-BTC): 15 criteria, 100 points; bands tốt 80–100, khá 65–<80, trung bình 50–<65,
// yếu <50 (domain.md §2.1). The points of criteria 10–15 (40 in all) were not retrieved, so only
// criteria 1–9 are listed; the bands and the total are complete.
std::vector<RatingScheme> MakeSchemes() {
  RatingScheme tt01;
  tt01.id = "TT01/2020";
  tt01.version = "2020-02-19";
  tt01.title = "Thông tư 01/2020/TT-BKHĐT hướng dẫn phân loại và đánh giá hợp tác xã";
  tt01.valid_from = Date::FromYmd(2020, 4, 1).value();
  tt01.valid_to = Date::FromYmd(2025, 9, 17).value();
  tt01.max_score = 100;
  tt01.criteria = {
      {"1", "Vốn của HTX", 7},
      {"2", "Tài sản của HTX", 6},
      {"3", "Kết quả sản xuất kinh doanh trong năm", 11},
      {"4", "Trích lập các quỹ", 6},
      {"5", "Chấp hành pháp luật trong tổ chức và hoạt động", 8},
      {"6", "Giải quyết tranh chấp, khiếu nại", 6},
      {"7", "Trình độ cán bộ quản lý, điều hành", 6},
      {"8", "Chế độ, chính sách đối với thành viên, người lao động", 6},
      {"9", "Ứng dụng tiến bộ kỹ thuật, xây dựng thương hiệu, chuỗi giá trị", 4},
  };
  tt01.bands = {
      {Rating::kGood, 80}, {Rating::kFair, 65}, {Rating::kAverage, 50}, {Rating::kWeak, 0}};
  return {tt01};
}

}  // namespace

std::span<const RatingScheme> KnownRatingSchemes() {
  static const std::vector<RatingScheme> kSchemes = MakeSchemes();
  return kSchemes;
}

const RatingScheme* FindRatingScheme(std::string_view id) {
  for (const RatingScheme& s : KnownRatingSchemes()) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

std::optional<Rating> BandFor(const RatingScheme& scheme, int score) {
  if (score < 0 || score > scheme.max_score) return std::nullopt;
  for (const RatingBand& b : scheme.bands) {
    if (score >= b.min_score) return b.rating;
  }
  return std::nullopt;
}

}  // namespace hoptac::domain
