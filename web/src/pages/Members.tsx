// The member register on the cooperative page: who belonged to it on the page's date (or every
// member ever, left ones included), with the kind of membership and the capital contributed.

import { useState } from "react";
import { api } from "../api/client";
import type { Member, MemberList } from "../api/types";
import { useT, type Tr } from "../i18n";
import { fmtDate, fmtNum } from "../format";
import { Empty, ErrorBox, Loading, useAsync } from "../components/ui";

function typeLabel(m: Member, t: Tr): string {
  const labels: Record<Member["member_type"], [string, string]> = {
    individual: ["Cá nhân", "Individual"],
    household: ["Hộ gia đình", "Household"],
    legal_entity: ["Pháp nhân", "Legal entity"],
    cooperative: ["Hợp tác xã thành viên", "Member cooperative"],
  };
  const [vi, en] = labels[m.member_type] ?? [m.member_type, m.member_type];
  return t(vi, en);
}

function membershipLabel(id: string, t: Tr): string {
  const labels: Record<string, [string, string]> = {
    member_2012: ["Thành viên (Luật 2012)", "Member (2012 law)"],
    official: ["Thành viên chính thức", "Official member"],
    official_a: ["Thành viên chính thức (góp vốn, sử dụng dịch vụ)", "Official (capital, services)"],
    official_b: ["Thành viên chính thức (góp vốn, góp sức lao động)", "Official (capital, labour)"],
    official_c: ["Thành viên chính thức (góp vốn, dịch vụ, lao động)", "Official (capital, services, labour)"],
    associate_capital: ["Thành viên liên kết góp vốn", "Associate with capital"],
    associate: ["Thành viên liên kết không góp vốn", "Associate without capital"],
  };
  const [vi, en] = labels[id] ?? [id, id];
  return t(vi, en);
}

export function MembersView({ code, asOf }: { code: string; asOf: string }) {
  const t = useT();
  const [all, setAll] = useState(false);
  const list = useAsync(
    (signal) =>
      api<MemberList>("GET", "/api/organisations/{code}/members", {
        params: { code },
        query: all ? { all: "true" } : { as_of: asOf },
        signal,
      }).then((r) => r.data),
    [code, asOf, all],
  );
  const members = list.data?.members ?? [];
  const capital = members.reduce((sum, m) => sum + (m.left_on ? 0 : (m.capital ?? 0)), 0);
  return (
    <>
      <div className="actions no-print">
        <label className="check">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} />{" "}
          {t("Cả thành viên đã ra khỏi", "Include members who left")}
        </label>
      </div>
      {list.loading && !list.data ? <Loading /> : null}
      <ErrorBox error={list.error} onRetry={list.reload} />
      {list.data && members.length === 0 ? (
        <Empty>
          {all
            ? t("Sổ đăng ký thành viên chưa có ai.", "The member register is empty.")
            : t(
                `Vào ngày ${fmtDate(list.data.as_of)} sổ đăng ký thành viên không có ai.`,
                `On ${fmtDate(list.data.as_of)} the member register has nobody.`,
              )}
        </Empty>
      ) : null}
      {members.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="members">
            <caption>
              {all
                ? t(`${fmtNum(members.length)} thành viên đã đăng ký`, `${fmtNum(members.length)} registered members`)
                : t(
                    `${fmtNum(members.length)} thành viên vào ngày ${fmtDate(list.data?.as_of)}, vốn góp ${fmtNum(capital)} đồng`,
                    `${fmtNum(members.length)} members on ${fmtDate(list.data?.as_of)}, capital ${fmtNum(capital)} VND`,
                  )}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t("Số", "No.")}</th>
                <th scope="col">{t("Họ tên", "Name")}</th>
                <th scope="col">{t("Loại", "Kind")}</th>
                <th scope="col">{t("Vào", "Joined")}</th>
                <th scope="col">{t("Ra", "Left")}</th>
                <th scope="col" className="num">
                  {t("Vốn góp (đồng)", "Capital (VND)")}
                </th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.member_no} className={m.left_on ? "left" : undefined}>
                  <td className="code">{m.member_no}</td>
                  <td>
                    {m.name}
                    {m.representative && m.representative !== m.name ? <div className="meta">{m.representative}</div> : null}
                  </td>
                  <td>
                    {typeLabel(m, t)}
                    <div className="meta">{membershipLabel(m.membership, t)}</div>
                  </td>
                  <td>{fmtDate(m.joined_on)}</td>
                  <td>
                    {fmtDate(m.left_on)}
                    {m.left_reason ? <div className="meta">{m.left_reason}</div> : null}
                  </td>
                  <td className="num">{fmtNum(m.capital)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
