// Commands over the member register: member list, add, leave (domain/member.hpp). Files of
// members go through `hoptac import members` and `hoptac export members`.

#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>

#include "app/views_json.hpp"
#include "cli/context.hpp"

namespace hoptac::cli {
namespace {

std::optional<Date> OptDate(const std::string& s, const char* option) {
  if (s.empty()) return std::nullopt;
  return Check(Date::Parse(s, option));
}

void PrintMembers(std::ostream& out, Format f, const std::string& code,
                  const std::vector<domain::Member>& members) {
  if (f == Format::kJson) {
    out << app::MembersJson(code, members).dump(2) << '\n';
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const domain::Member& m : members) {
    rows.push_back({m.member_no, domain::Id(m.type), domain::Id(m.kind), m.name,
                    m.joined_on.ToString(), m.left_on ? m.left_on->ToString() : "",
                    m.capital ? m.capital->ToString() : "", m.capital_certificate_no});
  }
  PrintTable(out, {"no", "type", "membership", "name", "joined", "left", "capital", "certificate"},
             rows);
  out << members.size() << " member(s)\n";
}

}  // namespace

void RegisterMemberCommands(CLI::App& app, Context& ctx) {
  auto* member = app.add_subcommand("member", "the member register of an organisation");
  member->require_subcommand(1);

  struct ListOptions {
    std::string code, as_of, known_at;
    bool all = false;
  };
  auto lo = std::make_shared<ListOptions>();
  auto* list = member->add_subcommand("list", "the members on a date (default today)");
  list->add_option("code", lo->code, "registry code")->required();
  list->add_option("--as-of", lo->as_of, "members on this date: joined by then, not yet left");
  list->add_option("--known-at", lo->known_at, "the register as known at this time");
  list->add_flag("--all", lo->all, "every member ever registered, left or not");
  list->callback([&ctx, lo] {
    const Format f = Check(ctx.OutputFormat());
    app::MembersQuery q;
    q.as_of = OptDate(lo->as_of, "--as-of");
    if (!lo->known_at.empty()) q.known_at = Check(Timestamp::Parse(lo->known_at, "--known-at"));
    q.all = lo->all;
    app::Registry* r = Check(ctx.Registry());
    PrintMembers(ctx.out(), f, lo->code, Check(r->Members(lo->code, q)));
  });

  struct AddOptions {
    std::string code, no, type = "individual", membership, name, representative, id_number,
                          nationality, address, joined, capital, capital_date, certificate,
                          certificate_date, note;
  };
  auto ao = std::make_shared<AddOptions>();
  auto* add = member->add_subcommand("add", "register a new member");
  add->add_option("code", ao->code, "registry code of the organisation")->required();
  add->add_option("--no", ao->no, "the member's number in the register")->required();
  add->add_option("--name", ao->name, "full name, or the legal entity's name")->required();
  add->add_option("--joined", ao->joined, "date of joining")->required();
  add->add_option("--type", ao->type, "individual, household, legal_entity or cooperative");
  add->add_option("--membership", ao->membership,
                  "member_2012, official, official_a|b|c, associate_capital or associate "
                  "(default: by the joining date)");
  add->add_option("--representative", ao->representative, "household head, legal representative");
  add->add_option("--id-number", ao->id_number, "CCCD, CMND, passport or registration number");
  add->add_option("--nationality", ao->nationality, "nationality");
  add->add_option("--address", ao->address, "permanent address or head office");
  add->add_option("--capital", ao->capital, "contributed capital (VND)");
  add->add_option("--capital-date", ao->capital_date, "date of the contribution");
  add->add_option("--certificate", ao->certificate,
                  "number of the capital contribution certificate");
  add->add_option("--certificate-date", ao->certificate_date, "date of that certificate");
  add->add_option("--note", ao->note, "note");
  add->callback([&ctx, ao] {
    domain::Member m;
    m.member_no = ao->no;
    m.type = Check(domain::ParseMemberType(ao->type, "--type"));
    m.name = ao->name;
    m.joined_on = Check(Date::Parse(ao->joined, "--joined"));
    m.kind = ao->membership.empty()
                 ? (m.joined_on >= domain::Law2023InForce() ? domain::MembershipKind::kOfficial
                                                            : domain::MembershipKind::kMember2012)
                 : Check(domain::ParseMembershipKind(ao->membership, "--membership"));
    m.representative = ao->representative;
    m.id_number = ao->id_number;
    m.nationality = ao->nationality;
    m.address = ao->address;
    if (!ao->capital.empty())
      m.capital = Check(domain::Money::Parse(ao->capital, "--capital", true));
    m.capital_date = OptDate(ao->capital_date, "--capital-date");
    m.capital_certificate_no = ao->certificate;
    m.capital_certificate_date = OptDate(ao->certificate_date, "--certificate-date");
    m.note = ao->note;
    app::Registry* r = Check(ctx.Registry());
    Check(r->AddMember(ao->code, m, ctx.Actor()));
    ctx.out() << "registered member " << ao->no << " of " << ao->code << '\n';
  });

  struct LeaveOptions {
    std::string code, no, date, reason;
  };
  auto vo = std::make_shared<LeaveOptions>();
  auto* leave = member->add_subcommand("leave", "record that a member left");
  leave->add_option("code", vo->code, "registry code of the organisation")->required();
  leave->add_option("no", vo->no, "the member's number in the register")->required();
  leave->add_option("--date", vo->date, "the day the membership ended")->required();
  leave->add_option("--reason", vo->reason, "why the member left");
  leave->callback([&ctx, vo] {
    const Date on = Check(Date::Parse(vo->date, "--date"));
    app::Registry* r = Check(ctx.Registry());
    Check(r->LeaveMember(vo->code, vo->no, on, vo->reason, ctx.Actor()));
    ctx.out() << "member " << vo->no << " of " << vo->code << " left on " << on.ToString() << '\n';
  });
}

}  // namespace hoptac::cli
