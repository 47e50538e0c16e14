// Writes fuzz/corpus/xlsx/libxlsxwriter.xlsx (see fuzz/README.md):
//   gcc fuzz/make_xlsxwriter_seed.c -o /tmp/seed $(pkg-config --cflags --libs xlsxwriter)
//   /tmp/seed fuzz/corpus/xlsx/libxlsxwriter.xlsx
#include <xlsxwriter.h>
int main(int argc, char** argv) {
  lxw_workbook* wb = workbook_new(argv[1]);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Số liệu");
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "dd/mm/yyyy");
  worksheet_write_string(ws, 0, 0, "registry_code", NULL);
  worksheet_write_string(ws, 0, 1, "year", NULL);
  worksheet_write_string(ws, 0, 2, "revenue", NULL);
  worksheet_write_string(ws, 0, 3, "Ngày", NULL);
  worksheet_write_string(ws, 1, 0, "5100123452", NULL);
  worksheet_write_number(ws, 1, 1, 2016, NULL);
  worksheet_write_number(ws, 1, 2, 1234567.5, NULL);
  lxw_datetime d = {2016, 5, 1, 0, 0, 0};
  worksheet_write_datetime(ws, 1, 3, &d, date);
  worksheet_write_boolean(ws, 2, 1, 1, NULL);
  worksheet_write_formula_str(ws, 2, 2, "=A2", NULL, "5100123452");
  workbook_add_worksheet(wb, "Ghi chú");
  (void)argc;
  return workbook_close(wb);
}
