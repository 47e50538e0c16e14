// ReadXlsx throughput on a national-scale yearly figures sheet (docs/benchmarks.md, "Import —
// XLSX reading"). A plain program rather than a Google Benchmark: one read of one large file is
// the measure, and its peak memory comes from /usr/bin/time -v.
//
//   xlsx_read_bench generate FILE [ROWS]   writes a header and ROWS (default 500,000) rows of the
//                                          16 figures columns with libxlsxwriter
//   xlsx_read_bench read FILE              reads the first sheet and prints rows, cells and rows/s

#include <xlsxwriter.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "exchange/xlsx_reader.hpp"

namespace {

constexpr const char* kColumns[] = {"registry_code",
                                    "year",
                                    "members",
                                    "members_individual",
                                    "members_household",
                                    "members_legal_entity",
                                    "workers",
                                    "workers_members",
                                    "charter_capital",
                                    "total_assets",
                                    "revenue",
                                    "revenue_from_members",
                                    "profit_before_tax",
                                    "avg_income",
                                    "rating",
                                    "rating_scheme"};

int Generate(const char* path, uint32_t rows) {
  lxw_workbook_options options = {
      .constant_memory = LXW_TRUE, .tmpdir = nullptr, .use_zip64 = LXW_TRUE};
  lxw_workbook* workbook = workbook_new_opt(path, &options);
  if (workbook == nullptr) return 1;
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, "Số liệu");
  for (lxw_col_t c = 0; c < 16; ++c) worksheet_write_string(sheet, 0, c, kColumns[c], nullptr);
  uint64_t state = 42;
  auto next = [&state](uint64_t bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % bound;
  };
  const char* ratings[] = {"Tốt", "Khá", "Trung bình", "Yếu"};
  for (uint32_t r = 1; r <= rows; ++r) {
    const std::string code = std::to_string(5100000000ULL + r / 3);
    worksheet_write_string(sheet, r, 0, code.c_str(), nullptr);
    worksheet_write_number(sheet, r, 1, 2012 + r % 3, nullptr);
    const double members = 7 + static_cast<double>(next(300));
    worksheet_write_number(sheet, r, 2, members, nullptr);
    worksheet_write_number(sheet, r, 3, members - static_cast<double>(next(7)), nullptr);
    worksheet_write_number(sheet, r, 4, static_cast<double>(next(5)), nullptr);
    worksheet_write_number(sheet, r, 5, static_cast<double>(next(3)), nullptr);
    worksheet_write_number(sheet, r, 6, static_cast<double>(next(120)), nullptr);
    worksheet_write_number(sheet, r, 7, static_cast<double>(next(60)), nullptr);
    worksheet_write_number(sheet, r, 8, static_cast<double>(next(50'000) * 100'000), nullptr);
    worksheet_write_number(sheet, r, 9, static_cast<double>(next(90'000) * 100'000), nullptr);
    worksheet_write_number(sheet, r, 10, static_cast<double>(next(200'000) * 10'000), nullptr);
    worksheet_write_number(sheet, r, 11, static_cast<double>(next(100'000) * 10'000), nullptr);
    worksheet_write_number(sheet, r, 12, static_cast<double>(next(1'000'000)) * 1000.5, nullptr);
    worksheet_write_number(sheet, r, 13, static_cast<double>(next(90'000)) * 100, nullptr);
    worksheet_write_string(sheet, r, 14, ratings[next(4)], nullptr);
    worksheet_write_string(sheet, r, 15, "TT 09/2024", nullptr);
  }
  return workbook_close(workbook) == LXW_NO_ERROR ? 0 : 1;
}

int Read(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path);
    return 1;
  }
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const auto start = std::chrono::steady_clock::now();
  auto sheet = hoptac::exchange::ReadXlsx(bytes, {});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!sheet.ok()) {
    std::fprintf(stderr, "%s\n", sheet.error().message.c_str());
    return 1;
  }
  size_t cells = 0;
  for (const auto& row : sheet->rows) cells += row.cells.size();
  std::printf("file %zu bytes, %zu rows, %zu cells, %.2f s, %.0f rows/s\n", bytes.size(),
              sheet->rows.size(), cells, seconds,
              static_cast<double>(sheet->rows.size()) / seconds);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string command = argc > 1 ? argv[1] : "";
  if (command == "generate" && (argc == 3 || argc == 4)) {
    return Generate(argv[2], argc == 4 ? static_cast<uint32_t>(std::atoi(argv[3])) : 500'000);
  }
  if (command == "read" && argc == 3) return Read(argv[2]);
  std::fprintf(stderr, "usage: xlsx_read_bench generate FILE [ROWS] | read FILE\n");
  return 2;
}
