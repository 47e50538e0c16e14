#include "exchange/rows.hpp"

#include <algorithm>
#include <charconv>
#include <initializer_list>

#include "domain/lifecycle.hpp"

namespace hoptac::exchange {

namespace {

using domain::Money;

// Column positions, in the order of Columns(kind).
enum Org : size_t {
  kOCode,
  kOLegacy,
  kOKind,
  kOName,
  kOShortName,
  kOForeignName,
  kOField,
  kOSectors,
  kOFoundedOn,
  kOCommune,
  kOAddress,
  kORepresentative,
  kOCapital,
  kOModels,
  kOCertificate,
  kODecisionNo,
  kODecisionDate,
  kODecidedBy,
  kONote,
};
enum Ev : size_t {
  kECode,
  kEType,
  kEDate,
  kEDecisionNo,
  kEDecisionDate,
  kEDecidedBy,
  kEGround,
  kECommune,
  kEAddress,
  kEName,
  kEShortName,
  kEForeignName,
  kEField,
  kESectors,
  kEModels,
  kECertificate,
  kECapital,
  kERepresentative,
  kESuccessor,
  kENote,
};
enum Fig : size_t {
  kFCode,
  kFYear,
  kFMembers,
  kFMembersIndividual,
  kFMembersHousehold,
  kFMembersLegal,
  kFWorkers,
  kFWorkersMembers,
  kFCapital,
  kFAssets,
  kFRevenue,
  kFRevenueMembers,
  kFProfit,
  kFAvgIncome,
  kFRating,
  kFRatingScore,
  kFRatingScheme,
  kFSource,
  kFRatingPoints,
};

enum Mem : size_t {
  kMCode,
  kMNo,
  kMType,
  kMMembership,
  kMName,
  kMRepresentative,
  kMIdNumber,
  kMNationality,
  kMAddress,
  kMJoinedOn,
  kMLeftOn,
  kMLeftReason,
  kMCapital,
  kMCapitalDate,
  kMCertificate,
  kMCertificateDate,
  kMNote,
};

std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out.append(p);
  return out;
}

bool SameKey(std::string_view a, std::string_view b) { return HeaderKey(a) == HeaderKey(b); }

// By id (the domain's parser) or by Vietnamese label.
template <typename T, typename ParseFn>
Result<T> ByIdOrLabel(std::string_view text, std::initializer_list<T> all, ParseFn parse,
                      std::string_view field) {
  auto by_id = parse(text, field);
  if (by_id.ok()) return by_id;
  for (T v : all) {
    if (SameKey(text, domain::Label(v))) return v;
  }
  Error e = by_id.take_error();
  e.message.append(" (or its Vietnamese label)");
  return e;
}

// "1.234.567 đ" -> "1.234.567".
std::string_view StripCurrency(std::string_view s) {
  for (std::string_view unit : {"đồng", "Đồng", "đ", "Đ", "VNĐ", "VND", "vnđ", "vnd"}) {
    if (s.size() > unit.size() && s.ends_with(unit)) {
      s.remove_suffix(unit.size());
      while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
      break;
    }
  }
  return s;
}

std::vector<std::string> SplitList(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    const size_t semi = s.find(';');
    std::string_view item = s.substr(0, semi);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    if (semi == std::string_view::npos) break;
    s.remove_prefix(semi + 1);
  }
  return out;
}

// One data row being parsed: reads cells by column, records the errors of bad ones.
class RowReader {
 public:
  RowReader(const SheetRow& row, const HeaderMatch& header, std::span<const ColumnSpec> columns,
            std::vector<RowError>& errors)
      : row_(row), header_(header), columns_(columns), errors_(errors) {
    for (size_t col = 0; col < columns_.size(); ++col) {
      if (!IsClearMarker(Cell(col))) continue;
      if (columns_[col].clearable) {
        cleared_ |= uint64_t{1} << col;
      } else {
        Fail(col, Cell(col),
             Cat({"this column cannot be cleared (", kClearMarker,
                  " clears a field in an events file: short_name, foreign_name, sectors, models, "
                  "address_detail, representative, certificate_no)"}),
             Cat({columns_[col].name, ".clear"}));
        unreadable_ |= uint64_t{1} << col;
      }
    }
  }

  size_t line() const { return row_.line; }
  bool ok() const { return ok_; }

  // The cell of column `col` as written; empty for a cleared field (see Cleared).
  std::string_view Text(size_t col) const {
    if (((cleared_ | unreadable_) >> col) & 1) return {};
    return Cell(col);
  }
  // True when the cell is kClearMarker in a column that may be cleared.
  bool Cleared(size_t col) const { return (cleared_ >> col) & 1; }

  void Fail(size_t col, std::string_view value, std::string message, std::string rule) {
    ok_ = false;
    errors_.push_back({row_.line, header_.header_text[col], std::string(value), std::move(message),
                       std::move(rule)});
  }
  void Fail(size_t col, Error e) {
    Fail(col, e.value.empty() ? Text(col) : std::string_view(e.value), std::move(e.message),
         std::move(e.rule));
  }

  void Required(size_t col, std::string_view name) {
    if (Text(col).empty()) {
      Fail(col, "", Cat({"the ", name, " is required"}), Cat({name, ".required"}));
    }
  }

  // Sets `out` from a non-empty cell parsed by `parse`; reports the cell's error.
  template <typename T, typename Fn>
  void Get(size_t col, std::optional<T>& out, Fn parse) {
    const std::string_view text = Text(col);
    if (text.empty()) return;
    Result<T> r = parse(text);
    if (!r.ok()) {
      Fail(col, r.take_error());
      return;
    }
    out = std::move(r).value();
  }

  // A cleared field becomes set and empty; an empty cell leaves it unset.
  void GetText(size_t col, std::optional<std::string>& out) {
    if (Cleared(col)) {
      out.emplace();
    } else if (!Text(col).empty()) {
      out = std::string(Text(col));
    }
  }
  void GetList(size_t col, std::optional<std::vector<std::string>>& out) {
    if (Cleared(col)) {
      out.emplace();
    } else if (!Text(col).empty()) {
      out = SplitList(Text(col));
    }
  }
  std::string TextOf(size_t col) const { return std::string(Text(col)); }

 private:
  std::string_view Cell(size_t col) const {
    const auto& at = header_.at[col];
    if (!at || *at >= row_.cells.size()) return {};
    return row_.cells[*at];
  }

  const SheetRow& row_;
  const HeaderMatch& header_;
  std::span<const ColumnSpec> columns_;  // at most 64
  std::vector<RowError>& errors_;
  uint64_t cleared_ = 0;     // columns whose cell clears the field
  uint64_t unreadable_ = 0;  // columns whose cell is a marker where none is allowed
  bool ok_ = true;
};

auto DateParser(std::string_view field) {
  return [field](std::string_view s) { return Date::Parse(s, field); };
}

auto MoneyParser(std::string_view field, bool non_negative) {
  return [=](std::string_view s) { return Money::Parse(StripCurrency(s), field, non_negative); };
}

auto CountParser(std::string_view field) {
  return [field](std::string_view s) -> Result<int64_t> {
    auto m = Money::Parse(s, field, true);
    if (!m.ok()) {
      return Error::Invalid(std::string(field), std::string(s),
                            "expected a whole number, not below zero", Cat({field, ".count"}));
    }
    return m->vnd();
  };
}

Result<domain::OrgKind> ParseKind(std::string_view s) {
  return ByIdOrLabel<domain::OrgKind>(
      s,
      {domain::OrgKind::kTHT, domain::OrgKind::kHTX, domain::OrgKind::kLHHTX,
       domain::OrgKind::kQTDND},
      [](std::string_view t, std::string_view f) { return domain::ParseOrgKind(t, f); }, "kind");
}

Result<domain::Field> ParseFieldCell(std::string_view s) {
  return ByIdOrLabel<domain::Field>(
      s, {domain::Field::kAgriculture, domain::Field::kNonAgriculture, domain::Field::kCredit},
      [](std::string_view t, std::string_view f) { return domain::ParseField(t, f); }, "field");
}

Result<domain::EventType> ParseEventTypeCell(std::string_view s) {
  auto by_id = domain::ParseEventType(s, "event_type");
  if (by_id.ok()) return by_id;
  for (domain::EventType t : domain::AllEventTypes()) {
    if (SameKey(s, domain::Label(t))) return t;
  }
  Error e = by_id.take_error();
  e.message.append(" (or its Vietnamese label)");
  return e;
}

Result<domain::DissolutionGround> ParseGroundCell(std::string_view s) {
  using G = domain::DissolutionGround;
  return ByIdOrLabel<G>(
      s,
      {G::kNotOperating12Months, G::kBelowMinimumMembers12Months, G::kNoGeneralMeeting18Months,
       G::kCertificateRevoked, G::kCourtDecision},
      [](std::string_view t, std::string_view f) { return domain::ParseGround(t, f); }, "ground");
}

Result<domain::Rating> ParseRatingCell(std::string_view s) {
  using R = domain::Rating;
  return ByIdOrLabel<R>(
      s, {R::kGood, R::kFair, R::kAverage, R::kWeak, R::kNotRated},
      [](std::string_view t, std::string_view f) { return domain::ParseRating(t, f); }, "rating");
}

Result<domain::MemberType> ParseMemberTypeCell(std::string_view s) {
  auto by_id = domain::ParseMemberType(s, "member_type");
  if (by_id.ok()) return by_id;
  for (domain::MemberType t : domain::AllMemberTypes()) {
    if (SameKey(s, domain::Label(t))) return t;
  }
  Error e = by_id.take_error();
  e.message.append(" (or its Vietnamese label)");
  return e;
}

Result<domain::MembershipKind> ParseMembershipCell(std::string_view s) {
  auto by_id = domain::ParseMembershipKind(s, "membership");
  if (by_id.ok()) return by_id;
  for (domain::MembershipKind k : domain::AllMembershipKinds()) {
    if (SameKey(s, domain::Label(k))) return k;
  }
  Error e = by_id.take_error();
  e.message.append(" (or its Vietnamese label)");
  return e;
}

// A commune code from a number cell lost its leading zeros ("967" for "00967").
std::optional<std::string> CommuneCode(std::string_view s) {
  if (s.empty()) return std::nullopt;
  const bool digits = std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits && s.size() < 5) return std::string(5 - s.size(), '0') + std::string(s);
  return std::string(s);
}

Result<bool> ParseFlag(std::string_view s) {
  const std::string key = HeaderKey(s);
  for (std::string_view yes : {"1", "x", "true", "yes", "co"}) {
    if (key == yes) return true;
  }
  for (std::string_view no : {"0", "false", "no", "khong"}) {
    if (key == no) return false;
  }
  return Error::Invalid("legacy_code", std::string(s),
                        "expected a yes/no flag: 1, x, true, yes, có (or 0, false, no, không)",
                        "legacy_code.flag");
}

Result<int> ParseYear(std::string_view s) {
  int year = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), year);
  if (ec != std::errc() || end != s.data() + s.size() || year < 1900 || year > 9999) {
    return Error::Invalid("year", std::string(s), "expected a year such as 2016", "year.format");
  }
  return year;
}

// The registry code of an event or figures row: a tax code, or a legacy certificate number.
Result<std::string> ParseCodeRef(std::string_view s) {
  auto strict = domain::RegistryCode::Parse(s);
  if (strict.ok()) return strict->value();
  auto legacy = domain::RegistryCode::Parse(s, true);
  if (legacy.ok()) return legacy->value();
  return strict.take_error();
}

template <typename T, typename Fn>
Parsed<T> ParseAll(RecordKind kind, const Sheet& sheet, const HeaderMatch& header, RowRange range,
                   Fn parse_row) {
  Parsed<T> out;
  const size_t end = std::min(range.end, sheet.rows.size());
  for (size_t i = std::max(range.begin, header.first_data_row); i < end; ++i) {
    ++out.rows_read;
    RowReader reader(sheet.rows[i], header, Columns(kind), out.errors);
    T record;
    record.line = reader.line();
    parse_row(reader, record);
    if (reader.ok()) out.records.push_back(std::move(record));
  }
  return out;
}

}  // namespace

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out.append("; ");
    out.append(s);
  }
  return out;
}

Parsed<OrganisationRecord> ParseOrganisations(const Sheet& sheet, const HeaderMatch& header,
                                              RowRange range) {
  return ParseAll<OrganisationRecord>(
      RecordKind::kOrganisations, sheet, header, range, [](RowReader& r, OrganisationRecord& rec) {
        std::optional<bool> legacy;
        r.Get(kOLegacy, legacy, ParseFlag);
        r.Required(kOCode, "registry code");
        r.Get(kOCode, rec.code, [&](std::string_view s) {
          return domain::RegistryCode::Parse(s, legacy.value_or(false));
        });
        std::optional<domain::OrgKind> kind;
        r.Get(kOKind, kind, ParseKind);
        rec.kind = kind.value_or(domain::OrgKind::kHTX);
        r.Required(kOFoundedOn, "founding date");
        std::optional<Date> founded;
        r.Get(kOFoundedOn, founded, DateParser("founded_on"));
        if (founded) rec.founded_on = *founded;
        domain::Changes& c = rec.changes;
        r.GetText(kOName, c.name);
        r.GetText(kOShortName, c.short_name);
        r.GetText(kOForeignName, c.foreign_name);
        r.Get(kOField, c.field, ParseFieldCell);
        r.GetList(kOSectors, c.sectors);
        c.unit_code = CommuneCode(r.Text(kOCommune));
        r.GetText(kOAddress, c.address_detail);
        r.GetText(kORepresentative, c.representative);
        r.Get(kOCapital, c.charter_capital, MoneyParser("charter_capital", true));
        r.GetList(kOModels, c.models);
        r.GetText(kOCertificate, c.certificate_no);
        rec.basis.decision_no = r.TextOf(kODecisionNo);
        r.Get(kODecisionDate, rec.basis.decision_date, DateParser("decision_date"));
        rec.basis.decided_by = r.TextOf(kODecidedBy);
        rec.note = r.TextOf(kONote);
      });
}

Parsed<EventRecord> ParseEvents(const Sheet& sheet, const HeaderMatch& header, RowRange range) {
  return ParseAll<EventRecord>(
      RecordKind::kEvents, sheet, header, range, [](RowReader& r, EventRecord& rec) {
        r.Required(kECode, "registry code");
        std::optional<std::string> code;
        r.Get(kECode, code, ParseCodeRef);
        rec.registry_code = code.value_or("");
        r.Required(kEType, "event type");
        std::optional<domain::EventType> type;
        r.Get(kEType, type, ParseEventTypeCell);
        if (type) rec.type = *type;
        r.Required(kEDate, "effective date");
        std::optional<Date> date;
        r.Get(kEDate, date, DateParser("effective_date"));
        if (date) rec.effective_date = *date;
        rec.basis.decision_no = r.TextOf(kEDecisionNo);
        r.Get(kEDecisionDate, rec.basis.decision_date, DateParser("decision_date"));
        rec.basis.decided_by = r.TextOf(kEDecidedBy);
        r.Get(kEGround, rec.ground, ParseGroundCell);
        domain::Changes& c = rec.changes;
        c.unit_code = CommuneCode(r.Text(kECommune));
        r.GetText(kEAddress, c.address_detail);
        r.GetText(kEName, c.name);
        r.GetText(kEShortName, c.short_name);
        r.GetText(kEForeignName, c.foreign_name);
        r.Get(kEField, c.field, ParseFieldCell);
        r.GetList(kESectors, c.sectors);
        r.GetList(kEModels, c.models);
        r.GetText(kECertificate, c.certificate_no);
        r.Get(kECapital, c.charter_capital, MoneyParser("charter_capital", true));
        r.GetText(kERepresentative, c.representative);
        for (const std::string& s : SplitList(r.Text(kESuccessor))) {
          auto code_ref = ParseCodeRef(s);
          if (!code_ref.ok()) {
            r.Fail(kESuccessor, code_ref.take_error());
          } else {
            rec.related_codes.push_back(std::move(code_ref).value());
          }
        }
        rec.note = r.TextOf(kENote);
      });
}

Parsed<FiguresRecord> ParseFigures(const Sheet& sheet, const HeaderMatch& header, RowRange range) {
  return ParseAll<FiguresRecord>(
      RecordKind::kFigures, sheet, header, range, [](RowReader& r, FiguresRecord& rec) {
        r.Required(kFCode, "registry code");
        std::optional<std::string> code;
        r.Get(kFCode, code, ParseCodeRef);
        rec.registry_code = code.value_or("");
        domain::YearlyFigures& f = rec.figures;
        r.Required(kFYear, "year");
        std::optional<int> year;
        r.Get(kFYear, year, ParseYear);
        f.year = year.value_or(0);
        r.Get(kFMembers, f.members, CountParser("members"));
        r.Get(kFMembersIndividual, f.members_individual, CountParser("members_individual"));
        r.Get(kFMembersHousehold, f.members_household, CountParser("members_household"));
        r.Get(kFMembersLegal, f.members_legal_entity, CountParser("members_legal_entity"));
        r.Get(kFWorkers, f.workers, CountParser("workers"));
        r.Get(kFWorkersMembers, f.workers_members, CountParser("workers_members"));
        r.Get(kFCapital, f.charter_capital, MoneyParser("charter_capital", true));
        r.Get(kFAssets, f.total_assets, MoneyParser("total_assets", true));
        r.Get(kFRevenue, f.revenue, MoneyParser("revenue", true));
        r.Get(kFRevenueMembers, f.revenue_from_members, MoneyParser("revenue_from_members", true));
        r.Get(kFProfit, f.profit_before_tax, MoneyParser("profit_before_tax", false));
        r.Get(kFAvgIncome, f.avg_income, MoneyParser("avg_income", true));
        r.Get(kFRating, f.rating, ParseRatingCell);
        r.Get(kFRatingScore, f.rating_score, CountParser("rating_score"));
        f.rating_scheme = r.TextOf(kFRatingScheme);
        f.source = r.TextOf(kFSource);
        std::optional<std::vector<domain::CriterionPoints>> points;
        r.Get(kFRatingPoints, points,
              [](std::string_view t) { return domain::ParseRatingPoints(t, "rating_points"); });
        if (points) f.rating_points = std::move(*points);
      });
}

Parsed<MemberRecord> ParseMembers(const Sheet& sheet, const HeaderMatch& header, RowRange range) {
  return ParseAll<MemberRecord>(
      RecordKind::kMembers, sheet, header, range, [](RowReader& r, MemberRecord& rec) {
        r.Required(kMCode, "registry code");
        std::optional<std::string> code;
        r.Get(kMCode, code, ParseCodeRef);
        rec.registry_code = code.value_or("");
        domain::Member& m = rec.member;
        r.Required(kMNo, "member number");
        m.member_no = r.TextOf(kMNo);
        std::optional<domain::MemberType> type;
        r.Get(kMType, type, ParseMemberTypeCell);
        m.type = type.value_or(domain::MemberType::kIndividual);
        r.Required(kMName, "member name");
        m.name = r.TextOf(kMName);
        m.representative = r.TextOf(kMRepresentative);
        m.id_number = r.TextOf(kMIdNumber);
        m.nationality = r.TextOf(kMNationality);
        m.address = r.TextOf(kMAddress);
        r.Required(kMJoinedOn, "joining date");
        std::optional<Date> joined;
        r.Get(kMJoinedOn, joined, DateParser("joined_on"));
        if (joined) m.joined_on = *joined;
        std::optional<domain::MembershipKind> kind;
        r.Get(kMMembership, kind, ParseMembershipCell);
        m.kind = kind.value_or(joined && *joined >= domain::Law2023InForce()
                                   ? domain::MembershipKind::kOfficial
                                   : domain::MembershipKind::kMember2012);
        r.Get(kMLeftOn, m.left_on, DateParser("left_on"));
        m.left_reason = r.TextOf(kMLeftReason);
        r.Get(kMCapital, m.capital, MoneyParser("capital", true));
        r.Get(kMCapitalDate, m.capital_date, DateParser("capital_date"));
        m.capital_certificate_no = r.TextOf(kMCertificate);
        r.Get(kMCertificateDate, m.capital_certificate_date,
              DateParser("capital_certificate_date"));
        m.note = r.TextOf(kMNote);
      });
}

}  // namespace hoptac::exchange
