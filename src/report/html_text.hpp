#pragma once
// HTML text for the report renderers (render_html.cpp, render_document.cpp). Internal to report/.

#include <string>
#include <string_view>

namespace hoptac::report {

// Text as HTML: & < > " ' escaped, line breaks as <br>.
void AppendEscaped(std::string& out, std::string_view text);

// <tag class="css_class">escaped text</tag> (no class attribute when css_class is empty).
void AppendElement(std::string& out, std::string_view tag, std::string_view text,
                   std::string_view css_class = {});

}  // namespace hoptac::report
