#pragma once
// Document: a report laid out like an official Vietnamese administrative document — the issuing
// body and the national motto side by side, the place and date, the title, numbered sections of
// paragraphs and tables — and its renderers: a printable HTML page (A4 portrait), plain text, and
// a workbook with a sheet for the text and one per table. Used by the Alliance's yearly review
// (app/annual_review); none does I/O.

#include <string>
#include <vector>

#include "base/result.hpp"
#include "report/table.hpp"

namespace hoptac::report {

struct DocumentTable {
  std::string caption;  // "Bảng 1. Chuyển đổi HTX theo Luật HTX 2012"
  std::string sheet;    // the workbook's sheet name for it (≤ 31 characters)
  Table table;
};

struct DocumentSection {
  std::string number;   // "I", "1"
  std::string heading;  // "KẾT QUẢ THỰC HIỆN NĂM 2016"
  int level = 1;        // 1: a part (I, II, …), 2: a section within it (1, 2, …)
  std::vector<std::string> paragraphs;
  std::vector<DocumentTable> tables;
};

struct Document {
  std::string issuer_parent;  // "LIÊN MINH HỢP TÁC XÃ TỈNH HÀ GIANG"
  std::string issuer;         // "BAN CHẤP HÀNH"
  std::string place_date;     // "Hà Giang, ngày 24 tháng 02 năm 2017"
  std::string title;          // "BÁO CÁO"
  std::string subtitle;       // "Kết quả hoạt động năm 2016 và nhiệm vụ năm 2017"
  std::vector<DocumentSection> sections;
};

std::string RenderDocumentHtml(const Document& d);
std::string RenderDocumentText(const Document& d);
// Sheet "Báo cáo" with the heading and every paragraph, then one sheet per table.
Result<std::string> RenderDocumentXlsx(const Document& d);

}  // namespace hoptac::report
