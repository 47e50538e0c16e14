#include "report/render.hpp"

#include <string>

namespace hoptac::report {

Result<OutputFormat> ParseOutputFormat(std::string_view s, std::string_view field) {
  if (s == "table") return OutputFormat::kTable;
  if (s == "json") return OutputFormat::kJson;
  if (s == "csv") return OutputFormat::kCsv;
  if (s == "xlsx") return OutputFormat::kXlsx;
  if (s == "html") return OutputFormat::kHtml;
  return Error::Invalid(std::string(field), std::string(s),
                        "must be table, json, csv, xlsx or html");
}

const char* MimeType(OutputFormat f) {
  switch (f) {
    case OutputFormat::kTable:
      return "text/plain; charset=utf-8";
    case OutputFormat::kJson:
      return "application/json";
    case OutputFormat::kCsv:
      return "text/csv; charset=utf-8";
    case OutputFormat::kXlsx:
      return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    case OutputFormat::kHtml:
      return "text/html; charset=utf-8";
  }
  return "application/octet-stream";
}

const char* FileExtension(OutputFormat f) {
  switch (f) {
    case OutputFormat::kTable:
      return "txt";
    case OutputFormat::kJson:
      return "json";
    case OutputFormat::kCsv:
      return "csv";
    case OutputFormat::kXlsx:
      return "xlsx";
    case OutputFormat::kHtml:
      return "html";
  }
  return "bin";
}

Result<std::string> Render(const Table& t, OutputFormat f) {
  switch (f) {
    case OutputFormat::kTable:
      return RenderText(t);
    case OutputFormat::kJson:
      return RenderJson(t);
    case OutputFormat::kCsv:
      return RenderCsv(t);
    case OutputFormat::kXlsx:
      return RenderXlsx(t);
    case OutputFormat::kHtml:
      return RenderHtml(t);
  }
  return Error::Internal("unknown output format");
}

}  // namespace hoptac::report
