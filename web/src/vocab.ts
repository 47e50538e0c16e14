// Labels of the registry's vocabulary (ids and Vietnamese labels as in src/domain/vocabulary.cpp),
// with English. Only for display and for the choices of a select: the server checks every value.

import type { Lang } from "./i18n";

type Labels = Record<string, [vi: string, en: string]>;

export const KINDS: Labels = {
  HTX: ["Hợp tác xã", "Cooperative"],
  THT: ["Tổ hợp tác", "Cooperative group"],
  LHHTX: ["Liên hiệp hợp tác xã", "Cooperative union"],
  QTDND: ["Quỹ tín dụng nhân dân", "People's credit fund"],
};

export const FIELDS: Labels = {
  agriculture: ["Nông nghiệp", "Agriculture"],
  non_agriculture: ["Phi nông nghiệp", "Non-agriculture"],
  credit: ["Tín dụng", "Credit"],
};

export const STATUSES: Labels = {
  operating: ["Đang hoạt động", "Operating"],
  suspended: ["Tạm ngừng kinh doanh", "Suspended"],
  not_at_address: ["Không hoạt động tại địa chỉ đã đăng ký", "Not at registered address"],
  dissolving: ["Đang làm thủ tục giải thể", "Dissolving"],
  dissolved: ["Đã giải thể", "Dissolved"],
  ended_by_reorganisation: ["Chấm dứt do tổ chức lại", "Ended by reorganisation"],
  bankrupt: ["Phá sản", "Bankrupt"],
  converted_to_enterprise: ["Chuyển thành doanh nghiệp", "Converted to an enterprise"],
};

export const EVENT_TYPES: Labels = {
  founded: ["Thành lập", "Founded"],
  registered: ["Đăng ký", "Registered"],
  reregistered_2012: ["Đăng ký lại theo Luật HTX 2012", "Re-registered under the 2012 law"],
  amended: ["Thay đổi nội dung đăng ký", "Registration amended"],
  relocated: ["Chuyển trụ sở", "Relocated"],
  suspended: ["Tạm ngừng kinh doanh", "Suspended"],
  resumed: ["Hoạt động trở lại", "Resumed"],
  flagged_not_at_address: ["Không hoạt động tại địa chỉ đã đăng ký", "Flagged: not at address"],
  cleared_not_at_address: ["Chấm dứt tình trạng không hoạt động tại địa chỉ", "Cleared: back at address"],
  dissolution_started: ["Bắt đầu thủ tục giải thể", "Dissolution started"],
  dissolved_voluntary: ["Giải thể tự nguyện", "Dissolved voluntarily"],
  dissolved_forced: ["Giải thể bắt buộc", "Dissolved by force"],
  certificate_revoked: ["Thu hồi giấy chứng nhận đăng ký", "Certificate revoked"],
  merged_into: ["Sáp nhập vào", "Merged into"],
  consolidated_into: ["Hợp nhất thành", "Consolidated into"],
  divided_into: ["Chia thành", "Divided into"],
  separated_from: ["Tách từ", "Separated from"],
  bankrupt: ["Phá sản", "Bankrupt"],
  converted_to_enterprise: ["Chuyển thành doanh nghiệp", "Converted to an enterprise"],
  charter_amended_2023: ["Sửa đổi điều lệ theo Luật HTX 2023", "Charter amended under the 2023 law"],
};

export const GROUNDS: Labels = {
  not_operating_12_months: ["Không hoạt động trong 12 tháng liên tục", "Not operating for 12 months"],
  below_minimum_members_12_months: ["Không đủ số lượng thành viên tối thiểu trong 12 tháng liên tục", "Below the minimum members for 12 months"],
  no_general_meeting_18_months: ["Không tổ chức được đại hội thành viên thường niên trong 18 tháng liên tục", "No general meeting for 18 months"],
  certificate_revoked: ["Bị thu hồi giấy chứng nhận đăng ký", "Certificate revoked"],
  court_decision: ["Theo quyết định của Tòa án", "Court decision"],
};

export const RATINGS: Labels = {
  tot: ["Tốt", "Good"],
  kha: ["Khá", "Fair"],
  trung_binh: ["Trung bình", "Average"],
  yeu: ["Yếu", "Weak"],
  chua_xep_loai: ["Chưa xếp loại", "Not rated"],
};

export const CONVERSION: Labels = {
  converted: ["Đã chuyển đổi", "Converted"],
  dissolved: ["Đã giải thể", "Dissolved"],
  pending: ["Chưa chuyển đổi", "Pending"],
  not_required: ["Không thuộc diện chuyển đổi", "Not required"],
};

export const ROLES: Labels = {
  admin: ["Quản trị", "Administrator"],
  officer: ["Cán bộ", "Officer"],
  manager: ["Giám đốc HTX", "Cooperative manager"],
  viewer: ["Xem", "Viewer"],
};

export function label(table: Labels, id: string | null | undefined, lang: Lang): string {
  if (!id) return "";
  const entry = table[id];
  return entry ? entry[lang === "en" ? 1 : 0] : id;
}
