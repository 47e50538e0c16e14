// A new cooperative: its identity and its founding (the founding event is recorded with it).

import type { FormEvent } from "react";
import { api } from "../api/client";
import type { OrgView } from "../api/types";
import { useLang, useT } from "../i18n";
import { Link, navigate } from "../router";
import { FIELDS, KINDS, label } from "../vocab";
import { bodyOf, DateField, ErrorBox, SelectField, TextAreaField, TextField, useForm } from "../components/ui";
import { UnitPicker } from "../components/UnitPicker";

const FIELDS_OF_FORM = {
  kind: "HTX",
  registry_code: "",
  name: "",
  short_name: "",
  foreign_name: "",
  field: "",
  sectors: "",
  founded_on: "",
  commune_code: "",
  address_detail: "",
  representative: "",
  charter_capital: "",
  models: "",
  decision_no: "",
  decision_date: "",
  decided_by: "",
  note: "",
};

function list(s: string) {
  return s
    .split(";")
    .map((x) => x.trim())
    .filter(Boolean);
}

export function NewOrganisationPage() {
  const t = useT();
  const { lang } = useLang();
  const form = useForm({ ...FIELDS_OF_FORM });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    form.setBusy(true);
    form.setError(null);
    const { sectors, models, ...rest } = form.values;
    const body: Record<string, unknown> = bodyOf(rest, ["charter_capital"]);
    if (list(sectors).length) body.sectors = list(sectors);
    if (list(models).length) body.models = list(models);
    try {
      const r = await api<OrgView>("POST", "/api/organisations", { body });
      navigate(`/org/${r.data.registry_code}`);
    } catch (err) {
      form.setError(err);
    } finally {
      form.setBusy(false);
    }
  };
  return (
    <section>
      <p>
        <Link href="/registry">← {t("Danh bạ", "Registry")}</Link>
      </p>
      <h1>{t("Thêm hợp tác xã", "New cooperative")}</h1>
      <form onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t("Thông tin đăng ký", "Registration")}</legend>
          <div className="form-grid">
            <SelectField
              label={t("Loại hình", "Kind")}
              required
              options={Object.keys(KINDS).map((k) => ({ value: k, label: label(KINDS, k, lang) }))}
              {...form.bind("kind")}
            />
            <TextField label={t("Mã số HTX", "Registry code")} required inputMode="numeric" autoComplete="off" {...form.bind("registry_code")} />
            <TextField label={t("Tên", "Name")} required {...form.bind("name")} />
            <TextField label={t("Tên viết tắt", "Short name")} {...form.bind("short_name")} />
            <TextField label={t("Tên nước ngoài", "Foreign name")} {...form.bind("foreign_name")} />
            <SelectField
              label={t("Lĩnh vực", "Field")}
              placeholder={t("— chọn —", "— choose —")}
              options={Object.keys(FIELDS).map((k) => ({ value: k, label: label(FIELDS, k, lang) }))}
              {...form.bind("field")}
            />
            <TextField label={t("Ngành nghề", "Sectors")} hint={t("Cách nhau bởi dấu ;", "Separated by ;")} {...form.bind("sectors")} />
            <TextField label={t("Mô hình", "Models")} hint={t("Cách nhau bởi dấu ;", "Separated by ;")} {...form.bind("models")} />
          </div>
        </fieldset>
        <fieldset>
          <legend>{t("Thành lập", "Founding")}</legend>
          <div className="form-grid">
            <DateField label={t("Ngày thành lập", "Founded on")} required {...form.bind("founded_on")} />
            <UnitPicker
              label={t("Xã, phường (mã xã)", "Commune (code)")}
              name="commune_code"
              value={form.values.commune_code}
              onChange={(v) => form.setValues((f) => ({ ...f, commune_code: v }))}
              error={form.bind("commune_code").error}
              hint={t("Mã xã có hiệu lực vào ngày thành lập", "The commune valid on the founding date")}
            />
            <TextField label={t("Địa chỉ chi tiết", "Street address")} {...form.bind("address_detail")} />
            <TextField label={t("Người đại diện", "Representative")} {...form.bind("representative")} />
            <TextField label={t("Vốn điều lệ (đồng)", "Charter capital (VND)")} inputMode="numeric" {...form.bind("charter_capital")} />
          </div>
        </fieldset>
        <fieldset>
          <legend>{t("Căn cứ pháp lý", "Legal basis")}</legend>
          <div className="form-grid">
            <TextField label={t("Số quyết định", "Decision number")} {...form.bind("decision_no")} />
            <DateField label={t("Ngày quyết định", "Decision date")} {...form.bind("decision_date")} />
            <TextField label={t("Cơ quan quyết định", "Decided by")} {...form.bind("decided_by")} />
          </div>
          <TextAreaField label={t("Ghi chú", "Note")} {...form.bind("note")} />
        </fieldset>
        <ErrorBox error={form.error} shownFields={Object.keys(FIELDS_OF_FORM)} />
        <div className="form-actions">
          <button type="submit" disabled={form.busy}>
            {form.busy ? t("Đang lưu…", "Saving…") : t("Lưu hợp tác xã", "Save the cooperative")}
          </button>
          <Link className="button secondary" href="/registry">
            {t("Hủy bỏ", "Cancel")}
          </Link>
        </div>
      </form>
    </section>
  );
}
